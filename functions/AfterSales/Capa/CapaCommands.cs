using AfterSales.Kernel;

namespace AfterSales.Capa;

/// <summary>Something a person asks of a CAPA; <see cref="Action"/> is the end of its URL.</summary>
public abstract record CapaCommand
{
    public abstract string Action { get; }
}

public sealed record NotifyDepartment(Department? Department, Staff? Contact, string? Note) : CapaCommand { public override string Action => "notification"; }

public sealed record RecordCause(string? RootCause, CauseCategory? Category, string? Analysis, IReadOnlyList<Evidence>? Evidence) : CapaCommand
{
    public override string Action => "cause-analysis";
}

public sealed record NewMeasure(MeasureKind? Kind, string? Description, Staff? Owner, Department? Department, DateTimeOffset? Deadline);

/// <summary>The whole plan, sent for review; sent again after a rejection, it supersedes the one rejected.</summary>
public sealed record SubmitPlan(IReadOnlyList<NewMeasure>? Measures, string? Note) : CapaCommand { public override string Action => "plan"; }

public sealed record ReviewPlan(bool? Approved, string? Reason) : CapaCommand { public override string Action => "review"; }

public sealed record ApprovePlan(bool? Approved, string? Reason) : CapaCommand { public override string Action => "approval"; }

public sealed record CompleteMeasure(string MeasureId, string? Result, IReadOnlyList<Evidence>? Evidence) : CapaCommand { public override string Action => "completion"; }

public sealed record VerifyEffect(bool? Effective, string? Note, IReadOnlyList<Evidence>? Evidence) : CapaCommand { public override string Action => "verification"; }

public sealed record CloseCapa(bool? Standardised, IReadOnlyList<ChangedDocument>? Documents, string? Note) : CapaCommand { public override string Action => "closure"; }

public sealed record LinkComplaints(IReadOnlyList<string>? Numbers) : CapaCommand { public override string Action => "complaints"; }
