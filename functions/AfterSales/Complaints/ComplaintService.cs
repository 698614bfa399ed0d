using AfterSales.Access;
using AfterSales.Departments;
using AfterSales.Storage;
using Microsoft.Extensions.Options;

namespace AfterSales.Complaints;

/// <summary>
/// Runs lifecycle commands against stored complaints: read, check the caller's version, apply
/// the rules, save the change with its events and messages in one batch, then bring the inbox
/// and the lists up to date.
/// </summary>
public sealed class ComplaintService(
    ComplaintStore store,
    ComplaintProjection projection,
    TimeProvider clock,
    IOptions<ServiceOptions> options,
    ILogger<ComplaintService> logger)
{
    /// <summary>The rules as configured; options do not change while the app runs.</summary>
    public ServiceRules Rules { get; } = options.Value.Rules();

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>
    /// Applies a person's command. <paramref name="expectedVersion"/> gives the version they saw
    /// (from <c>If-Match</c>, read once they are allowed to see the complaint): a different current version throws <see cref="ConcurrencyException"/>.
    /// <paramref name="authorize"/> throws when the person may not act on this complaint.
    /// </summary>
    /// <remarks>
    /// With an <paramref name="idempotencyKey"/>, a retry of the same action by the same person
    /// answers the complaint as it is (<see cref="ActionOutcome.Replayed"/>) instead of acting twice
    /// or failing on the version it saw before its first attempt.
    /// </remarks>
    public async Task<ActionOutcome> ExecuteAsync(string number, Func<int> expectedVersion, ComplaintCommand command, Staff by, Action<Complaint> authorize,
        string? idempotencyKey, CancellationToken ct)
    {
        var key = ActionKeys.For(command, by, idempotencyKey);
        var read = store.GetAsync(number, ct);
        var earlier = key is null ? null : await store.FindActionAsync(number, key.Hash, ct);
        var stored = await read ?? throw new ComplaintNotFoundException(number);
        authorize(stored.Complaint);
        if (earlier is not null)
        {
            ActionKeys.EnsureSameRequest(earlier, key!);
            return new ActionOutcome(stored, Replayed: true);
        }
        try
        {
            if (stored.Version != expectedVersion())
            {
                throw new ConcurrencyException(number);
            }
            return new ActionOutcome(await ApplyAsync(stored, command, by, key, ct), Replayed: false);
        }
        catch (ConcurrencyException) when (key is not null)
        {
            // The same request sent twice at once (the key and the complaint are read side by
            // side, so the other copy may have landed in between): if it did, answer as a retry.
            var winner = await store.FindActionAsync(number, key.Hash, ct);
            if (winner is null)
            {
                throw;
            }
            ActionKeys.EnsureSameRequest(winner, key);
            return new ActionOutcome(await store.GetAsync(number, ct) ?? throw new ComplaintNotFoundException(number), Replayed: true);
        }
    }

    /// <summary>
    /// Applies a system command (routing, escalation) to the latest version, retrying when a
    /// person changed the complaint at the same moment.
    /// </summary>
    public async Task<StoredComplaint?> ExecuteAsSystemAsync(string number, ComplaintCommand command, Func<Complaint, bool> applies, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var stored = await store.GetAsync(number, ct);
            if (stored is null || !applies(stored.Complaint))
            {
                return stored;
            }
            try
            {
                return await ApplyAsync(stored, command, SystemActor.Instance, key: null, ct);
            }
            catch (ConcurrencyException) when (attempt < 5)
            {
            }
        }
    }

    private async Task<StoredComplaint> ApplyAsync(StoredComplaint stored, ComplaintCommand command, Staff by, ActionKey? key, CancellationToken ct)
    {
        var change = ComplaintLifecycle.Execute(stored.Complaint, command, by, clock.GetUtcNow(), Rules);
        if (change.Events.Count == 0)
        {
            return stored;
        }
        // The read models are brought up to date right after the commit; the projection message
        // in the outbox is sent only if that fails (or this process stops first).
        return await store.SaveAsync(stored, change.Complaint, change.Events, [ComplaintProjection.Message(stored.Complaint.Number)], saved => ProjectQuietlyAsync(saved, ct), key, ct);
    }

    /// <summary>Updates the inbox and lists now; false (logged) when that failed and the queued projection must do it.</summary>
    public async Task<bool> ProjectQuietlyAsync(StoredComplaint stored, CancellationToken ct)
    {
        try
        {
            await projection.ProjectAsync(stored, ct);
            return true;
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException or TimeoutException)
        {
            logger.LogWarning(ex, "Projection of {Number} deferred to its queue message", stored.Complaint.Number);
            return false;
        }
    }
}

/// <summary>What an action left: the complaint, and whether this was a retry of an action already done.</summary>
public sealed record ActionOutcome(StoredComplaint Stored, bool Replayed);

/// <summary>Idempotency keys for lifecycle actions: a key stands for one action, by one person, with one body.</summary>
public static class ActionKeys
{
    public static ActionKey? For(ComplaintCommand command, Staff by, string? idempotencyKey)
    {
        if (string.IsNullOrWhiteSpace(idempotencyKey))
        {
            return null;
        }
        if (idempotencyKey.Length > 200)
        {
            throw new DomainValidationException(new Dictionary<string, string[]> { ["Idempotency-Key"] = ["An idempotency key has at most 200 characters."] });
        }
        var request = System.Text.Json.JsonSerializer.Serialize(command, command.GetType(), Json.Options);
        return new ActionKey(Fingerprint.Of(by.Id + "|" + idempotencyKey), command.Action, Fingerprint.Of(request), by.Id);
    }

    /// <summary>A key reused for another action or body is refused (400).</summary>
    public static void EnsureSameRequest(ActionKey earlier, ActionKey now)
    {
        if (earlier.Action != now.Action || earlier.RequestHash != now.RequestHash)
        {
            throw new DomainValidationException(new Dictionary<string, string[]>
            {
                ["Idempotency-Key"] = [$"This key was already used on this complaint for another request ({earlier.Action}); use a new key for a new action."],
            });
        }
    }
}

public sealed class ComplaintNotFoundException(string number) : Exception($"There is no complaint {number}.")
{
    public string Number { get; } = number;
}
