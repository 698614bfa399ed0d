using System.Globalization;
using AfterSales.ChangeFeed;
using AfterSales.Kernel;
using AfterSales.Records;
using AfterSales.Storage;
using Azure.Data.Tables;

namespace AfterSales.Assessment;

/// <summary>One assessment in a list: its period, state, and its score (final once completed, provisional while open).</summary>
public sealed record AssessmentSummary(string Id, string Title, string From, string To, string State, decimal Score, string Level,
    int IndicatorSetVersion, DateTimeOffset OpenedAt, DateTimeOffset? CompletedAt, int Version);

/// <summary>
/// The <c>AssessmentIndex</c> table: one partition (a company runs a few assessments a year),
/// newest opened first. Rows are rebuilt from the record as stored and never go backwards.
/// </summary>
public sealed class AssessmentIndex(StorageAccount storage, RecordStore<SelfAssessment> store)
{
    public const string Table = "AssessmentIndex";
    private const string Partition = "all";

    private TableClient Index => storage.Table(Table);

    public async Task ProjectAsync(string id, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 5 && await store.GetAsync(id, ct) is { } stored; attempt++)
        {
            var row = Row(stored);
            var existing = await Index.GetEntityIfExistsAsync<TableEntity>(Partition, row.RowKey, cancellationToken: ct);
            if (existing.HasValue && (existing.Value!.GetInt32("Version") ?? 0) >= stored.Version)
            {
                return;
            }
            try
            {
                await (existing.HasValue ? Index.UpdateEntityAsync(row, existing.Value!.ETag, TableUpdateMode.Replace, ct) : Index.AddEntityAsync(row, ct));
                return;
            }
            catch (Azure.RequestFailedException ex) when (ex.Status is 409 or 412)
            {
            }
        }
    }

    public Task<Page<AssessmentSummary>> ListAsync(AssessmentState? state, int pageSize, string? continuationToken, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition}");
        if (state is { } s)
        {
            filter += " and " + TableClient.CreateQueryFilter($"State eq {Codes.Of(s)}");
        }
        return Index.PageAsync(filter, pageSize, continuationToken, $"assessments|{state}", Summary, ct);
    }

    private static TableEntity Row(Stored<SelfAssessment> stored)
    {
        var a = stored.Record;
        var score = Scoring.Of(a);
        return new TableEntity(Partition, $"{(DateTimeOffset.MaxValue.UtcTicks - a.OpenedAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture)}|{a.Id}")
        {
            ["Id"] = a.Id,
            ["Title"] = a.Title,
            ["From"] = a.Period.From,
            ["To"] = a.Period.To,
            ["State"] = Codes.Of(a.State),
            ["Score"] = (double)(a.FinalScore ?? score.Total),
            ["Level"] = Codes.Of(a.FinalLevel ?? score.Level),
            ["IndicatorSetVersion"] = a.Indicators.Version,
            ["OpenedAt"] = a.OpenedAt,
            ["CompletedAt"] = a.CompletedAt,
            ["Version"] = stored.Version,
        };
    }

    private static AssessmentSummary Summary(TableEntity e) => new(
        e.GetString("Id"), e.GetString("Title"), e.GetString("From"), e.GetString("To"), e.GetString("State"),
        Scoring.Round((decimal)(e.GetDouble("Score") ?? 0)), e.GetString("Level"), e.GetInt32("IndicatorSetVersion") ?? 0,
        e.GetDateTimeOffset("OpenedAt")!.Value, e.GetDateTimeOffset("CompletedAt"), e.GetInt32("Version") ?? 0);
}

/// <summary>Change-feed subscriber: keeps a changed assessment's list row up to date.</summary>
public sealed class IndexAssessment(AssessmentIndex index) : IFeedSubscriber
{
    public Task HandleAsync(RecordEvent e, CancellationToken ct) => index.ProjectAsync(e.RecordId, ct);
}
