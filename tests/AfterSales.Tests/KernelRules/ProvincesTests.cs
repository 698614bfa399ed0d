namespace AfterSales.Tests.KernelRules;

/// <summary>The province code list: every way staff write a province finds its GB/T 2260 code; anything else finds none.</summary>
public class ProvincesTests
{
    [Theory]
    [InlineData("江苏", "320000")]
    [InlineData("江苏省", "320000")]
    [InlineData(" 江苏省 ", "320000")]
    [InlineData("Jiangsu", "320000")]
    [InlineData("jiangsu", "320000")]
    [InlineData("JIANGSU PROVINCE", "320000")]
    [InlineData("Jiangsu Province", "320000")]
    [InlineData("jiangsu sheng", "320000")]
    [InlineData("Ｊｉａｎｇｓｕ", "320000")]
    [InlineData("320000", "320000")]
    [InlineData("内蒙古自治区", "150000")]
    [InlineData("Inner Mongolia", "150000")]
    [InlineData("Inner Mongolia Autonomous Region", "150000")]
    [InlineData("Nei Mongol", "150000")]
    [InlineData("新疆维吾尔自治区", "650000")]
    [InlineData("Xinjiang Uygur Autonomous Region", "650000")]
    [InlineData("广西壮族自治区", "450000")]
    [InlineData("上海市", "310000")]
    [InlineData("Shanghai Municipality", "310000")]
    [InlineData("shanghai shi", "310000")]
    [InlineData("Hong Kong SAR", "810000")]
    [InlineData("香港特别行政区", "810000")]
    [InlineData("Macau", "820000")]
    [InlineData("Xizang", "540000")]
    [InlineData("Shanxi", "140000")]
    [InlineData("Shaanxi", "610000")]
    public void EveryWayAProvinceIsWrittenFindsItsCode(string written, string code) =>
        Assert.Equal(code, Provinces.Find(written)?.Code);

    [Theory]
    [InlineData("火星")]
    [InlineData("Jiangsuu")]
    [InlineData("省")]
    [InlineData("Province")]
    [InlineData("苏州")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("999999")]
    public void AnythingElseIsNoProvince(string? written) => Assert.Null(Provinces.Find(written));

    [Fact]
    public void TheListHasEveryProvinceLevelRegionOnceWithBothNames()
    {
        Assert.Equal(34, Provinces.All.Count);
        Assert.Equal(34, Provinces.All.Select(p => p.Code).Distinct().Count());
        Assert.All(Provinces.All, p => Assert.Same(p, Provinces.Find(p.Name)));
        Assert.All(Provinces.All, p => Assert.Same(p, Provinces.Find(p.English)));
        Assert.All(Provinces.All, p => Assert.Matches(@"^\d{2}0000$", p.Code));
        Assert.Equal(34, Provinces.Vocabulary.Terms.Count);
    }

    [Fact]
    public void SameComparesWhateverTheForm()
    {
        Assert.True(Provinces.Same("江苏省", "Jiangsu"));
        Assert.False(Provinces.Same("江苏", "浙江"));
        Assert.False(Provinces.Same(null, null));
    }
}
