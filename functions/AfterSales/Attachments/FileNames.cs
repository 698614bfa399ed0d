using AfterSales.Kernel;

namespace AfterSales.Attachments;

/// <summary>
/// The name a file had on the sender's device, as it is kept for display: only metadata (the blob's
/// own name is generated), never a path. A path-like name (<c>../../x</c>, <c>C:\photos\x.jpg</c>)
/// keeps its last segment; Chinese and other scripts are kept as typed; control characters,
/// bidirectional overrides and names that show nothing are refused like every stored text.
/// </summary>
public static class FileNames
{
    public const int MaxLength = 200;

    /// <summary>The display name of <paramref name="raw"/>, or a 400 naming <c>fileName</c>.</summary>
    public static string ForDisplay(string? raw)
    {
        var errors = new ErrorList();
        var name = LastSegment(raw ?? "").Trim();
        if (TextLimits.IsBlank(name) || name is "." or "..")
        {
            throw ValidationException.For("fileName", "Give the file's name (fileName=), e.g. 现场照片.jpg.");
        }
        TextLimits.Check(errors, "fileName", name, MaxLength);
        errors.ThrowIfAny();
        return name;
    }

    private static string LastSegment(string name)
    {
        var cut = name.LastIndexOfAny(['/', '\\']);
        return cut < 0 ? name : name[(cut + 1)..];
    }
}
