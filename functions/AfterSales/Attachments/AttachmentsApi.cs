using AfterSales.Access;
using AfterSales.Kernel;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace AfterSales.Attachments;

/// <summary>The removal of an attachment: why (kept on the record's history).</summary>
public sealed record RemoveAttachmentRequest(string? Reason);

/// <summary>
/// Files on records: <c>/api/attachments/{recordKind}/{recordId}</c> (<c>complaint</c>, <c>returnOrder</c>,
/// <c>capa</c>, ...). Whoever may read the record lists, downloads and attaches; downloads stream
/// through the API with the original name in <c>Content-Disposition</c> (RFC 6266/5987 <c>filename*</c>).
/// </summary>
public static class AttachmentsApi
{
    public static IEndpointRouteBuilder MapAttachmentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/attachments/{recordKind}/{recordId}").WithTags("Attachments").RequireAuthorization(Policies.Staff)
            .ProducesProblems(400, 401, 403, 404);
        api.MapPost("/", AttachAsync).WithName("AttachFile")
            .WithSummary("Attach a file (the request body, streamed; fileName= its name, kept for display): photos, PDF, Office documents, up to the size limit (25 MB).")
            .Accepts<Stream>("application/octet-stream", FileTypes.All.Select(t => t.ContentType).Distinct().ToArray())
            .ProducesProblems(413, 415);
        api.MapGet("/", ListAsync).WithName("ListAttachments")
            .WithSummary("The record's attachments in the order attached (removed=true adds the removed ones); paginated.");
        api.MapGet("/{attachmentId}", DownloadAsync).WithName("DownloadAttachment")
            .WithSummary("An attachment's content, as the type its bytes showed, with its original name.");
        api.MapGet("/{attachmentId}/thumbnail", ThumbnailAsync).WithName("DownloadAttachmentThumbnail")
            .WithSummary("An image attachment's thumbnail (JPEG, at most 320 px a side), for lists; 404 when it has none (see the attachment's thumbnail).");
        api.MapPost("/{attachmentId}/removal", RemoveAsync).WithName("RemoveAttachment")
            .WithSummary("Remove an attachment from the record (an event on its history, with the reason; the file is kept). If-Match: \"1\".")
            .ProducesProblems(412, 428);
        return app;
    }

    internal static async Task<Results<Created<Attachment>, Ok<Attachment>>> AttachAsync(string recordKind, string recordId, string? fileName,
        [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey, AttachmentFiles files, HttpContext http)
    {
        // The app's own limit decides (a 413 naming it), not the server's default.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = files.MaxBytes + AttachmentOptions.ChunkBytes;
        }
        var (attachment, replayed) = await files.AttachAsync(recordKind, recordId, fileName, http.Request.Body, http.Request.ContentLength,
            http.User, idempotencyKey, http.RequestAborted);
        http.Response.Headers.ETag = Versions.ETag(attachment.Version);
        return Idempotency.CreatedOrReplayed(http, replayed, Location(attachment), attachment);
    }

    internal static async Task<Ok<Page<Attachment>>> ListAsync(string recordKind, string recordId, bool? removed, int? pageSize, string? continuationToken,
        AttachmentFiles files, HttpContext http) =>
        TypedResults.Ok(await files.ListAsync(recordKind, recordId, removed == true, PageSize.Check(pageSize), continuationToken, http.User, http.RequestAborted));

    internal static async Task<FileStreamHttpResult> DownloadAsync(string recordKind, string recordId, string attachmentId, AttachmentFiles files, HttpContext http)
    {
        var (attachment, content) = await files.OpenAsync(recordKind, recordId, attachmentId, http.User, http.RequestAborted);
        http.Response.Headers.ETag = Versions.ETag(attachment.Version);
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        http.Response.ContentLength = attachment.Size;
        return TypedResults.Stream(content, attachment.ContentType, attachment.FileName);
    }

    internal static async Task<FileStreamHttpResult> ThumbnailAsync(string recordKind, string recordId, string attachmentId, AttachmentFiles files, HttpContext http)
    {
        var (_, content) = await files.OpenThumbnailAsync(recordKind, recordId, attachmentId, http.User, http.RequestAborted);
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        http.Response.Headers.CacheControl = "private, max-age=3600";
        return TypedResults.Stream(content, "image/jpeg");
    }

    internal static async Task<Ok<Attachment>> RemoveAsync(string recordKind, string recordId, string attachmentId, RemoveAttachmentRequest? request,
        AttachmentFiles files, HttpContext http)
    {
        var removed = await files.RemoveAsync(recordKind, recordId, attachmentId, request?.Reason, () => Versions.FromIfMatch(http.Request), http.User, http.RequestAborted);
        http.Response.Headers.ETag = Versions.ETag(removed.Version);
        return TypedResults.Ok(removed);
    }

    private static string Location(Attachment a) =>
        $"/api/attachments/{Uri.EscapeDataString(a.RecordKind)}/{Uri.EscapeDataString(a.RecordId)}/{a.Id}";
}
