using AfterSales.Kernel;
using AfterSales.Records;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace AfterSales.Customers;

/// <summary>A customer card as the API shows it: the card, names to read, the suggested grade and the version.</summary>
public sealed record CustomerView(
    string Id,
    string Name,
    string? Address,
    string? Province,
    string? Phone,
    string? Fax,
    string? LegalRepresentative,
    string? ContactPerson,
    string? ContactPhone,
    decimal? AnnualPurchaseAmount,
    EnterpriseType? EnterpriseType,
    DisplayName? EnterpriseTypeName,
    IReadOnlyList<PurchasedProduct> Products,
    CustomerGrade Grade,
    DisplayName GradeName,
    string? GradeReason,
    GradeSuggestion? SuggestedGrade,
    string? Notes,
    DateTimeOffset RegisteredAt,
    Staff RegisteredBy,
    int Version)
{
    /// <summary>On registration only: other cards with the same name or phone (absent when none).</summary>
    public IReadOnlyList<PossibleDuplicate>? PossibleDuplicates { get; init; }

    public static CustomerView From(Stored<CustomerCard> s, CustomerOptions options)
    {
        var c = s.Record;
        return new(c.Id, c.Name, c.Address, c.Province, c.Phone, c.Fax, c.LegalRepresentative, c.ContactPerson, c.ContactPhone,
            c.AnnualPurchaseAmount, c.EnterpriseType, c.EnterpriseType?.Name(), c.Products, c.Grade, c.Grade.Name(), c.GradeReason,
            GradeSuggestions.Suggest(c.AnnualPurchaseAmount, options), c.Notes, c.RegisteredAt, c.RegisteredBy, s.Version);
    }
}

/// <summary>What the customer endpoints use, bound as one parameter.</summary>
public sealed record CustomerApiServices([FromServices] CustomerDirectory Directory, [FromServices] IOptions<CustomerOptions> Options, HttpContext Http)
{
    public CancellationToken Cancellation => Http.RequestAborted;

    /// <summary>The card as the API shows it, with its version as the ETag.</summary>
    public CustomerView View(Stored<CustomerCard> stored)
    {
        Http.Response.Headers.ETag = Versions.ETag(stored.Version);
        return CustomerView.From(stored, Options.Value);
    }
}

public static class CustomersApi
{
    public static IEndpointRouteBuilder MapCustomersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/customers").WithTags("Customers").ProducesProblems(400, 401, 403);
        api.MapPost("/", CreateAsync).WithName("CreateCustomer")
            .WithSummary("Register a customer card (顾客资料卡); with an Idempotency-Key, a repeat returns the same customer. possibleDuplicates lists cards with the same name or phone.");
        api.MapGet("/", ListAsync).WithName("ListCustomers")
            .WithSummary("List or search customers by q (name, contact or phone), name, phone (beginning or last 4+ digits), contact and grade.");
        api.MapGet("/{id}", GetAsync).WithName("GetCustomer").WithSummary("A customer card; the ETag is its version.").ProducesProblems(404);
        api.MapPut("/{id}", UpdateAsync).WithName("UpdateCustomer")
            .WithSummary("Change a customer card (If-Match: its ETag); a new grade needs gradeReason.").ProducesProblems(404, 412, 428);
        api.MapGet("/{id}/history", HistoryAsync).WithName("GetCustomerHistory")
            .WithSummary("Every change to a customer card: who, when, what changed from what to what, and why.").ProducesProblems(404);
        api.MapPost("/{id}/visits", AddVisitAsync).WithName("RecordCustomerVisit")
            .WithSummary("Record a customer's visit (顾客来访记录表); with an Idempotency-Key, a repeat returns the same visit.").ProducesProblems(404);
        api.MapGet("/{id}/visits", ListVisitsAsync).WithName("ListCustomerVisits")
            .WithSummary("A customer's visits, the latest first.").ProducesProblems(404);
        return app;
    }

    internal static async Task<Results<Created<CustomerView>, Ok<CustomerView>>> CreateAsync(
        NewCustomer customer, [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey, CustomerDuplicates duplicates, [AsParameters] CustomerApiServices s)
    {
        var (stored, replayed) = await s.Directory.CreateAsync(customer, s.Http.User.ActingStaff(), idempotencyKey, s.Cancellation);
        var found = await duplicates.FindAsync(stored.Record, s.Cancellation);
        var view = s.View(stored) with { PossibleDuplicates = found.Count == 0 ? null : found };
        return Idempotency.CreatedOrReplayed(s.Http, replayed, $"/api/customers/{stored.Record.Id}", view);
    }

    internal static async Task<Ok<CustomerView>> GetAsync(string id, [AsParameters] CustomerApiServices s) =>
        TypedResults.Ok(s.View(await s.Directory.GetAsync(id, s.Cancellation)));

    internal static async Task<Ok<CustomerView>> UpdateAsync(string id, CustomerUpdate update, [AsParameters] CustomerApiServices s)
    {
        var stored = await s.Directory.GetAsync(id, s.Cancellation);
        if (!Versions.FromIfMatch(s.Http.Request).Matches(stored.Version))
        {
            throw s.Directory.Stale(id);
        }
        return TypedResults.Ok(s.View(await s.Directory.UpdateAsync(stored, update, s.Http.User.ActingStaff(), s.Cancellation)));
    }

    internal static async Task<Ok<Page<CustomerView>>> ListAsync(
        string? q, string? name, string? phone, string? contact, string? grade, int? pageSize, string? continuationToken,
        CustomerSearch search, [AsParameters] CustomerApiServices s)
    {
        var errors = new ErrorList();
        var size = PageSize.Check(pageSize, errors);
        CustomerGrade? g = null;
        if (grade is not null)
        {
            if (TryParseGrade(grade, out var parsed))
            {
                g = parsed;
            }
            else
            {
                errors.Add("grade", $"'{grade}' is not a grade; grades are key (重点), ordinary (一般) and potential (潜在).");
            }
        }
        errors.ThrowIfAny();
        var (items, next) = await search.SearchAsync(new CustomerQuery(q, name, phone, contact, g), size, continuationToken, s.Cancellation);
        return TypedResults.Ok(new Page<CustomerView>([.. items.Select(i => CustomerView.From(i, s.Options.Value))], next));
    }

    internal static async Task<Ok<IReadOnlyList<RecordEvent>>> HistoryAsync(string id, RecordStore<CustomerCard> store, [AsParameters] CustomerApiServices s)
    {
        await s.Directory.GetAsync(id, s.Cancellation);
        return TypedResults.Ok(await store.GetEventsAsync(id, s.Cancellation));
    }

    internal static async Task<Results<Created<VisitRecord>, Ok<VisitRecord>>> AddVisitAsync(
        string id, NewVisit visit, [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey, CustomerVisits visits, [AsParameters] CustomerApiServices s)
    {
        await s.Directory.GetAsync(id, s.Cancellation);
        var (record, replayed) = await visits.RecordAsync(id, visit, s.Http.User.ActingStaff(), idempotencyKey, s.Cancellation);
        return Idempotency.CreatedOrReplayed(s.Http, replayed, $"/api/customers/{id}/visits", record);
    }

    internal static async Task<Ok<Page<VisitRecord>>> ListVisitsAsync(string id, int? pageSize, string? continuationToken, CustomerVisits visits, [AsParameters] CustomerApiServices s)
    {
        var size = PageSize.Check(pageSize);
        await s.Directory.GetAsync(id, s.Cancellation);
        return TypedResults.Ok(await visits.ListAsync(id, size, continuationToken, s.Cancellation));
    }

    private static bool TryParseGrade(string text, out CustomerGrade grade)
    {
        foreach (var g in Enum.GetValues<CustomerGrade>())
        {
            var name = g.Name();
            if (string.Equals(text, g.ToString(), StringComparison.OrdinalIgnoreCase) || text == name.Zh || text == name.Zh[..2])
            {
                grade = g;
                return true;
            }
        }
        grade = default;
        return false;
    }
}
