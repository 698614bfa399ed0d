using AfterSales.Kernel;

namespace AfterSales.Customers;

/// <summary>
/// How much attention a customer gets (顾客分级), decided by a person from order volume, sales,
/// payment rate, history and feedback.
/// </summary>
public enum CustomerGrade
{
    /// <summary>重点顾客: visited once a year, first in line.</summary>
    Key,
    /// <summary>一般顾客</summary>
    Ordinary,
    /// <summary>潜在顾客: little or no business yet.</summary>
    Potential,
}

/// <summary>企业性质: the legal kind of enterprise, as written on the customer card.</summary>
public enum EnterpriseType
{
    StateOwned,
    Collective,
    Private,
    ForeignInvested,
    JointVenture,
    PublicInstitution,
    GovernmentAgency,
    IndividualBusiness,
    Other,
}

public static class DisplayNames
{
    public static DisplayName Name(this CustomerGrade grade) => grade switch
    {
        CustomerGrade.Key => new("重点顾客", "Key customer"),
        CustomerGrade.Ordinary => new("一般顾客", "Ordinary customer"),
        CustomerGrade.Potential => new("潜在顾客", "Potential customer"),
        _ => new(grade.ToString(), grade.ToString()),
    };

    public static DisplayName Name(this EnterpriseType type) => type switch
    {
        EnterpriseType.StateOwned => new("国有企业", "State-owned enterprise"),
        EnterpriseType.Collective => new("集体企业", "Collective enterprise"),
        EnterpriseType.Private => new("民营企业", "Private enterprise"),
        EnterpriseType.ForeignInvested => new("外资企业", "Foreign-invested enterprise"),
        EnterpriseType.JointVenture => new("中外合资企业", "Sino-foreign joint venture"),
        EnterpriseType.PublicInstitution => new("事业单位", "Public institution"),
        EnterpriseType.GovernmentAgency => new("政府机关", "Government agency"),
        EnterpriseType.IndividualBusiness => new("个体工商户", "Individual business"),
        EnterpriseType.Other => new("其他", "Other"),
        _ => new(type.ToString(), type.ToString()),
    };
}

/// <summary>One line of "main products bought" on the card: what (product or model), in which month (<c>YYYY-MM</c>), how many.</summary>
public sealed record PurchasedProduct(string Product, string? PurchaseMonth, int Quantity);

/// <summary>The customer card (顾客资料卡): every field of the paper form, plus the grade and who set it.</summary>
public sealed record CustomerCard
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public string? Address { get; init; }
    /// <summary>Province-level region (省/直辖市/自治区) by its GB/T 2260 code (320000 for 江苏, see <see cref="Kernel.Provinces"/>): decides the 24 h / 48 h on-site deadline.</summary>
    public string? Province { get; init; }
    public string? Phone { get; init; }
    public string? Fax { get; init; }
    /// <summary>法人代表</summary>
    public string? LegalRepresentative { get; init; }
    /// <summary>联系人</summary>
    public string? ContactPerson { get; init; }
    public string? ContactPhone { get; init; }
    /// <summary>年采购额, CNY.</summary>
    public decimal? AnnualPurchaseAmount { get; init; }
    public EnterpriseType? EnterpriseType { get; init; }
    /// <summary>主要采购产品, with purchase months and quantities.</summary>
    public IReadOnlyList<PurchasedProduct> Products { get; init; } = [];
    public required CustomerGrade Grade { get; init; }
    /// <summary>Why the customer has its grade; empty for the default grade given at registration.</summary>
    public string? GradeReason { get; init; }
    public string? Notes { get; init; }
    public required DateTimeOffset RegisteredAt { get; init; }
    public required Staff RegisteredBy { get; init; }
}

/// <summary>One value before and after a change.</summary>
public sealed record FieldChange(string? From, string? To);

/// <summary>A card was registered: every field it was given.</summary>
[EventType("Registered")]
public sealed record CustomerRegistered(IReadOnlyDictionary<string, FieldChange> Changes) : IEventData;

/// <summary>Fields of the card changed (the event's reason says why).</summary>
[EventType("Updated")]
public sealed record CustomerUpdated(IReadOnlyDictionary<string, FieldChange> Changes) : IEventData;

/// <summary>The customer's grade changed (the event's reason is the grade's reason).</summary>
[EventType("Regraded")]
public sealed record CustomerRegraded(IReadOnlyDictionary<string, FieldChange> Changes) : IEventData;
