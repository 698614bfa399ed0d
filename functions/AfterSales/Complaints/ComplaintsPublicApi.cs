using System.Security.Claims;
using AfterSales.Access;
using AfterSales.Kernel;
using AfterSales.Records;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace AfterSales.Complaints;

/// <summary>What a customer sends from the web form: the complaint, without channel or employee.</summary>
public sealed record WebFormComplaint(
    WorkKind? Kind,
    CustomerFacts? Customer,
    string? Product,
    string? OrderNumber,
    string? PartNumber,
    DateOnly? ShippingDate,
    int? Quantity,
    int? DefectiveQuantity,
    string? CustomerDemand,
    string? Description);

/// <summary>The answer to a web-form complaint: its number and the link to follow it.</summary>
public sealed record WebFormReceipt(string Number, DateTimeOffset ReceivedAt, string StatusUrl, DateTimeOffset StatusLinkExpiresAt);

/// <summary>The facts of a complaint a customer link reveals; never contact details or internal notes.</summary>
public sealed record PublicStatus(string Number, ComplaintState State, DateTimeOffset ReceivedAt, PublicStep? CurrentStep);

/// <summary>Who is working on it now, and by when.</summary>
public sealed record PublicStep(Department Department, string DepartmentName, DateTimeOffset DueAt);

/// <summary>A link staff hand to a customer (by SMS, mail, the web form's answer).</summary>
public sealed record IssuedLink(string Token, string Url, LinkPurpose Purpose, DateTimeOffset ExpiresAt, bool SingleUse);

/// <summary>The web-form actor: the first-contact owner of complaints customers file themselves.</summary>
public static class WebFormActor
{
    public static readonly Staff Instance = new("web-form", "网站表单");
}

/// <summary>The endpoints customers reach without signing in, and the staff endpoint that makes their links.</summary>
public static class ComplaintsPublicApi
{
    public static IEndpointRouteBuilder MapComplaintsPublicApi(this IEndpointRouteBuilder app)
    {
        var pub = app.MapGroup("/api/public").WithTags("Customers");
        pub.MapPost("/complaints", TakeFromWebFormAsync).WithName("TakeWebFormComplaint")
            .WithSummary("A customer files a complaint from the web form; it goes to marketing like any other. Answers with a status link.")
            .AllowPublic(PublicAccess.Intake).ProducesProblems(400, 413, 429);
        pub.MapGet("/status/{token}", StatusAsync).WithName("GetPublicStatus")
            .WithSummary("Where a complaint stands, for the customer holding its status link.")
            .AllowPublic(PublicAccess.Read).ProducesProblems(403, 404, 429);

        app.MapPost("/api/complaints/{number}/status-link", CreateStatusLinkAsync).WithTags("Complaints").WithName("CreateStatusLink")
            .WithSummary("A status link for the customer; visible-to rules as for the complaint itself.")
            .RequireAuthorization(Policies.Staff).ProducesProblems(400, 401, 403, 404);
        return app;
    }

    /// <remarks>
    /// The form may send an <c>Idempotency-Key</c> (one per filled form), so a double submit files
    /// one complaint. Web-form keys live apart from staff keys, and a key only replays the very same
    /// form: another body with it is refused, so a key alone never reveals a complaint.
    /// </remarks>
    internal static async Task<Results<Created<WebFormReceipt>, Ok<WebFormReceipt>>> TakeFromWebFormAsync(
        WebFormComplaint form, [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey, ComplaintIntake intake, CustomerLinks links,
        HttpContext http, CancellationToken ct)
    {
        var request = new IntakeRequest(form.Kind, Channel.WebForm, form.Customer is null ? null : form.Customer with { CustomerId = null },
            form.Product, form.OrderNumber, form.PartNumber, form.ShippingDate, form.Quantity, form.DefectiveQuantity,
            form.CustomerDemand, form.Description, WebFormActor.Instance);
        var (stored, replayed) = await intake.TakeAsync(request, new IntakeContext(idempotencyKey, KeyScope: "webform"), ct);
        var link = links.Issue(stored.Record.Number, LinkPurpose.Status, singleUse: false);
        var url = StatusUrl(link.Token);
        return Idempotency.CreatedOrReplayed(http, replayed, url, new WebFormReceipt(stored.Record.Number, stored.Record.ReceivedAt, url, link.ExpiresAt));
    }

    internal static async Task<Ok<PublicStatus>> StatusAsync(string token, CustomerLinks links, RecordStore<Complaint> store, HttpContext http, CancellationToken ct)
    {
        // The token is the credential: keep the answer out of shared caches and the link out of Referer headers.
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers["Referrer-Policy"] = "no-referrer";
        var check = await links.RedeemAsync(token, LinkPurpose.Status, number: null, ct);
        if (check.Link is not { } link)
        {
            throw new AccessDeniedException(check.Explanation);
        }
        var c = (await store.GetAsync(link.Number, ct) ?? throw new NotFoundException("This complaint is no longer available.")).Record;
        var step = c.OpenSteps.OrderBy(s => s.DueAt).FirstOrDefault();
        return TypedResults.Ok(new PublicStatus(c.Number, c.State, c.ReceivedAt,
            step is null ? null : new PublicStep(step.Department, step.Department.ChineseName(), step.DueAt)));
    }

    internal static async Task<Ok<IssuedLink>> CreateStatusLinkAsync(string number, bool? singleUse, ClaimsPrincipal user, ComplaintService complaints, CustomerLinks links, CancellationToken ct)
    {
        await complaints.LoadAsync(number, user, ct);
        var link = links.Issue(number, LinkPurpose.Status, singleUse ?? false);
        return TypedResults.Ok(new IssuedLink(link.Token, StatusUrl(link.Token), link.Purpose, link.ExpiresAt, link.SingleUse));
    }

    private static string StatusUrl(string token) => $"/api/public/status/{token}";
}
