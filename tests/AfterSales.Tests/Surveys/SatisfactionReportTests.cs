using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AfterSales.Tests.Complaints;
using AfterSales.Tests.Infrastructure;

namespace AfterSales.Tests.Surveys;

/// <summary>
/// The satisfaction analysis through the API: a year of answers seeded with the app's clock, then
/// every figure of GET /api/reports/satisfaction checked against the arithmetic done by hand.
/// </summary>
public class SatisfactionReportTests(ClockedApp app) : IClassFixture<ClockedApp>
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private DateOnly Today() => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(app.Clock.GetUtcNow(), Shanghai).DateTime);

    private async Task AnsweredOnSiteAsync(string customer, string product, object scores)
    {
        var technician = app.CreateClient("t-zhao", "赵工", Roles.Technician);
        var made = await technician.PostJsonAsync("/api/surveys", new { customerName = customer, product });
        Assert.Equal(HttpStatusCode.Created, made.StatusCode);
        var id = (await made.ReadJsonAsync())["survey"]!["id"]!.GetValue<string>();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/surveys/{id}/answer") { Content = JsonContent.Create(new { scores }) };
        request.Headers.TryAddWithoutValidation("If-Match", made.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, (await technician.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task EveryFigureMatchesTheArithmeticDoneByHandAndTheSamePeriodLastYear()
    {
        // Last year: 甲 rates speed 4, attitude 5, skill 3.
        var lastYear = Today();
        await AnsweredOnSiteAsync("甲机械厂", "CNC-850", new { responseSpeed = 4, serviceAttitude = 5, technicalSkill = 3 });
        app.Clock.Advance(TimeSpan.FromDays(lastYear.AddYears(1).DayNumber - lastYear.DayNumber));
        // This year: 甲 twice, 乙 once (with a 1: a low score).
        await AnsweredOnSiteAsync("甲机械厂", "CNC-850", new { responseSpeed = 5, serviceAttitude = 4, technicalSkill = 4, productQuality = 3 });
        await AnsweredOnSiteAsync("甲机械厂", "CNC-850", new { responseSpeed = 3, serviceAttitude = 5 });
        await AnsweredOnSiteAsync("乙纺织厂", "GL-200", new { responseSpeed = 2, serviceAttitude = 4, technicalSkill = 5, productQuality = 1 });

        var manager = app.CreateClient("u-boss", "张总", Roles.Management);
        var (from, to) = (Today().AddDays(-3), Today());
        var url = $"/api/reports/satisfaction?from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}";
        var report = await Poll.UntilAsync(async () => await (await manager.GetAsync(url)).ReadJsonAsync(),
            r => r["thisPeriod"]!["answered"]!.GetValue<int>() == 3 && r["samePeriodLastYear"]!["answered"]!.GetValue<int>() == 1, what: "the answers in the analysis");

        var now = report["thisPeriod"]!;
        // responseSpeed (5+3+2)/3 = 3.33; serviceAttitude (4+5+4)/3 = 4.33; technicalSkill (4+5)/2 = 4.5; productQuality (3+1)/2 = 2.
        Assert.Equal(new[] { ("responseSpeed", 3.33m), ("serviceAttitude", 4.33m), ("technicalSkill", 4.5m), ("productQuality", 2m) },
            now["items"]!.AsArray().Select(i => (i!["item"]!.GetValue<string>(), i["average"]!.GetValue<decimal>())));
        Assert.Equal(("productQuality", "产品质量"), (now["lowestItem"]!["item"]!.GetValue<string>(), now["lowestItem"]!["zh"]!.GetValue<string>()));
        // Answers' means 4, 4 and 3; 甲 4, 乙 3; the customer average (4+3)/2 = 3.5.
        Assert.Equal(3.5m, now["customerAverage"]!.GetValue<decimal>());
        Assert.Equal(1, now["withLowScore"]!.GetValue<int>());
        var round = Assert.Single(now["rounds"]!.AsArray())!;
        Assert.Equal($"{TimeZoneInfo.ConvertTime(app.Clock.GetUtcNow(), Shanghai).Year}-service", round["round"]!.GetValue<string>());
        Assert.Equal(3.5m, round["customerAverage"]!.GetValue<decimal>());

        var before = report["samePeriodLastYear"]!;
        Assert.Equal((4m, "technicalSkill"), (before["customerAverage"]!.GetValue<decimal>(), before["lowestItem"]!["item"]!.GetValue<string>()));
        // 3.33 − 4, 4.33 − 5, 4.5 − 3; the customer average 3.5 − 4.
        Assert.Equal(new decimal?[] { -0.67m, -0.67m, 1.5m, null }, report["comparison"]!.AsArray().Take(4).Select(c => c!["change"]?.GetValue<decimal>()));
        Assert.Equal(-0.5m, report["customerAverageChange"]!.GetValue<decimal>());

        var gl = await (await manager.GetAsync(url + "&product=GL-200")).ReadJsonAsync();
        Assert.Equal((1, 3m), (gl["thisPeriod"]!["answered"]!.GetValue<int>(), gl["thisPeriod"]!["customerAverage"]!.GetValue<decimal>()));

        // The same analysis for Excel and for print.
        var csv = await manager.GetAsync(url + "&format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var sheet = await csv.Content.ReadAsStringAsync();
        Assert.Contains("顾客满意度分析", sheet, StringComparison.Ordinal);
        Assert.Contains("产品质量 / Product quality (2.00)", sheet, StringComparison.Ordinal);
        Assert.Contains("-0.67", sheet, StringComparison.Ordinal);
        var page = await (await manager.GetAsync(url + "&format=html")).Content.ReadAsStringAsync();
        Assert.Contains("<table", page, StringComparison.Ordinal);
        Assert.Contains("乙纺织厂", page, StringComparison.Ordinal);

        // The monthly supervision report shows the month's satisfaction from the same answers.
        var month = TimeZoneInfo.ConvertTime(app.Clock.GetUtcNow(), Shanghai).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var supervisor = app.CreateClient("u-sup", "监督员", Roles.Supervisor);
        var monthly = (await (await supervisor.GetAsync($"/api/reports/monthly?month={month}")).ReadJsonAsync())["satisfaction"]!;
        Assert.Equal((true, 3, 3.5m), (monthly["hasData"]!.GetValue<bool>(), monthly["responses"]!.GetValue<int>(), monthly["average"]!.GetValue<decimal>()));
        Assert.StartsWith("产品质量 / Product quality", monthly["lowestItem"]!.GetValue<string>(), StringComparison.Ordinal);
        var gradeOnly = (await (await supervisor.GetAsync($"/api/reports/monthly?month={month}&grade=key")).ReadJsonAsync())["satisfaction"]!;
        Assert.False(gradeOnly["hasData"]!.GetValue<bool>()); // the walk-in customers have no card, so no grade

        var wrong = await manager.GetAsync($"/api/reports/satisfaction?from={to:yyyy-MM-dd}&to={from:yyyy-MM-dd}&grade=vip");
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equivalent(new[] { "to" }, (await wrong.ReadJsonAsync())["errors"]!.AsObject().Select(p => p.Key).ToList());
    }
}
