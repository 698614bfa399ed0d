using AfterSales.Access;
using AfterSales.Customers;
using AfterSales.Storage;
using Microsoft.Extensions.Options;

namespace AfterSales.Complaints;

/// <summary>What the employee taking a complaint records (the 投诉受理单).</summary>
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
    NewCustomer? RegisterCustomer = null);

/// <summary>The intake as recorded with its number: enough to create the complaint at any later time.</summary>
internal sealed record IntakeRecord(IntakeRequest Request, Staff TakenBy, DateTimeOffset ReceivedAt, string? FollowUpOf = null, Staff? RecordedBy = null);

/// <summary>
/// How an intake arrives: its idempotency key, who is recording it (when a colleague records a
/// complaint someone else received), and the complaint it follows up.
/// </summary>
public sealed record IntakeContext(string? IdempotencyKey = null, Staff? RecordedBy = null, string? FollowUpOf = null);

/// <summary>Takes complaints: issues the number, creates the complaint and sends it to routing.</summary>
public sealed class ComplaintIntake(
    ComplaintNumbering numbering,
    ComplaintStore store,
    ComplaintList list,
    CustomerDirectory customers,
    ComplaintService complaints,
    TimeProvider clock,
    IOptions<ServiceOptions> options,
    ILogger<ComplaintIntake> logger)
{
    public async Task<(StoredComplaint Complaint, bool Replayed)> TakeAsync(IntakeRequest request, IntakeContext context, CancellationToken ct)
    {
        var idempotencyKey = string.IsNullOrWhiteSpace(context.IdempotencyKey) ? null : context.IdempotencyKey;
        IntakeValidation.ThrowIfInvalid(request);
        request = await ResolveCustomerAsync(request, idempotencyKey, context.RecordedBy ?? request.TakenBy!, ct);
        var now = clock.GetUtcNow();
        var local = TimeZoneInfo.ConvertTime(now, options.Value.Zone());
        var requestHash = Fingerprint.Of(Json.Serialize(request));
        var issued = await numbering.IssueAsync(local, idempotencyKey, requestHash,
            _ => Json.Serialize(new IntakeRecord(request, request.TakenBy!, now, context.FollowUpOf, context.RecordedBy)), ct);
        if (issued.Replayed && issued.RequestHash != requestHash)
        {
            throw new DomainValidationException(new Dictionary<string, string[]>
            {
                ["Idempotency-Key"] = ["This key was already used for a different complaint; use a new key for a new complaint."],
            });
        }
        var stored = await MaterializeAsync(issued, ct);
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
            catch (DomainValidationException ex)
            {
                throw new DomainValidationException(ex.Errors.ToDictionary(e => $"registerCustomer.{e.Key}", e => e.Value));
            }
        }
        else if (request.Customer?.CustomerId is { Length: > 0 } id)
        {
            card = await customers.FindAsync(id, ct) ?? throw new DomainValidationException(new Dictionary<string, string[]>
            {
                ["customer.customerId"] = [$"There is no customer '{id}'; search /api/customers or register the customer with registerCustomer."],
            });
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

    /// <summary>Creates the complaint an issued number stands for, if it does not exist yet (idempotent).</summary>
    public async Task<StoredComplaint> MaterializeAsync(IssuedNumber issued, CancellationToken ct)
    {
        // A replayed number may already have its complaint; a fresh one cannot.
        var existing = issued.Replayed ? await store.GetAsync(issued.Number, ct) : null;
        if (existing is null)
        {
            var record = Json.Deserialize<IntakeRecord>(issued.IntakeJson);
            var complaint = Create(issued.Number, record);
            complaint = complaint with
            {
                PossibleDuplicates = [.. (await list.LikelyDuplicatesAsync(complaint.Customer, complaint.Details, complaint.ReceivedAt, options.Value.DuplicateWindow, ct))
                    .Where(n => n != complaint.Number && n != record.FollowUpOf)],
                FollowUpOf = record.FollowUpOf,
                Links = record.FollowUpOf is null ? [] : [record.FollowUpOf],
            };
            var received = new ComplaintEvent("Received", record.ReceivedAt, record.RecordedBy ?? record.TakenBy, Changes: new Dictionary<string, string?>
            {
                ["firstContactOwner"] = record.TakenBy.Name,
                ["firstContactOwnerId"] = record.TakenBy.Id,
                ["state"] = ComplaintLifecycle.Code(complaint.State),
                ["channel"] = ComplaintLifecycle.Code(complaint.Channel),
                ["kind"] = ComplaintLifecycle.Code(complaint.Kind),
                ["possibleDuplicates"] = complaint.PossibleDuplicates.Count == 0 ? null : string.Join(",", complaint.PossibleDuplicates),
                ["followUpOf"] = complaint.FollowUpOf,
            });
            var route = new OutboxMessage(Guid.NewGuid().ToString("N"), StorageNames.Queues.ComplaintRouting,
                Json.Serialize(new RoutingMessage(issued.Number)));
            var created = await store.CreateAsync(complaint, [received], [route, ComplaintProjection.Message(issued.Number)], async saved =>
            {
                // The number's row learns its complaint exists while the read models catch up.
                var marked = MarkMaterializedAsync(issued.Number, ct);
                var projected = await complaints.ProjectQuietlyAsync(saved, ct);
                await marked;
                return projected;
            }, ct);
            if (created is not null)
            {
                return created;
            }
            existing = await store.GetAsync(issued.Number, ct) // created meanwhile by a retry or the CompleteIntakes timer
                ?? throw new InvalidOperationException($"{issued.Number} vanished.");
        }
        await MarkMaterializedAsync(issued.Number, ct);
        return existing;
    }

    /// <summary>A lost mark costs only a later look by <see cref="CompleteIntakes"/>, which finds the complaint and marks it.</summary>
    private async Task MarkMaterializedAsync(string number, CancellationToken ct)
    {
        try
        {
            await numbering.MarkMaterializedAsync(number, ct);
        }
        catch (Azure.RequestFailedException ex)
        {
            logger.LogWarning(ex, "{Number} exists but its number is not marked yet; CompleteIntakes will mark it", number);
        }
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
            ReceivedAt = record.ReceivedAt,
            FirstContactOwner = record.TakenBy,
            RecordedBy = record.RecordedBy is { } by && by.Id != record.TakenBy.Id ? by : null,
        };
    }
}

/// <summary>Asks the routing function to file a new complaint in its first department's inbox.</summary>
public sealed record RoutingMessage(string Number);

/// <summary>The rules an intake must meet; every broken rule is reported at once.</summary>
public static class IntakeValidation
{
    public static void ThrowIfInvalid(IntakeRequest r)
    {
        var errors = new Dictionary<string, string[]>();
        void Add(string field, string message) => errors[field] = [.. errors.GetValueOrDefault(field, []), message];

        if (r.Channel is null)
        {
            Add("channel", "Say how the request came in: phone, email, webForm, visit, fax, letter or serviceCentre.");
        }
        var knownCustomer = r.Customer?.CustomerId is { Length: > 0 };
        if (r.RegisterCustomer is not null && knownCustomer)
        {
            Add("registerCustomer", "Give either customer.customerId (a known customer) or registerCustomer (a new one), not both.");
        }
        else if (r.RegisterCustomer is null && !knownCustomer && (r.Customer is null || string.IsNullOrWhiteSpace(r.Customer.Name)))
        {
            Add("customer.name", "The customer's name is required (or give customer.customerId, or registerCustomer).");
        }
        if (r.Customer is { Phone: { } phone } && phone.Length > 40)
        {
            Add("customer.phone", "A phone number has at most 40 characters.");
        }
        if (string.IsNullOrWhiteSpace(r.Description))
        {
            Add("description", "Describe the problem or request.");
        }
        else if (r.Description.Length > 4000)
        {
            Add("description", "The description has at most 4000 characters; attach longer documents.");
        }
        if (r.TakenBy is null || string.IsNullOrWhiteSpace(r.TakenBy.Id) || string.IsNullOrWhiteSpace(r.TakenBy.Name))
        {
            Add("takenBy", "Name the employee who took the request (id and name): they become its first-contact owner.");
        }
        void Limit(string field, string? text, int max)
        {
            if (ComplaintLifecycle.TooLong(field, text, max) is { } message)
            {
                Add(field, message);
            }
        }
        const int Name = ComplaintLifecycle.MaxName;
        Limit("customer.customerId", r.Customer?.CustomerId, Name);
        Limit("customer.name", r.Customer?.Name, Name);
        Limit("customer.contact", r.Customer?.Contact, Name);
        Limit("customer.province", r.Customer?.Province, Name);
        Limit("product", r.Product, Name);
        Limit("orderNumber", r.OrderNumber, Name);
        Limit("partNumber", r.PartNumber, Name);
        Limit("customerDemand", r.CustomerDemand, ComplaintLifecycle.MaxText);
        Limit("takenBy.id", r.TakenBy?.Id, Name);
        Limit("takenBy.name", r.TakenBy?.Name, Name);
        if (r.Quantity is < 0)
        {
            Add("quantity", "The quantity cannot be negative.");
        }
        if (r.DefectiveQuantity is < 0)
        {
            Add("defectiveQuantity", "The defective quantity cannot be negative.");
        }
        if (r.Quantity is { } q && r.DefectiveQuantity is { } d && d > q)
        {
            Add("defectiveQuantity", "The defective quantity cannot exceed the quantity.");
        }
        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }
    }
}

/// <summary>The request breaks business rules; the messages say which and how to fix them.</summary>
public sealed class DomainValidationException(IDictionary<string, string[]> errors) : Exception("The request is not valid.")
{
    public IDictionary<string, string[]> Errors { get; } = errors;
}
