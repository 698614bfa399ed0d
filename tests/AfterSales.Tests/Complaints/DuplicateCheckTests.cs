using System.Net;
using AfterSales.Complaints;
using AfterSales.Tests.Infrastructure;

namespace AfterSales.Tests.Complaints;

/// <summary>A batch problem: many complaints of one customer about one part. The check stays bounded, and so does what it stores.</summary>
public class DuplicateCheckTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task ManyComplaintsAboutOnePartNameAtMostTheNewestTwentyAsLikelyDuplicates()
    {
        var http = app.CreateClient();
        var customer = "批量问题客户" + Guid.NewGuid().ToString("N")[..6];
        var earlier = new List<string>();
        for (var i = 0; i < ComplaintIndex.MaxDuplicates + 5; i++)
        {
            var response = await http.PostJsonAsync("/api/complaints", Api.Intake(customer: customer, partNumber: "P-BATCH", orderNumber: $"PO-B{i}"));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            earlier.Add((await response.ReadJsonAsync())["number"]!.GetValue<string>());
        }
        // The duplicate check reads what the feed has noted: wait until all are listed (noted under their customer first).
        await Poll.UntilAsync(async () => await (await http.GetAsync($"/api/complaints?month={earlier[^1][3..9]}&pageSize=200")).ReadJsonAsync(),
            p => earlier.All(n => p["items"]!.AsArray().Any(i => i!["number"]!.GetValue<string>() == n)), what: "all of them listed");

        var next = await ComplaintClient.TakeAsync(http, Api.Intake(customer: customer, partNumber: "P-BATCH", orderNumber: "PO-NEXT"));
        var flagged = next.Last["possibleDuplicates"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        Assert.Equal(ComplaintIndex.MaxDuplicates, flagged.Count);
        Assert.Equal(earlier.TakeLast(ComplaintIndex.MaxDuplicates).Reverse(), flagged);
        var received = (await next.TimelineAsync())[0]!;
        Assert.Equal(ComplaintIndex.MaxDuplicates, received["data"]!["possibleDuplicates"]!.AsArray().Count);
    }
}
