using System.Security.Claims;
using System.Text.Json.Serialization;
using AfterSales.Kernel;
using AfterSales.WorkItems;

namespace AfterSales.Notifications;

/// <summary>What people are told of.</summary>
public enum NoticeKind
{
    /// <summary>A step was opened for a department (new work in its inbox).</summary>
    StepRouted,
    StepTransferred,
    StepAssigned,
    StepDueSoon,
    StepOverdue,
    StepEscalated,
    ApprovalRequested,
    ApprovalDecided,
    VisitAssigned,
    /// <summary>Any change to a complaint its first-contact owner (首问责任人) did not make.</summary>
    RecordChanged,
    DailyDigest,
}

public enum NoticeChannel { Mail, TeamsCard }

public enum AudienceKind { Department, Supervisors, Person, Approvers }

/// <summary>Who a notice is for: a department, the supervisors, one person, or the approvers' Teams channel.</summary>
public sealed record Audience(AudienceKind Kind, string Key, string? Name = null)
{
    public static Audience Of(Department department) => new(AudienceKind.Department, department.Code());
    public static Audience Person(Staff person) => new(AudienceKind.Person, person.Id, person.Name);
    public static readonly Audience Supervisors = new(AudienceKind.Supervisors, "supervisors");
    public static readonly Audience Approvers = new(AudienceKind.Approvers, Department.Management.Code());

    /// <summary>
    /// The audience as a reader of records: the roles (or the person) it stands for. What a notice
    /// shows of a record is decided by the record's own access rule for this reader.
    /// </summary>
    public ClaimsPrincipal AsReader()
    {
        var claims = new List<Claim> { new("oid", Kind == AudienceKind.Person ? Key : $"audience:{Kind}:{Key}") };
        switch (Kind)
        {
            case AudienceKind.Department when Departments.TryParse(Key, out var d):
                claims.Add(new("roles", Roles.Of(d)));
                break;
            case AudienceKind.Supervisors:
                claims.Add(new("roles", Roles.Supervisor));
                break;
            case AudienceKind.Approvers:
                claims.Add(new("roles", Roles.Management));
                break;
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, "notification", "name", "roles"));
    }
}

/// <summary>A step as a notice names it.</summary>
public sealed record StepFacts(string Id, string Kind, Department Department, DateTimeOffset DueAt)
{
    public string? Stage { get; init; }
    public Department? From { get; init; }
    public EscalationLevel? Escalation { get; init; }
    public Staff? Assignee { get; init; }
}

/// <summary>Management's decision as the announcement shows it.</summary>
public sealed record DecisionFacts(bool Approved, string? Reason, Staff By, DateTimeOffset At);

/// <summary>What a manager needs to decide a major quality problem.</summary>
public sealed record ApprovalFacts(
    string? PartNumber,
    string? OrderNumber,
    int? Quantity,
    int? DefectiveQuantity,
    string Description,
    string? CustomerDemand,
    string? Analysis,
    Staff? AnalysedBy,
    DecisionFacts? Decision);

/// <summary>
/// What a notice may show of a record, as its kind's <see cref="IRecordFacts"/> reads it: enough
/// to act on (number, customer, product, path, state, open steps, a link), nothing more: never a
/// customer's phone or address.
/// </summary>
public sealed record RecordFacts(string Kind, string Id, string LinkPath)
{
    public string? Customer { get; init; }
    public string? Product { get; init; }
    public string? HandlingPath { get; init; }
    public string? State { get; init; }
    public Staff? Owner { get; init; }
    public IReadOnlyList<StepFacts> OpenSteps { get; init; } = [];
    public ApprovalFacts? Approval { get; init; }

    /// <summary>The record's access rule; not stored.</summary>
    [JsonIgnore]
    public Func<ClaimsPrincipal, bool> VisibleTo { get; init; } = _ => false;

    /// <summary>The facts a reader may see: all of them, or only the number and the link.</summary>
    public RecordFacts For(Audience audience) => VisibleTo(audience.AsReader()) ? this : new RecordFacts(Kind, Id, LinkPath);
}

/// <summary>One open work item in a daily digest.</summary>
public sealed record DigestLine(string RecordKind, string RecordId, string Step, DateTimeOffset DueAt, bool Overdue, bool Paused, string Subject, string? Owner, string State);

/// <summary>
/// One thing to tell one audience, on one channel, because of one source (a change-feed event, a
/// due time, a day's digest). Its id is made from those, so telling twice is recognised.
/// </summary>
public sealed record Notice(NoticeKind Kind, NoticeChannel Channel, Audience Audience, string Source, string RecordKind, string RecordId)
{
    public RecordFacts? Facts { get; init; }
    public IReadOnlyList<StepFacts> Steps { get; init; } = [];

    /// <summary>The event type, for <see cref="NoticeKind.RecordChanged"/>.</summary>
    public string? Change { get; init; }
    public Staff? By { get; init; }
    public DateTimeOffset At { get; init; }
    public string? Note { get; init; }
    public IReadOnlyList<DigestLine> Digest { get; init; } = [];

    /// <summary>
    /// One per source, kind, channel and audience. The owner's notice of a change is one per change
    /// whoever owns the record when it is made, so a redelivered event finds it made even when the
    /// record changed hands in between (the feed keeps no receipts for notices: their ids are enough).
    /// </summary>
    public string Id => Fingerprint.Of($"{Source}|{Kind}|{Channel}|{Audience.Kind}|{(Kind == NoticeKind.RecordChanged ? "owner" : Audience.Key)}")[..32];
}
