using System.Text.Json.Serialization;
using AfterSales.Kernel;
using AfterSales.WorkItems;

namespace AfterSales.Complaints;

/// <summary>How a request reached the company.</summary>
public enum Channel { Phone, Email, WebForm, Visit, Fax, Letter, ServiceCentre }

/// <summary>The kind of work asked for.</summary>
public enum WorkKind
{
    /// <summary>投诉/客诉</summary>
    Complaint,
    /// <summary>报修</summary>
    RepairCall,
    /// <summary>安装调试</summary>
    Installation,
    /// <summary>退换货</summary>
    Return,
    /// <summary>咨询</summary>
    Consultation,
}

/// <summary>Where a complaint's handling stands.</summary>
public enum ComplaintState
{
    /// <summary>Taken, not yet filed in a department inbox.</summary>
    Received,
    /// <summary>Filed for the preliminary analysis (初步分析) that chooses the handling path.</summary>
    AwaitingTriage,
    /// <summary>A major quality problem whose findings on site wait for management's approval before the repair.</summary>
    AwaitingApproval,
    /// <summary>The chosen path's work is open.</summary>
    InProgress,
    /// <summary>Work done; waiting for the customer to confirm.</summary>
    Resolved,
    /// <summary>The customer confirmed. May be reopened within the grace period.</summary>
    Closed,
}

/// <summary>The five handling paths of the preliminary analysis.</summary>
public enum HandlingPath
{
    /// <summary>Not a product-quality problem: solution given by phone, fax or e-mail.</summary>
    NotQualityProblem,
    /// <summary>Quality problem that needs no site visit: solved remotely.</summary>
    QualityRemote,
    /// <summary>一般质量问题: handled on site.</summary>
    GeneralOnSite,
    /// <summary>重大质量问题: the technician goes on site within the promise and records the findings; the repair starts only after management approves.</summary>
    MajorOnSite,
    /// <summary>退换货: handled by procurement under the returns procedure.</summary>
    ReturnExchange,
}

/// <summary>The kinds of a complaint's steps (its work items).</summary>
public enum StepKind
{
    Triage,
    RemoteSolution,
    Approval,
    OnSiteService,
    ReturnExchange,
    CustomerConfirmation,
    Revisit,
    /// <summary>到场承诺: the customer's promise (on site 24 h / 48 h after the call), kept by the first-contact owner's department until someone arrives.</summary>
    ArrivalPromise,
}

/// <summary>
/// Where an on-site step stands (its stage): waiting for a technician, travelling, on site recording
/// the findings of a major problem for the leader (before any repair), on site doing the work.
/// </summary>
public enum OnSitePhase { Dispatch, Arrival, Service, Inspection }

/// <summary>A complaint's steps are work items whose kind is a <see cref="StepKind"/> code.</summary>
public static class ComplaintSteps
{
    public static bool Is(this WorkItem step, StepKind kind) => step.Kind == Codes.Of(kind);

    public static StepKind AsStepKind(this WorkItem step) =>
        Codes.TryParse<StepKind>(step.Kind, out var kind) ? kind : throw new InvalidOperationException($"'{step.Kind}' is not a complaint step.");

    public static OnSitePhase? Phase(this WorkItem step) => Codes.TryParse<OnSitePhase>(step.Stage, out var phase) ? phase : null;

    public static WorkItem InPhase(this WorkItem step, OnSitePhase phase) => step with { Stage = Codes.Of(phase) };
}

/// <summary>The customer facts copied onto the complaint when it is taken (顾客 on the 投诉受理单).</summary>
public sealed record CustomerFacts(string? CustomerId, string Name, string? Contact, string? Phone, string? Province);

/// <summary>The fields of the complaint handling form (客户抱怨处理表 / 投诉受理单).</summary>
public sealed record ComplaintDetails(
    string? Product,
    string? OrderNumber,
    string? PartNumber,
    DateOnly? ShippingDate,
    int? Quantity,
    int? DefectiveQuantity,
    string? CustomerDemand,
    string Description);

/// <summary>The analysis that chose the path (初步分析), with who made it.</summary>
public sealed record Triage(HandlingPath Path, string Analysis, Staff By, DateTimeOffset At);

/// <summary>Management's decision on a major quality problem.</summary>
public sealed record ApprovalDecision(bool Approved, string? Reason, Staff By, DateTimeOffset At);

/// <summary>What the technician found on site of a major quality problem, reported to the leader (现场记录).</summary>
public sealed record SiteFindings(string Text, Staff By, DateTimeOffset At);

/// <summary>
/// The promise to the customer (接到报修电话后…): someone on site within 24 h of the call in the home
/// province, 48 h elsewhere, or by a time agreed with the customer. It counts from the call
/// (<see cref="From"/>), whatever the internal steps take; <see cref="Met"/> says whether it was kept.
/// Each internal step keeps its own limit; this is the customer's clock.
/// </summary>
public sealed record ArrivalPromise(DateTimeOffset From, DateTimeOffset DueAt, ArrivalRule Rule, string? Province, string Step)
{
    public DateTimeOffset? ArrivedAt { get; init; }
    public bool? Met { get; init; }
}

/// <summary>A complaint (or other request) and where its handling stands.</summary>
public sealed record Complaint
{
    public required string Number { get; init; }
    public required WorkKind Kind { get; init; }
    public required Channel Channel { get; init; }
    public required CustomerFacts Customer { get; init; }
    public required ComplaintDetails Details { get; init; }
    /// <summary>When the customer called or wrote (the promise counts from it); may be earlier than <see cref="RecordedAt"/>.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>When it was typed in (null on complaints taken before this was kept: the same as <see cref="ReceivedAt"/>).</summary>
    public DateTimeOffset? RecordedAt { get; init; }

    /// <summary>Why it was recorded long after the call (required past the late-entry window).</summary>
    public string? LateEntryReason { get; init; }

    /// <summary>An urgent event (紧急事件): escalated at once to the marketing head and company leaders.</summary>
    public bool Urgent { get; init; }

    public string? UrgentReason { get; init; }

    /// <summary>首问责任人: the employee who took it, who keeps seeing it until it is closed.</summary>
    public required Staff FirstContactOwner { get; init; }

    /// <summary>The colleague who recorded it for the first-contact owner, when it was not them; they see it too.</summary>
    public Staff? RecordedBy { get; init; }

    public ComplaintState State { get; init; } = ComplaintState.Received;
    public Triage? Triage { get; init; }
    public ApprovalDecision? Approval { get; init; }
    public Staff? Technician { get; init; }

    /// <summary>The customer's arrival promise while an on-site path is chosen (null on remote paths).</summary>
    public ArrivalPromise? ArrivalPromise { get; init; }

    /// <summary>Major problems: what was found on site, reported to the leader before the repair.</summary>
    public SiteFindings? Findings { get; init; }

    public string? Resolution { get; init; }

    /// <summary>Major problems: the after-sales service report (售后服务报告) that goes to quality.</summary>
    public string? ServiceReport { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    public int ReopenCount { get; init; }

    /// <summary>When it was last reopened: the customer's new call, from which a new arrival promise counts.</summary>
    public DateTimeOffset? ReopenedAt { get; init; }

    /// <summary>Its steps, open and done: work items in the departments' inboxes.</summary>
    public IReadOnlyList<WorkItem> Steps { get; init; } = [];

    /// <summary>Earlier complaints of the same customer and part or order, flagged at intake.</summary>
    public IReadOnlyList<string> PossibleDuplicates { get; init; } = [];

    /// <summary>Complaints linked to this one (confirmed duplicates, follow-ups).</summary>
    public IReadOnlyList<string> Links { get; init; } = [];

    /// <summary>The complaint this one follows up, when it was created after the reopen grace period.</summary>
    public string? FollowUpOf { get; init; }

    /// <summary>Its return orders and CAPAs, as those features told it (ComplaintLifecycle.Links.cs).</summary>
    public RelatedRecords Related { get; init; } = new();

    [JsonIgnore]
    public IEnumerable<WorkItem> OpenSteps => Steps.Where(s => s.IsOpen);

    public HandlingPath? Path => Triage?.Path;
}
