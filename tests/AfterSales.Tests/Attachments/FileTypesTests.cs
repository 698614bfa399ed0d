using AfterSales.Attachments;

namespace AfterSales.Tests.Attachments;

/// <summary>What a file is, from its first bytes: the allowlist and what it refuses.</summary>
public class FileTypesTests
{
    private static byte[] Zip(string firstEntry) =>
        [0x50, 0x4B, 0x03, 0x04, 20, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte)firstEntry.Length, 0, 0, 0,
            .. System.Text.Encoding.ASCII.GetBytes(firstEntry)];

    public static TheoryData<byte[], string, string?> Files => new()
    {
        { [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10], "照片.jpg", "image/jpeg" },
        { [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "a.png", "image/png" },
        { [.. "GIF89a"u8], "a.gif", "image/gif" },
        { [.. "RIFF"u8, 0, 0, 0, 0, .. "WEBPVP8 "u8], "a.webp", "image/webp" },
        { [0, 0, 0, 0x18, .. "ftypheic"u8, 0, 0, 0, 0], "IMG_0001.HEIC", "image/heic" },
        { [.. "%PDF-1.4"u8], "scan.pdf", "application/pdf" },
        // A photo named .jpg that is a PNG is served as what it is.
        { [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "a.jpg", "image/png" },
        { Zip("[Content_Types].xml"), "报告.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
        { Zip("[Content_Types].xml"), "表.XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
        { Zip("[Content_Types].xml"), "a.zip", null },
        { Zip("payload.exe"), "a.docx", null },
        { [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], "old.xls", "application/vnd.ms-excel" },
        { [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], "setup.msi", null },
        { [.. "MZ"u8, 0x90, 0], "photo.jpg", null },
        { [0x7F, 0x45, 0x4C, 0x46], "a.png", null },
        { [.. "<html><script>"u8], "a.pdf", null },
        { [], "a.pdf", null },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void TheFirstBytesDecide(byte[] head, string name, string? contentType) =>
        Assert.Equal(contentType, FileTypes.Sniff(head, name)?.ContentType);

    [Theory]
    [InlineData("../../x", "x")]
    [InlineData("C:\\Users\\王\\Desktop\\验收单.pdf", "验收单.pdf")]
    [InlineData("  现场照片.jpg ", "现场照片.jpg")]
    public void DisplayNamesAreTheLastSegment(string raw, string display) => Assert.Equal(display, FileNames.ForDisplay(raw));

    [Theory]
    [InlineData("a\u202Egpj.exe")]
    [InlineData("a\nb.pdf")]
    [InlineData("\u200B\u200B")]
    public void NamesThatDisplayOtherThanTheyReadAreRefused(string raw) =>
        Assert.Contains("fileName", Assert.Throws<ValidationException>(() => FileNames.ForDisplay(raw)).Errors.Keys);
}
