using AfterSales.ChangeFeed;
using AfterSales.Complaints;
using AfterSales.Kernel;
using AfterSales.Records;
using AfterSales.WorkItems;

namespace AfterSales.FieldService;

/// <summary>
/// What a visit tells its complaint, as the system, working from the visit and the complaint as
/// they now are: each command applies only while the complaint still waits for it, and the
/// complaint is saved on its ETag (the record store retries a conflict), so a repeated, late or
/// out-of-order event changes nothing.
/// </summary>
public static class VisitToComplaint
{
    /// <summary>
    /// The arrival as typed on the card (not when it was saved: a card saved offline hours later
    /// is judged by the time the technician arrived), while the complaint's on-site step waits for it.
    /// </summary>
    public static Task TellArrivalAsync(ComplaintService complaints, Visit v, CancellationToken ct) =>
        v.Card.ArrivedAt is not { } at ? Task.CompletedTask
            : complaints.ExecuteAsSystemAsync(v.ComplaintNumber, new RecordArrival(at),
                c => ComplaintLifecycle.WorkStep(c) is { } w && w.Is(StepKind.OnSiteService) && w.Phase() == OnSitePhase.Arrival && (w.StartedAt is not { } sent || !ComplaintLifecycle.ArrivesBeforeDispatch(at, sent)), ct);
}

/// <summary>Tells the complaint its technician arrived when the visit's card first records the arrival (one entry, one promise).</summary>
public sealed class TellComplaintOfArrival(RecordStore<Visit> visits, ComplaintService complaints) : IFeedSubscriber
{
    public async Task HandleAsync(RecordEvent e, CancellationToken ct)
    {
        if (await visits.GetAsync(e.RecordId, ct) is { Record: var v })
        {
            await VisitToComplaint.TellArrivalAsync(complaints, v, ct);
        }
    }
}

/// <summary>
/// A visit completed with the customer's verdict "effect verified" (效果确认) resolves the
/// complaint's on-site work: the technician fixed it and the customer verified the effect, so the
/// complaint moves on to the first-contact owner's confirmation and the revisit, as the
/// complaint's own <c>resolve</c> does. Only while the on-site step is in its service phase: a
/// major problem's first visit (findings, before the leader decides) resolves nothing; its
/// resolution carries the card's analysis as the service report's summary (quality's document
/// is the filed report, which the complaint still waits for before closing). A verdict "not
/// verified" leaves the complaint's step open for another visit or the next decision. The arrival
/// is told first, in case its own subscriber has not run yet.
/// </summary>
public sealed class ResolveComplaintOnVerifiedVisit(RecordStore<Visit> visits, ComplaintService complaints) : IFeedSubscriber
{
    public async Task HandleAsync(RecordEvent e, CancellationToken ct)
    {
        if (await visits.GetAsync(e.RecordId, ct) is not { Record: { Stage: VisitStage.Completed, Card.EffectVerified: true } v })
        {
            return;
        }
        await VisitToComplaint.TellArrivalAsync(complaints, v, ct);
        var (summary, report) = VisitRules.Resolution(v);
        await complaints.ExecuteAsSystemAsync(v.ComplaintNumber, new Resolve(summary, report), c => Resolvable(c, v), ct);
    }

    private static bool Resolvable(Complaint c, Visit v) =>
        c.State == ComplaintState.InProgress
        && ComplaintLifecycle.HeldOpenBy(c) is null
        && ComplaintLifecycle.WorkStep(c) is { } w && w.Is(StepKind.OnSiteService) && w.Phase() == OnSitePhase.Service
        // This visit's own work: the repair started before the visit was completed (not a later visit's step).
        && w.StartedAt <= v.CompletedAt;
}
