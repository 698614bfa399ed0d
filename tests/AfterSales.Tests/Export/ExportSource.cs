using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AfterSales.ChangeFeed;
using AfterSales.Kernel;
using AfterSales.PowerBi;
using AfterSales.Records;
using AfterSales.Tests.Infrastructure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;

namespace AfterSales.Tests.Export;

/// <summary>
/// What the export is checked against, read straight from the app's storage: the records as
/// their stores keep them, their histories, and whether the change feed has logged them all yet.
/// </summary>
public sealed class ExportSource(Infrastructure.AppFixture app)
{
    public BlobContainerClient Exports => app.Storage.Container("exports");

    public async Task<List<T>> RecordsAsync<T>() where T : class
    {
        var store = app.Services.GetRequiredService<RecordStore<T>>();
        var records = new List<T>();
        await foreach (var row in store.Table.QueryAsync<TableEntity>($"RowKey eq '{RecordStore<T>.RecordRow}'"))
        {
            records.Add(RecordStore<T>.Read(row).Record);
        }
        return records;
    }

    /// <summary>Every event in the histories of the exported kinds' records.</summary>
    public async Task<List<RecordEvent>> HistoriesAsync()
    {
        var kinds = app.Services.GetRequiredService<RecordKinds>();
        var events = new List<RecordEvent>();
        foreach (var kind in PowerBiExport.Kinds)
        {
            var filter = $"RowKey ge '{RecordHistory.Prefix}' and RowKey lt 'event}}'";
            await foreach (var row in app.Storage.Table(kinds.Get(kind).Table).QueryAsync<TableEntity>(filter))
            {
                events.Add(RecordHistory.Read(row));
            }
        }
        return events;
    }

    /// <summary>Waits until the change feed has logged every event of the records (publishing runs behind the commits).</summary>
    public async Task FeedCaughtUpAsync()
    {
        await Poll.UntilAsync(async () =>
        {
            var logged = new HashSet<string>();
            await foreach (var row in app.Storage.Table(FeedLog.Table).QueryAsync<TableEntity>(select: ["EventId"]))
            {
                logged.Add(row.GetString("EventId"));
            }
            return (await HistoriesAsync()).Select(e => e.Id).Except(logged).Count();
        }, missing => missing == 0, TimeSpan.FromSeconds(30), "the feed log to hold every event");
    }

    /// <summary>Runs the export as an admin would, through the API.</summary>
    public static async Task<(HttpResponseMessage Response, ExportManifest Manifest)> RunAsync(HttpClient admin, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/exports/powerbi/runs");
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        var response = await admin.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, text);
        return (response, Json.Deserialize<ExportManifest>(text));
    }

    /// <summary>Every row of a table across its files, in file order, as the Parquet files hold them.</summary>
    public async Task<List<object?[]>> ParquetRowsAsync(ExportManifest manifest, ExportTable table)
    {
        var rows = new List<object?[]>();
        foreach (var file in manifest.Tables.Single(t => t.Name == table.Name).Files)
        {
            rows.AddRange(ExportReader.InOrder(table, await ExportReader.ParquetRowsAsync(Exports, file.Parquet)));
        }
        return rows;
    }

    public static object? Cell(ExportTable table, object?[] row, string column) => row[table.IndexOf(column)];
}
