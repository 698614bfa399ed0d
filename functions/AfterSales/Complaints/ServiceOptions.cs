namespace AfterSales.Complaints;

/// <summary>The company's service rules that a manager may set (section <c>Service</c>).</summary>
public sealed class ServiceOptions
{
    public const string Section = "Service";

    /// <summary>The company's time zone: months of complaint numbers and working days are counted in it.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>How long marketing has for the preliminary analysis of a new complaint.</summary>
    public TimeSpan TriageLimit { get; set; } = TimeSpan.FromHours(8);

    public TimeZoneInfo Zone() => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
}
