using AfterSales.Access;
using AfterSales.Departments;

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

public enum ComplaintState
{
    /// <summary>Taken, not yet filed in a department inbox.</summary>
    Received,
    /// <summary>Filed with marketing, waiting for the preliminary analysis (triage).</summary>
    AwaitingTriage,
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

/// <summary>A piece of work one department (optionally one person) must do by a due time.</summary>
public sealed record Step(string Id, string Kind, Department Department, DateTimeOffset OpenedAt, DateTimeOffset DueAt)
{
    public DateTimeOffset? CompletedAt { get; init; }
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsOpen => CompletedAt is null;
}

/// <summary>A complaint (or other request) and where its handling stands.</summary>
public sealed record Complaint
{
    public required string Number { get; init; }
    public required WorkKind Kind { get; init; }
    public required Channel Channel { get; init; }
    public required CustomerFacts Customer { get; init; }
    public required ComplaintDetails Details { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>首问责任人: the employee who took it, who keeps seeing it until it is closed.</summary>
    public required Staff FirstContactOwner { get; init; }

    public ComplaintState State { get; init; } = ComplaintState.Received;
    public IReadOnlyList<Step> Steps { get; init; } = [];

    [System.Text.Json.Serialization.JsonIgnore]
    public IEnumerable<Step> OpenSteps => Steps.Where(s => s.IsOpen);
}

public static class ComplaintRouting
{
    /// <summary>Files a new complaint with marketing for the preliminary analysis.</summary>
    public static (Complaint Complaint, ComplaintEvent Event) FileForTriage(this Complaint complaint, DateTimeOffset now, TimeSpan triageLimit)
    {
        var step = new Step($"s{complaint.Steps.Count + 1}", "Triage", Department.Marketing, now, now + triageLimit);
        var changed = complaint with { State = ComplaintState.AwaitingTriage, Steps = [.. complaint.Steps, step] };
        var routed = new ComplaintEvent("RoutedToDepartment", now, SystemActor.Instance, Changes: new Dictionary<string, string?>
        {
            ["state"] = changed.State.ToString(),
            ["department"] = step.Department.Code(),
            ["step"] = step.Kind,
            ["dueAt"] = step.DueAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        });
        return (changed, routed);
    }
}
