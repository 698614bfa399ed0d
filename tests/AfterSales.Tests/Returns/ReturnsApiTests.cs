using System.Net;
using System.Text.Json.Nodes;
using AfterSales.Kernel;
using AfterSales.Tests.Complaints;
using AfterSales.Tests.Infrastructure;

namespace AfterSales.Tests.Returns;

/// <summary>Return orders (退换货) through the HTTP API on Azurite: procurement owns them, quality inspects, the complaint waits for them.</summary>
public class ReturnsApiTests(ClockedApp app) : IClassFixture<ClockedApp>
{
    private readonly HttpClient _http = app.CreateClient();
    private readonly HttpClient _procurement = app.CreateClient("u-proc", "采购员小周", Roles.Procurement);
    private readonly HttpClient _quality = app.CreateClient("u-qa", "质检员小吴", Roles.Quality);

    [Fact]
    public async Task AnExchangeGoesFromAuthorisationThroughInspectionToAReplacement()
    {
        var complaint = await ReturnPathComplaintAsync("换货客户");
        var body = Order(complaint.Number, "exchange", quantity: 2, defective: 2);
        var order = await RecordClient.CreateAsync(_procurement, "/api/returns", "order", body, idempotencyKey: "rma-" + complaint.Number);
        Assert.Equal($"TH-{complaint.Number[3..]}-1", order.Id);
        Assert.Equal("awaitingShipment", order.Stage);
        var shipment = order.Record["steps"]![0]!;
        Assert.Equal(("shipment", "procurement"), (shipment["kind"]!.GetValue<string>(), shipment["department"]!.GetValue<string>()));
        Assert.Equal(app.Clock.GetUtcNow().AddDays(3), shipment["dueAt"]!.GetValue<DateTimeOffset>());

        // The same request again (a lost answer): the same order, not a second one.
        var again = await _procurement.SendAsync(RecordClient.Create("/api/returns", body, "rma-" + complaint.Number));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(order.Id, (await again.ReadJsonAsync())["order"]!["id"]!.GetValue<string>());

        await Lists.UntilAsync(_procurement, "/api/departments/procurement/inbox?pageSize=200", i => i.Has("recordId", order.Id), "the order in procurement's inbox");
        await Lists.UntilAsync(_procurement, "/api/returns?stage=awaitingShipment&pageSize=200", i => i.Has("id", order.Id), "the order listed awaiting shipment");

        await order.DoAsync("shipment", new { method = "pickup", carrier = "顺丰速运", trackingNumber = "SF1234567890" });
        Assert.Equal("inTransit", order.Stage);
        await order.DoAsync("receipt", new { items = new[] { new { partNumber = "P-1001", quantity = 2 } }, note = "外包装完好" });
        Assert.Equal("awaitingInspection", order.Stage);
        await Lists.UntilAsync(_quality, "/api/departments/quality/inbox?pageSize=200", i => i.Has("recordId", order.Id), "the inspection in quality's inbox");

        // Procurement owns the order, but the goods are inspected by quality.
        Assert.Equal(HttpStatusCode.Forbidden, (await order.SendAsync("inspection", Inspection(), order.ETag)).StatusCode);
        await order.DoAsync("inspection", Inspection(), by: _quality);
        Assert.Equal("awaitingReplacement", order.Stage);
        Assert.Equal("production", order.Record["inspection"]!["responsibility"]!.GetValue<string>());
        await order.DoAsync("replacement", new { carrier = "德邦物流", trackingNumber = "DB998877" });
        await order.DoAsync("closure", new { note = "客户已签收换货" });
        Assert.Equal(("closed", "replaced"), (order.Stage, order.Record["outcome"]!.GetValue<string>()));

        Assert.Equal(["ReturnAuthorised", "ReturnShipped", "ReturnReceived", "ReturnInspected", "ReplacementShipped", "ReturnClosed"], (await order.TimelineAsync()).Types());
        await Lists.UntilAsync(_procurement, "/api/returns?pageSize=200", i => !i.Has("id", order.Id), "the order gone from the open returns");
        var month = complaint.Number[3..9];
        var ended = await Lists.UntilAsync(_procurement, $"/api/returns?month={month}&open=false&pageSize=200", i => i.Has("id", order.Id), "the order among the month's ended returns");
        Assert.Equal("replaced", ended.Single(i => i!["id"]!.GetValue<string>() == order.Id)!["outcome"]!.GetValue<string>());
    }

    [Fact]
    public async Task AReturnEndsInARefund()
    {
        var complaint = await ReturnPathComplaintAsync("退货客户");
        var order = await RecordClient.CreateAsync(_procurement, "/api/returns", "order", Order(complaint.Number, "return", quantity: 10, defective: 2));
        await order.DoAsync("shipment", new { method = "customerShips", carrier = "中通快递", trackingNumber = "ZT5566" });
        await order.DoAsync("receipt");
        await order.DoAsync("inspection", Inspection(defective: 2), by: _quality);
        Assert.Equal("awaitingRefund", order.Stage);

        // A return is settled by a refund, not a replacement: the 409 says what is possible.
        var wrong = await order.SendAsync("replacement", new { carrier = "x", trackingNumber = "1" }, order.ETag);
        Assert.Equal(HttpStatusCode.Conflict, wrong.StatusCode);
        var problem = await wrong.ReadJsonAsync();
        Assert.Equal("awaitingRefund", problem["stage"]!.GetValue<string>());
        Assert.Equal(["refund", "cancellation"], problem["allowedActions"]!.AsArray().Select(a => a!.GetValue<string>()));

        await order.DoAsync("refund", new { amount = 12800.50m, reference = "财务凭证 2026-1103" });
        Assert.Equal(("CNY", 12800.50m), (order.Record["refund"]!["currency"]!.GetValue<string>(), order.Record["refund"]!["amount"]!.GetValue<decimal>()));
        await order.DoAsync("closure");
        Assert.Equal(("closed", "refunded"), (order.Stage, order.Record["outcome"]!.GetValue<string>()));
    }

    [Fact]
    public async Task QuantitiesBeyondWhatWasDeliveredOrReturnedAreRefused()
    {
        var complaint = await ReturnPathComplaintAsync("数量校验客户"); // 10 delivered, as the complaint says
        async Task<JsonNode> RefusedAsync(object body)
        {
            var response = await _procurement.SendAsync(RecordClient.Create("/api/returns", body, null));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return (await response.ReadJsonAsync())["errors"]!;
        }
        Assert.NotNull((await RefusedAsync(Order(complaint.Number, "exchange", quantity: 11, defective: 0)))["items[0].quantity"]);
        Assert.NotNull((await RefusedAsync(Order(complaint.Number, "exchange", quantity: 2, defective: 3)))["items[0].defectiveQuantity"]);
        var otherPart = new { complaintNumber = complaint.Number, kind = "exchange", items = new[] { new { partNumber = "P-OTHER", quantity = 1 } } };
        Assert.NotNull((await RefusedAsync(otherPart))["items[0].deliveredQuantity"]);
        Assert.NotNull((await RefusedAsync(new { complaintNumber = complaint.Number, kind = "exchange", items = new object?[] { null } }))["items[0].partNumber"]);

        var order = await RecordClient.CreateAsync(_procurement, "/api/returns", "order", Order(complaint.Number, "exchange", quantity: 2, defective: 1));
        Assert.EndsWith("-1", order.Id); // nothing was written by the refused requests
        await order.DoAsync("shipment", new { method = "pickup", carrier = "顺丰速运", trackingNumber = "SF1" });
        var overReceived = await order.SendAsync("receipt", new { items = new[] { new { partNumber = "P-1001", quantity = 5 } } }, order.ETag);
        Assert.Equal(HttpStatusCode.BadRequest, overReceived.StatusCode);
        Assert.NotNull((await overReceived.ReadJsonAsync())["errors"]!["items[0].quantity"]);
        Assert.Equal(HttpStatusCode.BadRequest, (await order.SendAsync("receipt", new { items = new object?[] { null } }, order.ETag)).StatusCode);
        await order.DoAsync("receipt", new { items = new[] { new { partNumber = "P-1001", quantity = 2 } } });
        var overDefective = await order.SendAsync("inspection", Inspection(defective: 3), order.ETag, by: _quality);
        Assert.Equal(HttpStatusCode.BadRequest, overDefective.StatusCode);
        Assert.NotNull((await overDefective.ReadJsonAsync())["errors"]!["defective[0].quantity"]);
        Assert.Equal("awaitingInspection", (await order.GetAsync())["order"]!["stage"]!.GetValue<string>());
    }

    [Fact]
    public async Task TheComplaintCannotCloseWhileItsReturnOrderIsOpen()
    {
        var complaint = await ReturnPathComplaintAsync("等待退货客户");
        await complaint.DoAsync("work/start");
        var order = await RecordClient.CreateAsync(_procurement, "/api/returns", "order", Order(complaint.Number, "exchange", quantity: 1, defective: 1));
        await Poll.UntilAsync(complaint.GetAsync, c => c["related"]!["returns"]!.AsArray().Any(r => r!["open"]!.GetValue<bool>()), what: "the complaint to know its return order");
        Assert.DoesNotContain(complaint.Last["allowedActions"]!.AsArray(), a => a!["name"]!.GetValue<string>() == "resolve");

        var held = await complaint.SendAsync("resolution", new { summary = "已换货" }, complaint.ETag);
        Assert.Equal(HttpStatusCode.Conflict, held.StatusCode);
        Assert.Contains(order.Id, (await held.ReadJsonAsync())["detail"]!.GetValue<string>());

        await order.DoAsync("cancellation", new { reason = "客户撤回退货申请, 改为现场维修" });
        await Poll.UntilAsync(complaint.GetAsync, c => c["related"]!["returns"]!.AsArray().All(r => !r!["open"]!.GetValue<bool>()), what: "the complaint to know the order ended");
        Assert.Equal("cancelled", complaint.Last["related"]!["returns"]![0]!["outcome"]!.GetValue<string>());
        await complaint.DoAsync("resolution", new { summary = "退货取消, 现场处理完毕" });
        await complaint.DoAsync("confirmation", new { satisfied = true });
        Assert.Equal("closed", complaint.State);
        var types = (await complaint.TimelineAsync()).Types();
        Assert.True(types.IndexOf("ReturnOrderOpened") < types.IndexOf("ReturnOrderEnded"), string.Join(", ", types));
    }

    /// <summary>A complaint about P-1001 (10 delivered) triaged onto the return path, as procurement sees it.</summary>
    private async Task<ComplaintClient> ReturnPathComplaintAsync(string customer)
    {
        var c = await (await ComplaintClient.TakeAsync(_http, Api.Intake(customer: customer))).RoutedAsync();
        await c.DoAsync("triage", new { path = "returnExchange", analysis = "批量外观不良, 客户要求退换" });
        return c;
    }

    private static object Order(string complaint, string kind, int quantity, int defective) => new
    {
        complaintNumber = complaint,
        kind,
        items = new[] { new { partNumber = "P-1001", quantity, defectiveQuantity = defective } },
        reason = "来料外观不良",
    };

    private static object Inspection(int defective = 2) => new
    {
        result = "defectConfirmed",
        responsibility = "production",
        findings = "表面划伤, 装配工序防护不足",
        defective = new[] { new { partNumber = "P-1001", quantity = defective } },
    };
}
