using System.Text;

namespace AfterSales.Attachments;

/// <summary>A kind of file the app keeps: its code, the content type it is served as, and the extensions its names usually end with.</summary>
public sealed record FileType(string Code, string ContentType, IReadOnlyList<string> Extensions)
{
    public bool IsImage => ContentType.StartsWith("image/", StringComparison.Ordinal);
}

/// <summary>
/// What a file is, read from its first bytes, never from its name or the client's Content-Type:
/// photos (JPEG, PNG, GIF, WebP, HEIC from phones), PDF scans, and Office documents, both the
/// OOXML zips (.docx, .xlsx, .pptx) and the older OLE files (.doc, .xls, .ppt). Anything else
/// (an executable, a script, an archive) is not kept. Office files share one container format
/// each, so for them the name's extension chooses the document type within that format.
/// </summary>
public static class FileTypes
{
    /// <summary>How many of a file's first bytes <see cref="Sniff"/> needs.</summary>
    public const int HeadLength = 64;

    public static readonly FileType Jpeg = new("jpeg", "image/jpeg", [".jpg", ".jpeg"]);
    public static readonly FileType Png = new("png", "image/png", [".png"]);
    public static readonly FileType Gif = new("gif", "image/gif", [".gif"]);
    public static readonly FileType WebP = new("webp", "image/webp", [".webp"]);
    public static readonly FileType Heic = new("heic", "image/heic", [".heic", ".heif"]);
    public static readonly FileType Pdf = new("pdf", "application/pdf", [".pdf"]);
    public static readonly FileType Docx = new("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", [".docx"]);
    public static readonly FileType Xlsx = new("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", [".xlsx"]);
    public static readonly FileType Pptx = new("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", [".pptx"]);
    public static readonly FileType Doc = new("doc", "application/msword", [".doc"]);
    public static readonly FileType Xls = new("xls", "application/vnd.ms-excel", [".xls"]);
    public static readonly FileType Ppt = new("ppt", "application/vnd.ms-powerpoint", [".ppt"]);

    public static readonly IReadOnlyList<FileType> All = [Jpeg, Png, Gif, WebP, Heic, Pdf, Docx, Xlsx, Pptx, Doc, Xls, Ppt];

    private static readonly FileType[] OpenXml = [Docx, Xlsx, Pptx];
    private static readonly FileType[] Ole = [Doc, Xls, Ppt];

    /// <summary>What people may attach, for messages: "JPEG, PNG, ...".</summary>
    public static string Allowed => "photos (JPEG, PNG, GIF, WebP, HEIC), PDF, and Word, Excel or PowerPoint documents";

    /// <summary>
    /// The file's type from its first bytes (<paramref name="head"/>, up to <see cref="HeadLength"/>),
    /// with its name for the Office formats; null when it is not a kind the app keeps.
    /// </summary>
    public static FileType? Sniff(ReadOnlySpan<byte> head, string fileName)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return Jpeg;
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return Png;
        }
        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8))
        {
            return Gif;
        }
        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            return WebP;
        }
        if (head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8) && IsHeifBrand(head[8..12]))
        {
            return Heic;
        }
        if (head.StartsWith("%PDF-"u8))
        {
            return Pdf;
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0x50, 0x4B, 0x03, 0x04]) && IsOpenXmlPart(head))
        {
            return ByExtension(OpenXml, fileName);
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]))
        {
            return ByExtension(Ole, fileName);
        }
        return null;
    }

    /// <summary>What the first bytes look like when the file is refused, for the message ("a Windows executable").</summary>
    public static string Describe(ReadOnlySpan<byte> head) =>
        head.StartsWith("MZ"u8) ? "a Windows executable"
        : head.StartsWith((ReadOnlySpan<byte>)[0x7F, 0x45, 0x4C, 0x46]) ? "a Linux executable"
        : head.StartsWith("#!"u8) ? "a script"
        : head.StartsWith((ReadOnlySpan<byte>)[0x50, 0x4B, 0x03, 0x04]) ? "a zip archive that is not an Office document"
        : head.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0]) ? "an OLE file not named .doc, .xls or .ppt"
        : head.IsEmpty ? "empty"
        : "of a kind not kept";

    private static bool IsHeifBrand(ReadOnlySpan<byte> brand) =>
        brand.SequenceEqual("heic"u8) || brand.SequenceEqual("heix"u8) || brand.SequenceEqual("hevc"u8) || brand.SequenceEqual("heim"u8)
        || brand.SequenceEqual("heis"u8) || brand.SequenceEqual("mif1"u8) || brand.SequenceEqual("msf1"u8);

    /// <summary>
    /// Whether the zip's first entry is an OOXML part: Office writes <c>[Content_Types].xml</c>,
    /// <c>_rels/</c>, <c>docProps/</c> or the document's own folder first (the name starts at byte 30
    /// of the first local file header).
    /// </summary>
    private static bool IsOpenXmlPart(ReadOnlySpan<byte> head)
    {
        if (head.Length < 31)
        {
            return false;
        }
        var nameLength = head[26] | (head[27] << 8);
        var name = Encoding.ASCII.GetString(head.Slice(30, Math.Min(nameLength, head.Length - 30)));
        return name.StartsWith("[Content_Types].xml", StringComparison.Ordinal) || name.StartsWith("_rels/", StringComparison.Ordinal)
            || name.StartsWith("docProps/", StringComparison.Ordinal) || name.StartsWith("word/", StringComparison.Ordinal)
            || name.StartsWith("xl/", StringComparison.Ordinal) || name.StartsWith("ppt/", StringComparison.Ordinal);
    }

    private static FileType? ByExtension(IEnumerable<FileType> types, string fileName)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        return types.FirstOrDefault(t => t.Extensions.Contains(extension));
    }
}
