using AfterSales.Kernel;

namespace AfterSales.Complaints;

/// <summary>
/// The company's service rules that a manager may set (section <c>Service</c>): home province,
/// the time limits of every step and how escalation works. Defaults follow shared/domain.md.
/// </summary>
public sealed class ServiceOptions
{
    public const string Section = "Service";

    /// <summary>The company's time zone: months of complaint numbers are counted in it.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>The company's home province, in any form the province list knows (江苏, Jiangsu, 320000): on-site arrival is due sooner inside it.</summary>
    public string HomeProvince { get; set; } = "江苏";

    /// <summary>Arrival on site after the customer's call, same province (24 h); also the travel's own limit after dispatch.</summary>
    public TimeSpan ArrivalInProvince { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Arrival on site after the customer's call, other provinces (48 h); also the travel's own limit after dispatch.</summary>
    public TimeSpan ArrivalOutOfProvince { get; set; } = TimeSpan.FromHours(48);

    /// <summary>How far in the future an arrival time agreed with the customer may lie, counted from the call: nothing escapes escalation for longer.</summary>
    public TimeSpan AgreedArrivalHorizon { get; set; } = TimeSpan.FromDays(30);

    /// <summary>A call recorded later than this after it was made needs a reason (lateEntryReason).</summary>
    public TimeSpan LateEntryWindow { get; set; } = TimeSpan.FromHours(12);

    /// <summary>A call older than this cannot be recorded as a new complaint, whatever the reason.</summary>
    public TimeSpan LateEntryLimit { get; set; } = TimeSpan.FromDays(31);

    /// <summary>Preliminary analysis of a new complaint.</summary>
    public TimeSpan TriageLimit { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Remote answer (phone, fax, e-mail) once the path is chosen.</summary>
    public TimeSpan RemoteSolutionLimit { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Sending a technician once on-site handling is decided.</summary>
    public TimeSpan DispatchLimit { get; set; } = TimeSpan.FromHours(4);

    /// <summary>On-site repair after arrival (or, for a major problem, after the approval).</summary>
    public TimeSpan RepairLimit { get; set; } = TimeSpan.FromDays(3);

    /// <summary>Major problems: recording the findings on site and reporting them to the leader, after arrival.</summary>
    public TimeSpan FindingsLimit { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Installation and commissioning after arrival (5–7 days).</summary>
    public TimeSpan CommissioningLimit { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Management's decision on a major quality problem, once the findings are reported.</summary>
    public TimeSpan ApprovalLimit { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Procurement's handling of a return or exchange.</summary>
    public TimeSpan ReturnLimit { get; set; } = TimeSpan.FromDays(5);

    /// <summary>Getting the customer's confirmation once resolved.</summary>
    public TimeSpan ConfirmationLimit { get; set; } = TimeSpan.FromDays(3);

    /// <summary>The revisit (回访) after on-site service is done (one week).</summary>
    public TimeSpan RevisitAfter { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long a closed complaint may be reopened; later, a linked follow-up is created.</summary>
    public TimeSpan ReopenGrace { get; set; } = TimeSpan.FromDays(14);

    /// <summary>How long past due a step goes to management, after the supervisor.</summary>
    public TimeSpan EscalateToManagementAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Complaints of the same customer and part or order within this window are flagged as likely duplicates.</summary>
    public TimeSpan DuplicateWindow { get; set; } = TimeSpan.FromDays(30);

    public TimeZoneInfo Zone() => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    /// <summary>What is wrong with these settings, each said so an admin can fix it (empty when none).</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            problems.Add($"Service:TimeZone '{TimeZone}' is not a time zone this machine knows (use an IANA id such as Asia/Shanghai).");
        }
        if (string.IsNullOrWhiteSpace(HomeProvince))
        {
            problems.Add("Service:HomeProvince is required: on-site arrival is due sooner inside it.");
        }
        else if (Provinces.Find(HomeProvince) is null)
        {
            problems.Add($"Service:HomeProvince '{HomeProvince}' is not {Provinces.Hint}.");
        }
        foreach (var (name, value) in Limits())
        {
            if (value <= TimeSpan.Zero)
            {
                problems.Add($"Service:{name} must be longer than zero (it is {value}).");
            }
        }
        if (ArrivalInProvince > ArrivalOutOfProvince)
        {
            problems.Add($"Service:ArrivalInProvince ({ArrivalInProvince}) cannot be longer than Service:ArrivalOutOfProvince ({ArrivalOutOfProvince}).");
        }
        if (AgreedArrivalHorizon < ArrivalOutOfProvince)
        {
            problems.Add($"Service:AgreedArrivalHorizon ({AgreedArrivalHorizon}) cannot be shorter than Service:ArrivalOutOfProvince ({ArrivalOutOfProvince}).");
        }
        if (LateEntryWindow > LateEntryLimit)
        {
            problems.Add($"Service:LateEntryWindow ({LateEntryWindow}) cannot be longer than Service:LateEntryLimit ({LateEntryLimit}).");
        }
        return problems;
    }

    private IEnumerable<(string Name, TimeSpan Value)> Limits() =>
    [
        (nameof(ArrivalInProvince), ArrivalInProvince), (nameof(ArrivalOutOfProvince), ArrivalOutOfProvince),
        (nameof(AgreedArrivalHorizon), AgreedArrivalHorizon), (nameof(LateEntryWindow), LateEntryWindow), (nameof(LateEntryLimit), LateEntryLimit),
        (nameof(FindingsLimit), FindingsLimit),
        (nameof(TriageLimit), TriageLimit), (nameof(RemoteSolutionLimit), RemoteSolutionLimit), (nameof(DispatchLimit), DispatchLimit),
        (nameof(RepairLimit), RepairLimit), (nameof(CommissioningLimit), CommissioningLimit), (nameof(ApprovalLimit), ApprovalLimit),
        (nameof(ReturnLimit), ReturnLimit), (nameof(ConfirmationLimit), ConfirmationLimit), (nameof(RevisitAfter), RevisitAfter),
        (nameof(ReopenGrace), ReopenGrace), (nameof(EscalateToManagementAfter), EscalateToManagementAfter), (nameof(DuplicateWindow), DuplicateWindow),
    ];

    /// <summary>The rules as the domain reads them (the home province as its code).</summary>
    public ServiceRules Rules() => new(
        Provinces.Find(HomeProvince)?.Code ?? HomeProvince, ArrivalInProvince, ArrivalOutOfProvince, TriageLimit, RemoteSolutionLimit, DispatchLimit,
        RepairLimit, CommissioningLimit, ApprovalLimit, ReturnLimit, ConfirmationLimit, RevisitAfter, ReopenGrace,
        EscalateToManagementAfter)
    {
        AgreedArrivalHorizon = AgreedArrivalHorizon,
        LateEntryWindow = LateEntryWindow,
        LateEntryLimit = LateEntryLimit,
        FindingsLimit = FindingsLimit,
    };
}

/// <summary>The time limits and rules the lifecycle applies (plain data, no configuration types).</summary>
public sealed record ServiceRules(
    string HomeProvince,
    TimeSpan ArrivalInProvince,
    TimeSpan ArrivalOutOfProvince,
    TimeSpan TriageLimit,
    TimeSpan RemoteSolutionLimit,
    TimeSpan DispatchLimit,
    TimeSpan RepairLimit,
    TimeSpan CommissioningLimit,
    TimeSpan ApprovalLimit,
    TimeSpan ReturnLimit,
    TimeSpan ConfirmationLimit,
    TimeSpan RevisitAfter,
    TimeSpan ReopenGrace,
    TimeSpan EscalateToManagementAfter)
{
    public static ServiceRules Default { get; } = new ServiceOptions().Rules();

    public TimeSpan AgreedArrivalHorizon { get; init; } = TimeSpan.FromDays(30);
    public TimeSpan LateEntryWindow { get; init; } = TimeSpan.FromHours(12);
    public TimeSpan LateEntryLimit { get; init; } = TimeSpan.FromDays(31);
    public TimeSpan FindingsLimit { get; init; } = TimeSpan.FromHours(8);

    /// <summary>Same province means the 24-hour limit: "江苏", "江苏省", "Jiangsu Province" and 320000 are one province.</summary>
    public bool IsHomeProvince(string? province) => Provinces.Same(province, HomeProvince);

    /// <summary>The promise for a site in <paramref name="province"/>: 24 h at home, 48 h elsewhere (and when the province is not known yet).</summary>
    public (TimeSpan Limit, ArrivalRule Rule) Arrival(string? province) =>
        IsHomeProvince(province) ? (ArrivalInProvince, ArrivalRule.InProvince) : (ArrivalOutOfProvince, ArrivalRule.OutOfProvince);
}
