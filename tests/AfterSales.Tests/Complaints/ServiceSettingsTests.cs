using AfterSales.Complaints;
using AfterSales.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace AfterSales.Tests.Complaints;

/// <summary>An admin's mistake in the service rules is named at start-up, not found by the first intake.</summary>
public class ServiceSettingsTests(AzuriteFixture azurite)
{
    private sealed class AppWith(AzuriteFixture azurite, Dictionary<string, string?> settings) : AppFixture(azurite)
    {
        protected override IDictionary<string, string?> Settings => settings;
    }

    [Fact]
    public void TheDefaultsFollowTheDomainAndAreValid()
    {
        var options = new ServiceOptions();
        Assert.Empty(options.Problems());
        Assert.Equal((TimeSpan.FromHours(24), TimeSpan.FromHours(48)), (options.ArrivalInProvince, options.ArrivalOutOfProvince));
    }

    [Fact]
    public void EveryWrongSettingIsNamed()
    {
        var options = new ServiceOptions
        {
            TimeZone = "Mars/Olympus",
            HomeProvince = " ",
            RevisitAfter = TimeSpan.Zero,
            ArrivalInProvince = TimeSpan.FromHours(72),
        };

        var problems = options.Problems();

        Assert.Equal(4, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("Service:TimeZone 'Mars/Olympus'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Service:HomeProvince", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Service:RevisitAfter", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Service:ArrivalInProvince", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("江苏")]
    [InlineData("Jiangsu Province")]
    [InlineData("320000")]
    public void TheHomeProvinceIsSetInAnyFormAndComparedByCode(string setting)
    {
        var options = new ServiceOptions { HomeProvince = setting };
        Assert.Empty(options.Problems());
        Assert.Equal("320000", options.Rules().HomeProvince);
        Assert.True(options.Rules().IsHomeProvince("江苏省"));
        Assert.False(options.Rules().IsHomeProvince("浙江"));
    }

    [Fact]
    public void AnUnknownHomeProvinceOrInconsistentWindowsAreNamed()
    {
        var problems = new ServiceOptions { HomeProvince = "火星", LateEntryWindow = TimeSpan.FromDays(40), AgreedArrivalHorizon = TimeSpan.FromHours(30) }.Problems();
        Assert.Contains(problems, p => p.StartsWith("Service:HomeProvince '火星'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Service:LateEntryWindow", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Service:AgreedArrivalHorizon", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheAppDoesNotStartWithAWrongSettingAndSaysWhich()
    {
        await using var app = new AppWith(azurite, new() { ["Service:TriageLimit"] = "-01:00:00" });

        var refused = Assert.Throws<OptionsValidationException>(() => app.CreateClient());

        Assert.Contains("Service:TriageLimit must be longer than zero", refused.Message, StringComparison.Ordinal);
    }
}
