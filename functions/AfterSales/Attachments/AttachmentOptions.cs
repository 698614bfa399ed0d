using Microsoft.Extensions.Options;

namespace AfterSales.Attachments;

/// <summary>Attachments (section <c>Attachments</c>): how large one file may be.</summary>
public sealed class AttachmentOptions
{
    public const string Section = "Attachments";

    /// <summary>The largest file taken, in bytes (25 MB: a phone photo, a scanned form, a report).</summary>
    public long MaxBytes { get; set; } = 25L * 1024 * 1024;

    /// <summary>How much of an upload is held at a time while it streams to storage (one block).</summary>
    public const int ChunkBytes = 1024 * 1024;
}

internal sealed class AttachmentOptionsValidation : IValidateOptions<AttachmentOptions>
{
    /// <summary>Block blobs take up to 50,000 blocks; with 1 MB blocks that is about 48 GB.</summary>
    private const long Ceiling = 4L * 1024 * 1024 * 1024;

    public ValidateOptionsResult Validate(string? name, AttachmentOptions options) =>
        options.MaxBytes is > 0 and <= Ceiling
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{AttachmentOptions.Section}:MaxBytes must be between 1 and {Ceiling} bytes (it is {options.MaxBytes}).");
}
