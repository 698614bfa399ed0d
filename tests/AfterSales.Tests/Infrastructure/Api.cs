using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using AfterSales.Storage;

namespace AfterSales.Tests.Infrastructure;

/// <summary>Small helpers to talk JSON to the API the way a client would.</summary>
public static class Api
{
    public static readonly JsonSerializerOptions Options = Json.Options;

    /// <summary>An intake taken by 王芳 (<c>u-wang</c>, the default client) unless <paramref name="takenBy"/> names someone else.</summary>
    public static object Intake(string customer = "苏州精工机械有限公司", string description = "主轴异响, 设备停机", string? orderNumber = null, string? partNumber = null,
        string? customerId = null, string province = "江苏", object? takenBy = null) => new
    {
        kind = "complaint",
        channel = "phone",
        customer = new { customerId, name = customer, contact = "李工", phone = "13800000000", province },
        product = "CNC-850",
        orderNumber = orderNumber ?? "PO-2026-001",
        partNumber = partNumber ?? "P-1001",
        shippingDate = "2026-09-01",
        quantity = 10,
        defectiveQuantity = 2,
        customerDemand = "尽快上门维修",
        description,
        takenBy = takenBy ?? new { id = "u-wang", name = "王芳" },
    };

    public static async Task<JsonNode> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) ?? throw new InvalidOperationException("Empty body");
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body) =>
        client.PostAsJsonAsync(url, body, Options);
}
