using System.Diagnostics;
using AfterSales.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace AfterSales.Tests.Telemetry;

/// <summary>Request traces go to Application Insights: a customer's link token must not go with them.</summary>
public class LinkTokenTelemetryTests
{
    private static Activity Request(string path, string pattern)
    {
        var activity = new Activity("request");
        activity.SetTag("url.path", path);
        var context = new DefaultHttpContext();
        context.SetEndpoint(new RouteEndpoint(_ => Task.CompletedTask, RoutePatternFactory.Parse(pattern), 0, null, "test"));
        AppTelemetry.HideLinkTokens(activity, context);
        return activity;
    }

    [Fact]
    public void AStatusLinkIsRecordedUnderItsRouteWithoutTheToken()
    {
        var activity = Request("/api/public/status/eyJzZWNyZXQiOiJ0b2tlbiJ9.c2ln", "/api/public/status/{token}");

        Assert.Equal("/api/public/status/{token}", activity.GetTagItem("url.path"));
    }

    [Fact]
    public void OtherRequestsKeepTheirPath()
    {
        var activity = Request("/api/complaints/KS-202611-0001", "/api/complaints/{number}");

        Assert.Equal("/api/complaints/KS-202611-0001", activity.GetTagItem("url.path"));
    }
}
