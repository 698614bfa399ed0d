using AfterSales.Access;

namespace AfterSales.Complaints;

/// <summary>
/// One entry of a complaint's history: who did what, when, and why. Events are appended in the
/// same transaction as the change they describe and never rewritten.
/// </summary>
public sealed record ComplaintEvent(
    string Type,
    DateTimeOffset At,
    Staff By,
    string? Reason = null,
    IReadOnlyDictionary<string, string?>? Changes = null)
{
    /// <summary>Position in the complaint's history, from 1; set when the event is stored.</summary>
    public int Sequence { get; init; }
}
