using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using AfterSales.Tests.Infrastructure;

namespace AfterSales.Tests.Attachments;

/// <summary>Files on a complaint through the HTTP API, stored in Azurite's blobs and tables.</summary>
public class AttachmentApiTests(AppFixture app) : IClassFixture<AppFixture>
{
    internal static Task<HttpResponseMessage> AttachAsync(HttpClient client, string number, string? fileName, HttpContent content, string? key = null) =>
        AttachToAsync(client, "complaint", number, fileName, content, key);

    internal static Task<HttpResponseMessage> AttachToAsync(HttpClient client, string kind, string id, string? fileName, HttpContent content, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post,
            $"/api/attachments/{kind}/{id}{(fileName is null ? "" : "?fileName=" + Uri.EscapeDataString(fileName))}") { Content = content };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }
        return client.SendAsync(request);
    }

    private static ByteArrayContent Bytes(byte[] bytes) => new(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } };

    private static async Task<JsonArray> ListAsync(HttpClient client, string number, bool removed = false)
    {
        var response = await client.GetAsync($"/api/attachments/complaint/{number}{(removed ? "?removed=true" : "")}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadJsonAsync())["items"]!.AsArray();
    }

    [Fact]
    public async Task APhotoWithAChineseNameIsKeptAsSentAndDownloadsUnderItsName()
    {
        var client = app.CreateClient();
        var complaint = await (await ComplaintClient.TakeAsync(client)).RoutedAsync();
        byte[] photo = [.. GeneratedFile.Png, .. RandomNumberGenerator.GetBytes(5000)];

        var created = await AttachAsync(client, complaint.Number, "现场照片 主轴.png", Bytes(photo));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.ReadJsonAsync();
        Assert.Equal("现场照片 主轴.png", body["fileName"]!.GetValue<string>());
        Assert.Equal("image/png", body["contentType"]!.GetValue<string>());
        Assert.Equal(photo.Length, body["size"]!.GetValue<long>());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(photo)), body["sha256"]!.GetValue<string>());
        Assert.Equal(AppFixture.DefaultUserId, body["uploadedBy"]!["id"]!.GetValue<string>());
        Assert.Null(body["blob"]);
        var location = created.Headers.Location!.ToString();
        Assert.Equal($"/api/attachments/complaint/{complaint.Number}/{body["id"]}", location);

        var listed = Assert.Single(await ListAsync(client, complaint.Number));
        Assert.Equal("现场照片 主轴.png", listed!["fileName"]!.GetValue<string>());

        var download = await client.GetAsync(location);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(photo, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/png", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        var disposition = download.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal("现场照片 主轴.png", disposition.FileNameStar);
        Assert.Contains("filename*=UTF-8''%E7%8E%B0%E5%9C%BA", download.Content.Headers.GetValues("Content-Disposition").Single(), StringComparison.Ordinal);

        // Attaching leaves the complaint as it was: a colleague's If-Match still holds.
        var etagBefore = complaint.ETag;
        await complaint.GetAsync();
        Assert.Equal(etagBefore, complaint.ETag);
    }

    [Theory]
    [InlineData("../../x", "x")]
    [InlineData("..\\..\\windows\\报告.pdf", "报告.pdf")]
    [InlineData("/etc/passwd", "passwd")]
    public async Task APathLikeNameKeepsOnlyItsLastSegment(string sent, string kept)
    {
        var client = app.CreateClient();
        var complaint = await ComplaintClient.TakeAsync(client);

        var created = await AttachAsync(client, complaint.Number, sent, Bytes([.. GeneratedFile.Pdf, .. "1 0 obj"u8]));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(kept, (await created.ReadJsonAsync())["fileName"]!.GetValue<string>());
        Assert.Equal("application/pdf", (await created.ReadJsonAsync())["contentType"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("..")]
    [InlineData("photos/")]
    [InlineData(null)]
    public async Task ANameThatShowsNoFileIsRefusedNamingTheField(string? sent)
    {
        var client = app.CreateClient();
        var complaint = await ComplaintClient.TakeAsync(client);

        var refused = await AttachAsync(client, complaint.Number, sent, Bytes(GeneratedFile.Pdf));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.NotNull((await refused.ReadJsonAsync())["errors"]!["fileName"]);
    }

    [Fact]
    public async Task AnExecutableRenamedJpgIsRefusedByItsContent()
    {
        var client = app.CreateClient();
        var complaint = await ComplaintClient.TakeAsync(client);

        var refused = await AttachAsync(client, complaint.Number, "照片.jpg", new GeneratedFile(200_000, GeneratedFile.Executable));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        Assert.Contains("Windows executable", (await refused.ReadJsonAsync())["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(await ListAsync(client, complaint.Number, removed: true));
    }

    [Fact]
    public async Task AnEmptyFileIsRefused()
    {
        var client = app.CreateClient();
        var complaint = await ComplaintClient.TakeAsync(client);

        var refused = await AttachAsync(client, complaint.Number, "空.pdf", Bytes([]));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.NotNull((await refused.ReadJsonAsync())["errors"]!["file"]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OneByteOverTheLimitIsRefusedAndNothingIsKept(bool declareLength)
    {
        var client = app.CreateClient();
        var complaint = await ComplaintClient.TakeAsync(client);

        // Chunked (no length declared), the limit is found while streaming; declared, before reading.
        var refused = await AttachAsync(client, complaint.Number, "扫描件.pdf", new GeneratedFile(25L * 1024 * 1024 + 1, GeneratedFile.Pdf, declareLength));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        Assert.Contains("26,214,400", (await refused.ReadJsonAsync())["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(await ListAsync(client, complaint.Number, removed: true));
        // No blob was committed for it (staged blocks are discarded by the service).
        await foreach (var blob in app.Storage.Container("attachments").GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.Metadata, Azure.Storage.Blobs.Models.BlobStates.None, null, default))
        {
            Assert.False(blob.Metadata.TryGetValue("recordid", out var owner) && owner == complaint.Number, $"{blob.Name} was kept for {complaint.Number}");
        }
    }

    [Fact]
    public async Task SomeoneWhoMayNotSeeTheComplaintCannotListDownloadOrAttach()
    {
        var owner = app.CreateClient();
        var complaint = await (await ComplaintClient.TakeAsync(owner)).RoutedAsync();
        await complaint.DoAsync("triage", new { path = "notQualityProblem", analysis = "使用不当" });
        var created = await AttachAsync(owner, complaint.Number, "说明.pdf", Bytes(GeneratedFile.Pdf));
        var location = created.Headers.Location!.ToString();
        // The technical center and procurement do not read a complaint that is not a quality problem.
        var technician = app.CreateClient("u-zhao", "赵工", Roles.Technical);
        var procurement = app.CreateClient("u-qian", "钱采购", Roles.Procurement);

        foreach (var stranger in new[] { technician, procurement })
        {
            var download = await stranger.GetAsync(location);
            Assert.Equal(HttpStatusCode.Forbidden, download.StatusCode);
            Assert.Equal("application/problem+json", download.Content.Headers.ContentType!.MediaType);
            Assert.Equal(HttpStatusCode.Forbidden, (await stranger.GetAsync($"/api/attachments/complaint/{complaint.Number}")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await AttachAsync(stranger, complaint.Number, "x.pdf", Bytes(GeneratedFile.Pdf))).StatusCode);
        }
        // A reader asking for an attachment that is not there, or a record that is not there: 404.
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/api/attachments/complaint/{complaint.Number}/AT0000")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync("/api/attachments/complaint/KS-199901-0001")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/api/attachments/spaceship/{complaint.Number}")).StatusCode);
    }

    [Fact]
    public async Task RemovingIsAnEventOnTheComplaintAndTheFileLeavesTheList()
    {
        var client = app.CreateClient();
        var complaint = await ComplaintClient.TakeAsync(client);
        var created = await AttachAsync(client, complaint.Number, "错误照片.png", Bytes(GeneratedFile.Png));
        var location = created.Headers.Location!.ToString();
        var marketing = app.CreateClient("u-sun", "孙销售", Roles.Marketing);

        var withoutVersion = await client.PostJsonAsync($"{location}/removal", new { reason = "传错了" });
        var notTheirs = await Remove(marketing, location, "\"1\"", "不是我的");
        var noReason = await Remove(client, location, "\"1\"", " ");
        var removed = await Remove(client, location, "\"1\"", "传错了, 换成正确的照片");

        Assert.Equal((HttpStatusCode)428, withoutVersion.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, notTheirs.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Equal("传错了, 换成正确的照片", (await removed.ReadJsonAsync())["removed"]!["reason"]!.GetValue<string>());
        Assert.Empty(await ListAsync(client, complaint.Number));
        Assert.Single(await ListAsync(client, complaint.Number, removed: true));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(location)).StatusCode);
        var again = await Remove(client, location, "\"1\"", "再次");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var timeline = await complaint.TimelineAsync();
        var removal = Assert.Single(timeline, e => e!["type"]!.GetValue<string>() == "AttachmentRemoved")!;
        Assert.Equal("传错了, 换成正确的照片", removal["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task TheSameUploadRetriedWithItsKeyIsOneAttachment()
    {
        var client = app.CreateClient();
        var complaint = await ComplaintClient.TakeAsync(client);
        byte[] scan = [.. GeneratedFile.Pdf, .. RandomNumberGenerator.GetBytes(3000)];

        var first = await AttachAsync(client, complaint.Number, "验收单.pdf", Bytes(scan), key: "scan-1");
        var retry = await AttachAsync(client, complaint.Number, "验收单.pdf", Bytes(scan), key: "scan-1");
        var otherFile = await AttachAsync(client, complaint.Number, "别的.pdf", Bytes(scan), key: "scan-1");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal((await first.ReadJsonAsync())["id"]!.GetValue<string>(), (await retry.ReadJsonAsync())["id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, otherFile.StatusCode);
        Assert.Single(await ListAsync(client, complaint.Number));
    }

    private static Task<HttpResponseMessage> Remove(HttpClient client, string location, string ifMatch, string reason)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{location}/removal") { Content = JsonContent.Create(new { reason }) };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(request);
    }
}
