using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using AfterSales.Access;
using AfterSales.Complaints;
using AfterSales.Customers;
using AfterSales.Kernel;
using AfterSales.Records;
using AfterSales.WorkItems;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace AfterSales.Surveys;

/// <summary>A survey made on site with the technician, or by marketing for one customer.</summary>
public sealed record NewSurvey(string? ComplaintNumber, string? CustomerId, string? CustomerName, string? Product, string? Language);

/// <summary>A yearly round (年度满意度调查): every customer on file gets a survey.</summary>
public sealed record NewRound(int? Year, string? Language);

public sealed record RoundStarted(string Round, int Customers, int Sent, int AlreadySent);

/// <summary>The customer's own link to a survey.</summary>
public sealed record SurveyLink(string Token, string Url, string PageUrl, DateTimeOffset ExpiresAt);

/// <summary>
/// Surveys through the record store: sent after a service (one per complaint, whichever of the
/// visit's completion or the customer's confirmation comes first), in yearly rounds (one per
/// customer and round), or made on site; answered once, by the customer's link or on site;
/// followed up by marketing after a low score.
/// </summary>
public sealed class SurveyService(RecordStore<Survey> store, RecordStore<Complaint> complaints, RecordStore<CustomerCard> customers,
    CustomerLinks links, TimeProvider clock, IOptions<SurveyOptions> options, IOptions<ServiceOptions> service)
{
    /// <summary>Who answers through a link: the customer, who never signs in.</summary>
    public static readonly Staff Customer = new("customer", "顾客");

    public SurveyTemplate Template => SurveyTemplate.Default;

    public RecordStore<Survey> Store => store;

    /// <summary>Sends the survey about a complaint's service, once: a second call finds the first.</summary>
    public async Task<Stored<Survey>?> SendAfterServiceAsync(string complaintNumber, CancellationToken ct)
    {
        if (await complaints.GetAsync(complaintNumber, ct) is not { Record: var c })
        {
            return null;
        }
        var id = SurveyIds.From("complaint|" + c.Number);
        if (await store.GetAsync(id, ct) is { } existing)
        {
            return existing;
        }
        var facts = await FactsOfAsync(c, SurveyOccasion.Service, language: null, ct);
        var sent = SurveyRules.Send(id, facts, Template, SystemActor.Instance, clock.GetUtcNow());
        return await store.CreateAsync(sent.Record, sent.Events, key: null, ct) ?? await store.GetAsync(id, ct);
    }

    /// <summary>
    /// A survey made by a person: about a complaint (the same survey its service sends, so the
    /// customer is asked once), or for a customer named; an idempotency key makes a retry find it.
    /// </summary>
    public async Task<(Stored<Survey> Survey, bool Existing)> CreateAsync(NewSurvey r, ClaimsPrincipal user, string? idempotencyKey, CancellationToken ct)
    {
        var by = user.ActingStaff();
        var errors = new ErrorList();
        errors.AddIf(r.ComplaintNumber is not null && !ComplaintNumber.IsValid(r.ComplaintNumber), "complaintNumber", "Give a complaint number such as KS-202611-0042.");
        errors.AddIf(r.ComplaintNumber is null && TextLimits.IsBlank(r.CustomerName) && TextLimits.IsBlank(r.CustomerId), "customerName", "Name the customer, or give the complaint number.");
        TextLimits.Check(errors, "customerName", r.CustomerName, TextLimits.Name);
        TextLimits.Check(errors, "customerId", r.CustomerId, TextLimits.Name);
        TextLimits.Check(errors, "product", r.Product, TextLimits.Name);
        errors.AddIf(r.Language is not null && !SurveyRules.Languages.Contains(r.Language), "language", "zh-CN or en.");
        errors.ThrowIfAny();
        SurveyFacts facts;
        string id;
        if (r.ComplaintNumber is { } number)
        {
            var c = (await complaints.GetAsync(number, ct) ?? throw new NotFoundException($"There is no complaint {number}.")).Record;
            id = SurveyIds.From("complaint|" + c.Number);
            if (await store.GetAsync(id, ct) is { } existing)
            {
                return (existing, true);
            }
            facts = await FactsOfAsync(c, SurveyOccasion.OnSite, r.Language, ct);
        }
        else
        {
            var card = r.CustomerId is null ? null : await customers.GetAsync(r.CustomerId.Trim(), ct)
                ?? throw ValidationException.For("customerId", $"There is no customer {r.CustomerId}.");
            var key = IdempotencyKey.From(idempotencyKey, by.Id, "createSurvey", r);
            id = key is null ? SurveyIds.New() : SurveyIds.From("key|" + key.Hash);
            if (await store.GetAsync(id, ct) is { } existing)
            {
                return (existing, true);
            }
            facts = new(SurveyOccasion.OnSite, ServiceRound(), null,
                new SurveyCustomer(card?.Record.Id, card?.Record.Name ?? r.CustomerName!.Trim(), card?.Record.Grade), Trim(r.Product), null, SurveyRules.LanguageOf(r.Language));
        }
        var sent = SurveyRules.Send(id, facts, Template, by, clock.GetUtcNow());
        return await store.CreateAsync(sent.Record, sent.Events, key: null, ct) is { } created ? (created, false) : (await store.GetAsync(id, ct) ?? throw new InvalidOperationException($"{id} vanished."), true);
    }

    /// <summary>
    /// Starts (or finishes, when run again) a yearly round: one survey per customer on file, its id
    /// derived from round and customer, so a repeat sends nobody a second one.
    /// </summary>
    public async Task<RoundStarted> StartRoundAsync(NewRound r, ClaimsPrincipal user, CancellationToken ct)
    {
        var year = r.Year ?? 0;
        if (year < 2000 || year > 2100)
        {
            throw ValidationException.For("year", "Give the round's year, e.g. 2026.");
        }
        if (r.Language is not null && !SurveyRules.Languages.Contains(r.Language))
        {
            throw ValidationException.For("language", "zh-CN or en.");
        }
        var by = user.ActingStaff();
        var round = year.ToString(CultureInfo.InvariantCulture);
        var (count, sent) = (0, 0);
        var filter = TableClient.CreateQueryFilter($"RowKey eq {RecordStore<CustomerCard>.RecordRow}");
        await foreach (var row in customers.Table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            var card = RecordStore<CustomerCard>.Read(row).Record;
            count++;
            var id = SurveyIds.From($"round|{round}|{card.Id}");
            var facts = new SurveyFacts(SurveyOccasion.Round, round, null, new SurveyCustomer(card.Id, card.Name, card.Grade), null, null, SurveyRules.LanguageOf(r.Language));
            var made = SurveyRules.Send(id, facts, Template, by, clock.GetUtcNow());
            if (await store.CreateAsync(made.Record, made.Events, key: null, ct) is not null)
            {
                sent++;
            }
        }
        return new(round, count, sent, count - sent);
    }

    /// <summary>The customer answers through their link: the link must be genuine and unexpired, the version the page showed current.</summary>
    public async Task<Stored<Survey>> AnswerByLinkAsync(string token, GivenAnswer given, Func<IfMatch> condition, CancellationToken ct)
    {
        var id = Verify(token);
        var outcome = await store.ExecuteAsync(new ChangeRequest<Survey>(id,
            s => SurveyRules.Answer(s, given, Template, AnswerChannel.Link, Customer, clock.GetUtcNow(), options.Value.FollowUpLimit))
        {
            Condition = condition,
        }, ct);
        return outcome.Stored;
    }

    /// <summary>The technician (or marketing) fills the survey with the customer on site.</summary>
    public Task<ChangeOutcome<Survey>> AnswerOnSiteAsync(string id, GivenAnswer given, ClaimsPrincipal user, Func<IfMatch> condition, string? idempotencyKey, CancellationToken ct)
    {
        SurveyIds.Demand(id);
        var by = user.ActingStaff();
        return store.ExecuteAsync(new ChangeRequest<Survey>(id, s => SurveyRules.Answer(s, given, Template, AnswerChannel.OnSite, by, clock.GetUtcNow(), options.Value.FollowUpLimit))
        {
            Condition = condition,
            Key = IdempotencyKey.From(idempotencyKey, by.Id, "answerSurvey", given),
        }, ct);
    }

    public Task<ChangeOutcome<Survey>> FollowUpAsync(string id, FollowUp f, ClaimsPrincipal user, Func<IfMatch> condition, string? idempotencyKey, CancellationToken ct)
    {
        SurveyIds.Demand(id);
        var by = user.ActingStaff();
        return store.ExecuteAsync(new ChangeRequest<Survey>(id, s => SurveyRules.FollowUp(s, f, by, clock.GetUtcNow()))
        {
            Condition = condition,
            Key = IdempotencyKey.From(idempotencyKey, by.Id, "followUpSurvey", f),
        }, ct);
    }

    /// <summary>A fresh link for the customer (each valid until its own expiry, <c>CustomerLinks:SurveyLifetime</c>).</summary>
    public SurveyLink Link(Survey s)
    {
        var link = links.Issue(s.Id, LinkPurpose.Survey, singleUse: false);
        return new(link.Token, $"/api/public/surveys/{link.Token}", $"/api/public/surveys/{link.Token}/page", link.ExpiresAt);
    }

    /// <summary>The survey a link is for; 403 saying only "not valid" or "expired" for any other token.</summary>
    public string Verify(string token)
    {
        var check = links.Verify(token, LinkPurpose.Survey);
        return check.Link is { } link && SurveyIds.IsValid(link.Number) ? link.Number : throw new AccessDeniedException(check.Explanation);
    }

    public async Task<Stored<Survey>> LoadAsync(string id, CancellationToken ct)
    {
        SurveyIds.Demand(id);
        return await store.GetAsync(id, ct) ?? throw RecordChanges.NotFound(store, id);
    }

    private async Task<SurveyFacts> FactsOfAsync(Complaint c, SurveyOccasion occasion, string? language, CancellationToken ct)
    {
        var card = c.Customer.CustomerId is { } cid ? await customers.GetAsync(cid, ct) : null;
        // The department that did the work: the last step done that was not triage, confirmation or revisit.
        var worked = c.Steps.LastOrDefault(s => s.Outcome == StepOutcome.Done
            && !s.Is(StepKind.Triage) && !s.Is(StepKind.CustomerConfirmation) && !s.Is(StepKind.Revisit) && !s.Is(StepKind.ArrivalPromise));
        return new(occasion, ServiceRound(), c.Number, new SurveyCustomer(c.Customer.CustomerId, c.Customer.Name, card?.Record.Grade),
            c.Details.Product, worked?.Department, SurveyRules.LanguageOf(language));
    }

    /// <summary>Surveys after services make up one round a year: <c>2026-service</c>.</summary>
    private string ServiceRound() =>
        TimeZoneInfo.ConvertTime(clock.GetUtcNow(), service.Value.Zone()).Year.ToString(CultureInfo.InvariantCulture) + "-service";

    private static string? Trim(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

/// <summary>Survey numbers: <c>SV-</c> and ten Crockford base-32 characters, random or derived from what the survey is about.</summary>
public static class SurveyIds
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string New() => Format(RandomNumberGenerator.GetBytes(8));

    public static string From(string source) => Format(SHA256.HashData(Encoding.UTF8.GetBytes("survey|" + source)));

    public static bool IsValid(string? id) => id is { Length: 13 } && id.StartsWith("SV-", StringComparison.Ordinal) && id[3..].All(Alphabet.Contains);

    public static void Demand(string id)
    {
        if (!IsValid(id))
        {
            throw ValidationException.For("id", $"'{id}' is not a survey number; they look like SV-7K3M9Q2XAB.");
        }
    }

    private static string Format(byte[] bytes)
    {
        var value = 0UL;
        for (var i = 0; i < 7; i++)
        {
            value = (value << 8) | bytes[i];
        }
        var b = new StringBuilder("SV-", 13);
        for (var shift = 45; shift >= 0; shift -= 5)
        {
            b.Append(Alphabet[(int)((value >> shift) & 31)]);
        }
        return b.ToString();
    }
}
