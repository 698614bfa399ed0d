using System.Security.Claims;
using AfterSales.Attachments;
using AfterSales.Complaints;
using AfterSales.Kernel;
using AfterSales.Records;
using AfterSales.WorkItems;
using Microsoft.Extensions.Options;

namespace AfterSales.FieldService;

/// <summary>Who sees and fills a visit: its technicians, the technical center that sends them, marketing that dispatches, quality, supervisors and management.</summary>
public static class VisitAccess
{
    private static readonly string[] Readers = [Roles.Technical, Roles.Marketing, Roles.Quality, Roles.Supervisor, Roles.Management];

    /// <summary>Whether the user sees every visit (the departments following them), not only their own.</summary>
    public static bool SeesAll(ClaimsPrincipal user) => Readers.Any(user.IsInRole);

    public static void DemandRead(ClaimsPrincipal user, Visit v)
    {
        if (!(v.Technicians.Any(t => t.Id == user.ToStaff()?.Id) || SeesAll(user)))
        {
            throw new AccessDeniedException($"{v.Id} is visible to its technicians, the technical center, marketing, quality, supervisors and management.");
        }
    }

    /// <summary>The card is filled by the visit's technicians, the technical center and supervisors.</summary>
    public static void DemandFill(ClaimsPrincipal user, Visit v)
    {
        DemandRead(user, v);
        if (!(v.Technicians.Any(t => t.Id == user.ToStaff()?.Id) || user.IsInRole(Roles.Technical) || user.IsInRole(Roles.Supervisor)))
        {
            throw new AccessDeniedException($"The card of {v.Id} is filled by its technicians ({string.Join(", ", v.Technicians.Select(t => t.Name))}), the technical center and supervisors.");
        }
    }

    /// <summary>Technicians are sent by the technical center, marketing (dispatch) and supervisors.</summary>
    public static void DemandDispatch(ClaimsPrincipal user, Visit v)
    {
        DemandRead(user, v);
        if (!(user.IsInRole(Roles.Technical) || user.IsInRole(Roles.Marketing) || user.IsInRole(Roles.Supervisor)))
        {
            throw new AccessDeniedException("Technicians are sent by the technical center, marketing and supervisors.");
        }
    }
}

/// <summary>One line of a technician's own list: the visit's inbox row.</summary>
public sealed record MyVisit(string Id, string Subject, string? Stage, DateTimeOffset DueAt, bool Overdue);

/// <summary>Visits through the record store: opened from a dispatch, drafts of the card, completion; a technician's own list.</summary>
public sealed class Visits(RecordStore<Visit> store, AttachmentFiles attachments, RecordStore<Complaint> complaintStore,
    ComplaintService complaints, FieldWorkIndex index, TimeProvider clock, IOptions<FieldServiceOptions> options)
{
    public RecordStore<Visit> Store => store;

    private FieldServiceOptions Settings => options.Value;

    /// <summary>The visit a dispatch opens: <c>FV-</c>, the complaint's month and serial, and the dispatch's place in its history.</summary>
    public static string IdFor(string complaintNumber, int sequence) => $"FV-{complaintNumber[3..]}-{sequence}";

    public static void Demand(string id)
    {
        if (id is not { Length: > 15 and < 30 } || !id.StartsWith("FV-", StringComparison.Ordinal) || !id[3..].All(c => char.IsAsciiDigit(c) || c == '-'))
        {
            throw ValidationException.For("id", $"'{id}' is not a visit number; they look like FV-202611-0042-7.");
        }
    }

    /// <summary>Opens the visit of a dispatch, once (a repeated event finds it there).</summary>
    public async Task OpenAsync(RecordEvent dispatched, CancellationToken ct)
    {
        var d = dispatched.Read<TechnicianDispatched>();
        var id = IdFor(dispatched.RecordId, dispatched.Sequence);
        if (await store.GetAsync(id, ct) is not null || await complaintStore.GetAsync(dispatched.RecordId, ct) is not { Record: var c })
        {
            return;
        }
        var opened = VisitRules.Open(id, c.Number, c.Customer.Name, d.Technician, d.DueAt, dispatched.By, dispatched.At);
        await store.CreateAsync(opened.Record, opened.Events, key: null, ct);
    }

    public async Task<Stored<Visit>> LoadAsync(string id, ClaimsPrincipal user, CancellationToken ct)
    {
        Demand(id);
        var stored = await store.GetAsync(id, ct) ?? throw RecordChanges.NotFound(store, id);
        VisitAccess.DemandRead(user, stored.Record);
        return stored;
    }

    public Task<ChangeOutcome<Visit>> SaveCardAsync(string id, ServiceCardDraft draft, ClaimsPrincipal user, Func<IfMatch> condition, string? key, CancellationToken ct) =>
        ChangeAsync(id, "saveCard", draft, VisitAccess.DemandFill, v => VisitRules.SaveCard(v, draft, user.ActingStaff(), clock.GetUtcNow(), Settings.LabourRatePerHour, Settings.OnSiteLimit),
            user, condition, key, ct);

    public Task<ChangeOutcome<Visit>> AddTechnicianAsync(string id, Staff? technician, ClaimsPrincipal user, Func<IfMatch> condition, string? key, CancellationToken ct) =>
        ChangeAsync(id, "addTechnician", new { technician }, VisitAccess.DemandDispatch, v => VisitRules.AddTechnician(v, technician, user.ActingStaff(), clock.GetUtcNow()),
            user, condition, key, ct);

    public async Task<ChangeOutcome<Visit>> CompleteAsync(string id, ClaimsPrincipal user, Func<IfMatch> condition, string? key, CancellationToken ct)
    {
        Demand(id);
        var current = await store.GetAsync(id, ct) ?? throw RecordChanges.NotFound(store, id);
        var attached = current.Record.Card.SignedCard is { } card && await attachments.IsAttachedAsync(VisitRecords.Kind, id, card, ct);
        return await ChangeAsync(id, "complete", new { }, VisitAccess.DemandFill,
            v => VisitRules.Complete(v, attached && v.Card.SignedCard == current.Record.Card.SignedCard, user.ActingStaff(), clock.GetUtcNow(), Settings.LabourRatePerHour),
            user, condition, key, ct);
    }

    /// <summary>
    /// A technician's own visits not yet completed, earliest due first (so the overdue ones lead):
    /// their partition of the field-work index, where every technician of a visit has a row (the
    /// first and a second one alike). One partition query, at most <see cref="FieldWorkIndex.MineLimit"/>.
    /// </summary>
    public async Task<IReadOnlyList<MyVisit>> MineAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var open = await index.OpenVisitsOfAsync(user.ActingStaff().Id, ct);
        return [.. open.Select(s => new MyVisit(s.Id, s.Subject, s.Stage, s.DueAt ?? now, s.Overdue))];
    }

    /// <summary>
    /// The visits of a complaint, paged: for whoever may read the complaint; a technician sees
    /// the visits they are on (the departments following visits see them all).
    /// </summary>
    public async Task<Page<FieldWorkSummary>> OfComplaintAsync(string number, ClaimsPrincipal user, int? pageSize, string? continuationToken, CancellationToken ct)
    {
        var size = PageSize.Check(pageSize);
        if (!ComplaintNumber.IsValid(number))
        {
            throw ValidationException.For("complaintNumber", "Give the complaint's number (KS-202611-0042).");
        }
        await complaints.LoadAsync(number, user, ct);
        var page = await index.PageAsync(FieldWorkIndex.ByComplaint(number), VisitRecords.Kind, null, size, continuationToken, ct);
        var me = user.ActingStaff().Id;
        return VisitAccess.SeesAll(user) ? page : page with { Items = [.. page.Items.Where(v => v.TechnicianIds.Contains(me))] };
    }

    private Task<ChangeOutcome<Visit>> ChangeAsync(string id, string action, object request, Action<ClaimsPrincipal, Visit> authorize, Func<Visit, Change<Visit>> apply,
        ClaimsPrincipal user, Func<IfMatch> condition, string? key, CancellationToken ct)
    {
        Demand(id);
        return store.ExecuteAsync(new ChangeRequest<Visit>(id, apply)
        {
            Authorize = v => authorize(user, v),
            Condition = condition,
            Key = IdempotencyKey.From(key, user.ActingStaff().Id, action, request),
        }, ct);
    }
}
