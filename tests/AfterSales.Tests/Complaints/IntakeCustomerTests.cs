using System.Net;
using AfterSales.Tests.Infrastructure;

namespace AfterSales.Tests.Complaints;

/// <summary>A complaint is taken for a known customer card, or registers a new customer on the way.</summary>
public class IntakeCustomerTests(AppFixture app) : IClassFixture<AppFixture>
{
    private readonly HttpClient _http = app.CreateClient();

    private static object Intake(object customer, object? registerCustomer = null) => new
    {
        channel = "phone",
        customer,
        registerCustomer,
        partNumber = "P-1",
        description = "设备漏油",
        takenBy = new { id = "u-wang", name = "王芳" },
    };

    [Fact]
    public async Task ANewCustomerIsRegisteredOnTheWayAndTheRetryRegistersItOnce()
    {
        var body = Intake(new { }, new { name = "宁波新客户机械厂", province = "浙江省", phone = "0574-88886666", contactPerson = "陈经理" });
        async Task<HttpResponseMessage> Send()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/complaints") { Content = System.Net.Http.Json.JsonContent.Create(body, options: Api.Options) };
            request.Headers.Add("Idempotency-Key", "intake-with-new-customer-1");
            return await _http.SendAsync(request);
        }
        var first = await Send();
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var complaint = await first.ReadJsonAsync();
        var customerId = complaint["customer"]!["customerId"]!.GetValue<string>();
        Assert.Equal("宁波新客户机械厂", complaint["customer"]!["name"]!.GetValue<string>());
        Assert.Equal("330000", complaint["customer"]!["province"]!.GetValue<string>()); // 浙江省, by its GB/T 2260 code
        Assert.Equal("陈经理", complaint["customer"]!["contact"]!.GetValue<string>());

        var again = await Send();
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(customerId, (await again.ReadJsonAsync())["customer"]!["customerId"]!.GetValue<string>());

        var found = await (await _http.GetAsync("/api/customers?name=宁波新客户")).ReadJsonAsync();
        Assert.Single(found["items"]!.AsArray());
        await Poll.UntilAsync(
            async () => await (await _http.GetAsync($"/api/complaints?customerId={customerId}")).ReadJsonAsync(),
            page => page["items"]!.AsArray().Count == 1, what: "the complaint listed under its customer");
    }

    [Fact]
    public async Task AKnownCustomersCardFillsInWhatTheIntakeLeftOut()
    {
        var created = await _http.PostJsonAsync("/api/customers", new { name = "无锡老客户", province = "江苏", phone = "0510-12345678", contactPerson = "周工" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.ReadJsonAsync())["id"]!.GetValue<string>();

        var response = await _http.PostJsonAsync("/api/complaints", Intake(new { customerId = id, phone = "13912345678" }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var customer = (await response.ReadJsonAsync())["customer"]!;
        Assert.Equal("无锡老客户", customer["name"]!.GetValue<string>());
        Assert.Equal("周工", customer["contact"]!.GetValue<string>());
        Assert.Equal("13912345678", customer["phone"]!.GetValue<string>());
        Assert.Equal("320000", customer["province"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnUnknownCustomerOrBothWaysAtOnceAreRefusedWithoutWritingAnything()
    {
        var unknown = await _http.PostJsonAsync("/api/complaints", Intake(new { customerId = "CU0000000000" }));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("customer.customerId", (await unknown.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key));

        var both = await _http.PostJsonAsync("/api/complaints", Intake(new { customerId = "CU0000000000" }, new { name = "两者都给" }));
        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
        Assert.Contains("registerCustomer", (await both.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key));

        var badNew = await _http.PostJsonAsync("/api/complaints", Intake(new { }, new { name = "", province = "火星" }));
        Assert.Equal(HttpStatusCode.BadRequest, badNew.StatusCode);
        Assert.Contains((await badNew.ReadJsonAsync())["errors"]!.AsObject(), e => e.Key.StartsWith("registerCustomer.", StringComparison.Ordinal));
        Assert.Empty((await (await _http.GetAsync("/api/customers?name=两者")).ReadJsonAsync())["items"]!.AsArray());
    }
}
