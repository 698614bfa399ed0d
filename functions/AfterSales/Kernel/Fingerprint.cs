using System.Security.Cryptography;
using System.Text;

namespace AfterSales.Kernel;

/// <summary>SHA-256 of a text as lowercase hex: how requests, idempotency keys and queries are recognised again.</summary>
public static class Fingerprint
{
    public static string Of(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
