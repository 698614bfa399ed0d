using System.Net;
using System.Net.Http.Json;
using AfterSales.Access;
using AfterSales.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AfterSales.Tests.Access;

/// <summary>
/// Every endpoint, called by every kind of caller, against the allow/deny table below. An endpoint
/// without a row fails the test: add a row when you add an endpoint.
/// </summary>
public class AuthorizationMatrixTests(AppFixture app) : IClassFixture<AppFixture>
{
    /// <summary>The first-contact owner of the seeded complaint: a technician, so only ownership lets them see it.</summary>
    private const string OwnerId = "u-owner";

    /// <summary>Callers with no valid sign-in; denied means 401.</summary>
    private static readonly Dictionary<string, Func<string?>> NotSignedIn = new()
    {
        ["anonymous"] = () => null,
        ["expired"] = () => TestTokens.Expired("u-expired", [.. Roles.All]),
        ["other-audience"] = () => TestTokens.ForOtherAudience("u-other", [.. Roles.All]),
        ["bad-signature"] = () => TestTokens.WithWrongSignature("u-forged", [.. Roles.All]),
    };

    /// <summary>Signed-in callers; denied means 403. One per role (a user distinct from the owner), plus the owner and a user with no role.</summary>
    private static readonly Dictionary<string, Func<string?>> SignedIn = new Dictionary<string, Func<string?>>
    {
        ["no-role"] = () => TestTokens.For("u-nobody", "无角色"),
        ["owner"] = () => TestTokens.For(OwnerId, "李娜", Roles.Technician),
    }.Concat(Roles.All.Select(r => KeyValuePair.Create(r, (Func<string?>)(() => TestTokens.For($"u-{r}", r, r))))).ToDictionary();

    private static readonly string[] Everyone = [.. NotSignedIn.Keys, .. SignedIn.Keys];
    private static readonly string[] AnyStaff = [.. SignedIn.Keys.Except(["no-role"])];

    /// <summary>
    /// Who reads each seeded complaint: during triage marketing, quality and the technical center
    /// analyse together; later quality follows the quality paths (not "not a quality problem"), the
    /// technical center the ones it helps with (not returns), procurement only what is routed to it.
    /// </summary>
    private static readonly string[] ComplaintReaders = ["owner", Roles.Marketing, Roles.Quality, Roles.Technical, Roles.Supervisor, Roles.Management];
    private static readonly string[] RemoteReaders = ["owner", Roles.Marketing, Roles.Supervisor, Roles.Management];
    private static readonly string[] ReturnReaders = ["owner", Roles.Marketing, Roles.Quality, Roles.Procurement, Roles.Supervisor, Roles.Management];
    private static readonly string[] OnSiteReaders = ComplaintReaders;

    /// <summary>The preliminary analysis: marketing, quality, the technical center and supervisors (readers all).</summary>
    private static readonly string[] TriageReaders = [Roles.Marketing, Roles.Quality, Roles.Technical, Roles.Supervisor];

    /// <summary>Who routes and pauses procurement's return step: procurement, and those who oversee.</summary>
    private static readonly string[] StepWorkers = [Roles.Procurement, Roles.Supervisor, Roles.Management];

    /// <summary>
    /// What the rows need, all owned by <see cref="OwnerId"/>: a complaint in triage (with a status
    /// link), one resolved on the "not a quality problem" path (its confirmation assigned to the
    /// owner), one with procurement's return step open, one with the technical center's visit to dispatch.
    /// </summary>
    public sealed record Seed(string Number, string StatusToken, string Remote, string Return, string ReturnStep, string OnSite);
    private static readonly string[] ReturnOrderReaders = [Roles.Marketing, Roles.Quality, Roles.Procurement, Roles.Supervisor, Roles.Management];
    /// <summary>Who may analyse, plan and carry out CAPA measures (the record decides which department): the owner here is a technician.</summary>
    private static readonly string[] CapaWorkers = ["owner", Roles.Quality, Roles.Technical, Roles.Procurement, Roles.Marketing, Roles.Supervisor, Roles.Technician];
    private const string NoComplaint = "KS-199901-0001", NoReturn = "TH-199901-0001-1", NoCapa = "CAPA-00000000", NoVisit = "FV-199901-0001-1";
    /// <summary>Who reads assessments and the indicator set: assessors, admins, management, supervisors, quality.</summary>
    private static readonly string[] AssessmentReaders = [Roles.Assessor, Roles.Admin, Roles.Management, Roles.Supervisor, Roles.Quality];
    private const string NoAssessment = "PJ-00000000";
    /// <summary>Who reads the supervision reports and statistics: supervisors, management, marketing, quality.</summary>
    private static readonly string[] ReportReaders = [Roles.Supervisor, Roles.Management, Roles.Marketing, Roles.Quality, Roles.Assessor];

    public sealed record Row(Func<Seed, HttpRequestMessage> Request, string[] Allowed, bool MayFailInside = false);

    /// <summary>The matrix: "METHOD route-pattern" → the request to send and who may get through.</summary>
    private static readonly Dictionary<string, Row> Matrix = new()
    {
        ["GET /api/health"] = new(_ => Get("/api/health"), Everyone),
        // The HTTP function's envelope, for a host that does not proxy (Functions/HttpEnvelope.cs): the
        // host posts it without a token, so everyone gets through; the request inside carries its own
        // token and is checked when it comes back in (HttpEnvelopeTests).
        ["POST /HttpApi"] = new(_ => Post("/HttpApi", new { Data = new { }, Metadata = new { } }), Everyone),
        ["GET /openapi/{documentName}.json"] = new(_ => Get("/openapi/v1.json"), Everyone),
        ["GET /api/openapi/{documentName}.json"] = new(_ => Get("/api/openapi/v1.json"), Everyone),
        ["GET /scalar/{documentName?}"] = new(_ => Get("/scalar"), Everyone),
        ["GET /api/scalar/{documentName?}"] = new(_ => Get("/api/scalar"), Everyone),
        ["GET /scalar/scalar.js"] = new(_ => Get("/scalar/scalar.js"), Everyone),
        ["GET /scalar/scalar.aspnetcore.js"] = new(_ => Get("/scalar/scalar.aspnetcore.js"), Everyone),
        ["GET /scalar/favicon.svg"] = new(_ => Get("/scalar/favicon.svg"), Everyone),
        ["GET /api/scalar/scalar.js"] = new(_ => Get("/api/scalar/scalar.js"), Everyone),
        ["GET /api/scalar/scalar.aspnetcore.js"] = new(_ => Get("/api/scalar/scalar.aspnetcore.js"), Everyone),
        ["GET /api/scalar/favicon.svg"] = new(_ => Get("/api/scalar/favicon.svg"), Everyone),
        // Taken by the caller themselves (naming a colleague is a staff-directory rule: StaffDirectoryTests).
        ["POST /api/complaints/"] = new(_ => Post("/api/complaints", OwnIntake("矩阵测试机械")), AnyStaff),
        ["GET /api/complaints/{number}"] = new(s => Get($"/api/complaints/{s.Number}"), ComplaintReaders),
        ["POST /api/complaints/{number}/status-link"] = new(s => Post($"/api/complaints/{s.Number}/status-link", null), ComplaintReaders),
        ["GET /api/departments/{department}/inbox"] = new(_ => Get("/api/departments/marketing/inbox"),
            [Roles.Marketing, Roles.Supervisor, Roles.Management, Roles.Admin]),
        // Looking after the change feed: admins only. Replays and retries are safe to repeat (receipts, idempotent subscribers).
        ["GET /api/admin/feed/"] = new(_ => Get("/api/admin/feed"), [Roles.Admin]),
        ["GET /api/admin/feed/{name}/poison"] = new(_ => Get("/api/admin/feed/RouteComplaint/poison"), [Roles.Admin]),
        ["POST /api/admin/feed/{name}/poison/retry"] = new(_ => Post("/api/admin/feed/IndexComplaint/poison/retry", null), [Roles.Admin]),
        ["POST /api/admin/feed/{name}/replay"] = new(s => Post("/api/admin/feed/IndexComplaint/replay", new { recordKind = "complaint", recordId = s.Number }), [Roles.Admin]),
        // Notifications: approval links open a page for anyone holding them (it shows only the number); deciding needs
        // sign-in, and then the link is checked first (this one is not valid: 400 page), the management role after.
        ["GET /api/approvals/signed-in"] = new(_ => Get("/api/approvals/signed-in"), Everyone),
        ["GET /api/approvals/{token}"] = new(_ => Get("/api/approvals/not-a-link"), Everyone),
        ["POST /api/approvals/{token}"] = new(_ => Post("/api/approvals/not-a-link", new { comment = "x" }), AnyStaff),
        ["GET /api/admin/notifications/"] = new(_ => Get("/api/admin/notifications"), [Roles.Admin]),
        ["POST /api/admin/notifications/{id}/resend"] = new(_ => Post("/api/admin/notifications/unknown/resend", null), [Roles.Admin]),
        ["POST /api/public/complaints"] = new(_ => Post("/api/public/complaints", WebForm()), Everyone),
        ["GET /api/public/status/{token}"] = new(s => Get($"/api/public/status/{s.StatusToken}"), Everyone),
        // Lists: oversight lists everything, others their own department (or their own first contacts).
        ["GET /api/complaints/"] = new(_ => Get("/api/complaints?department=marketing"), [Roles.Marketing, Roles.Supervisor, Roles.Management]),
        ["GET /api/complaints/{number}/timeline"] = new(s => Get($"/api/complaints/{s.Number}/timeline"), ComplaintReaders),
        ["POST /api/complaints/{number}/follow-ups"] = new(s => Post($"/api/complaints/{s.Number}/follow-ups", new { description = "x" }), ComplaintReaders),
        // Lifecycle actions: role policy first, then the record rule (a step's work is for its own
        // department, its assignee and the roles named). Sent without If-Match, so whoever gets
        // through is answered 428 and no seeded complaint ever changes.
        ["POST /api/complaints/{number}/triage"] = new(s => Post($"/api/complaints/{s.Number}/triage", new { path = "qualityRemote", analysis = "x" }), TriageReaders),
        ["POST /api/complaints/{number}/triage/revision"] = new(s => Post($"/api/complaints/{s.OnSite}/triage/revision", new { path = "qualityRemote", analysis = "x", reason = "y" }), TriageReaders),
        ["POST /api/complaints/{number}/approval"] = new(s => Post($"/api/complaints/{s.Number}/approval", new { approved = true }), [Roles.Management]),
        // Marketing dispatches service staff, the technical center its technicians.
        ["POST /api/complaints/{number}/dispatch"] = new(s => Post($"/api/complaints/{s.OnSite}/dispatch", new { technician = new { id = "t-1", name = "赵" } }),
            [Roles.Marketing, Roles.Technical, Roles.Supervisor]),
        // Procurement's return: not marketing's, though marketing reads the complaint.
        ["POST /api/complaints/{number}/work/start"] = new(s => Post($"/api/complaints/{s.Return}/work/start", new { }), [Roles.Procurement, Roles.Supervisor]),
        ["POST /api/complaints/{number}/arrival"] = new(s => Post($"/api/complaints/{s.OnSite}/arrival", new { }), [Roles.Technical, Roles.Supervisor]),
        ["POST /api/complaints/{number}/findings"] = new(s => Post($"/api/complaints/{s.OnSite}/findings", new { findings = "x" }), [Roles.Technical, Roles.Supervisor]),
        ["POST /api/complaints/{number}/resolution"] = new(s => Post($"/api/complaints/{s.Return}/resolution", new { summary = "x" }), [Roles.Procurement, Roles.Supervisor]),
        // The customer's confirmation is marketing's step, assigned to the first-contact owner.
        ["POST /api/complaints/{number}/confirmation"] = new(s => Post($"/api/complaints/{s.Remote}/confirmation", new { satisfied = true }), ["owner", Roles.Marketing, Roles.Supervisor]),
        ["POST /api/complaints/{number}/reopen"] = new(s => Post($"/api/complaints/{s.Number}/reopen", new { reason = "x" }), ["owner", Roles.Marketing, Roles.Supervisor, Roles.Management]),
        // No revisit is due on the seed: readers get through to the state check.
        ["POST /api/complaints/{number}/revisit"] = new(s => Post($"/api/complaints/{s.Number}/revisit", new { note = "x" }), ComplaintReaders),
        ["POST /api/complaints/{number}/links"] = new(s => Post($"/api/complaints/{s.Number}/links", new { number = s.Remote }), ComplaintReaders),
        // A step's routing and clock: its department, and those who oversee.
        ["POST /api/complaints/{number}/steps/{stepId}/transfer"] = new(s => Post($"/api/complaints/{s.Return}/steps/{s.ReturnStep}/transfer", new { department = "quality", note = "x" }), StepWorkers),
        ["POST /api/complaints/{number}/steps/{stepId}/assignment"] = new(s => Post($"/api/complaints/{s.Return}/steps/{s.ReturnStep}/assignment", System.Text.Json.Nodes.JsonNode.Parse("""{"assignee":null}""")!), StepWorkers),
        ["POST /api/complaints/{number}/steps/{stepId}/pause"] = new(s => Post($"/api/complaints/{s.Return}/steps/{s.ReturnStep}/pause", new { reason = "waitingOnCustomer" }), StepWorkers),
        ["POST /api/complaints/{number}/steps/{stepId}/resume"] = new(s => Post($"/api/complaints/{s.Return}/steps/{s.ReturnStep}/resume", new { }), StepWorkers),
        // The staff directory: admins keep it; anyone on staff looks colleagues up.
        ["POST /api/staff/"] = new(_ => Post("/api/staff", new { id = "u-m-" + Guid.NewGuid().ToString("N")[..8], name = "矩阵员工", department = "marketing" }), [Roles.Admin]),
        ["PUT /api/staff/{id}"] = new(_ => new HttpRequestMessage(HttpMethod.Put, "/api/staff/u-none") { Content = JsonContent.Create(new { name = "x", department = "quality" }) }, [Roles.Admin]),
        ["GET /api/staff/"] = new(_ => Get("/api/staff?department=marketing"), AnyStaff),
        ["GET /api/staff/{id}"] = new(_ => Get("/api/staff/u-none"), AnyStaff),
        ["GET /api/staff/{id}/history"] = new(_ => Get("/api/staff/u-none/history"), [Roles.Admin]),
        // Return orders: procurement owns them, quality inspects; those who work or follow them read them.
        // (No such complaint or order here: whoever gets through is answered 404 and nothing is written.)
        ["POST /api/returns/"] = new(_ => Post("/api/returns", new { complaintNumber = NoComplaint, kind = "exchange", items = new[] { new { partNumber = "P-1", quantity = 1 } } }), [Roles.Procurement]),
        ["GET /api/returns/"] = new(_ => Get("/api/returns"), ReturnOrderReaders),
        ["GET /api/returns/{id}"] = new(_ => Get($"/api/returns/{NoReturn}"), ReturnOrderReaders),
        ["GET /api/returns/{id}/timeline"] = new(_ => Get($"/api/returns/{NoReturn}/timeline"), ReturnOrderReaders),
        ["POST /api/returns/{id}/shipment"] = new(_ => Post($"/api/returns/{NoReturn}/shipment", new { method = "pickup", carrier = "x", trackingNumber = "1" }), [Roles.Procurement]),
        ["POST /api/returns/{id}/receipt"] = new(_ => Post($"/api/returns/{NoReturn}/receipt", new { }), [Roles.Procurement]),
        ["POST /api/returns/{id}/inspection"] = new(_ => Post($"/api/returns/{NoReturn}/inspection", new { result = "defectConfirmed" }), [Roles.Quality]),
        ["POST /api/returns/{id}/replacement"] = new(_ => Post($"/api/returns/{NoReturn}/replacement", new { carrier = "x", trackingNumber = "1" }), [Roles.Procurement]),
        ["POST /api/returns/{id}/refund"] = new(_ => Post($"/api/returns/{NoReturn}/refund", new { amount = 1 }), [Roles.Procurement]),
        ["POST /api/returns/{id}/closure"] = new(_ => Post($"/api/returns/{NoReturn}/closure", new { }), [Roles.Procurement]),
        ["POST /api/returns/{id}/cancellation"] = new(_ => Post($"/api/returns/{NoReturn}/cancellation", new { reason = "x" }), [Roles.Procurement]),
        // CAPAs: only quality opens, notifies, verifies and closes; the departments (and technicians owning
        // measures) analyse, plan and carry out; supervisors review as department heads; only management approves.
        ["POST /api/capas/"] = new(_ => Post("/api/capas", new { title = "" }), [Roles.Quality]),
        ["GET /api/capas/"] = new(_ => Get("/api/capas"), AnyStaff),
        ["GET /api/capas/{id}"] = new(_ => Get($"/api/capas/{NoCapa}"), AnyStaff),
        ["GET /api/capas/{id}/timeline"] = new(_ => Get($"/api/capas/{NoCapa}/timeline"), AnyStaff),
        ["POST /api/capas/{id}/complaints"] = new(_ => Post($"/api/capas/{NoCapa}/complaints", new { numbers = Array.Empty<string>() }), [Roles.Quality]),
        ["POST /api/capas/{id}/notification"] = new(_ => Post($"/api/capas/{NoCapa}/notification", new { department = "technical" }), [Roles.Quality]),
        ["POST /api/capas/{id}/cause-analysis"] = new(_ => Post($"/api/capas/{NoCapa}/cause-analysis", new { rootCause = "x", category = "design" }), CapaWorkers),
        ["POST /api/capas/{id}/plan"] = new(_ => Post($"/api/capas/{NoCapa}/plan", new { }), CapaWorkers),
        ["POST /api/capas/{id}/review"] = new(_ => Post($"/api/capas/{NoCapa}/review", new { approved = true }), [Roles.Supervisor]),
        ["POST /api/capas/{id}/approval"] = new(_ => Post($"/api/capas/{NoCapa}/approval", new { approved = true }), [Roles.Management]),
        ["POST /api/capas/{id}/measures/{measureId}/completion"] = new(_ => Post($"/api/capas/{NoCapa}/measures/m1/completion", new { result = "x" }), CapaWorkers),
        ["POST /api/capas/{id}/verification"] = new(_ => Post($"/api/capas/{NoCapa}/verification", new { effective = true }), [Roles.Quality]),
        ["POST /api/capas/{id}/closure"] = new(_ => Post($"/api/capas/{NoCapa}/closure", new { }), [Roles.Quality]),
        // Attachments: whoever reads the owning record (the seeded complaint in triage). An empty upload is a 400
        // once through, so nothing is written; the attachment asked for does not exist (404 once through).
        ["POST /api/attachments/{recordKind}/{recordId}/"] = new(s => Post($"/api/attachments/complaint/{s.Number}?fileName=x.pdf", null), ComplaintReaders),
        ["GET /api/attachments/{recordKind}/{recordId}/"] = new(s => Get($"/api/attachments/complaint/{s.Number}"), ComplaintReaders),
        ["GET /api/attachments/{recordKind}/{recordId}/{attachmentId}"] = new(s => Get($"/api/attachments/complaint/{s.Number}/AT00"), ComplaintReaders),
        ["POST /api/attachments/{recordKind}/{recordId}/{attachmentId}/removal"] = new(s => Post($"/api/attachments/complaint/{s.Number}/AT00/removal", new { reason = "x" }), ComplaintReaders),
        // Field visits: no such visit here, so whoever gets through is answered 404 (the technician's own list: anyone on staff).
        ["GET /api/visits/mine"] = new(_ => Get("/api/visits/mine"), AnyStaff),
        ["GET /api/visits/{id}"] = new(_ => Get($"/api/visits/{NoVisit}"), AnyStaff),
        ["PUT /api/visits/{id}/card"] = new(_ => new HttpRequestMessage(HttpMethod.Put, $"/api/visits/{NoVisit}/card") { Content = JsonContent.Create(new { observations = "x" }) }, AnyStaff),
        ["POST /api/visits/{id}/technicians"] = new(_ => Post($"/api/visits/{NoVisit}/technicians", new { technician = new { id = "t-2", name = "钱" } }), AnyStaff),
        ["POST /api/visits/{id}/completion"] = new(_ => Post($"/api/visits/{NoVisit}/completion", new { }), AnyStaff),
        // After-sales service reports: the technical center (and its technicians) files, quality receives; readers of the complaint read.
        ["POST /api/service-reports/"] = new(_ => Post("/api/service-reports", new { complaintNumber = NoComplaint }), ["owner", Roles.Technical, Roles.Technician, Roles.Supervisor]),
        ["GET /api/service-reports/{id}"] = new(_ => Get("/api/service-reports/SR-199901-0001"), AnyStaff),
        ["POST /api/service-reports/{id}/receipt"] = new(_ => Post("/api/service-reports/SR-199901-0001/receipt", new { }), [Roles.Quality]),
        // Commissioning jobs: technical, marketing and supervisors plan them (an empty request is a 400 once through); no such job here, so 404 once through.
        ["POST /api/commissioning/"] = new(_ => Post("/api/commissioning", new { }), [Roles.Technical, Roles.Marketing, Roles.Supervisor]),
        ["GET /api/commissioning/{id}"] = new(_ => Get("/api/commissioning/AZ-0000000000000000"), AnyStaff),
        ["POST /api/commissioning/{id}/readiness"] = new(_ => Post("/api/commissioning/AZ-0000000000000000/readiness", new { ready = true }), AnyStaff),
        ["POST /api/commissioning/{id}/progress"] = new(_ => Post("/api/commissioning/AZ-0000000000000000/progress", new { note = "x" }), AnyStaff),
        ["POST /api/commissioning/{id}/acceptance"] = new(_ => Post("/api/commissioning/AZ-0000000000000000/acceptance", new { result = "accepted" }), AnyStaff),
        ["POST /api/commissioning/{id}/revisit"] = new(_ => Post("/api/commissioning/AZ-0000000000000000/revisit", new { note = "x" }), AnyStaff),
        // Field-work lists: a complaint's visits for its readers; commissioning jobs by stage for the departments following them
        // (a technician lists only their own, by technicianId).
        ["GET /api/visits/"] = new(s => Get($"/api/visits?complaintNumber={s.Number}"), ComplaintReaders),
        ["GET /api/commissioning/"] = new(_ => Get("/api/commissioning?stage=planned"), [Roles.Technical, Roles.Marketing, Roles.Quality, Roles.Supervisor, Roles.Management]),
        // An attachment's thumbnail: as its download, whoever reads the owning record (none here: 404 once through).
        ["GET /api/attachments/{recordKind}/{recordId}/{attachmentId}/thumbnail"] = new(s => Get($"/api/attachments/complaint/{s.Number}/AT00/thumbnail"), ComplaintReaders),
        ["GET /api/reports/monthly"] = new(_ => Get("/api/reports/monthly?month=2026-10"), ReportReaders),
        ["GET /api/reports/semiannual"] = new(_ => Get("/api/reports/semiannual?half=2026-H1"), ReportReaders),
        ["POST /api/assessments/"] = new(_ => Post("/api/assessments", new { title = "" }), [Roles.Assessor]),
        ["GET /api/assessments/"] = new(_ => Get("/api/assessments"), AssessmentReaders),
        ["GET /api/assessments/{id}"] = new(_ => Get($"/api/assessments/{NoAssessment}"), AssessmentReaders),
        ["GET /api/assessments/{id}/timeline"] = new(_ => Get($"/api/assessments/{NoAssessment}/timeline"), AssessmentReaders),
        ["GET /api/assessments/{id}/comparison"] = new(_ => Get($"/api/assessments/{NoAssessment}/comparison?with={NoAssessment}"), AssessmentReaders),
        ["POST /api/assessments/{id}/items"] = new(_ => Post($"/api/assessments/{NoAssessment}/items", new { }), [Roles.Assessor]),
        ["POST /api/assessments/{id}/adjustments"] = new(_ => Post($"/api/assessments/{NoAssessment}/adjustments", new { }), [Roles.Assessor]),
        ["POST /api/assessments/{id}/adjustments/{adjustmentId}/withdrawal"] = new(_ => Post($"/api/assessments/{NoAssessment}/adjustments/a1/withdrawal", new { reason = "x" }), [Roles.Assessor]),
        ["POST /api/assessments/{id}/evidence"] = new(_ => Post($"/api/assessments/{NoAssessment}/evidence", new { }), [Roles.Assessor]),
        ["POST /api/assessments/{id}/completion"] = new(_ => Post($"/api/assessments/{NoAssessment}/completion", new { }), [Roles.Assessor]),
        ["GET /api/assessment-indicators/"] = new(_ => Get("/api/assessment-indicators"), AssessmentReaders),
        ["GET /api/assessment-indicators/versions"] = new(_ => Get("/api/assessment-indicators/versions"), AssessmentReaders),
        ["GET /api/assessment-indicators/versions/{version:int}"] = new(_ => Get("/api/assessment-indicators/versions/999"), AssessmentReaders),
        ["PUT /api/assessment-indicators/"] = new(_ => new HttpRequestMessage(HttpMethod.Put, "/api/assessment-indicators") { Content = JsonContent.Create(new { changeNote = "" }) }, [Roles.Assessor, Roles.Admin]),
        // The Power BI export: admins run it (a run here exports the matrix's own seed); admins and management read the runs.
        ["POST /api/exports/powerbi/runs/"] = new(_ => Post("/api/exports/powerbi/runs", null), [Roles.Admin]),
        ["GET /api/exports/powerbi/runs/"] = new(_ => Get("/api/exports/powerbi/runs"), [Roles.Admin, Roles.Management]),
        ["GET /api/exports/powerbi/runs/latest"] = new(_ => Get("/api/exports/powerbi/runs/latest"), [Roles.Admin, Roles.Management]),
        ["GET /api/exports/powerbi/runs/{id}"] = new(_ => Get("/api/exports/powerbi/runs/PB-19990101000000-000000"), [Roles.Admin, Roles.Management]),
        ["GET /api/vocabulary"] = new(_ => Get("/api/vocabulary"), AnyStaff),
        // The staff console (StaffConsole/): files and sign-in settings hold no data, so anyone loads
        // them; every API call the pages make carries the signed-in person's token.
        ["GET /"] = new(_ => Get("/"), Everyone),
        ["GET /api/console/{**path}"] = new(_ => Get("/api/console/app.js"), Everyone),
        ["GET /api/console/settings"] = new(_ => Get("/api/console/settings"), Everyone),
        // Customer cards: anyone on staff takes complaints, so anyone on staff finds and records customers.
        ["POST /api/customers/"] = new(_ => Post("/api/customers", new { name = "矩阵客户" }), AnyStaff),
        ["GET /api/customers/"] = new(_ => Get("/api/customers?name=矩阵"), AnyStaff),
        ["GET /api/customers/{id}"] = new(_ => Get("/api/customers/CU0000000000"), AnyStaff),
        ["PUT /api/customers/{id}"] = new(_ => new HttpRequestMessage(HttpMethod.Put, "/api/customers/CU0000000000") { Content = JsonContent.Create(new { name = "x" }) }, AnyStaff),
        ["GET /api/customers/{id}/history"] = new(_ => Get("/api/customers/CU0000000000/history"), AnyStaff),
        ["POST /api/customers/{id}/visits"] = new(_ => Post("/api/customers/CU0000000000/visits", new { topic = "x" }), AnyStaff),
        ["GET /api/customers/{id}/visits"] = new(_ => Get("/api/customers/CU0000000000/visits"), AnyStaff),
        // Revisits (回访) of delivered products: marketing and those who oversee (an empty registration is a 400, no such revisit a 404).
        ["POST /api/delivered-products/"] = new(_ => Post("/api/delivered-products", new { }), [Roles.Marketing, Roles.Supervisor, Roles.Management]),
        ["GET /api/delivered-products/{id}"] = new(_ => Get("/api/delivered-products/DP-00000000"), [Roles.Marketing, Roles.Supervisor, Roles.Management]),
        ["GET /api/revisits/"] = new(_ => Get("/api/revisits?open=true"), [Roles.Marketing, Roles.Supervisor, Roles.Management]),
        ["GET /api/revisits/{id}"] = new(_ => Get($"/api/revisits/{NoRevisit}"), [Roles.Marketing, Roles.Supervisor, Roles.Management]),
        ["POST /api/revisits/{id}/outcome"] = new(_ => Post($"/api/revisits/{NoRevisit}/outcome", new { spokeWith = "x", customerSaid = "y" }), [Roles.Marketing, Roles.Supervisor, Roles.Management]),
        // Satisfaction surveys: filled on site by technicians (the owner is one) with the technical center, marketing and oversight;
        // links and follow-ups are marketing's; rounds marketing's and admins'; the analysis for those who manage. No such survey: 404.
        ["GET /api/survey-templates/current"] = new(_ => Get("/api/survey-templates/current"), AnyStaff),
        ["POST /api/surveys/"] = new(_ => Post("/api/surveys", new { }), ["owner", Roles.Technician, Roles.Technical, Roles.Marketing, Roles.Supervisor, Roles.Management]),
        ["GET /api/surveys/{id}"] = new(_ => Get($"/api/surveys/{NoSurvey}"), ["owner", Roles.Technician, Roles.Technical, Roles.Marketing, Roles.Supervisor, Roles.Management]),
        ["POST /api/surveys/{id}/answer"] = new(_ => Post($"/api/surveys/{NoSurvey}/answer", new { scores = new { serviceAttitude = 5 } }), ["owner", Roles.Technician, Roles.Technical, Roles.Marketing, Roles.Supervisor, Roles.Management]),
        ["POST /api/surveys/{id}/link"] = new(_ => Post($"/api/surveys/{NoSurvey}/link", null), [Roles.Marketing, Roles.Supervisor, Roles.Management]),
        ["POST /api/surveys/{id}/follow-up"] = new(_ => Post($"/api/surveys/{NoSurvey}/follow-up", new { note = "x" }), [Roles.Marketing, Roles.Supervisor, Roles.Management]),
        ["POST /api/survey-rounds"] = new(_ => Post("/api/survey-rounds", new { }), [Roles.Marketing, Roles.Admin]),
        ["GET /api/reports/satisfaction"] = new(_ => Get("/api/reports/satisfaction?from=2026-01-01&to=2026-01-31"), ReportReaders),
        // The customer's survey link: anyone holding it (this one is genuine, for a survey that does not exist: 404 / a readable page).
        ["GET /api/public/surveys/{token}"] = new(_ => Get($"/api/public/surveys/{SurveyToken()}"), Everyone),
        ["POST /api/public/surveys/{token}"] = new(_ => Post($"/api/public/surveys/{SurveyToken()}", new { scores = new { serviceAttitude = 5 } }), Everyone),
        ["GET /api/public/surveys/{token}/page"] = new(_ => Get($"/api/public/surveys/{SurveyToken()}/page"), Everyone),
        ["POST /api/public/surveys/{token}/page"] = new(_ => Post($"/api/public/surveys/{SurveyToken()}/page", null), Everyone),
    };

    private const string NoRevisit = "RV-199901-00000000", NoSurvey = "SV-0000000000";

    /// <summary>A genuine survey link (signed with the tests' key) for a survey that does not exist.</summary>
    private static string SurveyToken() =>
        new CustomerLinks(Microsoft.Extensions.Options.Options.Create(new CustomerLinkOptions { SigningKey = TestTokens.CustomerLinkKey }), null!, TimeProvider.System)
            .Issue(NoSurvey, LinkPurpose.Survey, singleUse: false).Token;

    /// <summary>
    /// Envelope endpoints (<c>POST /{FunctionName}</c>, one per non-HTTP function) need no row each:
    /// the Functions host calls them without a token, so every caller gets through.
    /// </summary>
    private static Row EnvelopeRow(string path) =>
        new(_ => new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(new { Data = new { }, Metadata = new { } }) },
            Everyone, MayFailInside: true);

    [Fact]
    public void EveryEndpointHasARowAndEveryRowAnEndpoint()
    {
        var endpoints = Endpoints().Select(e => e.Key).ToList();
        var missing = endpoints.Where(k => !Matrix.ContainsKey(k) && !IsEnvelope(k)).ToList();
        var stale = Matrix.Keys.Except(endpoints).ToList();

        Assert.True(missing.Count == 0, $"Endpoints without a row in {nameof(AuthorizationMatrixTests)}.{nameof(Matrix)}: {string.Join("; ", missing)}");
        Assert.True(stale.Count == 0, $"Rows for endpoints that do not exist: {string.Join("; ", stale)}");
    }

    [Fact]
    public async Task EveryEndpointAllowsAndDeniesEveryCallerAsTheMatrixSays()
    {
        var seed = await SeedAsync();
        var failures = new List<string>();
        foreach (var (key, path) in Endpoints())
        {
            var row = Matrix.GetValueOrDefault(key) ?? (IsEnvelope(key) ? EnvelopeRow(path) : null);
            if (row is null)
            {
                continue; // reported by EveryEndpointHasARowAndEveryRowAnEndpoint
            }
            foreach (var (caller, token) in NotSignedIn.Concat(SignedIn))
            {
                using var client = app.CreateClientWithToken(token());
                using var response = await client.SendAsync(row.Request(seed));
                var failure = Check(response, row.Allowed.Contains(caller), NotSignedIn.ContainsKey(caller), row.MayFailInside);
                if (failure is not null)
                {
                    failures.Add($"{key} as {caller}: {failure}");
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    private static string? Check(HttpResponseMessage response, bool allowed, bool notSignedIn, bool mayFailInside)
    {
        var status = (int)response.StatusCode;
        if (allowed)
        {
            return status is 401 or 403 ? $"expected through, got {status}"
                : status >= 500 && !mayFailInside ? $"expected through, got {status}"
                : null;
        }
        var expected = notSignedIn ? 401 : 403;
        if (status != expected)
        {
            return $"expected {expected}, got {status}";
        }
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"expected problem details, got {response.Content.Headers.ContentType}";
        }
        if (notSignedIn && !response.Headers.WwwAuthenticate.Any(h => h.Scheme == "Bearer"))
        {
            return "expected WWW-Authenticate: Bearer";
        }
        return null;
    }

    [Fact]
    public async Task EachDepartmentReadsWhatItMustAndNoMore()
    {
        var seed = await SeedAsync();
        var failures = new List<string>();
        foreach (var (number, readers) in new[] { (seed.Number, ComplaintReaders), (seed.Remote, RemoteReaders), (seed.Return, ReturnReaders), (seed.OnSite, OnSiteReaders) })
        {
            foreach (var (caller, token) in SignedIn)
            {
                using var client = app.CreateClientWithToken(token());
                var status = (await client.GetAsync($"/api/complaints/{number}")).StatusCode;
                var expected = readers.Contains(caller) ? HttpStatusCode.OK : HttpStatusCode.Forbidden;
                if (status != expected)
                {
                    failures.Add($"{number} as {caller}: expected {(int)expected}, got {(int)status}");
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    /// <summary>The seed, made once per fixture: every test of the class reads the same complaints.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<AppFixture, Task<Seed>> Seeds = new();

    private Task<Seed> SeedAsync() => Seeds.GetValue(app, _ => MakeSeedAsync());

    private async Task<Seed> MakeSeedAsync()
    {
        var owner = app.CreateClient(OwnerId, "李娜", Roles.Technician);
        async Task<ComplaintClient> TakeAsync(string customer)
        {
            var created = await owner.PostAsync("/api/complaints", JsonContent.Create(OwnIntake(customer))); // the owner takes it themselves
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var number = (await created.ReadJsonAsync())["number"]!.GetValue<string>();
            // The rest of the way is walked by 王芳, who holds every role.
            return await new ComplaintClient(app.CreateClient(), number, created.Headers.ETag!.Tag).RoutedAsync();
        }
        var triage = await TakeAsync("矩阵种子设备厂");
        var link = await (await owner.PostAsync($"/api/complaints/{triage.Number}/status-link", null)).ReadJsonAsync();
        var remote = await TakeAsync("矩阵远程客户");
        await remote.DoAsync("triage", new { path = "notQualityProblem", analysis = "使用不当" });
        await remote.DoAsync("resolution", new { summary = "电话指导" });
        var returned = await TakeAsync("矩阵退货客户");
        await returned.DoAsync("triage", new { path = "returnExchange", analysis = "外观不良" });
        var onSite = await TakeAsync("矩阵现场客户");
        await onSite.DoAsync("triage", new { path = "generalOnSite", analysis = "轴承" });
        return new Seed(triage.Number, link["token"]!.GetValue<string>(), remote.Number, returned.Number, returned.OpenStep("returnExchange"), onSite.Number);
    }

    private IEnumerable<(string Key, string Path)> Endpoints()
    {
        var source = app.Services.GetRequiredService<EndpointDataSource>();
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
        {
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"];
            foreach (var method in methods)
            {
                yield return ($"{method} {endpoint.RoutePattern.RawText}", endpoint.RoutePattern.RawText ?? "");
            }
        }
    }

    private bool IsEnvelope(string key) =>
        app.Services.GetRequiredService<AfterSales.Functions.FunctionCatalog>().NonHttp.Any(f => key == $"POST /{f.Name}");

    private static HttpRequestMessage Get(string path) => new(HttpMethod.Get, path);

    private static System.Text.Json.Nodes.JsonObject OwnIntake(string customer)
    {
        var body = System.Text.Json.JsonSerializer.SerializeToNode(Api.Intake(customer: customer), Api.Options)!.AsObject();
        body.Remove("takenBy");
        return body;
    }

    private static HttpRequestMessage Post(string path, object? body) =>
        new(HttpMethod.Post, path) { Content = body is null ? null : JsonContent.Create(body, options: Api.Options) };

    internal static object WebForm(string customer = "网上客户有限公司", string? phone = "13700000000", string? demand = null, string? description = null) => new
    {
        kind = "complaint",
        customer = new { name = customer, contact = "陈先生", phone, province = "浙江" },
        product = "CNC-850",
        customerDemand = demand ?? "请尽快联系",
        description = description ?? "设备无法启动",
    };
}
