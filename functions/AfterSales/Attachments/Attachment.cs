using System.Text.Json.Serialization;
using AfterSales.Kernel;

namespace AfterSales.Attachments;

/// <summary>Who removed an attachment, when and why (the file stays under the container's soft delete and versioning).</summary>
public sealed record AttachmentRemoval(Staff By, DateTimeOffset At, string Reason);

/// <summary>
/// A file attached to a record (a photo of the site, a scanned signed form, a report): what it is
/// (read from its first bytes), its name as the sender had it (display only), its size and
/// SHA-256, who attached it and when. Kept as a row beside its record, in the record's partition.
/// </summary>
public sealed record Attachment
{
    public required string Id { get; init; }
    public required string RecordKind { get; init; }
    public required string RecordId { get; init; }

    /// <summary>The sender's file name, reduced to its last segment; never used as a path or blob name.</summary>
    public required string FileName { get; init; }

    /// <summary>The type sniffed from the content (<see cref="FileTypes"/>), which downloads are served as.</summary>
    public required string ContentType { get; init; }

    public required long Size { get; init; }

    /// <summary>SHA-256 of the content, lowercase hex, computed while it streamed to storage.</summary>
    public required string Sha256 { get; init; }

    public required Staff UploadedBy { get; init; }
    public required DateTimeOffset UploadedAt { get; init; }

    /// <summary>The generated blob name in the attachments container (not shown: downloads go through the API).</summary>
    [JsonIgnore]
    public string Blob { get; init; } = "";

    public AttachmentRemoval? Removed { get; init; }

    /// <summary>Attachments do not change: version 1 until removed; removal takes <c>If-Match: "1"</c>.</summary>
    public int Version => 1;

    public bool IsImage => ContentType.StartsWith("image/", StringComparison.Ordinal);

    /// <summary>Whether a thumbnail was made (<c>GET …/{id}/thumbnail</c>); made after the upload, off the request path, for JPEG, PNG, GIF and WebP.</summary>
    public bool Thumbnail { get; init; }
}

/// <summary>On the owning record's history: an attachment was removed (the reason is the event's reason).</summary>
public sealed record AttachmentRemoved(string AttachmentId, string FileName) : IEventData;
