using AfterSales.ChangeFeed;
using AfterSales.Complaints;
using AfterSales.Kernel;
using AfterSales.Records;
using Microsoft.Extensions.Options;

namespace AfterSales.Capa;

/// <summary>Change-feed subscriber: keeps a changed CAPA's list rows up to date.</summary>
public sealed class IndexCapa(CapaIndex index) : IFeedSubscriber
{
    public Task HandleAsync(RecordEvent e, CancellationToken ct) => index.ProjectAsync(e.RecordId, ct);
}

/// <summary>
/// Change-feed subscriber: tells every complaint linked to a CAPA that it is linked, and later
/// how the CAPA ended, so each complaint's timeline shows the CAPA and its outcome. It works
/// from the CAPA as it now is; the complaint's rule ignores what it already knows.
/// </summary>
public sealed class TellComplaintsOfCapa(RecordStore<CorrectiveAction> capas, ComplaintService complaints) : IFeedSubscriber
{
    public async Task HandleAsync(RecordEvent e, CancellationToken ct)
    {
        if (await capas.GetAsync(e.RecordId, ct) is not { Record: var c })
        {
            return;
        }
        var note = new NoteCapa(CapaNotes.Of(c, linked: true));
        // Complaints linked later need telling only of themselves; opening and closing concern them all.
        foreach (var number in e.Is<ComplaintsLinked>() ? e.Read<ComplaintsLinked>().Numbers : c.Complaints)
        {
            await complaints.ExecuteAsSystemAsync(number, note, _ => true, ct);
        }
    }
}

/// <summary>
/// Change-feed subscriber on new complaints: when a CAPA on the same part number is open, or was
/// closed recently (<see cref="CapaOptions.RecentFor"/>), the complaint notes it, so whoever
/// triages it sees that the problem is known and how it is being (or was) dealt with.
/// One complaint read and one read of the part's index partition per new complaint.
/// </summary>
public sealed class NoteCapasOnNewComplaint(ComplaintService complaints, CapaIndex index, TimeProvider clock, IOptions<CapaOptions> options) : IFeedSubscriber
{
    /// <summary>The most CAPAs noted on one complaint (the newest).</summary>
    public const int MaxNoted = 5;

    public async Task HandleAsync(RecordEvent e, CancellationToken ct)
    {
        if (await complaints.Store.GetAsync(e.RecordId, ct) is not { Record.Details.PartNumber: { Length: > 0 } part } stored)
        {
            return;
        }
        var found = await index.OpenOrRecentAsync(part, clock.GetUtcNow() - options.Value.RecentFor, MaxNoted, ct);
        foreach (var capa in found.Where(f => stored.Record.Related.Capas.All(k => k.Id != f.Id)))
        {
            var note = new RelatedCapa(capa.Id, capa.Title, capa.PartNumber, capa.Open, capa.Outcome, Linked: false);
            await complaints.ExecuteAsSystemAsync(stored.Record.Number, new NoteCapa(note), _ => true, ct);
        }
    }
}

/// <summary>What a complaint is told of a CAPA.</summary>
public static class CapaNotes
{
    public static RelatedCapa Of(CorrectiveAction c, bool linked) =>
        new(c.Id, c.Title, c.PartNumber, c.IsOpen, c.Outcome is { } o ? Codes.Of(o) : null, linked);
}
