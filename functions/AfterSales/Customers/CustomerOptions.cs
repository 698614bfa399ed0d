using AfterSales.Kernel;

namespace AfterSales.Customers;

/// <summary>Customer rules a manager may set (section <c>Customers</c>).</summary>
public sealed class CustomerOptions
{
    public const string Section = "Customers";

    /// <summary>Annual purchases (CNY) from which a customer is suggested as a key customer (重点顾客).</summary>
    public decimal KeyFrom { get; set; } = 1_000_000m;

    /// <summary>Annual purchases (CNY) from which a customer is suggested as ordinary (一般顾客); below it, potential (潜在顾客).</summary>
    public decimal OrdinaryFrom { get; set; } = 100_000m;
}

/// <summary>A grade the purchase figures point to, for the person who sets the grade to consider.</summary>
public sealed record GradeSuggestion(CustomerGrade Grade, DisplayName GradeName, string Basis);

public static class GradeSuggestions
{
    /// <summary>
    /// The grade the annual purchase amount suggests; null when the amount is unknown. Only a
    /// suggestion: payment rate, history and feedback also count, and a person decides.
    /// </summary>
    public static GradeSuggestion? Suggest(decimal? annualPurchaseAmount, CustomerOptions options)
    {
        if (annualPurchaseAmount is not { } amount)
        {
            return null;
        }
        var c = System.Globalization.CultureInfo.InvariantCulture;
        var (grade, basis) = amount >= options.KeyFrom
            ? (CustomerGrade.Key, string.Create(c, $"Annual purchases of CNY {amount:N0} reach the key-customer threshold of CNY {options.KeyFrom:N0}."))
            : amount >= options.OrdinaryFrom
                ? (CustomerGrade.Ordinary, string.Create(c, $"Annual purchases of CNY {amount:N0} are at least CNY {options.OrdinaryFrom:N0} and below CNY {options.KeyFrom:N0}."))
                : (CustomerGrade.Potential, string.Create(c, $"Annual purchases of CNY {amount:N0} are below the ordinary-customer threshold of CNY {options.OrdinaryFrom:N0}."));
        return new GradeSuggestion(grade, grade.Name(), basis);
    }
}
