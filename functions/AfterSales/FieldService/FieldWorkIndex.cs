using AfterSales.ChangeFeed;
using AfterSales.Kernel;
using AfterSales.Records;
using AfterSales.Storage;
using Azure.Data.Tables;

namespace AfterSales.FieldService;

/// <summary>One line of a field-work list: a visit or a commissioning job as its index row shows it.</summary>
public sealed record FieldWorkSummary(string Kind, string Id, string Subject, string Stage, DateTimeOffset? DueAt, bool Overdue, bool Open,
    IReadOnlyList<string> TechnicianIds, string? ComplaintNumber);

/// <summary>
/// The <c>FieldWork</c> table: what the field-service lists read, one row per record and list it
/// belongs to, so every list is one partition (a bounded, paged read):
/// <c>tech|{technician id}</c> (each technician of a visit or job, so a second technician sees
/// it in their own list), <c>complaint|{number}</c> (a complaint's visits) and
/// <c>stage|{stage}</c> (commissioning jobs by stage; the row moves when the stage does). Rows
/// carry the version they show and never go backwards, so projecting again changes nothing.
/// </summary>
public sealed class FieldWorkIndex(StorageAccount storage, TimeProvider clock, Microsoft.Extensions.Options.IOptions<Complaints.ServiceOptions> service)
{
    public const string Table = "FieldWork";
    public const int MineLimit = 200;

    private TableClient Index => storage.Table(Table);

    public static string ByTechnician(string technicianId) => $"tech|{technicianId}";
    public static string ByComplaint(string number) => $"complaint|{number}";
    public static string ByStage(CommissioningStage stage) => $"stage|{Codes.Of(stage)}";

    /// <summary>Commissioning jobs by the month (YYYYMM, the service's time zone) of their planned start: what the assessment counts.</summary>
    public static string ByPlannedMonth(string month) => $"month|{month}";

    public async Task ProjectAsync(Stored<Visit> stored, CancellationToken ct)
    {
        var v = stored.Record;
        var step = v.Steps.FirstOrDefault(s => s.IsOpen);
        TableEntity Row(string pk, string rk) => new(pk, rk)
        {
            ["Kind"] = VisitRecords.Kind, ["Id"] = v.Id, ["Subject"] = $"{v.Id} · {v.CustomerName}", ["Stage"] = Codes.Of(v.Stage),
            ["DueAt"] = step?.DueAt, ["Open"] = v.Stage != VisitStage.Completed, ["TechnicianIds"] = string.Join('\n', v.Technicians.Select(t => t.Id)),
            ["ComplaintNumber"] = v.ComplaintNumber, ["Version"] = stored.Version,
        };
        foreach (var t in v.Technicians)
        {
            await PutAsync(Row(ByTechnician(t.Id), $"{VisitRecords.Kind}|{v.Id}"), ct);
        }
        await PutAsync(Row(ByComplaint(v.ComplaintNumber), v.Id), ct);
    }

    public async Task ProjectAsync(Stored<CommissioningJob> stored, CancellationToken ct)
    {
        var j = stored.Record;
        var step = j.Steps.FirstOrDefault(s => s.IsOpen);
        TableEntity Row(string pk, string rk) => new(pk, rk)
        {
            ["Kind"] = CommissioningJobs.Kind, ["Id"] = j.Id, ["Subject"] = $"{j.Id} · {j.CustomerName} · {j.Product}", ["Stage"] = Codes.Of(j.Stage),
            ["DueAt"] = step?.DueAt, ["Open"] = j.Stage != CommissioningStage.Closed, ["TechnicianIds"] = string.Join('\n', j.Technicians.Select(t => t.Id)),
            ["ComplaintNumber"] = j.ComplaintNumber, ["Version"] = stored.Version,
        };
        foreach (var t in j.Technicians)
        {
            await PutAsync(Row(ByTechnician(t.Id), $"{CommissioningJobs.Kind}|{j.Id}"), ct);
        }
        await PutAsync(Row(ByStage(j.Stage), j.Id), ct);
        var month = TimeZoneInfo.ConvertTime(j.PlannedStart, service.Value.Zone()).ToString("yyyyMM", System.Globalization.CultureInfo.InvariantCulture);
        var work = j.Steps.FirstOrDefault(s => s.Kind == "commissioning");
        var byMonth = Row(ByPlannedMonth(month), j.Id);
        byMonth["Accepted"] = j.Acceptance is { SignedScan.Length: > 0 };
        byMonth["OnTime"] = work?.OnTime;
        byMonth["WorkDueAt"] = work?.DueAt;
        await PutAsync(byMonth, ct);
        foreach (var other in Enum.GetValues<CommissioningStage>().Where(s => s != j.Stage))
        {
            var old = await Index.GetEntityIfExistsAsync<TableEntity>(ByStage(other), j.Id, cancellationToken: ct);
            if (old.HasValue && (old.Value!.GetInt32("Version") ?? 0) < stored.Version)
            {
                try
                {
                    await Index.DeleteEntityAsync(old.Value, old.Value.ETag, ct);
                }
                catch (Azure.RequestFailedException ex) when (ex.Status is 404 or 412)
                {
                    // Deleted or rewritten meanwhile by a later projection.
                }
            }
        }
    }

    /// <summary>A technician's open visits, earliest due first (the overdue lead): one partition, at most <see cref="MineLimit"/> rows.</summary>
    public async Task<IReadOnlyList<FieldWorkSummary>> OpenVisitsOfAsync(string technicianId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {ByTechnician(technicianId)} and RowKey ge {VisitRecords.Kind + "|"} and RowKey lt {VisitRecords.Kind + "}"} and Open eq true");
        var list = new List<FieldWorkSummary>();
        await foreach (var row in Index.QueryAsync<TableEntity>(filter, maxPerPage: MineLimit, cancellationToken: ct))
        {
            list.Add(Summary(row, now));
            if (list.Count >= MineLimit)
            {
                break;
            }
        }
        return [.. list.OrderBy(s => s.DueAt ?? DateTimeOffset.MaxValue)];
    }

    /// <summary>One page of a list partition (optionally only rows of one kind or stage).</summary>
    public Task<Page<FieldWorkSummary>> PageAsync(string partition, string? kind, CommissioningStage? stage, int pageSize, string? continuationToken, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition}");
        if (kind is not null)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Kind eq {kind}");
        }
        if (stage is { } s)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Stage eq {Codes.Of(s)}");
        }
        return Index.PageAsync(filter, pageSize, continuationToken, $"fieldWork|{filter}", e => Summary(e, now), ct);
    }

    private static FieldWorkSummary Summary(TableEntity e, DateTimeOffset now)
    {
        var due = e.GetDateTimeOffset("DueAt");
        var open = e.GetBoolean("Open") ?? false;
        return new(e.GetString("Kind"), e.GetString("Id"), e.GetString("Subject"), e.GetString("Stage"), due, open && due < now, open,
            (e.GetString("TechnicianIds") ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries), e.GetString("ComplaintNumber"));
    }

    /// <summary>Writes the row unless one showing the same or a later version is there (retrying a lost race).</summary>
    private async Task PutAsync(TableEntity row, CancellationToken ct)
    {
        var version = row.GetInt32("Version") ?? 0;
        for (var attempt = 0; ; attempt++)
        {
            var existing = await Index.GetEntityIfExistsAsync<TableEntity>(row.PartitionKey, row.RowKey, cancellationToken: ct);
            if (existing.HasValue && (existing.Value!.GetInt32("Version") ?? 0) >= version)
            {
                return;
            }
            try
            {
                await (existing.HasValue ? Index.UpdateEntityAsync(row, existing.Value!.ETag, TableUpdateMode.Replace, ct) : Index.AddEntityAsync(row, ct));
                return;
            }
            catch (Azure.RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < 5)
            {
            }
        }
    }
}

/// <summary>Keeps a visit's rows in the field-work lists (every technician's, the complaint's), from the visit as it now is.</summary>
public sealed class IndexVisit(RecordStore<Visit> visits, FieldWorkIndex index) : IFeedSubscriber
{
    public async Task HandleAsync(RecordEvent e, CancellationToken ct)
    {
        if (await visits.GetAsync(e.RecordId, ct) is { } stored)
        {
            await index.ProjectAsync(stored, ct);
        }
    }
}

/// <summary>Keeps a commissioning job's rows in the field-work lists (every technician's, its stage's), from the job as it now is.</summary>
public sealed class IndexCommissioningJob(RecordStore<CommissioningJob> jobs, FieldWorkIndex index) : IFeedSubscriber
{
    public async Task HandleAsync(RecordEvent e, CancellationToken ct)
    {
        if (await jobs.GetAsync(e.RecordId, ct) is { } stored)
        {
            await index.ProjectAsync(stored, ct);
        }
    }
}
