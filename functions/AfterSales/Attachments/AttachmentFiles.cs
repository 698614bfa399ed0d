using System.Buffers;
using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using AfterSales.Kernel;
using AfterSales.Storage;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Options;

namespace AfterSales.Attachments;

/// <summary>
/// Files attached to records. An upload streams from the request to a block blob one block
/// (<see cref="AttachmentOptions.ChunkBytes"/>) at a time, never whole in memory: the first bytes
/// say what it is (<see cref="FileTypes"/>), every byte is counted and hashed on the way, and past
/// the limit the upload stops before anything is committed. The blob's name is generated; the
/// file's own name, size, SHA-256, who and when go in a row beside the owning record (the record
/// itself and its version do not change; removing is an event on it). Whoever may read the record may
/// list, download and attach (the owner kind decides: <see cref="IAttachmentOwner"/>).
/// </summary>
public sealed class AttachmentFiles(StorageAccount storage, AttachmentOwners owners, AttachmentThumbnails thumbnails, TimeProvider clock, IOptions<AttachmentOptions> options,
    ILogger<AttachmentFiles> logger)
{
    /// <summary>The blob container holding every attachment's content, under generated names.</summary>
    public const string Container = "attachments";

    internal const string RowPrefix = "attachment|";

    public long MaxBytes => options.Value.MaxBytes;

    /// <summary>
    /// Attaches the file streaming in <paramref name="body"/> to the record. With an idempotency
    /// key, a retry answers the attachment the first request made (<c>Replayed</c>) without reading
    /// the body again; the same key for another file name is a 400.
    /// </summary>
    public async Task<(Attachment Attachment, bool Replayed)> AttachAsync(string kind, string recordId, string? fileName, Stream body, long? declaredLength,
        ClaimsPrincipal user, string? idempotencyKey, CancellationToken ct)
    {
        var owner = owners.Get(kind);
        var name = FileNames.ForDisplay(fileName);
        await owner.DemandReadAsync(recordId, user, ct);
        var by = user.ActingStaff();
        var key = IdempotencyKey.From(idempotencyKey, by.Id, "attach", new { kind, recordId, fileName = name });
        if (key is not null && await ReplayAsync(owner, recordId, key, ct) is { } earlier)
        {
            return (earlier, true);
        }
        if (declaredLength > MaxBytes)
        {
            throw TooLarge(declaredLength.Value);
        }
        var now = clock.GetUtcNow();
        var id = NewId(now);
        var blob = storage.Container(Container).GetBlockBlobClient(Guid.NewGuid().ToString("N"));
        var (type, size, sha256) = await UploadAsync(blob, body, name, new Dictionary<string, string> { ["recordkind"] = kind, ["recordid"] = recordId, ["attachmentid"] = id }, ct);
        var attachment = new Attachment
        {
            Id = id,
            RecordKind = kind,
            RecordId = recordId,
            FileName = name,
            ContentType = type.ContentType,
            Size = size,
            Sha256 = sha256,
            UploadedBy = by,
            UploadedAt = now,
            Blob = blob.Name,
        };
        bool written;
        try
        {
            written = await owner.AddAsync(recordId, Row(attachment), key, ct);
        }
        catch
        {
            await DeleteQuietlyAsync(blob);
            throw;
        }
        if (written)
        {
            await thumbnails.RequestAsync(attachment, ct);
            return (attachment, false);
        }
        // The same request (same key) was recorded meanwhile: keep its file, not this copy.
        await DeleteQuietlyAsync(blob);
        return (await ReplayAsync(owner, recordId, key!, ct) ?? throw new InvalidOperationException("An attachment key vanished."), true);
    }

    /// <summary>The record's attachments in the order they were attached; removed ones only when asked.</summary>
    public async Task<Page<Attachment>> ListAsync(string kind, string recordId, bool includeRemoved, int pageSize, string? continuationToken,
        ClaimsPrincipal user, CancellationToken ct)
    {
        var owner = owners.Get(kind);
        await owner.DemandReadAsync(recordId, user, ct);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {recordId} and RowKey ge {RowPrefix} and RowKey lt {"attachment}"}");
        if (!includeRemoved)
        {
            filter += " and Removed eq false";
        }
        return await owner.Table.PageAsync(filter, pageSize, continuationToken, $"attachments|{kind}|{recordId}|{includeRemoved}", Read, ct);
    }

    /// <summary>The attachment and its content as a stream from storage (404 when removed).</summary>
    public async Task<(Attachment Attachment, Stream Content)> OpenAsync(string kind, string recordId, string attachmentId, ClaimsPrincipal user, CancellationToken ct)
    {
        var owner = owners.Get(kind);
        await owner.DemandReadAsync(recordId, user, ct);
        var attachment = await GetAsync(owner, recordId, attachmentId, ct);
        if (attachment.Removed is { } removed)
        {
            throw new NotFoundException($"Attachment {attachmentId} was removed on {removed.At:yyyy-MM-dd HH:mm} UTC by {removed.By.Name}: {removed.Reason}");
        }
        var download = await storage.Container(Container).GetBlobClient(attachment.Blob).DownloadStreamingAsync(cancellationToken: ct);
        return (attachment, download.Value.Content);
    }

    /// <summary>The attachment's thumbnail as a stream (404 when removed, or when it has none: not an image, refused, or not made yet).</summary>
    public async Task<(Attachment Attachment, Stream Content)> OpenThumbnailAsync(string kind, string recordId, string attachmentId, ClaimsPrincipal user, CancellationToken ct)
    {
        var owner = owners.Get(kind);
        await owner.DemandReadAsync(recordId, user, ct);
        var attachment = await GetAsync(owner, recordId, attachmentId, ct);
        if (attachment.Removed is not null || !attachment.Thumbnail)
        {
            throw new NotFoundException($"Attachment {attachmentId} has no thumbnail{(attachment.IsImage ? " (yet)" : ": it is not an image")}.");
        }
        return (attachment, await thumbnails.OpenAsync(attachment.Blob, ct));
    }

    /// <summary>
    /// Removes an attachment from the record's list, as an <see cref="AttachmentRemoved"/> event on
    /// the record, with the reason. The blob stays. For whoever attached it, and supervisors and
    /// management; against the version read (<c>If-Match: "1"</c>). Removing it again answers it as it is.
    /// </summary>
    public async Task<Attachment> RemoveAsync(string kind, string recordId, string attachmentId, string? reason, Func<IfMatch> condition,
        ClaimsPrincipal user, CancellationToken ct)
    {
        var owner = owners.Get(kind);
        await owner.DemandReadAsync(recordId, user, ct);
        var attachment = await GetAsync(owner, recordId, attachmentId, ct);
        var by = user.ActingStaff();
        if (attachment.UploadedBy.Id != by.Id && !user.Oversees())
        {
            throw new AccessDeniedException($"Attachment {attachmentId} may be removed by {attachment.UploadedBy.Name}, who attached it, and by supervisors and management.");
        }
        if (attachment.Removed is not null)
        {
            return attachment;
        }
        if (!condition().Matches(attachment.Version))
        {
            throw new StaleException("The attachment is not the one you read.", $"Send If-Match: \"{attachment.Version}\" as read from the attachment.");
        }
        if (TextLimits.IsBlank(reason))
        {
            throw ValidationException.For("reason", "Say why the attachment is removed (kept on the record's history).");
        }
        var errors = new ErrorList();
        TextLimits.Check(errors, "reason", reason, TextLimits.Text);
        errors.ThrowIfAny();
        var now = clock.GetUtcNow();
        var removed = attachment with { Removed = new AttachmentRemoval(by, now, reason!.Trim()) };
        var e = new DomainEvent(new AttachmentRemoved(attachmentId, attachment.FileName), by, now, reason);
        var written = await owner.AppendAsync(recordId, e, Row(removed), key: null,
            async c => (await GetAsync(owner, recordId, attachmentId, c)).Removed is null, ct);
        return written ? removed : await GetAsync(owner, recordId, attachmentId, ct);
    }

    /// <summary>Whether the record has this attachment, not removed (a feature checks a signed form is there before it accepts it).</summary>
    public async Task<bool> IsAttachedAsync(string kind, string recordId, string attachmentId, CancellationToken ct)
    {
        try
        {
            return (await GetAsync(owners.Get(kind), recordId, attachmentId, ct)).Removed is null;
        }
        catch (NotFoundException)
        {
            return false;
        }
    }

    private async Task<(FileType Type, long Size, string Sha256)> UploadAsync(BlockBlobClient blob, Stream body, string fileName,
        IDictionary<string, string> metadata, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(AttachmentOptions.ChunkBytes);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var blocks = new List<string>();
        long size = 0;
        FileType? type = null;
        try
        {
            while (await FillAsync(body, buffer, AttachmentOptions.ChunkBytes, ct) is var n and > 0)
            {
                if (type is null)
                {
                    var head = buffer.AsSpan(0, Math.Min(n, FileTypes.HeadLength));
                    type = FileTypes.Sniff(head, fileName)
                        ?? throw new UnsupportedContentException($"'{fileName}' is {FileTypes.Describe(head)}, judged by its content; attach {FileTypes.Allowed}.");
                }
                size += n;
                if (size > MaxBytes)
                {
                    // Nothing is committed: the staged blocks are discarded by the service.
                    throw TooLarge(null);
                }
                sha.AppendData(buffer, 0, n);
                var blockId = Convert.ToBase64String(Encoding.ASCII.GetBytes(blocks.Count.ToString("D6", CultureInfo.InvariantCulture)));
                using (var chunk = new MemoryStream(buffer, 0, n, writable: false))
                {
                    await blob.StageBlockAsync(blockId, chunk, cancellationToken: ct);
                }
                blocks.Add(blockId);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        if (type is null)
        {
            throw ValidationException.For("file", "The file is empty: send its content as the request body.");
        }
        await blob.CommitBlockListAsync(blocks, new CommitBlockListOptions { HttpHeaders = new BlobHttpHeaders { ContentType = type.ContentType }, Metadata = metadata }, ct);
        return (type, size, Convert.ToHexStringLower(sha.GetHashAndReset()));
    }

    /// <summary>Reads until the buffer holds <paramref name="count"/> bytes or the body ends.</summary>
    private static async Task<int> FillAsync(Stream body, byte[] buffer, int count, CancellationToken ct)
    {
        var filled = 0;
        while (filled < count && await body.ReadAsync(buffer.AsMemory(filled, count - filled), ct) is var read and > 0)
        {
            filled += read;
        }
        return filled;
    }

    private TooLargeException TooLarge(long? declared) => new(
        $"A file may have at most {MaxBytes:N0} bytes ({MaxBytes / 1024.0 / 1024.0:0.#} MB){(declared is { } d ? $"; this one has {d:N0}" : "")}. Attach a smaller file, or split the document.");

    private async Task<Attachment?> ReplayAsync(IAttachmentOwner owner, string recordId, IdempotencyKey key, CancellationToken ct)
    {
        if (await owner.FindKeyAsync(recordId, key, ct) is not { } earlier)
        {
            return null;
        }
        key.EnsureSameRequestAs(earlier, "attachment");
        return await GetAsync(owner, recordId, earlier.Result![RowPrefix.Length..], ct);
    }

    private static async Task<Attachment> GetAsync(IAttachmentOwner owner, string recordId, string attachmentId, CancellationToken ct)
    {
        var row = IsId(attachmentId) ? await owner.Table.GetEntityIfExistsAsync<TableEntity>(recordId, RowPrefix + attachmentId, cancellationToken: ct) : null;
        return row is { HasValue: true } ? Read(row.Value!) : throw new NotFoundException($"{recordId} has no attachment {attachmentId}.");
    }

    private static TableEntity Row(Attachment a) => new(a.RecordId, RowPrefix + a.Id)
    {
        ["Data"] = Json.Serialize(a),
        ["Blob"] = a.Blob,
        ["Removed"] = a.Removed is not null,
        ["Thumbnail"] = a.Thumbnail,
    };

    /// <summary>The attachment as its row keeps it; whether a thumbnail exists is the row's own column (set by <see cref="AttachmentThumbnails"/>).</summary>
    internal static Attachment Read(TableEntity row) =>
        Json.Deserialize<Attachment>(row.GetString("Data")) with { Blob = row.GetString("Blob") ?? "", Thumbnail = row.GetBoolean("Thumbnail") ?? false };

    /// <summary>Ids sort in the order files were attached: <c>AT</c>, the time in hex, and some randomness.</summary>
    private static string NewId(DateTimeOffset now) =>
        $"AT{now.UtcTicks:x16}{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";

    private static bool IsId(string id) => id.Length is > 2 and <= 40 && id.StartsWith("AT", StringComparison.Ordinal) && id.Skip(2).All(char.IsAsciiHexDigitLower);

    private async Task DeleteQuietlyAsync(BlockBlobClient blob)
    {
        try
        {
            await blob.DeleteIfExistsAsync();
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException || StorageFailures.IsUnavailable(ex))
        {
            logger.LogWarning(ex, "An attachment's unused blob {Blob} stays behind", blob.Name);
        }
    }
}
