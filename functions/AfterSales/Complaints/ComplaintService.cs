using System.Security.Claims;
using AfterSales.Kernel;
using AfterSales.Records;
using Microsoft.Extensions.Options;

namespace AfterSales.Complaints;

/// <summary>
/// Runs lifecycle commands against stored complaints through the record store: read, check who
/// may act and the version they saw, apply the rules, save the change with its events.
/// </summary>
public sealed class ComplaintService(RecordStore<Complaint> store, TimeProvider clock, IOptions<ServiceOptions> options)
{
    /// <summary>The rules as configured; options do not change while the app runs.</summary>
    public ServiceRules Rules { get; } = options.Value.Rules();

    public DateTimeOffset Now => clock.GetUtcNow();

    public RecordStore<Complaint> Store => store;

    /// <summary>
    /// Applies a person's command. They must see the complaint and may act only on their own
    /// department's steps (403). <paramref name="condition"/> gives the versions they saw (from
    /// <c>If-Match</c>, read once they are allowed to act). With an <paramref name="idempotencyKey"/>,
    /// a retry of the same action by the same person answers the complaint as it is
    /// (<see cref="ChangeOutcome{T}.Replayed"/>).
    /// </summary>
    public async Task<ChangeOutcome<Complaint>> ExecuteAsync(string number, ComplaintCommand command, ClaimsPrincipal user, Func<IfMatch> condition,
        string? idempotencyKey, CancellationToken ct)
    {
        ComplaintNumber.Demand(number);
        if (command is LinkComplaint { Number: var linked } && linked != number && ComplaintNumber.IsValid(linked))
        {
            // Only someone who may see this complaint learns whether the other exists (one more read, on links only).
            await LoadAsync(number, user, ct);
            if (await store.GetAsync(linked, ct) is null)
            {
                throw ValidationException.For("number", $"There is no complaint {linked} to link.");
            }
        }
        var by = user.ActingStaff();
        return await store.ExecuteAsync(new ChangeRequest<Complaint>(number, c => ComplaintLifecycle.Execute(c, command, by, Now, Rules, a => ComplaintAccess.MayDo(user, c, a)))
        {
            Authorize = c =>
            {
                ComplaintAccess.Demand(user, c);
                ComplaintAccess.DemandAction(user, c, command);
            },
            Condition = condition,
            Key = IdempotencyKey.From(idempotencyKey, by.Id, command.Action, command),
        }, ct);
    }

    /// <summary>Applies a system command (routing, linking) to the latest version when <paramref name="applies"/> says it still applies.</summary>
    public Task<Stored<Complaint>?> ExecuteAsSystemAsync(string number, ComplaintCommand command, Func<Complaint, bool> applies, CancellationToken ct) =>
        store.ExecuteAsSystemAsync(number, c => applies(c) ? ComplaintLifecycle.Execute(c, command, SystemActor.Instance, Now, Rules) : null, ct);

    /// <summary>The complaint, if the number is well formed (else 400), it exists (else 404) and the user may see it (else 403).</summary>
    public async Task<Stored<Complaint>> LoadAsync(string number, ClaimsPrincipal user, CancellationToken ct)
    {
        ComplaintNumber.Demand(number);
        var stored = await store.GetAsync(number, ct) ?? throw RecordChanges.NotFound(store, number);
        ComplaintAccess.Demand(user, stored.Record);
        return stored;
    }
}
