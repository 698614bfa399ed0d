using System.Diagnostics;
using AfterSales.Functions.Local;
using AfterSales.Storage;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;

namespace AfterSales.Tests.Storage;

/// <summary>
/// How long a storage call keeps trying while storage is out of reach: the same few retries for
/// tables, queues and blobs. The queue and blob clients' own default is five retries (about 25 s
/// of backing off per call), and a write announces on a queue before it commits, so with it a
/// write during an outage outlasted the 45 s a caller is promised an answer in (OutageUnderLoadTests).
/// </summary>
public class StorageRetryTests
{
    [Fact]
    public async Task EveryStorageClientGivesUpAfterTheSameThreeRetries()
    {
        var endpoint = $"http://127.0.0.1:{Azurite.FreePort()}/{Azurite.AccountName}"; // nothing listens: every try refused
        var storage = new StorageAccount(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [StorageAccount.ConnectionSetting] = $"DefaultEndpointsProtocol=http;AccountName={Azurite.AccountName};AccountKey={Azurite.AccountKey};"
                + $"BlobEndpoint={endpoint};QueueEndpoint={endpoint};TableEndpoint={endpoint};",
        }).Build());

        static async Task<(int Tries, TimeSpan Took)> FailingAsync(Func<Task> call)
        {
            var watch = Stopwatch.StartNew();
            var failed = await Assert.ThrowsAsync<AggregateException>(call); // one exception per try
            return (failed.InnerExceptions.Count, watch.Elapsed);
        }
        var calls = await Task.WhenAll(
            FailingAsync(() => storage.Table("Complaints").GetEntityIfExistsAsync<TableEntity>("KS-202611-0001", "record")),
            FailingAsync(() => storage.Queue("change-feed").SendMessageAsync("{}")),
            FailingAsync(() => storage.Container("attachments").GetBlobClient("photo").ExistsAsync()));

        Assert.All(calls, c => Assert.Equal(1 + StorageAccount.DefaultRetries, c.Tries));
        // 0.8 + 1.6 + 3.2 s of backing off (±20 %), not the 25 s five retries take.
        Assert.All(calls, c => Assert.InRange(c.Took, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(15)));
    }
}
