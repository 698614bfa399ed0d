using System.Collections.Concurrent;
using System.Text.Json;
using AfterSales.ChangeFeed;
using AfterSales.Functions;
using AfterSales.Kernel;
using AfterSales.Messaging;
using AfterSales.Tests.Infrastructure;
using AfterSales.Tests.Modules;
using AfterSales.Tests.Notifications;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AfterSales.Tests.Reliability;

/// <summary>
/// The app as the reliability tests drive it: real time, mail going to the Graph stub, the tests'
/// journal subscriber (it wants every event) and a transport that notes every message it carries,
/// so a test can deliver each one again. Each test class gets its own app and storage prefix.
/// </summary>
public class ReliabilityApp(AzuriteFixture azurite) : NotificationsApp(azurite)
{
    protected override bool UseFakeClock => false;

    protected override IEnumerable<FeatureModule> ExtraModules => [new PartRequestsModule()];

    /// <summary>Settings a test class adds to the notification app's.</summary>
    protected virtual IDictionary<string, string?> MoreSettings => new Dictionary<string, string?>();

    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            foreach (var (key, value) in MoreSettings)
            {
                settings[key] = value;
            }
            return settings;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s =>
        {
            s.AddSingleton<RecordingTransport>();
            s.Replace(ServiceDescriptor.Singleton<IMessageTransport>(sp => sp.GetRequiredService<RecordingTransport>()));
        });
    }

    public FeedJournal Journal => Services.GetRequiredService<FeedJournal>();

    public RecordingTransport Transport => Services.GetRequiredService<RecordingTransport>();

    /// <summary>Mail sent through the Graph stub.</summary>
    public IReadOnlyList<StubRequest> AllMails => Stub.Where(r => r.Method == "POST" && r.Path.EndsWith("/sendMail", StringComparison.Ordinal));

    /// <summary>The queues of every queue function of the app (what the host polls).</summary>
    public IReadOnlyList<string> Queues => [.. Services.GetRequiredService<FunctionCatalog>().Queues.Select(q => q.Trigger.QueueName).Distinct()];

    /// <summary>
    /// Waits until no queue of the app holds a message (visible, invisible or delayed) several looks
    /// in a row, but for the notifications' look-agains after a claim's lease (see
    /// <see cref="RecordingTransport.LeaseLooks"/>): a notification claimed by a sender that stopped
    /// mid-send is looked at again when the claim's five-minute lease ends, by design. With
    /// <paramref name="feedDeferrals"/> it also leaves the change feed's deferred looks at
    /// announcements (<see cref="RecordingTransport.FeedDeferrals"/>): after a storage outage, an
    /// announcement whose change never committed is looked at again for about six minutes before
    /// the feed drops it, by design.
    /// </summary>
    public Task QuietAsync(TimeSpan timeout, bool feedDeferrals = false) =>
        StorageLook.QuietAsync(Storage, Queues, timeout, queue =>
        {
            var now = DateTimeOffset.UtcNow;
            return Transport.LeaseLooks(now).Count(m => m.Queue == queue) + (feedDeferrals ? Transport.FeedDeferrals(now).Count(m => m.Queue == queue) : 0);
        });

    /// <summary>A client whose requests give up after <paramref name="timeout"/> (the longest a caller should wait).</summary>
    public HttpClient CreateClient(TimeSpan timeout)
    {
        var client = CreateClient();
        client.Timeout = timeout;
        return client;
    }
}

/// <summary>
/// Every message the app sent through its transport, as the queue got it: work-queue messages
/// (announcements, deferrals, notifications) and each subscriber's feed messages.
/// </summary>
public sealed class RecordingTransport(StorageQueueTransport inner) : IMessageTransport
{
    private readonly ConcurrentDictionary<string, byte> _withdrawn = new();

    public ConcurrentQueue<(string Queue, string Body, string MessageId)> Sent { get; } = new();

    /// <summary>The messages sent to be visible only later (a deferred look, a retry, a look after a lease), and when they become visible.</summary>
    public ConcurrentQueue<ScheduledMessage> Scheduled { get; } = new();

    /// <summary>
    /// The notifications' look-agains after a claim's lease not visible yet at <paramref name="now"/>:
    /// a copy of a notification's message that found it claimed by another sender (one that stopped
    /// mid-send, or is still sending) is sent again to be visible when the claim's lease
    /// (<see cref="AfterSales.Notifications.NotificationStore.ClaimLease"/>) ends.
    /// </summary>
    public IReadOnlyList<ScheduledMessage> LeaseLooks(DateTimeOffset now) =>
        [.. Scheduled.Where(m => m.Queue == AfterSales.Notifications.NotificationStore.Queue && m.MessageId.Contains("|lease|", StringComparison.Ordinal) && m.VisibleAt > now)];

    /// <summary>
    /// The change feed's deferred looks at announcements not visible yet at <paramref name="now"/>:
    /// an announcement whose events are not in the record's history yet is looked at again later
    /// (1 s, 2 s, ... up to a minute apart), and dropped after <see cref="PublishChanges.MaxDeferrals"/> looks.
    /// </summary>
    public IReadOnlyList<ScheduledMessage> FeedDeferrals(DateTimeOffset now) =>
        [.. Scheduled.Where(m => m.Queue == AfterSales.ChangeFeed.ChangeFeed.Queue && m.MessageId.Contains("|announced|", StringComparison.Ordinal) && m.VisibleAt > now)];

    /// <summary>How many times each event was handed to each subscriber's queue: (subscriber queue, event id) → times.</summary>
    public ConcurrentDictionary<(string Queue, string EventId), int> FannedOut { get; } = new();

    public MessagingTransport Kind => inner.Kind;

    /// <summary>The messages sent and not taken back.</summary>
    public IReadOnlyList<(string Queue, string Body)> Messages =>
        [.. Sent.Where(m => !_withdrawn.ContainsKey(m.Queue + "|" + m.MessageId)).Select(m => (m.Queue, m.Body))];

    public async Task<SentMessage> SendAsync(string queue, OutgoingMessage message, CancellationToken ct)
    {
        var sent = await inner.SendAsync(queue, message, ct);
        Sent.Enqueue((queue, message.Body, sent.MessageId));
        if (message.Delay is { } delay)
        {
            Scheduled.Enqueue(new(queue, message.MessageId, message.Body, DateTimeOffset.UtcNow + delay));
        }
        return sent;
    }

    public async Task<bool> TryWithdrawAsync(SentMessage sent, CancellationToken ct)
    {
        var withdrawn = await inner.TryWithdrawAsync(sent, ct);
        if (withdrawn)
        {
            _withdrawn[sent.Queue + "|" + sent.MessageId] = 0;
        }
        return withdrawn;
    }

    public async Task PublishAsync(IReadOnlyList<Subscriber> to, IReadOnlyList<RecordEvent> events, bool replay, CancellationToken ct)
    {
        await inner.PublishAsync(to, events, replay, ct);
        foreach (var s in to)
        {
            var wanted = events.Where(s.Wants).ToList();
            foreach (var record in FeedMessageText.PerRecord(wanted, replay))
            {
                foreach (var m in record)
                {
                    Sent.Enqueue((s.Queue, m.Body, Guid.NewGuid().ToString("N")));
                }
            }
            foreach (var e in wanted)
            {
                FannedOut.AddOrUpdate((s.Queue, e.Id), 1, (_, n) => n + 1);
            }
        }
    }

    public void Wake(string queue) => inner.Wake(queue);
}

/// <summary>A message sent to become visible later: its queue, its id as the app gave it (not the queue's), its body, when it becomes visible (at the latest).</summary>
public sealed record ScheduledMessage(string Queue, string MessageId, string Body, DateTimeOffset VisibleAt);

/// <summary>Reading the app's storage directly, as the tests check it (not through the API).</summary>
public static class StorageLook
{
    /// <summary>
    /// Waits until every queue is empty several looks in a row (visible, invisible and delayed
    /// messages all count), but for the messages <paramref name="later"/> says are on the queue by
    /// design, scheduled for later. On timeout it names each queue still holding messages.
    /// </summary>
    public static async Task QuietAsync(AfterSales.Storage.StorageAccount storage, IReadOnlyList<string> queues, TimeSpan timeout, Func<string, int>? later = null)
    {
        var calm = 0;
        await Poll.UntilAsync(async () =>
        {
            var waiting = new List<string>();
            foreach (var queue in queues)
            {
                var count = (await storage.Queue(queue).GetPropertiesAsync()).Value.ApproximateMessagesCount;
                var scheduled = later?.Invoke(queue) ?? 0;
                if (count > scheduled)
                {
                    waiting.Add(scheduled == 0 ? $"{queue}: {count}" : $"{queue}: {count} ({scheduled} scheduled for later by design)");
                }
            }
            calm = waiting.Count == 0 ? calm + 1 : 0;
            return (calm, Waiting: string.Join(", ", waiting));
        }, x => x.calm >= 4, timeout, "every queue of the app empty");
    }

    /// <summary>The app's tables (by its prefix), without the prefix.</summary>
    public static async Task<IReadOnlyList<string>> TablesAsync(AfterSales.Storage.StorageAccount storage, string prefix)
    {
        var names = new List<string>();
        await foreach (var t in storage.Tables.QueryAsync($"TableName ge '{prefix}' and TableName lt '{prefix}~'"))
        {
            names.Add(t.Name[prefix.Length..]);
        }
        return names;
    }

    /// <summary>Every row of every table of the app.</summary>
    public static async IAsyncEnumerable<(string Table, TableEntity Row)> RowsAsync(AfterSales.Storage.StorageAccount storage, string prefix)
    {
        foreach (var table in await TablesAsync(storage, prefix))
        {
            await foreach (var row in storage.Table(table).QueryAsync<TableEntity>())
            {
                yield return (table, row);
            }
        }
    }

    /// <summary>The state of every table as text per row (ETags and timestamps left out, and the columns named).</summary>
    public static async Task<SortedDictionary<string, string>> SnapshotAsync(AfterSales.Storage.StorageAccount storage, string prefix, params string[] volatileColumns)
    {
        var state = new SortedDictionary<string, string>(StringComparer.Ordinal);
        await foreach (var (table, row) in RowsAsync(storage, prefix))
        {
            var columns = row.Keys.Where(k => k is not ("odata.etag" or "Timestamp") && !volatileColumns.Contains(k)).Order(StringComparer.Ordinal)
                .ToDictionary(k => k, k => row[k] switch { DateTimeOffset d => d.ToString("O"), var v => v?.ToString() });
            state[$"{table}|{row.PartitionKey}|{row.RowKey}"] = JsonSerializer.Serialize(columns);
        }
        return state;
    }

    /// <summary>An entity's size as Table Storage counts it against its 1 MiB/64 KiB-per-property limits (UTF-16 strings).</summary>
    public static int Size(TableEntity e)
    {
        var size = 4 + (2 * e.PartitionKey.Length) + (2 * e.RowKey.Length);
        foreach (var (name, value) in e)
        {
            if (name is "PartitionKey" or "RowKey" or "odata.etag" or "Timestamp")
            {
                continue;
            }
            size += 8 + (2 * name.Length) + value switch
            {
                string s => 4 + (2 * s.Length),
                byte[] b => 4 + b.Length,
                BinaryData b => 4 + b.ToArray().Length,
                bool => 1,
                int => 4,
                _ => 8, // long, double, DateTimeOffset; 16 for a Guid, rare here
            };
        }
        return size;
    }
}

/// <summary>Figures a test saw, in its output (<c>--logger "console;verbosity=detailed"</c> prints them).</summary>
public static class Figures
{
    public static void Say(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);
}
