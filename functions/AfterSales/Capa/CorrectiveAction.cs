using System.Text.Json.Serialization;
using AfterSales.Kernel;
using AfterSales.WorkItems;

namespace AfterSales.Capa;

/// <summary>Where a CAPA stands in the closed loop; every open stage has its work item (execution has one per measure).</summary>
public enum CapaStage
{
    /// <summary>Quality tells the responsible department (通知责任部门).</summary>
    Notification,
    /// <summary>The responsible department finds the root cause (原因分析).</summary>
    CauseAnalysis,
    /// <summary>It drafts the corrective and preventive measures (制定纠正预防措施).</summary>
    Planning,
    /// <summary>The department head reviews the plan (部门负责人审核).</summary>
    Review,
    /// <summary>The management representative approves it (管理者代表批准).</summary>
    Approval,
    /// <summary>Each measure is carried out by its owner by its deadline (实施).</summary>
    Execution,
    /// <summary>Quality verifies the effect, with evidence (效果验证).</summary>
    Verification,
    /// <summary>Quality closes it, or makes it a standard and files the records (关闭/标准化).</summary>
    Closure,
    Closed,
}

/// <summary>How a CAPA ended.</summary>
public enum CapaOutcome
{
    /// <summary>No corrective or preventive action needed: continuous improvement (持续改进), with the reason.</summary>
    ContinuousImprovement,
    /// <summary>Carried out (and verified effective when confirmation was needed), then closed.</summary>
    Closed,
    /// <summary>Made a standard: the documents changed are named.</summary>
    Standardised,
}

/// <summary>The category of the root cause.</summary>
public enum CauseCategory { Design, Material, Process, Supplier, Use }

public enum MeasureKind { Corrective, Preventive }

/// <summary>A measure is planned, carried out once the plan is approved, done; a plan sent back and redrafted supersedes it.</summary>
public enum MeasureState { Planned, Underway, Done, Superseded }

/// <summary>The kinds of a CAPA's work items.</summary>
public enum CapaStep { Notification, CauseAnalysis, Planning, Review, Approval, Measure, Verification, Closure }

/// <summary>The documents a cause may require to change (the technical department keeps them).</summary>
public enum StandardDocument { DesignFmea, ProcessFmea, ControlPlan, WorkInstruction }

/// <summary>One of the service feedback record's decisions (顾客服务反馈记录表): needed or not, with its record.</summary>
public sealed record Decision(bool Needed, string? Record);

/// <summary>The three decisions: cause analysis needed? corrective/preventive action needed? effect confirmation needed?</summary>
public sealed record CapaDecisions(Decision CauseAnalysis, Decision Action, Decision EffectConfirmation);

/// <summary>
/// Evidence by reference: an attachment id, a report or document number, a photo's file name.
/// (Files themselves are the field-service feature's attachments; until they exist here, a reference and a note.)
/// </summary>
public sealed record Evidence(string Reference, string? Note = null);

public sealed record CauseFinding(string RootCause, CauseCategory Category, string? Analysis, IReadOnlyList<Evidence> Evidence, Staff By, DateTimeOffset At);

/// <summary>A corrective or preventive measure: what, who owns it, which department, by when, and its own state.</summary>
public sealed record Measure(string Id, MeasureKind Kind, string Description, Staff Owner, Department Department, DateTimeOffset Deadline)
{
    public MeasureState State { get; init; } = MeasureState.Planned;
    public int PlanRevision { get; init; } = 1;
    public string? Result { get; init; }
    public IReadOnlyList<Evidence> Evidence { get; init; } = [];
    public Staff? CompletedBy { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
}

/// <summary>A decision on the plan: the department head's review or the management representative's approval.</summary>
public sealed record PlanDecision(CapaStage Level, int PlanRevision, bool Approved, string? Reason, Staff By, DateTimeOffset At);

public sealed record Verification(bool Effective, string Note, IReadOnlyList<Evidence> Evidence, Staff By, DateTimeOffset At);

public sealed record ChangedDocument(StandardDocument Kind, string Reference);

/// <summary>
/// A corrective and preventive action (纠正和预防措施), owned by quality: the problem, the
/// complaints it comes from (a batch problem links many, of different customers), the three
/// decisions, the responsible department, the root cause, the measures and their state, the
/// decisions on the plan, the verifications, and how it ended.
/// </summary>
public sealed record CorrectiveAction
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required string Problem { get; init; }
    public string? PartNumber { get; init; }
    public required IReadOnlyList<string> Complaints { get; init; }
    public required CapaDecisions Decisions { get; init; }
    public required Staff OpenedBy { get; init; }
    public required DateTimeOffset OpenedAt { get; init; }

    public CapaStage Stage { get; init; } = CapaStage.Notification;
    public Department? ResponsibleDepartment { get; init; }
    public Staff? ResponsibleContact { get; init; }
    public CauseFinding? Cause { get; init; }
    public int PlanRevision { get; init; }
    public IReadOnlyList<Measure> Measures { get; init; } = [];
    public IReadOnlyList<PlanDecision> PlanDecisions { get; init; } = [];
    public IReadOnlyList<Verification> Verifications { get; init; } = [];
    public CapaOutcome? Outcome { get; init; }
    public IReadOnlyList<ChangedDocument> Documents { get; init; } = [];
    public string? ClosingNote { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>Its stages' and measures' work items, open and done.</summary>
    public IReadOnlyList<WorkItem> Steps { get; init; } = [];

    [JsonIgnore]
    public bool IsOpen => Stage != CapaStage.Closed;

    /// <summary>The measures of the plan in force (not superseded by a redraft).</summary>
    [JsonIgnore]
    public IEnumerable<Measure> Plan => Measures.Where(m => m.State != MeasureState.Superseded);

    /// <summary>The latest verification's verdict; null before any.</summary>
    [JsonIgnore]
    public bool? Effective => Verifications.Count == 0 ? null : Verifications[^1].Effective;
}
