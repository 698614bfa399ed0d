using System.Globalization;
using System.Security.Claims;
using AfterSales.Access;
using AfterSales.Departments;
using AfterSales.Web;
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

    public static CustomerView From(StoredCustomer s, CustomerOptions options)
    {
        var c = s.Card;
        return new(c.Id, c.Name, c.Address, c.Province, c.Phone, c.Fax, c.LegalRepresentative, c.ContactPerson, c.ContactPhone,
            c.AnnualPurchaseAmount, c.EnterpriseType, c.EnterpriseType?.Name(), c.Products, c.Grade, c.Grade.Name(), c.GradeReason,
            GradeSuggestions.Suggest(c.AnnualPurchaseAmount, options), c.Notes, c.RegisteredAt, c.RegisteredBy, s.Version);
    }
}

public static class CustomersApi
{
    public static IEndpointRouteBuilder MapCustomersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/customers").WithTags("Customers");
        api.MapPost("/", CreateAsync).WithName("CreateCustomer")
            .WithSummary("Register a customer card (顾客资料卡); with an Idempotency-Key, a repeat returns the same customer. possibleDuplicates lists cards with the same name or phone.");
        api.MapGet("/", ListAsync).WithName("ListCustomers")
            .WithSummary("List or search customers by q (name, contact or phone), name, phone (beginning or last 4+ digits), contact and grade.");
        api.MapGet("/{id}", GetAsync).WithName("GetCustomer").WithSummary("A customer card; the ETag is its version.");
        api.MapPut("/{id}", UpdateAsync).WithName("UpdateCustomer")
            .WithSummary("Change a customer card (If-Match: its ETag); a new grade needs gradeReason.");
        api.MapGet("/{id}/history", HistoryAsync).WithName("GetCustomerHistory")
            .WithSummary("Every change to a customer card: who, when, what changed from what to what, and why.");
        api.MapPost("/{id}/visits", AddVisitAsync).WithName("RecordCustomerVisit")
            .WithSummary("Record a customer's visit (顾客来访记录表); with an Idempotency-Key, a repeat returns the same visit.");
        api.MapGet("/{id}/visits", ListVisitsAsync).WithName("ListCustomerVisits")
            .WithSummary("A customer's visits, the latest first.");
        return app;
    }

    internal static async Task<Results<Created<CustomerView>, Ok<CustomerView>>> CreateAsync(
        NewCustomer customer,
        [FromHeader(Name = Idempotency.KeyHeader)] string? idempotencyKey,
        CustomerDirectory directory,
        CustomerDuplicates duplicates,
        IOptions<CustomerOptions> options,
        ClaimsPrincipal user,
        HttpContext http,
        CancellationToken ct)
    {
        var (stored, replayed) = await directory.CreateAsync(customer, user.ActingStaff(), idempotencyKey, ct);
        http.Response.Headers.ETag = Versions.ETag(stored.Version);
        var found = await duplicates.FindAsync(stored.Card, ct);
        var view = CustomerView.From(stored, options.Value) with { PossibleDuplicates = found.Count == 0 ? null : found };
        return Idempotency.CreatedOrReplayed(http, replayed, $"/api/customers/{stored.Card.Id}", view);
    }

    internal static async Task<Results<Ok<CustomerView>, ProblemHttpResult>> GetAsync(
        string id, CustomerDirectory directory, IOptions<CustomerOptions> options, HttpContext http, CancellationToken ct)
    {
        var (stored, problem) = await FindAsync(id, directory, ct);
        if (problem is not null)
        {
            return problem;
        }
        http.Response.Headers.ETag = Versions.ETag(stored!.Version);
        return TypedResults.Ok(CustomerView.From(stored, options.Value));
    }

    internal static async Task<Results<Ok<CustomerView>, ProblemHttpResult>> UpdateAsync(
        string id,
        CustomerUpdate update,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        CustomerDirectory directory,
        IOptions<CustomerOptions> options,
        ClaimsPrincipal user,
        HttpContext http,
        CancellationToken ct)
    {
        var (found, problem) = await FindAsync(id, directory, ct);
        if (problem is not null)
        {
            return problem;
        }
        var stored = found!;
        if (string.IsNullOrWhiteSpace(ifMatch))
        {
            return TypedResults.Problem($"Send If-Match with the ETag of the card you changed (GET /api/customers/{id}), so no one else's change is overwritten.",
                statusCode: StatusCodes.Status428PreconditionRequired, title: "If-Match is required.");
        }
        // Strong comparison (RFC 9110): W/"1" never matches; a list matches if any tag does.
        if (!ifMatch.Split(',').Any(tag => tag.Trim() == Versions.ETag(stored.Version)))
        {
            return Stale(id, stored.Version);
        }
        try
        {
            var saved = await directory.UpdateAsync(stored, update, user.ActingStaff(), ct);
            http.Response.Headers.ETag = Versions.ETag(saved.Version);
            return TypedResults.Ok(CustomerView.From(saved, options.Value));
        }
        catch (CustomerChangedException)
        {
            var current = await directory.GetAsync(id, ct);
            return Stale(id, current?.Version ?? stored.Version);
        }
    }

    internal static async Task<Results<Ok<Page<CustomerView>>, ProblemHttpResult>> ListAsync(
        string? q,
        string? name,
        string? phone,
        string? contact,
        string? grade,
        int? pageSize,
        string? continuationToken,
        CustomerSearch search,
        IOptions<CustomerOptions> options,
        CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        CheckPageSize(errors, pageSize);
        CustomerGrade? g = null;
        if (grade is not null)
        {
            if (TryParseGrade(grade, out var parsed))
            {
                g = parsed;
            }
            else
            {
                CustomerRules.Add(errors, "grade", $"'{grade}' is not a grade; grades are key (重点), ordinary (一般) and potential (潜在).");
            }
        }
        CustomerRules.ThrowIf(errors);
        var (items, next) = await search.SearchAsync(new CustomerQuery(q, name, phone, contact, g), pageSize ?? 50, continuationToken, ct);
        return TypedResults.Ok(new Page<CustomerView>([.. items.Select(i => CustomerView.From(i, options.Value))], next));
    }

    internal static async Task<Results<Ok<IReadOnlyList<CustomerEvent>>, ProblemHttpResult>> HistoryAsync(
        string id, CustomerDirectory directory, CustomerStore store, CancellationToken ct)
    {
        var (_, problem) = await FindAsync(id, directory, ct);
        if (problem is not null)
        {
            return problem;
        }
        return TypedResults.Ok(await store.GetEventsAsync(id, ct));
    }

    internal static async Task<Results<Created<VisitRecord>, Ok<VisitRecord>, ProblemHttpResult>> AddVisitAsync(
        string id, NewVisit visit, [FromHeader(Name = Idempotency.KeyHeader)] string? idempotencyKey,
        CustomerDirectory directory, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var (_, problem) = await FindAsync(id, directory, ct);
        if (problem is not null)
        {
            return problem;
        }
        var (record, replayed) = await directory.RecordVisitAsync(id, visit, user.ActingStaff(), idempotencyKey, ct);
        if (replayed)
        {
            http.Response.MarkReplayed();
            return TypedResults.Ok(record);
        }
        return TypedResults.Created($"/api/customers/{id}/visits", record);
    }

    internal static async Task<Results<Ok<Page<VisitRecord>>, ProblemHttpResult>> ListVisitsAsync(
        string id, int? pageSize, string? continuationToken, CustomerDirectory directory, CustomerStore store, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        CheckPageSize(errors, pageSize);
        CustomerRules.ThrowIf(errors);
        var (_, problem) = await FindAsync(id, directory, ct);
        if (problem is not null)
        {
            return problem;
        }
        var (items, next) = await store.ListVisitsAsync(id, pageSize ?? 50, continuationToken, ct);
        return TypedResults.Ok(new Page<VisitRecord>(items, next));
    }

    private static async Task<(StoredCustomer? Customer, ProblemHttpResult? Problem)> FindAsync(string id, CustomerDirectory directory, CancellationToken ct)
    {
        if (!CustomerIds.IsValid(id))
        {
            return (null, Problems.BadRequest($"'{id}' is not a customer id; ids look like CU7K3M9Q2XAB."));
        }
        var stored = await directory.GetAsync(id, ct);
        return stored is null ? (null, Problems.NotFound($"There is no customer {id}.")) : (stored, null);
    }

    private static ProblemHttpResult Stale(string id, int current) =>
        TypedResults.Problem($"Customer {id} changed since you read it; it is now at version {current.ToString(CultureInfo.InvariantCulture)}. Read it again, apply your change and send its new ETag.",
            statusCode: StatusCodes.Status412PreconditionFailed, title: "The customer changed since you read it.");

    private static void CheckPageSize(Dictionary<string, string[]> errors, int? pageSize)
    {
        if (pageSize is < 1 or > 200)
        {
            CustomerRules.Add(errors, "pageSize", "pageSize is between 1 and 200 (default 50).");
        }
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
