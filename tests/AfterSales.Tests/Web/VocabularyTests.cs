using System.Net;
using AfterSales.Complaints;
using AfterSales.Storage;
using AfterSales.Tests.Infrastructure;
using AfterSales.Platform;

namespace AfterSales.Tests.Web;

public class VocabularyTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public void EveryCodeHasChineseAndEnglishWordsAndIsSpelledAsTheJson()
    {
        var vocabulary = VocabularyApi.Of(AppModules.All);
        Assert.All(vocabulary.Values.SelectMany(t => t), term =>
        {
            Assert.False(string.IsNullOrWhiteSpace(term.Zh));
            Assert.False(string.IsNullOrWhiteSpace(term.En));
        });
        var states = vocabulary["complaintStates"].Select(t => t.Code);
        Assert.Equal(Enum.GetValues<ComplaintState>().Select(s => Json.Serialize(s).Trim('"')), states);
        Assert.Contains(vocabulary["handlingPaths"], t => t is { Code: "majorOnSite", Zh: "重大质量问题, 现场记录后经批准处理" });
        Assert.Contains(vocabulary["provinces"], t => t is { Code: "320000", Zh: "江苏省", En: "Jiangsu" });
    }

    [Fact]
    public async Task TheApiServesTheVocabulary()
    {
        var response = await app.CreateClient().GetAsync("/api/vocabulary");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal("市场营销部", body["departments"]!.AsArray().Single(t => t!["code"]!.GetValue<string>() == "marketing")!["zh"]!.GetValue<string>());
        Assert.Equal(Enum.GetValues<StepKind>().Length, body["stepKinds"]!.AsArray().Count);
    }
}
