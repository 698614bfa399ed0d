using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using AfterSales.Complaints;
using AfterSales.Kernel;
using AfterSales.Records;
using Microsoft.Extensions.Options;

namespace AfterSales.Capa;

/// <summary>
/// CAPAs through the record store: opening one from its complaints (each must exist), each
/// stage's command against the version the caller saw, with the record rules of who may act.
/// The complaints hear of it through the change feed (<see cref="TellComplaintsOfCapa"/>).
/// </summary>
public sealed class CapaService(RecordStore<CorrectiveAction> store, ComplaintService complaints, TimeProvider clock, IOptions<CapaOptions> options)
{
    public CapaLimits Limits { get; } = options.Value.Limits();

    public RecordStore<CorrectiveAction> Store => store;

    /// <summary>
    /// Opens a CAPA. With an idempotency key the id is derived from it (and the sender), so
    /// creating the CAPA claims the key in the same write; a retry answers the CAPA it opened.
    /// </summary>
    public async Task<(Stored<CorrectiveAction> Capa, bool Replayed)> OpenAsync(NewCapa request, ClaimsPrincipal user, string? idempotencyKey, CancellationToken ct)
    {
        var by = user.ActingStaff();
        var linked = await ExistingComplaintsAsync(request.Complaints, "complaints", ct);
        var partNumber = string.IsNullOrWhiteSpace(request.PartNumber)
            ? linked.Select(c => c.Details.PartNumber).FirstOrDefault(p => !string.IsNullOrWhiteSpace(p))
            : request.PartNumber;
        var key = IdempotencyKey.From(idempotencyKey, by.Id, "openCapa", request);
        for (var attempt = 0; ; attempt++)
        {
            var id = key is null ? CapaIds.New() : CapaIds.FromKey(key.Hash);
            if (key is not null && await store.GetAsync(id, ct) is { } earlier)
            {
                return (await ReplayAsync(earlier, key, ct), true);
            }
            var opened = CapaRules.Open(id, request, partNumber, by, clock.GetUtcNow(), Limits);
            if (await store.CreateAsync(opened.Record, opened.Events, key, ct) is { } created)
            {
                return (created, false);
            }
            if (key is null && attempt < 5)
            {
                continue; // an id drawn twice: draw again
            }
            return (await ReplayAsync(await store.GetAsync(id, ct) ?? throw new InvalidOperationException($"{id} vanished."), key!, ct), true);
        }
    }

    /// <summary>Applies a person's command, if the record rules let them (<see cref="CapaAccess"/>), against the version they saw.</summary>
    public async Task<ChangeOutcome<CorrectiveAction>> ExecuteAsync(string id, CapaCommand command, ClaimsPrincipal user, Func<IfMatch> condition,
        string? idempotencyKey, CancellationToken ct)
    {
        CapaIds.Demand(id);
        if (command is LinkComplaints link)
        {
            await ExistingComplaintsAsync(link.Numbers, "numbers", ct);
        }
        var by = user.ActingStaff();
        return await store.ExecuteAsync(new ChangeRequest<CorrectiveAction>(id, c => CapaRules.Execute(c, command, by, clock.GetUtcNow(), Limits))
        {
            Authorize = c => CapaAccess.Demand(user, c, command),
            Condition = condition,
            Key = IdempotencyKey.From(idempotencyKey, by.Id, command.Action, command),
        }, ct);
    }

    /// <summary>The CAPA (400 for what is not a CAPA id, 404 when there is none).</summary>
    public async Task<Stored<CorrectiveAction>> LoadAsync(string id, CancellationToken ct)
    {
        CapaIds.Demand(id);
        return await store.GetAsync(id, ct) ?? throw RecordChanges.NotFound(store, id);
    }

    /// <summary>The complaints named, read side by side; 400 naming each that is malformed or does not exist.</summary>
    private async Task<IReadOnlyList<Complaint>> ExistingComplaintsAsync(IReadOnlyList<string>? numbers, string field, CancellationToken ct)
    {
        var errors = new ErrorList();
        var wanted = CapaRules.ComplaintNumbers(numbers, field, errors);
        errors.ThrowIfAny();
        var found = await Task.WhenAll(wanted.Select(n => complaints.Store.GetAsync(n, ct)));
        for (var i = 0; i < wanted.Count; i++)
        {
            errors.AddIf(found[i] is null, $"{field}[{i}]", $"There is no complaint {wanted[i]}.");
        }
        errors.ThrowIfAny();
        return [.. found.Select(s => s!.Record)];
    }

    private async Task<Stored<CorrectiveAction>> ReplayAsync(Stored<CorrectiveAction> existing, IdempotencyKey key, CancellationToken ct)
    {
        var earlier = await store.FindKeyAsync(existing.Record.Id, key, ct) ?? new KeyUse("openCapa", "", 0);
        key.EnsureSameRequestAs(earlier, "CAPA");
        return existing;
    }
}

/// <summary>CAPA numbers: <c>CAPA-</c> and eight Crockford base-32 characters (no I, L, O, U), random or derived from an idempotency key.</summary>
public static class CapaIds
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string New() => Format(RandomNumberGenerator.GetBytes(5));

    public static string FromKey(string keyHash) => Format(SHA256.HashData(Encoding.UTF8.GetBytes("capa|" + keyHash)));

    public static bool IsValid(string? id) => id is { Length: 13 } && id.StartsWith("CAPA-", StringComparison.Ordinal) && id[5..].All(Alphabet.Contains);

    public static void Demand(string id)
    {
        if (!IsValid(id))
        {
            throw ValidationException.For("id", $"'{id}' is not a CAPA number; they look like CAPA-7K3M9Q2X.");
        }
    }

    private static string Format(byte[] bytes)
    {
        var value = 0UL;
        for (var i = 0; i < 5; i++)
        {
            value = (value << 8) | bytes[i];
        }
        var b = new StringBuilder("CAPA-", 13);
        for (var shift = 35; shift >= 0; shift -= 5)
        {
            b.Append(Alphabet[(int)((value >> shift) & 31)]);
        }
        return b.ToString();
    }
}

/// <summary>
/// Who may act on a CAPA beyond the role on its route: the responsible department (or its named
/// contact) analyses the cause and drafts the plan; a measure's owner or department carries it
/// out; quality and supervisors may always step in.
/// </summary>
public static class CapaAccess
{
    public static void Demand(ClaimsPrincipal user, CorrectiveAction c, CapaCommand command)
    {
        var me = user.ToStaff()?.Id;
        var oversees = user.IsInRole(Roles.Quality) || user.IsInRole(Roles.Supervisor);
        switch (command)
        {
            case RecordCause or SubmitPlan when !oversees
                && !(c.ResponsibleDepartment is { } d && user.IsInRole(Roles.Of(d))) && c.ResponsibleContact?.Id != me:
                throw new AccessDeniedException($"The cause and the plan of {c.Id} are the responsible department's ({c.ResponsibleDepartment?.Code() ?? "not yet named"}), with quality and supervisors.");
            case CompleteMeasure m when !oversees && c.Measures.FirstOrDefault(x => x.Id == m.MeasureId) is { } measure
                && measure.Owner.Id != me && !user.IsInRole(Roles.Of(measure.Department)):
                throw new AccessDeniedException($"Measure {measure.Id} of {c.Id} is carried out by its owner or the {measure.Department.Code()} department, with quality and supervisors.");
        }
    }
}
