using AfterSales.ChangeFeed;
using AfterSales.Complaints;
using AfterSales.FieldService;
using AfterSales.Kernel;
using AfterSales.Records;

namespace AfterSales.Surveys;

/// <summary>
/// Change-feed subscriber: after a service, the customer gets a survey. A field visit completed
/// (the customer signed the card) or a complaint confirmed and closed sends it, whichever comes
/// first; the survey's id derives from the complaint, so the other (and any repeat) finds it.
/// </summary>
public sealed class SendSurveyAfterService(SurveyService surveys, RecordStore<Visit> visits) : IFeedSubscriber
{
    public static bool Wants(RecordEvent e) =>
        (e.RecordKind == VisitRecords.Kind && e.Is<VisitCompleted>()) || (e.IsComplaint() && e.Is<Closed>());

    public async Task HandleAsync(RecordEvent e, CancellationToken ct)
    {
        var number = e.RecordKind == VisitRecords.Kind ? (await visits.GetAsync(e.RecordId, ct))?.Record.ComplaintNumber : e.RecordId;
        if (number is not null)
        {
            await surveys.SendAfterServiceAsync(number, ct);
        }
    }
}
