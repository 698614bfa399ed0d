using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace AfterSales.Customers;

/// <summary>
/// Customer numbers: <c>CU</c> and ten Crockford base-32 characters (no I, L, O, U), short
/// enough to read out on the phone. With an idempotency key the number is derived from the
/// key, so creating the customer is also claiming the key, in one write.
/// </summary>
public static partial class CustomerIds
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string New() => "CU" + Encode(RandomNumberGenerator.GetBytes(8), 10);

    public static string FromIdempotencyKey(string key) => "CU" + Encode(SHA256.HashData(Encoding.UTF8.GetBytes("customer|" + key)), 10);

    public static string NewVisitId() => "V" + Encode(RandomNumberGenerator.GetBytes(8), 12);


    public static bool IsValid(string? id) => id is not null && Pattern().IsMatch(id);

    private static string Encode(byte[] bytes, int length)
    {
        var b = new StringBuilder(length);
        var bits = 0;
        var value = 0;
        foreach (var x in bytes)
        {
            value = (value << 8) | x;
            bits += 8;
            while (bits >= 5 && b.Length < length)
            {
                b.Append(Alphabet[(value >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        return b.ToString();
    }

    [GeneratedRegex("^CU[0-9A-HJKMNP-TV-Z]{10}$")]
    private static partial Regex Pattern();
}
