using System.Security.Cryptography;
using System.Text;
using AfterSales.Kernel;

namespace AfterSales.Revisits;

/// <summary>
/// Delivered products are <c>DP-</c> and eight Crockford base-32 characters; a revisit is
/// <c>RV-YYYYMM-</c> (its scheduled month, so a month is one key range) and eight characters
/// derived from its schedule and date, so opening it twice finds the first.
/// </summary>
public static class RevisitIds
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string NewProduct() => "DP-" + Code(RandomNumberGenerator.GetBytes(5));

    public static string ProductFromKey(string keyHash) => "DP-" + Code(SHA256.HashData(Encoding.UTF8.GetBytes("delivered|" + keyHash)));

    public static string Revisit(string scheduleId, DateOnly date) =>
        $"RV-{date:yyyyMM}-" + Code(SHA256.HashData(Encoding.UTF8.GetBytes($"revisit|{scheduleId}|{date:yyyy-MM-dd}")));

    public static bool IsProduct(string? id) => id is { Length: 11 } && id.StartsWith("DP-", StringComparison.Ordinal) && id[3..].All(Alphabet.Contains);

    public static bool IsRevisit(string? id) => id is { Length: 18 } && id.StartsWith("RV-", StringComparison.Ordinal)
        && id[3..9].All(char.IsAsciiDigit) && id[9] == '-' && id[10..].All(Alphabet.Contains);

    public static void DemandProduct(string id)
    {
        if (!IsProduct(id))
        {
            throw ValidationException.For("id", $"'{id}' is not a delivered product's number; they look like DP-7K3M9Q2X.");
        }
    }

    public static void DemandRevisit(string id)
    {
        if (!IsRevisit(id))
        {
            throw ValidationException.For("id", $"'{id}' is not a revisit number; they look like RV-202612-7K3M9Q2X.");
        }
    }

    private static string Code(byte[] bytes)
    {
        var value = 0UL;
        for (var i = 0; i < 5; i++)
        {
            value = (value << 8) | bytes[i];
        }
        var b = new StringBuilder(8);
        for (var shift = 35; shift >= 0; shift -= 5)
        {
            b.Append(Alphabet[(int)((value >> shift) & 31)]);
        }
        return b.ToString();
    }
}
