using System.Globalization;
using System.Text.RegularExpressions;

namespace AfterSales.Complaints;

/// <summary>客诉编号: <c>KS-YYYYMM-NNNN</c>, the serial restarting each month.</summary>
public static partial class ComplaintNumber
{
    public static string Format(int year, int month, int serial) =>
        string.Create(CultureInfo.InvariantCulture, $"KS-{year:D4}{month:D2}-{serial:D4}");

    public static string Month(DateTimeOffset localTime) =>
        localTime.ToString("yyyyMM", CultureInfo.InvariantCulture);

    public static bool IsValid(string? number) => number is not null && Pattern().IsMatch(number);

    /// <summary>Refuses (400) what is not a complaint number.</summary>
    public static void Demand(string number)
    {
        if (!IsValid(number))
        {
            throw Kernel.ValidationException.For("number", $"'{number}' is not a complaint number; numbers look like KS-202611-0042.");
        }
    }

    public static string MonthOf(string number) => number.Substring(3, 6);

    public static int SerialOf(string number) => int.Parse(number.AsSpan(10), CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^KS-\d{4}(0[1-9]|1[0-2])-\d{4,6}$")]
    private static partial Regex Pattern();
}
