using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using AfterSales.Attachments;
using AfterSales.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace AfterSales.Tests.Attachments;

/// <summary>Thumbnails of image attachments, made off the request path by the thumbnail queue, on Azurite.</summary>
public class ThumbnailTests(AppFixture app) : IClassFixture<AppFixture>
{
    internal static byte[] Picture(int width, int height, SKEncodedImageFormat format)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width, height));
        surface.Canvas.Clear(SKColors.Transparent);
        using var paint = new SKPaint { Color = SKColors.SteelBlue };
        surface.Canvas.DrawCircle(width / 2f, height / 2f, Math.Min(width, height) / 3f, paint);
        using var image = surface.Snapshot();
        return image.Encode(format, 90).ToArray();
    }

    /// <summary>
    /// A PNG whose header declares <paramref name="width"/> × <paramref name="height"/> (valid
    /// CRCs) over a few bytes of data: decoded, it would need gigabytes.
    /// </summary>
    internal static byte[] DeclaredHugePng(int width, int height)
    {
        static byte[] Chunk(string type, byte[] data)
        {
            var chunk = new byte[12 + data.Length];
            BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
            System.Text.Encoding.ASCII.GetBytes(type).CopyTo(chunk, 4);
            data.CopyTo(chunk, 8);
            BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32(chunk.AsSpan(4, 4 + data.Length)));
            return chunk;
        }
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 2; // RGB
        using var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            z.Write(new byte[64 * 1024]);
        }
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. Chunk("IHDR", header), .. Chunk("IDAT", compressed.ToArray()), .. Chunk("IEND", [])];
    }

    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }
        return ~crc;
    }

    private async Task<(HttpClient Http, string Number)> ComplaintAsync()
    {
        var http = app.CreateClient();
        var c = await ComplaintClient.TakeAsync(http);
        return (http, c.Number);
    }

    private static async Task<string> AttachAsync(HttpClient http, string number, string name, byte[] bytes)
    {
        var response = await AttachmentApiTests.AttachToAsync(http, "complaint", number, name,
            new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadJsonAsync())["id"]!.GetValue<string>();
    }

    private static async Task<JsonNode> ListedAsync(HttpClient http, string number, string id) =>
        (await (await http.GetAsync($"/api/attachments/complaint/{number}")).ReadJsonAsync())["items"]!.AsArray().Single(a => a!["id"]!.GetValue<string>() == id)!;

    [Theory]
    [InlineData(1200, 800, SKEncodedImageFormat.Jpeg, "现场照片.jpg")]
    [InlineData(500, 1000, SKEncodedImageFormat.Png, "签字.png")]
    public async Task AnUploadedPhotoGetsAThumbnailWithinTheBoundAndADocumentGetsNone(int width, int height, SKEncodedImageFormat format, string name)
    {
        var (http, number) = await ComplaintAsync();
        var pdf = await AttachAsync(http, number, "报告.pdf", [.. GeneratedFile.Pdf, .. "1 0 obj"u8]);
        var photo = await AttachAsync(http, number, name, Picture(width, height, format));

        await Poll.UntilAsync(() => ListedAsync(http, number, photo), a => a["thumbnail"]!.GetValue<bool>(), what: "the photo's thumbnail");
        var response = await http.GetAsync($"/api/attachments/complaint/{number}/{photo}/thumbnail");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType!.MediaType);
        using var thumbnail = SKBitmap.Decode(await response.Content.ReadAsByteArrayAsync());
        Assert.NotNull(thumbnail);
        Assert.Equal(ThumbnailImages.Bound, Math.Max(thumbnail.Width, thumbnail.Height));
        Assert.Equal((double)width / height, (double)thumbnail.Width / thumbnail.Height, 1);

        // The PDF, attached first, has none and never gets one; a stranger sees no thumbnail either.
        Assert.False((await ListedAsync(http, number, pdf))["thumbnail"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/api/attachments/complaint/{number}/{pdf}/thumbnail")).StatusCode);
        var stranger = app.CreateClient("u-proc-thumb", "钱采购", Roles.Procurement);
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.GetAsync($"/api/attachments/complaint/{number}/{photo}/thumbnail")).StatusCode);
    }

    [Fact]
    public async Task AnImageDeclaringHugeDimensionsIsKeptButRefusedForThumbnailingWithoutHarm()
    {
        var bomb = DeclaredHugePng(20_000, 20_000);
        var refused = ThumbnailImages.Make(new MemoryStream(bomb));
        Assert.Null(refused.Jpeg);
        Assert.Contains("20000 × 20000", refused.Refused, StringComparison.Ordinal);

        var (http, number) = await ComplaintAsync();
        var id = await AttachAsync(http, number, "巨图.png", bomb);
        // The queue's own work, run again here (a repeated message): it answers, refuses, and the app goes on.
        await app.Services.GetRequiredService<AttachmentThumbnails>().MakeAsync(new ThumbnailRequest("complaint", number, id), CancellationToken.None);

        Assert.False((await ListedAsync(http, number, id))["thumbnail"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/api/attachments/complaint/{number}/{id}/thumbnail")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/api/attachments/complaint/{number}/{id}")).StatusCode);
    }
}
