using Microsoft.AspNetCore.Mvc;
using System.Security.Claims;
using AfterSales.Access;
using AfterSales.Complaints;
using AfterSales.Kernel;
using AfterSales.Records;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace AfterSales.Notifications;

public sealed record ApprovalComment(string? Comment);

/// <summary>The services an approval link needs.</summary>
public sealed record ApprovalLinkServices(
    [FromServices] CustomerLinks Links,
    [FromServices] ComplaintService Complaints,
    [FromServices] IAuthorizationService Authorization,
    [FromServices] IOptions<AuthOptions> Auth,
    [FromServices] IOptions<ApprovalOptions> Approvals,
    [FromServices] IOptions<NotificationOptions> Notifications,
    [FromServices] IConfiguration Configuration,
    [FromServices] IWebHostEnvironment Environment);

/// <summary>
/// The Approve / Reject links of a Teams approval card. <c>GET</c> opens a page (anyone holding the
/// link; it shows only the number) where the manager signs in; <c>POST</c>, signed in, applies the
/// same <see cref="DecideApproval"/> command as <c>POST /api/complaints/{number}/approval</c> with the
/// manager as actor and the comment as reason, then uses the link up. A link that is altered,
/// expired, used, replaced by a newer request, or followed by someone not entitled to approve
/// changes nothing and the page says why (a refused manager's link stays usable by another).
/// </summary>
public static class ApprovalLinksApi
{
    public static IEndpointRouteBuilder MapApprovalLinks(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/approvals").WithTags("Approvals");
        api.MapGet("/signed-in", SignedIn).WithName("ApprovalSignedIn").AllowPublic(PublicAccess.Read)
            .WithSummary("Where Entra ID returns the approver's browser after sign-in (authorization code with PKCE).");
        api.MapGet("/{token}", Open).WithName("OpenApprovalLink").AllowPublic(PublicAccess.Read)
            .WithSummary("The page an Approve or Reject link opens: sign in, add a comment, confirm. HTML in zh-CN and English.");
        api.MapPost("/{token}", DecideAsync).WithName("DecideByApprovalLink").RequireAuthorization(Policies.Staff)
            .WithSummary("Signed in (management): apply the link's decision, as POST /api/complaints/{number}/approval does. Answers an HTML page.")
            .ProducesProblems(401, 403);
        return app;
    }

    internal static ContentHttpResult SignedIn([AsParameters] ApprovalLinkServices s) => Html(200, ApprovalPages.SignedIn(SignInOf(s)));

    internal static async Task<ContentHttpResult> Open(string token, [AsParameters] ApprovalLinkServices s, CancellationToken ct)
    {
        var (check, purpose) = Verify(s.Links, token);
        if (check.Link is not { } link || ApprovalSubject.Parse(link.Number) is not { } subject)
        {
            return Refusal(check.Refusal);
        }
        return await s.Links.FindUseAsync(link, ct) is { } use
            ? Used(use)
            : Html(200, ApprovalPages.Confirm(subject.Number, purpose == LinkPurpose.Approve, link.ExpiresAt, SignInOf(s)));
    }

    internal static async Task<ContentHttpResult> DecideAsync(string token, ApprovalComment? body, ClaimsPrincipal user, [AsParameters] ApprovalLinkServices s, CancellationToken ct)
    {
        var (check, purpose) = Verify(s.Links, token);
        if (check.Link is not { } link || ApprovalSubject.Parse(link.Number) is not var (number, step))
        {
            return Refusal(check.Refusal);
        }
        if (await s.Links.FindUseAsync(link, ct) is { } use)
        {
            return Used(use);
        }
        if (!(await s.Authorization.AuthorizeAsync(user, ComplaintPolicies.ApproveMajor)).Succeeded)
        {
            return Html(403, ApprovalPages.Refused("只有公司领导 (management 角色) 可以审批重大质量问题; 链接仍可由领导使用。",
                "Only management (the management role) decides major quality problems; the link stays usable by them."));
        }
        var approve = purpose == LinkPurpose.Approve;
        try
        {
            var stored = await s.Complaints.LoadAsync(number, user, ct);
            if (!stored.Record.Steps.Any(x => x.Id == step && x.IsOpen))
            {
                return AlreadyDecided(stored.Record);
            }
            var (after, replayed) = await s.Complaints.ExecuteAsync(number, new DecideApproval(approve, body?.Comment), user,
                () => new IfMatch([stored.Version]), idempotencyKey: link.Nonce, ct);
            if (replayed)
            {
                return AlreadyDecided(after.Record);
            }
            await s.Links.RedeemAsync(token, purpose, null, ct, user.ActingStaff());
            var decision = after.Record.Approval!;
            return Html(200, ApprovalPages.Decided(number, decision.Approved, decision.By, decision.At));
        }
        catch (ConflictException)
        {
            return AlreadyDecided((await s.Complaints.Store.GetAsync(number, ct))?.Record);
        }
        catch (StaleException)
        {
            return Html(412, ApprovalPages.Refused("投诉刚被他人修改, 请重新打开链接再试。", "The complaint changed a moment ago; open the link again."));
        }
        catch (ValidationException ex) when (!ex.Errors.ContainsKey(IdempotencyKey.Header))
        {
            return Html(400, ApprovalPages.Refused("请补充后再确认 (驳回须写明理由)。", "Complete the form and confirm again (a rejection needs a reason).",
                string.Join(" ", ex.Errors.SelectMany(e => e.Value))));
        }
        catch (ValidationException)
        {
            return Used(null);
        }
        catch (NotFoundException)
        {
            return Html(404, ApprovalPages.Refused($"没有投诉 {number}。", $"There is no complaint {number}."));
        }
        catch (AccessDeniedException ex)
        {
            return Html(403, ApprovalPages.Refused("您无权查看此投诉。", "You may not see this complaint.", ex.Message));
        }
    }

    /// <summary>The link as an approval link: an Approve or a Reject one (the purpose is signed, so it cannot be swapped).</summary>
    private static (LinkCheck Check, LinkPurpose Purpose) Verify(CustomerLinks links, string token)
    {
        var approve = links.Verify(token, LinkPurpose.Approve);
        return approve.Refusal == LinkRefusal.WrongPurpose ? (links.Verify(token, LinkPurpose.Reject), LinkPurpose.Reject) : (approve, LinkPurpose.Approve);
    }

    private static ContentHttpResult Refusal(LinkRefusal refusal) => refusal switch
    {
        LinkRefusal.Expired => Html(410, ApprovalPages.Refused("此链接已过期; 请在系统中审批, 或等待新的审批卡片。", "This link has expired; decide in the app, or wait for a new approval card.")),
        LinkRefusal.AlreadyUsed => Used(null),
        _ => Html(400, ApprovalPages.Refused("此链接无效 (可能被修改或不完整)。", "This link is not valid (it may have been altered or cut short).")),
    };

    private static ContentHttpResult Used(LinkUse? use) => Html(409, ApprovalPages.Refused(
        "此链接已使用过, 不能重复审批。", "This link has already been used; a decision is made once.",
        use?.By is { } by ? $"{by.Name} · {use.UsedAt:yyyy-MM-dd HH:mm} UTC" : null));

    private static ContentHttpResult AlreadyDecided(Complaint? c) => Html(409, ApprovalPages.Refused(
        "此审批请求已不再等待决定 (已有决定, 或已被新的请求取代)。", "This approval request no longer awaits a decision (it was decided, or replaced by a newer request).",
        c?.Approval is { } a ? $"{(a.Approved ? "批准 / approved" : "驳回 / rejected")}: {a.By.Name} · {a.At:yyyy-MM-dd HH:mm} UTC" : null));

    private static ContentHttpResult Html(int status, string html) => TypedResults.Content(html, "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);

    private static SignIn SignInOf(ApprovalLinkServices s)
    {
        var auth = s.Auth.Value;
        var scope = s.Approvals.Value.Scope is { Length: > 0 } sc ? sc : $"{auth.Audience}/.default";
        return new SignIn(auth.Authority, s.Approvals.Value.ClientId, scope,
            s.Notifications.Value.BaseUrl(s.Configuration) + "/api/approvals/signed-in", s.Environment.IsDevelopment() && auth.UsesLocalKey);
    }
}
