using System.Net;
using System.Text.Json.Nodes;
using AfterSales.ChangeFeed;
using AfterSales.Complaints;
using AfterSales.Records;
using AfterSales.Tests.Infrastructure;
using AfterSales.WorkItems;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;

namespace AfterSales.Tests.Reliability;

/// <summary>
/// What a user would check after a rush: every complaint the desk was told was filed (201) is
/// there, was routed, sits in the inbox of each department with an open step on it, and each of
/// its events reached every subscriber that wants it.
/// </summary>
public static class AcceptedChecks
{
    /// <summary>Reads every accepted complaint back (16 at a time) and checks it is stored as taken and routed.</summary>
    public static async Task<IReadOnlyList<JsonNode>> StoredAndRoutedAsync(ReliabilityApp app, IReadOnlyDictionary<string, string> accepted)
    {
        var http = app.CreateClient();
        using var gate = new SemaphoreSlim(16);
        var views = await Task.WhenAll(accepted.Select(async a =>
        {
            await gate.WaitAsync();
            try
            {
                return await Poll.UntilAsync(async () =>
                {
                    var response = await http.GetAsync($"/api/complaints/{a.Value}");
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    return await response.ReadJsonAsync();
                }, v => v["state"]!.GetValue<string>() != "received", TimeSpan.FromSeconds(60), $"{a.Value} routed");
            }
            finally
            {
                gate.Release();
            }
        }));
        foreach (var (view, (customer, number)) in views.Zip(accepted))
        {
            Assert.Equal((number, customer), (view["number"]!.GetValue<string>(), view["customer"]!["name"]!.GetValue<string>()));
        }
        return views;
    }

    /// <summary>Each open step of each complaint has its row in its department's inbox (read from the Inbox table).</summary>
    public static async Task<int> InTheirInboxesAsync(ReliabilityApp app, IReadOnlyList<JsonNode> views)
    {
        var wanted = views.SelectMany(v => v["steps"]!.AsArray().Where(s => s!["completedAt"] is null)
            .Select(s => (Department: s!["department"]!.GetValue<string>().ToLowerInvariant(), Record: v["number"]!.GetValue<string>(), Step: s["id"]!.GetValue<string>()))).ToList();
        var inbox = app.Storage.Table(Inbox.Table);
        var missing = await Poll.UntilAsync(async () =>
        {
            var rows = new HashSet<(string, string, string)>();
            await foreach (var row in inbox.QueryAsync<TableEntity>(r => r.RowKey != "", select: ["PartitionKey", "RecordId", "StepId"]))
            {
                rows.Add((row.PartitionKey, row.GetString("RecordId") ?? "", row.GetString("StepId") ?? ""));
            }
            return wanted.Where(w => !rows.Contains(w)).ToList();
        }, m => m.Count == 0, TimeSpan.FromSeconds(60), "every open step in its department's inbox");
        Assert.Empty(missing);
        return wanted.Count;
    }

    /// <summary>
    /// Every event of these complaints was handed to every subscriber that wants it (counted by
    /// the transport) and handled by the journal, <paramref name="exactlyOnce"/> or at least once;
    /// subscribers with receipts hold exactly one receipt per event either way. Returns the deliveries checked.
    /// </summary>
    public static async Task<int> EveryEventReachedEverySubscriberAsync(ReliabilityApp app, IEnumerable<string> numbers, bool exactlyOnce)
    {
        var store = app.Services.GetRequiredService<RecordStore<Complaint>>();
        var subscribers = app.Services.GetRequiredService<FeedSubscriptions>().All;
        var receipts = app.Services.GetRequiredService<FeedReceipts>();
        var checkedDeliveries = 0;
        foreach (var number in numbers)
        {
            var events = await store.GetEventsAsync(number, default);
            Assert.NotEmpty(events);
            foreach (var s in subscribers)
            {
                var wanted = events.Where(s.Wants).ToList();
                if (wanted.Count == 0)
                {
                    continue;
                }
                foreach (var e in wanted)
                {
                    var times = app.Transport.FannedOut.GetValueOrDefault((s.Queue, e.Id));
                    Assert.True(exactlyOnce ? times == 1 : times >= 1, $"{e.Type} {e.Id} of {number} went {times} times to {s.Name}");
                    checkedDeliveries++;
                }
                if (s.Receipts)
                {
                    var handled = await Poll.UntilAsync(() => receipts.HandledAsync(s.Name, ComplaintRecords.Kind, number, 1, 999_999, default),
                        h => wanted.All(e => h.Contains(e.Id)), TimeSpan.FromSeconds(30), $"{s.Name}'s receipts for {number}");
                    Assert.Equal(wanted.Select(e => e.Id).Order(), handled.Where(id => wanted.Any(e => e.Id == id)).Order());
                }
            }
            foreach (var e in events)
            {
                var times = app.Journal.TimesHandled(e.Id);
                Assert.True(exactlyOnce ? times == 1 : times >= 1, $"the journal handled {e.Type} {e.Id} of {number} {times} times");
            }
        }
        return checkedDeliveries;
    }

    /// <summary>The serial numbers (the last four digits) of these complaint numbers, in order.</summary>
    public static List<int> Serials(IEnumerable<string> numbers) =>
        [.. numbers.Select(n => int.Parse(n[10..], System.Globalization.CultureInfo.InvariantCulture)).Order()];
}
