using System.Security.Claims;
using AfterSales.Complaints;
using AfterSales.Kernel;
using AfterSales.Records;
using Microsoft.Extensions.Options;

namespace AfterSales.Returns;

/// <summary>
/// Return orders through the record store: opening one from a complaint on the return path
/// (numbered after the complaint), and each stage's command, checked against the version the
/// caller saw. The complaint hears of the order through the change feed (<see cref="TellComplaintOfReturn"/>).
/// </summary>
public sealed class ReturnOrders(RecordStore<ReturnOrder> store, ComplaintService complaints, TimeProvider clock, IOptions<ReturnOptions> options)
{
    public ReturnLimits Limits { get; } = options.Value.Limits();

    public RecordStore<ReturnOrder> Store => store;

    /// <summary>
    /// Opens a return order for the complaint. With an idempotency key, a retry answers the order
    /// the first request opened (<c>Replayed</c>); the order's number is the next free one of the
    /// complaint, and creating its partition claims it, so two requests never share one.
    /// </summary>
    public async Task<(Stored<ReturnOrder> Order, bool Replayed)> OpenAsync(NewReturnOrder request, ClaimsPrincipal user, string? idempotencyKey, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.ComplaintNumber) || !ComplaintNumber.IsValid(request.ComplaintNumber.Trim()))
        {
            throw ValidationException.For("complaintNumber", "Give the number of the complaint the goods come back for (KS-202611-0042).");
        }
        var number = request.ComplaintNumber.Trim();
        var complaint = (await complaints.LoadAsync(number, user, ct)).Record;
        if (complaint.Path != HandlingPath.ReturnExchange || complaint.State != ComplaintState.InProgress)
        {
            throw new ConflictException("A return order is opened from a complaint on the return path.",
                $"{number} is {Codes.Of(complaint.State)}{(complaint.Path is { } p ? $" on the {Codes.Of(p)} path" : "")}; a return order needs it in progress on the returnExchange path.",
                new Dictionary<string, object?> { ["complaintNumber"] = number, ["state"] = Codes.Of(complaint.State), ["path"] = complaint.Path is { } q ? Codes.Of(q) : null });
        }
        var facts = new ComplaintForReturn(number, complaint.Customer.Name, complaint.Details.PartNumber, complaint.Details.Quantity);
        var by = user.ActingStaff();
        var key = IdempotencyKey.From(idempotencyKey, by.Id, "openReturnOrder", request);
        for (int ordinal = 1, attempts = 0; ordinal <= ReturnNumbers.MaxPerComplaint && attempts < 20; attempts++)
        {
            var id = ReturnNumbers.For(number, ordinal);
            if (await store.GetAsync(id, ct) is { } existing)
            {
                if (key is not null && await store.FindKeyAsync(id, key, ct) is { } earlier)
                {
                    key.EnsureSameRequestAs(earlier, "return order");
                    return (existing, true);
                }
                ordinal++;
                continue;
            }
            var opened = ReturnRules.Open(id, request, facts, by, clock.GetUtcNow(), Limits);
            if (await store.CreateAsync(opened.Record, opened.Events, key, ct) is { } created)
            {
                return (created, false);
            }
            // Another request took this number meanwhile: look at it again (it may be this request's retry).
        }
        throw new ConflictException("No more return orders for this complaint.",
            $"{number} has {ReturnNumbers.MaxPerComplaint} return orders already; continue in a follow-up complaint.");
    }

    /// <summary>Applies a person's command to the order, against the version they saw (If-Match); with a key, a retry answers the order as it is.</summary>
    public Task<ChangeOutcome<ReturnOrder>> ExecuteAsync(string id, ReturnCommand command, ClaimsPrincipal user, Func<IfMatch> condition, string? idempotencyKey, CancellationToken ct)
    {
        ReturnNumbers.Demand(id);
        var by = user.ActingStaff();
        return store.ExecuteAsync(new ChangeRequest<ReturnOrder>(id, r => ReturnRules.Execute(r, command, by, clock.GetUtcNow(), Limits))
        {
            Condition = condition,
            Key = IdempotencyKey.From(idempotencyKey, by.Id, command.Action, command),
        }, ct);
    }

    /// <summary>The order (400 for what is not a return number, 404 when there is none).</summary>
    public async Task<Stored<ReturnOrder>> LoadAsync(string id, CancellationToken ct)
    {
        ReturnNumbers.Demand(id);
        return await store.GetAsync(id, ct) ?? throw RecordChanges.NotFound(store, id);
    }
}
