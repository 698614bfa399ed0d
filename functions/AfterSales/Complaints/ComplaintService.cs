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
    public ServiceRules Rules => options.Value.Rules();

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>
    /// Applies a person's command. <paramref name="expectedVersion"/> gives the version they saw
    /// (from <c>If-Match</c>, read once they are allowed to see the complaint): a different current version throws <see cref="ConcurrencyException"/>.
    /// <paramref name="authorize"/> throws when the person may not act on this complaint.
    /// </summary>
    public async Task<StoredComplaint> ExecuteAsync(string number, Func<int> expectedVersion, ComplaintCommand command, Staff by, Action<Complaint> authorize, CancellationToken ct)
    {
        var stored = await store.GetAsync(number, ct) ?? throw new ComplaintNotFoundException(number);
        authorize(stored.Complaint);
        if (stored.Version != expectedVersion())
        {
            throw new ConcurrencyException(number);
        }
        return await ApplyAsync(stored, command, by, ct);
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
                return await ApplyAsync(stored, command, SystemActor.Instance, ct);
            }
            catch (ConcurrencyException) when (attempt < 5)
            {
            }
        }
    }

    private async Task<StoredComplaint> ApplyAsync(StoredComplaint stored, ComplaintCommand command, Staff by, CancellationToken ct)
    {
        var change = ComplaintLifecycle.Execute(stored.Complaint, command, by, clock.GetUtcNow(), Rules);
        if (change.Events.Count == 0)
        {
            return stored;
        }
        // The read models are brought up to date right after the commit; the projection message
        // in the outbox is sent only if that fails (or this process stops first).
        return await store.SaveAsync(stored, change.Complaint, change.Events, [ComplaintProjection.Message(stored.Complaint.Number)], saved => ProjectQuietlyAsync(saved, ct), ct);
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

public sealed class ComplaintNotFoundException(string number) : Exception($"There is no complaint {number}.")
{
    public string Number { get; } = number;
}
