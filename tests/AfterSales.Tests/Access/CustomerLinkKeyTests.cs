using AfterSales.Access;
using AfterSales.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AfterSales.Tests.Access;

/// <summary>The link signature itself, without the app: keys, rotation, purpose and expiry.</summary>
public class CustomerLinkKeyTests
{
    private static readonly string KeyA = Convert.ToBase64String(Enumerable.Repeat((byte)1, 32).ToArray());
    private static readonly string KeyB = Convert.ToBase64String(Enumerable.Repeat((byte)2, 32).ToArray());
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));

    private CustomerLinks Links(string key, string? previous = null) => new(
        Options.Create(new CustomerLinkOptions { SigningKey = key, PreviousSigningKey = previous }),
        new StorageAccount(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [StorageAccount.ConnectionSetting] = "UseDevelopmentStorage=true",
        }).Build()),
        _clock);

    [Fact]
    public void AfterARotationLinksSignedWithThePreviousKeyStillWork()
    {
        var old = Links(KeyA).Issue("KS-202611-0042", LinkPurpose.Status, singleUse: false);

        Assert.True(Links(KeyB, previous: KeyA).Verify(old.Token, LinkPurpose.Status).IsValid);
        Assert.Equal(LinkRefusal.Invalid, Links(KeyB).Verify(old.Token, LinkPurpose.Status).Refusal);
    }

    [Fact]
    public void ALinkLastsItsPurposesLifetimeAndNoLonger()
    {
        var links = Links(KeyA);
        var survey = links.Issue("KS-202611-0042", LinkPurpose.Survey, singleUse: true);

        _clock.Advance(new CustomerLinkOptions().SurveyLifetime - TimeSpan.FromSeconds(1));
        Assert.True(links.Verify(survey.Token, LinkPurpose.Survey, "KS-202611-0042").IsValid);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(LinkRefusal.Expired, links.Verify(survey.Token, LinkPurpose.Survey, "KS-202611-0042").Refusal);
    }

    [Fact]
    public void TwoLinksForTheSameComplaintDiffer()
    {
        var links = Links(KeyA);
        Assert.NotEqual(links.Issue("KS-202611-0042", LinkPurpose.Status, false).Token, links.Issue("KS-202611-0042", LinkPurpose.Status, false).Token);
    }
}
