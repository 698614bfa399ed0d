using System.Net;
using System.Security.Cryptography;

namespace AfterSales.Tests.Attachments;

/// <summary>
/// A file of any size made up as it is sent: its first bytes given (a PNG or PDF signature, an
/// executable's MZ), the rest pseudo-random from one reused buffer, so the test never holds it
/// whole either. It computes its SHA-256 while it is sent; without a declared length it goes chunked.
/// </summary>
public sealed class GeneratedFile(long length, byte[] head, bool declareLength = true) : HttpContent
{
    public const int Chunk = 64 * 1024;

    public string? Sha256 { get; private set; }

    public static byte[] Png => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, .. "IHDR"u8];
    public static byte[] Pdf => [.. "%PDF-1.7\n"u8];
    public static byte[] Executable => [.. "MZ"u8, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xFF, 0xFF];

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[Chunk];
        var random = new Random(42);
        long sent = 0;
        while (sent < length)
        {
            var n = (int)Math.Min(Chunk, length - sent);
            random.NextBytes(buffer.AsSpan(0, n));
            if (sent == 0)
            {
                head.AsSpan(0, Math.Min(head.Length, n)).CopyTo(buffer);
            }
            sha.AppendData(buffer, 0, n);
            await stream.WriteAsync(buffer.AsMemory(0, n));
            sent += n;
        }
        Sha256 = Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    protected override bool TryComputeLength(out long length1)
    {
        length1 = length;
        return declareLength;
    }
}
