using AfterSales.Complaints;
using AfterSales.Kernel;
using AfterSales.Records;

namespace AfterSales.Notifications;

/// <summary>
/// How notifications read one kind of record: its facts now, with the kind's own access rule.
/// A feature whose records people should hear about registers one
/// (<c>services.AddSingleton&lt;IRecordFacts, ...&gt;()</c>); complaints' is below.
/// </summary>
public interface IRecordFacts
{
    string Kind { get; }

    /// <summary>The record's facts now; null when it does not exist. One point read.</summary>
    Task<RecordFacts?> ReadAsync(string id, CancellationToken ct);
}

/// <summary>Every kind of record notifications can describe, by kind.</summary>
public sealed class RecordFactsSources(IEnumerable<IRecordFacts> sources)
{
    private readonly Dictionary<string, IRecordFacts> _byKind = sources.ToDictionary(s => s.Kind, StringComparer.Ordinal);

    public bool Knows(string kind) => _byKind.ContainsKey(kind);

    public Task<RecordFacts?> ReadAsync(string kind, string id, CancellationToken ct) =>
        _byKind.TryGetValue(kind, out var source) ? source.ReadAsync(id, ct) : Task.FromResult<RecordFacts?>(null);
}

/// <summary>A complaint as notices show it, visible to whoever <see cref="ComplaintAccess"/> lets read it.</summary>
public sealed class ComplaintFacts(RecordStore<Complaint> complaints) : IRecordFacts
{
    public string Kind => ComplaintRecords.Kind;

    public async Task<RecordFacts?> ReadAsync(string id, CancellationToken ct)
    {
        var stored = await complaints.GetAsync(id, ct);
        if (stored is null)
        {
            return null;
        }
        var c = stored.Record;
        return new RecordFacts(Kind, c.Number, $"/api/complaints/{Uri.EscapeDataString(c.Number)}")
        {
            Customer = c.Customer.Name,
            Product = c.Details.Product,
            HandlingPath = c.Path is { } p ? Codes.Of(p) : null,
            State = Codes.Of(c.State),
            Owner = c.FirstContactOwner,
            OpenSteps = [.. c.OpenSteps.Select(s => new StepFacts(s.Id, s.Kind, s.Department, s.DueAt) { Stage = s.Stage, Assignee = s.Assignee })],
            Approval = new ApprovalFacts(
                c.Details.PartNumber, c.Details.OrderNumber, c.Details.Quantity, c.Details.DefectiveQuantity, c.Details.Description,
                c.Details.CustomerDemand, c.Triage?.Analysis, c.Triage?.By,
                c.Approval is { } a ? new DecisionFacts(a.Approved, a.Reason, a.By, a.At) : null),
            VisibleTo = reader => ComplaintAccess.CanRead(reader, c),
        };
    }
}
