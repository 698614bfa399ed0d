using System.Security.Claims;
using AfterSales.ChangeFeed;
using AfterSales.Complaints;
using AfterSales.Kernel;
using AfterSales.Records;

namespace AfterSales.FieldService;

/// <summary>
/// The after-sales service report (售后服务报告) of a major quality problem: what the problem was,
/// its cause, the handling, the result, the cost and recommendations. The technical center files
/// it; quality receives it; the complaint closes only once quality has (docs/field-service.md).
/// One per complaint: <c>SR-{YYYYMM-NNNN}</c>.
/// </summary>
public sealed record ServiceReport
{
    public required string Id { get; init; }
    public required string ComplaintNumber { get; init; }
    public required string CustomerName { get; init; }
    public required string Problem { get; init; }
    public required string Cause { get; init; }
    public required string Handling { get; init; }
    public required string Result { get; init; }
    /// <summary>What the handling cost (CNY).</summary>
    public required decimal Cost { get; init; }
    public string? Recommendations { get; init; }
    public required Staff FiledBy { get; init; }
    public required DateTimeOffset FiledAt { get; init; }
    public Staff? ReceivedBy { get; init; }
    public DateTimeOffset? ReceivedAt { get; init; }
    public string? ReceiptNote { get; init; }
}

public sealed record NewServiceReport(string? ComplaintNumber, string? Problem, string? Cause, string? Handling, string? Result, decimal? Cost, string? Recommendations);

public sealed record ReceiveServiceReport(string? Note);

public sealed record ServiceReportFiled(string ComplaintNumber) : IEventData;

public sealed record ServiceReportReceived(string ComplaintNumber) : IEventData;

/// <summary>Service reports through the record store: filed for a major complaint the filer can see, received by quality.</summary>
public sealed class ServiceReports(RecordStore<ServiceReport> store, ComplaintService complaints, TimeProvider clock)
{
    public static string IdFor(string complaintNumber) => $"SR-{complaintNumber[3..]}";

    public static void Demand(string id)
    {
        if (!id.StartsWith("SR-", StringComparison.Ordinal) || !ComplaintNumber.IsValid("KS-" + id[3..]))
        {
            throw ValidationException.For("id", $"'{id}' is not a service report number; they look like SR-202611-0042.");
        }
    }

    public async Task<(Stored<ServiceReport> Report, bool Replayed)> FileAsync(NewServiceReport r, ClaimsPrincipal user, string? idempotencyKey, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(r.ComplaintNumber) || !ComplaintNumber.IsValid(r.ComplaintNumber.Trim()))
        {
            throw ValidationException.For("complaintNumber", "Give the number of the major problem's complaint (KS-202611-0042).");
        }
        var complaint = (await complaints.LoadAsync(r.ComplaintNumber.Trim(), user, ct)).Record;
        if (complaint.Path != HandlingPath.MajorOnSite)
        {
            throw new ConflictException("A service report is filed for a major quality problem.", $"{complaint.Number} is not on the majorOnSite path.");
        }
        var errors = new ErrorList();
        foreach (var (field, text) in new[] { ("problem", r.Problem), ("cause", r.Cause), ("handling", r.Handling), ("result", r.Result) })
        {
            errors.AddIf(TextLimits.IsBlank(text), field, $"The report states the {field}.");
            TextLimits.Check(errors, field, text, TextLimits.Text);
        }
        TextLimits.Check(errors, "recommendations", r.Recommendations, TextLimits.Text);
        errors.AddIf(r.Cost is not (>= 0 and <= 100_000_000), "cost", "Give what the handling cost (CNY, 0 or more).");
        errors.ThrowIfAny();
        var by = user.ActingStaff();
        var now = clock.GetUtcNow();
        var report = new ServiceReport
        {
            Id = IdFor(complaint.Number), ComplaintNumber = complaint.Number, CustomerName = complaint.Customer.Name,
            Problem = r.Problem!.Trim(), Cause = r.Cause!.Trim(), Handling = r.Handling!.Trim(), Result = r.Result!.Trim(), Cost = r.Cost!.Value,
            Recommendations = TextLimits.IsBlank(r.Recommendations) ? null : r.Recommendations!.Trim(), FiledBy = by, FiledAt = now,
        };
        var key = IdempotencyKey.From(idempotencyKey, by.Id, "fileServiceReport", r);
        if (await store.CreateAsync(report, [new DomainEvent(new ServiceReportFiled(complaint.Number), by, now)], key, ct) is { } created)
        {
            return (created, false);
        }
        var existing = await store.GetAsync(report.Id, ct) ?? throw RecordChanges.NotFound(store, report.Id);
        if (key is not null && await store.FindKeyAsync(report.Id, key, ct) is { } earlier)
        {
            key.EnsureSameRequestAs(earlier, "service report");
            return (existing, true);
        }
        throw new ConflictException("The service report is filed already.", $"{complaint.Number} has its service report {report.Id}, filed by {existing.Record.FiledBy.Name}.");
    }

    public Task<ChangeOutcome<ServiceReport>> ReceiveAsync(string id, ReceiveServiceReport r, ClaimsPrincipal user, Func<IfMatch> condition, string? idempotencyKey, CancellationToken ct)
    {
        Demand(id);
        var by = user.ActingStaff();
        return store.ExecuteAsync(new ChangeRequest<ServiceReport>(id, report =>
        {
            if (report.ReceivedAt is not null)
            {
                return new(report, []);
            }
            var errors = new ErrorList();
            TextLimits.Check(errors, "note", r.Note, TextLimits.Text);
            errors.ThrowIfAny();
            var now = clock.GetUtcNow();
            return new(report with { ReceivedBy = by, ReceivedAt = now, ReceiptNote = TextLimits.IsBlank(r.Note) ? null : r.Note!.Trim() },
                [new DomainEvent(new ServiceReportReceived(report.ComplaintNumber), by, now, r.Note)]);
        })
        {
            Condition = condition,
            Key = IdempotencyKey.From(idempotencyKey, by.Id, "receiveServiceReport", r),
        }, ct);
    }

    /// <summary>The report, for whoever may see its complaint.</summary>
    public async Task<Stored<ServiceReport>> LoadAsync(string id, ClaimsPrincipal user, CancellationToken ct)
    {
        Demand(id);
        var stored = await store.GetAsync(id, ct) ?? throw RecordChanges.NotFound(store, id);
        await complaints.LoadAsync(stored.Record.ComplaintNumber, user, ct);
        return stored;
    }
}

/// <summary>Tells the complaint its report was filed or received (from the report as it now is).</summary>
public sealed class TellComplaintOfServiceReport(RecordStore<ServiceReport> reports, ComplaintService complaints) : IFeedSubscriber
{
    public async Task HandleAsync(RecordEvent e, CancellationToken ct)
    {
        if (await reports.GetAsync(e.RecordId, ct) is { Record: var r })
        {
            await complaints.ExecuteAsSystemAsync(r.ComplaintNumber, new NoteServiceReport(new RelatedServiceReport(r.Id, r.ReceivedAt is not null)), _ => true, ct);
        }
    }
}
