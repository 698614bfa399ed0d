using System.Globalization;
using AfterSales.Capa;
using AfterSales.Complaints;
using AfterSales.FieldService;
using AfterSales.Kernel;
using AfterSales.Returns;
using AfterSales.Surveys;
using AfterSales.WorkItems;

namespace AfterSales.PowerBi;

/// <summary>
/// Months and days as the business counts them (the service's time zone) and instants as the
/// files keep them (UTC, to the millisecond, so Parquet, CSV and Table Storage agree exactly).
/// </summary>
public sealed class ExportCalendar(TimeZoneInfo zone)
{
    public DateTime Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, zone).DateTime;

    /// <summary>The month a fact belongs to: <c>yyyyMM</c>, its file's and partition's name.</summary>
    public string Month(DateTimeOffset at) => Local(at).ToString("yyyyMM", CultureInfo.InvariantCulture);

    /// <summary>The day, as the date dimension's key <c>yyyyMMdd</c>.</summary>
    public long? DateKey(DateTimeOffset? at) => at is { } a ? long.Parse(Local(a).ToString("yyyyMMdd", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : null;

    public static DateTime? Time(DateTimeOffset? at) =>
        at is { } a ? new DateTime(a.UtcTicks - a.UtcTicks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc) : null;
}

/// <summary>
/// The fact rows of one record, as plain data: what each exported kind of record contributes to
/// each fact table. A record's rows keep their month for life (it is the month the record or the
/// step was opened), so a re-run replaces them in place.
/// </summary>
public static class FactRows
{
    public static IEnumerable<(ExportTable Table, ExportRow Row)> Of(Complaint c, ExportCalendar cal)
    {
        var d = c.Details;
        yield return (StarSchema.Complaints, new(cal.Month(c.ReceivedAt), c.Number,
        [
            c.Number, Codes.Of(c.Kind), Codes.Of(c.Channel), c.Path is { } p ? Codes.Of(p) : null, Codes.Of(c.State), c.Customer.CustomerId,
            c.Customer.Name, Provinces.Find(c.Customer.Province)?.Code, ProductKey(d.PartNumber, d.Product), Blank(d.Product), Blank(d.PartNumber),
            Blank(d.OrderNumber), (long?)d.Quantity, (long?)d.DefectiveQuantity, c.Urgent, ExportCalendar.Time(c.ReceivedAt), cal.DateKey(c.ReceivedAt),
            ExportCalendar.Time(c.Triage?.At), ExportCalendar.Time(c.ResolvedAt), ExportCalendar.Time(c.ClosedAt), cal.DateKey(c.ClosedAt),
            (long)c.ReopenCount, ExportCalendar.Time(c.ArrivalPromise?.DueAt), ExportCalendar.Time(c.ArrivalPromise?.ArrivedAt), c.ArrivalPromise?.Met,
            (long)c.Steps.Count, (long)c.Steps.Count(s => s.IsOpen),
        ]));
        foreach (var step in Steps(ComplaintRecords.Kind, c.Number, c.Number, c.Steps, cal))
        {
            yield return step;
        }
    }

    public static IEnumerable<(ExportTable Table, ExportRow Row)> Of(Visit v, ExportCalendar cal)
    {
        var arrived = v.Card.ArrivedAt;
        yield return (StarSchema.Visits, new(cal.Month(v.DispatchedAt), v.Id,
        [
            v.Id, v.ComplaintNumber, Codes.Of(v.Stage), ExportCalendar.Time(v.DispatchedAt), cal.DateKey(v.DispatchedAt),
            ExportCalendar.Time(v.ArrivalDueAt), ExportCalendar.Time(arrived), arrived is { } a ? a <= v.ArrivalDueAt : null,
            ExportCalendar.Time(v.Card.DepartedAt), ExportCalendar.Time(v.CompletedAt), cal.DateKey(v.CompletedAt), (long)v.Technicians.Count,
            v.Card.LabourHours, v.Charges?.Parts, v.Charges?.Labour, v.Charges?.Total, v.Charges?.Currency, v.Card.InWarranty, v.Card.EffectVerified,
        ]));
        foreach (var step in Steps(VisitRecords.Kind, v.Id, v.ComplaintNumber, v.Steps, cal))
        {
            yield return step;
        }
    }

    public static IEnumerable<(ExportTable Table, ExportRow Row)> Of(ReturnOrder r, ExportCalendar cal)
    {
        var month = cal.Month(r.OpenedAt);
        for (var i = 0; i < r.Items.Count; i++)
        {
            var item = r.Items[i];
            yield return (StarSchema.Returns, new(month, $"{r.Id}|{i + 1:D3}",
            [
                r.Id, (long)(i + 1), r.ComplaintNumber, Codes.Of(r.Kind), Codes.Of(r.Stage), ProductKey(item.PartNumber, null), item.PartNumber,
                (long)item.Quantity, (long)item.DefectiveQuantity, (long?)item.ReceivedQuantity, (long?)item.DefectiveFound,
                ExportCalendar.Time(r.OpenedAt), cal.DateKey(r.OpenedAt), r.Inspection is { } x ? Codes.Of(x.Result) : null,
                r.Inspection is { } y ? Codes.Of(y.Responsibility) : null, r.Outcome is { } o ? Codes.Of(o) : null,
                ExportCalendar.Time(r.ClosedAt), cal.DateKey(r.ClosedAt),
            ]));
        }
        foreach (var step in Steps(ReturnRecords.Kind, r.Id, r.ComplaintNumber, r.Steps, cal))
        {
            yield return step;
        }
    }

    public static IEnumerable<(ExportTable Table, ExportRow Row)> Of(CorrectiveAction c, ExportCalendar cal)
    {
        var month = cal.Month(c.OpenedAt);
        bool? effective = c.Verifications.Count > 0 ? c.Verifications[^1].Effective : null;
        foreach (var m in c.Measures)
        {
            yield return (StarSchema.CapaMeasures, new(month, $"{c.Id}|{m.Id}",
            [
                c.Id, m.Id, Codes.Of(m.Kind), Codes.Of(m.State), m.Department.Code(), ExportCalendar.Time(m.Deadline), cal.DateKey(m.Deadline),
                ExportCalendar.Time(m.CompletedAt), m.CompletedAt is { } done ? done <= m.Deadline : null, (long)m.PlanRevision, Codes.Of(c.Stage),
                c.Outcome is { } o ? Codes.Of(o) : null, c.Cause is { } cause ? Codes.Of(cause.Category) : null, ProductKey(c.PartNumber, null),
                Blank(c.PartNumber), ExportCalendar.Time(c.OpenedAt), cal.DateKey(c.OpenedAt), ExportCalendar.Time(c.ClosedAt), effective,
                (long)c.Complaints.Count,
            ]));
        }
        foreach (var step in Steps(CapaRecords.Kind, c.Id, null, c.Steps, cal))
        {
            yield return step;
        }
    }

    /// <summary>
    /// An answered survey's items, one row each, in the month it was answered (a survey is answered
    /// once, so its rows never move); a survey not answered yet has none. Its follow-up of a low score
    /// is a step like any other. The item's names and the bottom of the scale are the template's.
    /// </summary>
    public static IEnumerable<(ExportTable Table, ExportRow Row)> Of(Survey s, SurveyTemplate template, ExportCalendar cal)
    {
        if (s.Answer is { } a)
        {
            var month = cal.Month(a.At);
            var average = Math.Round((decimal)a.Scores.Values.Sum() / a.Scores.Count, 2, MidpointRounding.AwayFromZero);
            var items = new Dictionary<string, (SurveyItem Item, long Order)>(StringComparer.Ordinal);
            for (var i = 0; i < template.Items.Count; i++)
            {
                items.TryAdd(template.Items[i].Code, (template.Items[i], i + 1));
            }
            foreach (var (code, score) in a.Scores)
            {
                var found = items.TryGetValue(code, out var x) ? x : ((SurveyItem Item, long Order)?)null;
                yield return (StarSchema.SurveyAnswers, new(month, $"{s.Id}|{code}",
                [
                    s.Id, code, found?.Order, found?.Item.Zh, found?.Item.En, (long)score, score == template.Scale.Min, Codes.Of(s.Occasion),
                    s.Round, s.ComplaintNumber, s.Customer.Id, s.Customer.Name, s.Department?.Code(), Blank(s.Product), s.Language, (long)s.TemplateVersion,
                    Codes.Of(a.Channel), ExportCalendar.Time(s.SentAt), cal.DateKey(s.SentAt), ExportCalendar.Time(a.At), cal.DateKey(a.At),
                    (long)a.Scores.Count, average, a.Comment,
                ]));
            }
        }
        foreach (var step in Steps(SurveyRecords.Kind, s.Id, s.ComplaintNumber, s.Steps, cal))
        {
            yield return step;
        }
    }

    /// <summary>An event as the change feed published it (its month is the event's own).</summary>
    public static ExportRow Of(RecordEvent e, ExportCalendar cal) => new(cal.Month(e.At),
        $"{e.At.UtcTicks.ToString("D19", CultureInfo.InvariantCulture)}|{e.RecordKind}|{e.RecordId}|{e.Sequence:D6}",
        [e.Id, e.RecordKind, e.RecordId, (long)e.Sequence, e.Type, ExportCalendar.Time(e.At), cal.DateKey(e.At), e.By.Id]);

    /// <summary>
    /// A record's work items. Elapsed time counts from opening to completion less the time paused
    /// (the SLA clock); it is empty while the step is open, so a re-run on another day gives the same row.
    /// </summary>
    public static IEnumerable<(ExportTable Table, ExportRow Row)> Steps(string kind, string id, string? complaintNumber, IReadOnlyList<WorkItem> steps, ExportCalendar cal) =>
        steps.Select(s => (StarSchema.Steps, new ExportRow(cal.Month(s.OpenedAt), $"{kind}|{id}|{s.Id}",
        [
            kind, id, s.Id, s.Kind, s.Stage, s.Department.Code(), s.Assignee?.Id, ExportCalendar.Time(s.OpenedAt), cal.DateKey(s.OpenedAt),
            ExportCalendar.Time(s.DueAt), ExportCalendar.Time(s.CompletedAt), cal.DateKey(s.CompletedAt), s.Outcome is { } o ? Codes.Of(o) : null,
            s.OnTime, s.CompletedAt is { } done ? Minutes(done - s.OpenedAt - s.PausedTotal) : null, Minutes(s.PausedTotal), s.IsPaused,
            Codes.Of(s.Escalation), complaintNumber,
        ])));

    /// <summary>The product dimension's key: the part number, or the product's name where no part was given.</summary>
    public static string? ProductKey(string? partNumber, string? product) => Blank(partNumber) ?? Blank(product);

    private static decimal Minutes(TimeSpan span) => Math.Round((decimal)span.TotalMinutes, 2);

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
