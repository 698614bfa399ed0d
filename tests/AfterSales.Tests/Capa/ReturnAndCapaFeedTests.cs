using AfterSales.ChangeFeed;
using AfterSales.Kernel;
using AfterSales.Tests.Complaints;
using AfterSales.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AfterSales.Tests.Capa;

/// <summary>Return orders and CAPAs are records like any other: every event of theirs is published on the change feed.</summary>
public class ReturnAndCapaFeedTests(ClockedApp app) : IClassFixture<ClockedApp>
{
    [Fact]
    public async Task EveryEventOfAReturnOrderAndOfACapaAppearsOnTheChangeFeed()
    {
        var http = app.CreateClient();
        var c = await (await ComplaintClient.TakeAsync(http, Api.Intake(customer: "变更订阅退货客户"))).RoutedAsync();
        await c.DoAsync("triage", new { path = "returnExchange", analysis = "外观不良" });
        var order = await RecordClient.CreateAsync(http, "/api/returns", "order",
            new { complaintNumber = c.Number, kind = "return", items = new[] { new { partNumber = "P-1001", quantity = 1 } } });
        await order.DoAsync("cancellation", new { reason = "客户撤回" });
        var capa = await RecordClient.CreateAsync(http, "/api/capas", "capa", new
        {
            title = "外观划伤",
            problem = "个别划伤",
            complaints = new[] { c.Number },
            decisions = new { causeAnalysis = new { needed = false, record = "运输磕碰" }, action = new { needed = false, record = "偶发, 持续改进" }, effectConfirmation = new { needed = false } },
        });

        var feed = app.Services.GetRequiredService<FeedLog>();
        foreach (var (kind, record) in new[] { ("returnOrder", order), ("capa", capa) })
        {
            var timeline = await record.TimelineAsync();
            var ids = timeline.Select(e => e!["id"]!.GetValue<string>()).ToHashSet();
            Assert.Equal(2, ids.Count);
            var at = timeline.Select(e => e!["at"]!.GetValue<DateTimeOffset>()).ToList();
            var published = await Poll.UntilAsync(async () =>
            {
                var found = new List<RecordEvent>();
                await foreach (var e in feed.ReadAsync(at.Min().AddMinutes(-1), at.Max().AddMinutes(1), default))
                {
                    if (e.RecordKind == kind && e.RecordId == record.Id)
                    {
                        found.Add(e);
                    }
                }
                return found;
            }, found => ids.SetEquals(found.Select(e => e.Id)), what: $"the events of {record.Id} in the feed log");
            Assert.Equal(timeline.Types(), published.OrderBy(e => e.Sequence).Select(e => e.Type));
        }
    }
}
