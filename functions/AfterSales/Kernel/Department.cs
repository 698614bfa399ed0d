namespace AfterSales.Kernel;

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

    public static bool TryParse(string? code, out Department department) => Codes.TryParse(code, out department);

    public static DisplayName Name(this Department d) => d switch
    {
        Department.Marketing => new("市场营销部", "Marketing"),
        Department.Quality => new("质量管理部", "Quality"),
        Department.Technical => new("技术中心", "Technical center"),
        Department.Procurement => new("采供保障部", "Procurement and supply"),
        Department.Management => new("主管领导", "Management"),
        _ => new(d.ToString(), d.ToString()),
    };

    public static string ChineseName(this Department d) => d.Name().Zh;

    /// <summary>Every department code, comma separated, for messages.</summary>
    public static string All => string.Join(", ", Enum.GetValues<Department>().Select(d => d.Code()));
}
