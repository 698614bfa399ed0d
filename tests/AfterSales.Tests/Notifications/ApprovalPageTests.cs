using AfterSales.Notifications;

namespace AfterSales.Tests.Notifications;

/// <summary>The approval page's sign-in: Entra ID in the browser where configured, a pasted token locally; values never become markup.</summary>
public class ApprovalPageTests
{
    private static readonly SignIn Entra = new("https://login.microsoftonline.com/tenant-1/v2.0", "client-1", "api://aftersales/.default",
        "https://aftersales.test/api/approvals/signed-in", Development: false);

    [Fact]
    public void WithEntraConfiguredThePageSignsInWithPkceAgainstTheTenant()
    {
        var page = ApprovalPages.Confirm("KS-202611-0042", approve: true, DateTimeOffset.UnixEpoch, Entra);
        Assert.Contains("\"tenant\":\"https://login.microsoftonline.com/tenant-1\"", page, StringComparison.Ordinal);
        Assert.Contains("\"clientId\":\"client-1\"", page, StringComparison.Ordinal);
        Assert.Contains("\"redirectUri\":\"https://aftersales.test/api/approvals/signed-in\"", page, StringComparison.Ordinal);
        Assert.Contains("code_challenge_method: 'S256'", page, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"token\"", page, StringComparison.Ordinal);
        Assert.Contains("oauth2/v2.0/token", ApprovalPages.SignedIn(Entra), StringComparison.Ordinal);
    }

    [Fact]
    public void LocallyThePageTakesATokenFromDevToken()
    {
        var page = ApprovalPages.Confirm("KS-202611-0042", approve: false, DateTimeOffset.UnixEpoch, Entra with { Development = true });
        Assert.Contains("id=\"token\"", page, StringComparison.Ordinal);
        Assert.Contains("/dev/token", page, StringComparison.Ordinal);
        Assert.Contains("驳回 KS-202611-0042", page, StringComparison.Ordinal);
    }

    [Fact]
    public void NothingInsertedBecomesMarkupOrEndsTheScript()
    {
        var hostile = Entra with { ClientId = "</script><script>alert(1)</script>" };
        var page = ApprovalPages.Confirm("<b>KS</b>", approve: true, DateTimeOffset.UnixEpoch, hostile);
        Assert.DoesNotContain("<b>KS</b>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("</script><script>alert", page, StringComparison.Ordinal);
    }
}
