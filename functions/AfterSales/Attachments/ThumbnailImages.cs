using SkiaSharp;

namespace AfterSales.Attachments;

/// <summary>A thumbnail made, or why none is made (the image is refused for thumbnailing, not as an attachment).</summary>
public sealed record ThumbnailResult(byte[]? Jpeg, int Width, int Height, string? Refused)
{
    public static ThumbnailResult Refuse(string why) => new(null, 0, 0, why);
}

/// <summary>
/// Thumbnails of image attachments with SkiaSharp, for lists: at most <see cref="Bound"/> pixels
/// on the longer side, JPEG on white. Untrusted images get limits before any pixel is decoded:
/// the declared size is read from the header first (<see cref="MaxSide"/>, <see cref="MaxPixels"/>:
/// a "decompression bomb" declaring 20000 × 20000 is refused there), the decoder is asked for the
/// smallest size it can produce near the bound (JPEG and WebP decode at 1/2, 1/4, 1/8), and what
/// would be decoded is held under <see cref="MaxDecodedPixels"/> (80 MB of pixels at most).
/// </summary>
public static class ThumbnailImages
{
    public const int Bound = 320;
    public const int MaxSide = 30_000;
    public const long MaxPixels = 100_000_000;
    public const long MaxDecodedPixels = 20_000_000;
    public const int Quality = 80;

    /// <summary>The types the decoder reads (HEIC is kept as an attachment but gets no thumbnail here).</summary>
    public static bool CanDecode(string contentType) => contentType is "image/jpeg" or "image/png" or "image/gif" or "image/webp";

    /// <summary>Makes the thumbnail from a seekable stream of the image.</summary>
    public static ThumbnailResult Make(Stream image)
    {
        using var codec = SKCodec.Create(image, out var opened);
        if (codec is null)
        {
            return ThumbnailResult.Refuse($"not a readable image ({opened})");
        }
        var (w, h) = (codec.Info.Width, codec.Info.Height);
        if (w <= 0 || h <= 0 || w > MaxSide || h > MaxSide || (long)w * h > MaxPixels)
        {
            return ThumbnailResult.Refuse($"declares {w} × {h} pixels; thumbnails are made up to {MaxSide} per side and {MaxPixels:N0} pixels");
        }
        // The decoder picks the supported scale nearest the one asked (JPEG: k/8), possibly below the
        // bound: ask for twice the bound, and decode whole when even that comes out too small.
        var scaled = codec.GetScaledDimensions(Math.Min(1f, 2f * Bound / Math.Max(w, h)));
        if (Math.Max(scaled.Width, scaled.Height) < Math.Min(Bound, Math.Max(w, h)))
        {
            scaled = new SKSizeI(w, h);
        }
        if ((long)scaled.Width * scaled.Height > MaxDecodedPixels)
        {
            return ThumbnailResult.Refuse($"would decode to {scaled.Width} × {scaled.Height} pixels (at most {MaxDecodedPixels:N0})");
        }
        var info = new SKImageInfo(scaled.Width, scaled.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var decoded = new SKBitmap(info);
        var result = codec.GetPixels(info, decoded.GetPixels());
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
        {
            return ThumbnailResult.Refuse($"could not be decoded ({result})");
        }
        var factor = Math.Min(1.0, (double)Bound / Math.Max(scaled.Width, scaled.Height));
        var (tw, th) = (Math.Max(1, (int)Math.Round(scaled.Width * factor)), Math.Max(1, (int)Math.Round(scaled.Height * factor)));
        using var surface = SKSurface.Create(new SKImageInfo(tw, th, SKColorType.Rgba8888, SKAlphaType.Premul));
        surface.Canvas.Clear(SKColors.White);
        using (var source = SKImage.FromBitmap(decoded))
        {
            surface.Canvas.DrawImage(source, new SKRect(0, 0, tw, th), new SKSamplingOptions(SKCubicResampler.Mitchell));
        }
        using var snapshot = surface.Snapshot();
        using var jpeg = snapshot.Encode(SKEncodedImageFormat.Jpeg, Quality);
        return new ThumbnailResult(jpeg.ToArray(), tw, th, null);
    }
}
