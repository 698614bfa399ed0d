using System.Diagnostics;
using System.Net;
using AfterSales.Tests.Access;
using AfterSales.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace AfterSales.Tests.Attachments;

/// <summary>Measured alone: other tests' allocations would count in the process's totals.</summary>
[CollectionDefinition(nameof(MemoryMeasurement), DisableParallelization = true)]
public sealed class MemoryMeasurement;

/// <summary>
/// The app on a real Kestrel server on a free port (the test server in memory copies request
/// bodies through its own buffers, which would be measured instead of the app).
/// </summary>
public sealed class KestrelAppFixture : AppFixture
{
    public KestrelAppFixture(AzuriteFixture azurite) : base(azurite) => UseKestrel(0);

    public override ValueTask InitializeAsync()
    {
        StartServer();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// A plain client of the server, signed in as 王芳 (the factory's own clients buffer request
    /// bodies to follow redirects, which would be measured instead of the app).
    /// </summary>
    public HttpClient CreateSocketClient()
    {
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new HttpClient { BaseAddress = new Uri(address), DefaultRequestHeaders = { Authorization = new("Bearer", TestTokens.For(DefaultUserId, DefaultUserName, [.. Roles.All])) } };
    }
}

/// <summary>A 25 MB upload streams through the app: the process allocates a small fraction of the file.</summary>
[Collection(nameof(MemoryMeasurement))]
public class AttachmentMemoryTests(KestrelAppFixture app) : IClassFixture<KestrelAppFixture>
{
    private const long Size = 25L * 1024 * 1024;

    [Fact]
    public async Task A25MegabyteUploadIsNeverHeldWholeInMemory()
    {
        using var client = app.CreateSocketClient();
        var complaint = await ComplaintClient.TakeAsync(client);
        // Warm up the path (JIT, pools, the blob client) so the measurement sees the upload itself.
        Assert.Equal(HttpStatusCode.Created, (await AttachmentApiTests.AttachAsync(client, complaint.Number, "预热.pdf", new GeneratedFile(2 * 1024 * 1024, GeneratedFile.Pdf))).StatusCode);
        var file = new GeneratedFile(Size, GeneratedFile.Pdf, declareLength: false);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var workingSetBefore = Process.GetCurrentProcess().WorkingSet64;

        var created = await AttachmentApiTests.AttachAsync(client, complaint.Number, "大扫描件.pdf", file);

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var workingSetGrowth = Process.GetCurrentProcess().WorkingSet64 - workingSetBefore;
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.ReadJsonAsync();
        Assert.Equal(Size, body["size"]!.GetValue<long>());
        Assert.Equal(file.Sha256, body["sha256"]!.GetValue<string>());
        // The test's sender, Kestrel, the app and the storage client together.
        Assert.True(allocated < Size / 3, $"Uploading {Size:N0} bytes allocated {allocated:N0} bytes.");
        Assert.True(workingSetGrowth < Size, $"Uploading {Size:N0} bytes grew the working set by {workingSetGrowth:N0} bytes.");
        TestContext.Current.TestOutputHelper?.WriteLine($"25 MB upload: {allocated:N0} bytes allocated, working set {workingSetGrowth:+#,0;-#,0;0} bytes");

        var download = await client.GetAsync(created.Headers.Location);
        using var sha = System.Security.Cryptography.SHA256.Create();
        var hash = Convert.ToHexStringLower(await sha.ComputeHashAsync(await download.Content.ReadAsStreamAsync()));
        Assert.Equal(file.Sha256, hash);
    }
}
