using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using AfterSales.Kernel;
using AfterSales.Records;

namespace AfterSales.Assessment;

/// <summary>
/// Self-assessments through the record store: opening one snapshots the current indicator set
/// and counts the system's evidence for the period; each finding, deduction or bonus is a
/// command against the version the assessor saw; completing fixes the score.
/// </summary>
public sealed class AssessmentService(RecordStore<SelfAssessment> store, IndicatorSets sets, EvidenceCollector evidence, TimeProvider clock)
{
    public RecordStore<SelfAssessment> Store => store;

    public async Task<(Stored<SelfAssessment> Assessment, bool Replayed)> OpenAsync(NewAssessment request, ClaimsPrincipal user, string? idempotencyKey, CancellationToken ct)
    {
        var by = user.ActingStaff();
        var key = IdempotencyKey.From(idempotencyKey, by.Id, "openAssessment", request);
        var id = key is null ? AssessmentIds.New() : AssessmentIds.FromKey(key.Hash);
        if (key is not null && await store.GetAsync(id, ct) is { } earlier)
        {
            return (await ReplayAsync(earlier, key, ct), true);
        }
        var period = AssessmentRules.Period(request.From, request.To);
        var set = await sets.CurrentAsync(ct);
        var found = await evidence.CollectAsync(set, period, ct);
        var opened = AssessmentRules.Open(id, request, set, found, by, clock.GetUtcNow());
        if (await store.CreateAsync(opened.Record, opened.Events, key, ct) is { } created)
        {
            return (created, false);
        }
        var winner = await store.GetAsync(id, ct) ?? throw new InvalidOperationException($"{id} vanished.");
        return key is null ? throw new InvalidOperationException($"{id} was drawn twice.") : (await ReplayAsync(winner, key, ct), true);
    }

    /// <summary>An assessor's command against the version they saw; the system's evidence is counted again for <see cref="RefreshEvidence"/>.</summary>
    public async Task<ChangeOutcome<SelfAssessment>> ExecuteAsync(string id, AssessmentCommand command, ClaimsPrincipal user, Func<IfMatch> condition,
        string? idempotencyKey, CancellationToken ct)
    {
        AssessmentIds.Demand(id);
        if (command is RefreshEvidence)
        {
            var current = await LoadAsync(id, ct);
            command = new RefreshEvidence(await evidence.CollectAsync(current.Record.Indicators, current.Record.Period, ct));
        }
        var by = user.ActingStaff();
        // The key covers what the assessor sent; counted evidence differs from one request to the next.
        var keyed = command is RefreshEvidence ? (object)new { refresh = true } : command;
        return await store.ExecuteAsync(new ChangeRequest<SelfAssessment>(id, a => AssessmentRules.Execute(a, command, by, clock.GetUtcNow()))
        {
            Condition = condition,
            Key = IdempotencyKey.From(idempotencyKey, by.Id, command.Action, keyed),
        }, ct);
    }

    /// <summary>The assessment (400 for what is not an assessment id, 404 when there is none).</summary>
    public async Task<Stored<SelfAssessment>> LoadAsync(string id, CancellationToken ct)
    {
        AssessmentIds.Demand(id);
        return await store.GetAsync(id, ct) ?? throw RecordChanges.NotFound(store, id);
    }

    private async Task<Stored<SelfAssessment>> ReplayAsync(Stored<SelfAssessment> existing, IdempotencyKey key, CancellationToken ct)
    {
        var earlier = await store.FindKeyAsync(existing.Record.Id, key, ct) ?? new KeyUse("openAssessment", "", 0);
        key.EnsureSameRequestAs(earlier, "assessment");
        return existing;
    }
}

/// <summary>Assessment numbers: <c>PJ-</c> (评价) and eight Crockford base-32 characters, random or derived from an idempotency key.</summary>
public static class AssessmentIds
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string New() => Format(RandomNumberGenerator.GetBytes(5));

    public static string FromKey(string keyHash) => Format(SHA256.HashData(Encoding.UTF8.GetBytes("assessment|" + keyHash)));

    public static bool IsValid(string? id) => id is { Length: 11 } && id.StartsWith("PJ-", StringComparison.Ordinal) && id[3..].All(Alphabet.Contains);

    public static void Demand(string id)
    {
        if (!IsValid(id))
        {
            throw ValidationException.For("id", $"'{id}' is not an assessment number; they look like PJ-7K3M9Q2X.");
        }
    }

    private static string Format(byte[] bytes)
    {
        var value = 0UL;
        for (var i = 0; i < 5; i++)
        {
            value = (value << 8) | bytes[i];
        }
        var b = new StringBuilder("PJ-", 11);
        for (var shift = 35; shift >= 0; shift -= 5)
        {
            b.Append(Alphabet[(int)((value >> shift) & 31)]);
        }
        return b.ToString();
    }
}
