using AfterSales.Customers;
using AfterSales.Kernel;
using AfterSales.Records;
using Microsoft.Extensions.Options;

namespace AfterSales.Complaints;

/// <summary>
/// What the employee taking a complaint records (the 投诉受理单). <see cref="ReceivedAt"/> is when
/// the customer called or wrote (default: now): the customer's promise counts from it, so a
/// complaint typed in after the call keeps its real start; a call older than the late-entry window
/// needs <see cref="LateEntryReason"/>. <see cref="Urgent"/> flags an urgent event (紧急事件).
/// </summary>
public sealed record IntakeRequest(
    WorkKind? Kind,
    Channel? Channel,
    CustomerFacts? Customer,
    string? Product,
    string? OrderNumber,
    string? PartNumber,
    DateOnly? ShippingDate,
    int? Quantity,
    int? DefectiveQuantity,
    string? CustomerDemand,
    string? Description,
    Staff? TakenBy,
    NewCustomer? RegisterCustomer = null,
    DateTimeOffset? ReceivedAt = null,
    string? LateEntryReason = null,
    bool? Urgent = null,
    string? UrgentReason = null);

/// <summary>
/// The intake as recorded with its number: enough to create the complaint at any later time.
/// <see cref="ReceivedAt"/> is when it was recorded (the call's own time is in the request).
/// </summary>
internal sealed record IntakeRecord(IntakeRequest Request, Staff TakenBy, DateTimeOffset ReceivedAt, string? FollowUpOf = null, Staff? RecordedBy = null);

/// <summary>
/// How an intake arrives: its idempotency key (and whose keys it is kept apart from), who is
/// recording it (when a colleague records a complaint someone else received), and the
/// complaint it follows up.
/// </summary>
public sealed record IntakeContext(string? IdempotencyKey = null, Staff? RecordedBy = null, string? FollowUpOf = null, string? KeyScope = null);

/// <summary>
/// Takes complaints: issues the number (with the whole intake, in one write), then creates the
/// complaint with its first event. Everything else (routing, the lists, the inbox) follows from
/// the change feed. If the intake stops between the two writes, <see cref="CompleteIntakes"/>
/// creates the complaint from its number's row.
/// </summary>
public sealed class ComplaintIntake(
    ComplaintNumbering numbering,
    RecordStore<Complaint> store,
    ComplaintIndex index,
    CustomerDirectory customers,
    TimeProvider clock,
    IOptions<ServiceOptions> options)
{
    public async Task<(Stored<Complaint> Complaint, bool Replayed)> TakeAsync(IntakeRequest request, IntakeContext context, CancellationToken ct)
    {
        var idempotencyKey = string.IsNullOrWhiteSpace(context.IdempotencyKey) ? null : context.IdempotencyKey.Trim();
        var now = clock.GetUtcNow();
        IntakeValidation.ThrowIfInvalid(request, now, options.Value.Rules());
        request = await ResolveCustomerAsync(request, idempotencyKey, context.RecordedBy ?? request.TakenBy!, ct);
        // The province as its code, however it was typed (validated above, or from the card).
        request = request with { Customer = request.Customer! with { Province = Provinces.Find(request.Customer!.Province)?.Code } };
        var key = IdempotencyKey.From(idempotencyKey, context.KeyScope, "takeComplaint", request);
        var local = TimeZoneInfo.ConvertTime(now, options.Value.Zone());
        var issued = await numbering.IssueAsync(local, key,
            _ => Json.Serialize(new IntakeRecord(request, request.TakenBy!, now, context.FollowUpOf, context.RecordedBy)), ct);
        var (stored, _) = await MaterializeAsync(issued, ct);
        return (stored, issued.Replayed);
    }

    /// <summary>
    /// A known customer (by card id) fills in the facts the intake left out; a new one is
    /// registered on the way (the intake's idempotency key makes that safe to retry too).
    /// </summary>
    private async Task<IntakeRequest> ResolveCustomerAsync(IntakeRequest request, string? idempotencyKey, Staff by, CancellationToken ct)
    {
        CustomerCard? card;
        if (request.RegisterCustomer is { } newCustomer)
        {
            try
            {
                card = await customers.RegisterAsync(newCustomer, by, idempotencyKey is null ? null : idempotencyKey + "|customer", ct);
            }
            catch (ValidationException ex)
            {
                throw new ValidationException(ex.Errors.ToDictionary(e => $"registerCustomer.{e.Key}", e => e.Value));
            }
        }
        else if (request.Customer?.CustomerId is { Length: > 0 } id)
        {
            card = await customers.FindRecentAsync(id, ct) ?? throw ValidationException.For("customer.customerId",
                $"There is no customer '{id}'; search /api/customers or register the customer with registerCustomer.");
        }
        else
        {
            return request;
        }
        var given = request.Customer;
        var facts = new CustomerFacts(
            card.Id,
            card.Name,
            Given(given?.Contact) ?? card.ContactPerson,
            Given(given?.Phone) ?? card.ContactPhone ?? card.Phone,
            Given(given?.Province) ?? card.Province);
        return request with { Customer = facts, RegisterCustomer = null };
    }

    private static string? Given(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>Creates the complaint an issued number stands for, if it does not exist yet (idempotent); says whether it did now.</summary>
    public async Task<(Stored<Complaint> Complaint, bool Created)> MaterializeAsync(IssuedNumber issued, CancellationToken ct)
    {
        // A replayed number may already have its complaint; a fresh one cannot.
        if (issued.Replayed && await store.GetAsync(issued.Number, ct) is { } existing)
        {
            return (existing, false);
        }
        var record = Json.Deserialize<IntakeRecord>(issued.IntakeJson);
        var complaint = Create(issued.Number, record);
        complaint = complaint with
        {
            PossibleDuplicates = [.. (await index.LikelyDuplicatesAsync(complaint.Customer, complaint.Details, complaint.ReceivedAt, options.Value.DuplicateWindow, ct))
                .Where(n => n != complaint.Number && n != record.FollowUpOf)],
        };
        var by = record.RecordedBy ?? record.TakenBy;
        var received = new DomainEvent(
            new ComplaintReceived(complaint.FirstContactOwner, complaint.State, complaint.Channel, complaint.Kind, complaint.PossibleDuplicates, complaint.FollowUpOf,
                complaint.ReceivedAt, complaint.LateEntryReason),
            by, record.ReceivedAt);
        DomainEvent[] events = complaint.Urgent
            ? [received, new DomainEvent(new FlaggedUrgent(ComplaintLifecycle.UrgentEscalation, []), by, record.ReceivedAt, complaint.UrgentReason)]
            : [received];
        // The number's row is this intake's own note: if the feed cannot be told now, CompleteIntakes tells it later.
        var created = await store.CreateAsync(complaint, events, key: null, ct, FeedPolicy.Recoverable);
        return created is not null
            ? (created, true)
            : (await store.GetAsync(issued.Number, ct) ?? throw new InvalidOperationException($"{issued.Number} vanished."), false); // created meanwhile by a retry or CompleteIntakes
    }

    private static Complaint Create(string number, IntakeRecord record)
    {
        var r = record.Request;
        return new Complaint
        {
            Number = number,
            Kind = r.Kind ?? WorkKind.Complaint,
            Channel = r.Channel!.Value,
            Customer = r.Customer!,
            Details = new ComplaintDetails(r.Product, r.OrderNumber, r.PartNumber, r.ShippingDate, r.Quantity, r.DefectiveQuantity, r.CustomerDemand, r.Description!),
            // The call's time as given (a clock a little ahead is taken as now); else when it was recorded.
            ReceivedAt = r.ReceivedAt is { } called && called < record.ReceivedAt ? called : record.ReceivedAt,
            RecordedAt = record.ReceivedAt,
            LateEntryReason = TextLimits.IsBlank(r.LateEntryReason) ? null : r.LateEntryReason!.Trim(),
            Urgent = r.Urgent ?? false,
            UrgentReason = r.Urgent == true && !TextLimits.IsBlank(r.UrgentReason) ? r.UrgentReason!.Trim() : null,
            FirstContactOwner = record.TakenBy,
            RecordedBy = record.RecordedBy is { } by && by.Id != record.TakenBy.Id ? by : null,
            FollowUpOf = record.FollowUpOf,
            Links = record.FollowUpOf is null ? [] : [record.FollowUpOf],
        };
    }
}
