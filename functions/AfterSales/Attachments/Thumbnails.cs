using AfterSales.Functions;
using AfterSales.Kernel;
using AfterSales.Messaging;
using AfterSales.Storage;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;

namespace AfterSales.Attachments;

/// <summary>What the thumbnail queue carries: which attachment (its row says the rest).</summary>
public sealed record ThumbnailRequest(string Kind, string RecordId, string AttachmentId);

/// <summary>
/// Thumbnails of image attachments, made off the request path: the upload queues a request
/// (<see cref="Queue"/>), <see cref="MakeThumbnails"/> reads the blob into a temporary file (never
/// whole in memory), makes the thumbnail within the limits of <see cref="ThumbnailImages"/>, writes
/// it as <c>thumbnails/{blob}</c> and marks the attachment's row (<c>Thumbnail</c>); an image
/// refused for thumbnailing is marked <c>ThumbnailRefused</c> with why. Each step looks first, so
/// a repeated message changes nothing.
/// </summary>
public sealed class AttachmentThumbnails(StorageAccount storage, AttachmentOwners owners, IMessageTransport transport, ILogger<AttachmentThumbnails> logger)
{
    public const string Queue = "thumbnails";
    public const string Container = "thumbnails";

    /// <summary>Queues the thumbnail of a new image attachment; a queue that fails leaves the upload as it is (the list shows no thumbnail).</summary>
    public async Task RequestAsync(Attachment a, CancellationToken ct)
    {
        if (!ThumbnailImages.CanDecode(a.ContentType))
        {
            return;
        }
        try
        {
            await transport.SendAsync(Queue, new OutgoingMessage(Json.Serialize(new ThumbnailRequest(a.RecordKind, a.RecordId, a.Id)), $"thumbnail|{a.Id}"), ct);
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException || StorageFailures.IsUnavailable(ex))
        {
            logger.LogWarning(ex, "No thumbnail queued for attachment {Attachment}", a.Id);
        }
    }

    public async Task<Stream> OpenAsync(string blob, CancellationToken ct) =>
        (await storage.Container(Container).GetBlobClient(blob).DownloadStreamingAsync(cancellationToken: ct)).Value.Content;

    public async Task MakeAsync(ThumbnailRequest request, CancellationToken ct)
    {
        var owner = owners.Get(request.Kind);
        var found = await owner.Table.GetEntityIfExistsAsync<TableEntity>(request.RecordId, AttachmentFiles.RowPrefix + request.AttachmentId, cancellationToken: ct);
        if (!found.HasValue || found.Value!.GetBoolean("Thumbnail") == true || found.Value.GetString("ThumbnailRefused") is not null)
        {
            return;
        }
        var attachment = AttachmentFiles.Read(found.Value);
        if (attachment.Removed is not null || !ThumbnailImages.CanDecode(attachment.ContentType))
        {
            return;
        }
        var target = storage.Container(Container).GetBlobClient(attachment.Blob);
        if (!await target.ExistsAsync(ct))
        {
            var made = await DecodeAsync(attachment, ct);
            if (made.Jpeg is null)
            {
                logger.LogInformation("No thumbnail for attachment {Attachment}: {Reason}", attachment.Id, made.Refused);
                await MarkAsync(owner, found.Value, "ThumbnailRefused", made.Refused!, ct);
                return;
            }
            await target.UploadAsync(new BinaryData(made.Jpeg), new Azure.Storage.Blobs.Models.BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = "image/jpeg" },
                Metadata = new Dictionary<string, string> { ["attachmentid"] = attachment.Id, ["width"] = $"{made.Width}", ["height"] = $"{made.Height}" },
            }, ct);
        }
        await MarkAsync(owner, found.Value, "Thumbnail", true, ct);
    }

    private async Task<ThumbnailResult> DecodeAsync(Attachment attachment, CancellationToken ct)
    {
        var path = Path.Combine(Path.GetTempPath(), $"thumb-{Guid.NewGuid():N}");
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await storage.Container(AttachmentFiles.Container).GetBlobClient(attachment.Blob).DownloadToAsync(file, ct);
        file.Position = 0;
        try
        {
            return ThumbnailImages.Make(file);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ThumbnailResult.Refuse($"could not be decoded ({ex.GetType().Name})");
        }
    }

    /// <summary>Sets one column on the attachment's row (a merge: the row's other columns, and a removal written meanwhile, stay).</summary>
    private static Task MarkAsync(IAttachmentOwner owner, TableEntity row, string column, object value, CancellationToken ct) =>
        owner.Table.UpdateEntityAsync(new TableEntity(row.PartitionKey, row.RowKey) { [column] = value }, Azure.ETag.All, TableUpdateMode.Merge, ct);
}

/// <summary>The thumbnail queue's function: one attachment per message, idempotent.</summary>
public sealed class MakeThumbnails(AttachmentThumbnails thumbnails) : IQueueFunction
{
    public Task HandleAsync(QueueMessageContext message, CancellationToken cancellationToken) =>
        thumbnails.MakeAsync(Json.Deserialize<ThumbnailRequest>(message.Body), cancellationToken);
}
