using AfterSales.Kernel;
using AfterSales.WorkItems;

namespace AfterSales.Capa;

/// <summary>Quality opened the CAPA from its complaints, with the three decisions (no step when no action is needed).</summary>
public sealed record CapaOpened(string Title, string? PartNumber, IReadOnlyList<string> Complaints, CapaDecisions Decisions, CapaStage Stage, OpenedStep? Step) : IEventData;

/// <summary>More complaints of the same problem linked to the CAPA.</summary>
public sealed record ComplaintsLinked(IReadOnlyList<string> Numbers) : IEventData;

/// <summary>Quality told the responsible department, which now owns the next stage.</summary>
public sealed record DepartmentNotified(Department Department, Staff? Contact, CapaStage Stage, OpenedStep Step) : IEventData;

/// <summary>The root cause found, with its category.</summary>
public sealed record CauseAnalysed(string RootCause, CauseCategory Category, IReadOnlyList<Evidence> Evidence, CapaStage Stage, OpenedStep Step) : IEventData;

/// <summary>The measures drafted (revision 2 and later after a rejection), sent for the department head's review.</summary>
public sealed record PlanSubmitted(int Revision, IReadOnlyList<Measure> Measures, CapaStage Stage, OpenedStep Step) : IEventData;

/// <summary>The department head's review; a rejection sends the plan back (the event's reason says why).</summary>
public sealed record PlanReviewed(int Revision, bool Approved, CapaStage Stage, OpenedStep Step) : IEventData;

/// <summary>The management representative's decision; approval starts every measure, each a work item due at its deadline.</summary>
public sealed record PlanApproved(int Revision, bool Approved, CapaStage Stage, IReadOnlyList<OpenedStep> Steps) : IEventData;

/// <summary>A measure carried out; after the last one, verification (or closure) is due.</summary>
public sealed record MeasureCompleted(string Measure, string Result, IReadOnlyList<Evidence> Evidence, CapaStage Stage, OpenedStep? Step) : IEventData;

/// <summary>Quality verified the effect with evidence; not effective sends the CAPA back to cause analysis.</summary>
public sealed record EffectVerified(bool Effective, IReadOnlyList<Evidence> Evidence, CapaStage Stage, OpenedStep Step) : IEventData;

/// <summary>The CAPA is closed: continuous improvement, closed, or made a standard naming the documents changed.</summary>
public sealed record CapaClosed(CapaOutcome Outcome, IReadOnlyList<ChangedDocument> Documents, CapaStage Stage) : IEventData;
