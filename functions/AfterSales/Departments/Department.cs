namespace AfterSales.Departments;

/// <summary>The departments after-sales work is routed between (see shared/domain.md).</summary>
public enum Department
{
    /// <summary>市场营销部: owns after-sales, takes complaints, dispatches, revisits.</summary>
    Marketing,
    /// <summary>质量管理部: analyses quality problems, owns CAPA.</summary>
    Quality,
    /// <summary>技术中心: technicians for installation, commissioning and on-site repair.</summary>
    Technical,
    /// <summary>采供保障部: returns, exchanges, spare parts and logistics.</summary>
    Procurement,
    /// <summary>主管领导 / 总经理: approves major quality issues, receives escalations.</summary>
    Management,
}

public static class Departments
{
    public static string Code(this Department d) => d.ToString().ToLowerInvariant();

    public static bool TryParse(string? code, out Department department) =>
        Enum.TryParse(code, ignoreCase: true, out department) && Enum.IsDefined(department)
        && !int.TryParse(code, out _);

    public static string ChineseName(this Department d) => d switch
    {
        Department.Marketing => "市场营销部",
        Department.Quality => "质量管理部",
        Department.Technical => "技术中心",
        Department.Procurement => "采供保障部",
        Department.Management => "主管领导",
        _ => d.ToString(),
    };
}
