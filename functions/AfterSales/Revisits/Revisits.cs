using System.Security.Claims;
using AfterSales.Complaints;
using AfterSales.Kernel;
using AfterSales.Records;
using AfterSales.Storage;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace AfterSales.Revisits;

/// <summary>A revisit as its list shows it.</summary>
public sealed record RevisitSummary(string Id, string CustomerName, string Product, string? SerialNumber, DateOnly ScheduledFor,
    DateTimeOffset DueAt, string? AssigneeId, bool Open, bool? OnTime);

/// <summary>
/// Delivered products and their revisits through the record store: registering a product,
/// opening the revisits its schedule makes due (the timer), recording a revisit's outcome, and
/// the lists (a revisit's month is one key range of its table).
/// </summary>
public sealed class Revisits(RecordStore<DeliveredProduct> products, RecordStore<Revisit> revisits, TimeProvider clock,
    IOptions<RevisitOptions> options, IOptions<ServiceOptions> service)
{
    public RecordStore<Revisit> Store => revisits;

    public RecordStore<DeliveredProduct> Products => products;

    /// <summary>Today in the service's time zone (the schedule is in calendar dates).</summary>
    public DateOnly Today() => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), service.Value.Zone()).DateTime);

    public async Task<(Stored<DeliveredProduct> Product, bool Replayed)> RegisterAsync(NewDeliveredProduct request, ClaimsPrincipal user, string? idempotencyKey, CancellationToken ct)
    {
        var by = user.ActingStaff();
        var key = IdempotencyKey.From(idempotencyKey, by.Id, "registerDeliveredProduct", request);
        for (var attempt = 0; ; attempt++)
        {
            var id = key is null ? RevisitIds.NewProduct() : RevisitIds.ProductFromKey(key.Hash);
            if (key is not null && await products.GetAsync(id, ct) is { } earlier)
            {
                return (await ReplayAsync(earlier, key, ct), true);
            }
            var registered = RevisitRules.Register(id, request, by, clock.GetUtcNow(), Today());
            if (await products.CreateAsync(registered.Record, registered.Events, key, ct) is { } created)
            {
                // Its first revisits may be due today already.
                await OpenDueAsync(created.Record, ct);
                return (await products.GetAsync(id, ct) ?? created, false);
            }
            if (key is null && attempt < 5)
            {
                continue;
            }
            return (await ReplayAsync(await products.GetAsync(id, ct) ?? throw new InvalidOperationException($"{id} vanished."), key!, ct), true);
        }
    }

    /// <summary>
    /// Opens the product's revisits scheduled since the last run up to today, one record per date
    /// (its id derives from schedule and date, so a repeat finds it), then notes how far it got.
    /// </summary>
    public async Task<int> OpenDueAsync(DeliveredProduct product, CancellationToken ct)
    {
        var today = Today();
        var dates = RevisitSchedule.Dates(product.Delivered, product.OpenedThrough.AddDays(1), today);
        var opened = new List<string>();
        foreach (var date in dates)
        {
            var id = RevisitIds.Revisit(product.Id, date);
            var change = RevisitRules.Open(id, product, date, StartOf(date), clock.GetUtcNow(), options.Value.Limit);
            if (await revisits.CreateAsync(change.Record, change.Events, key: null, ct) is not null)
            {
                opened.Add(id);
            }
        }
        if (today > product.OpenedThrough)
        {
            await products.ExecuteAsSystemAsync(product.Id, p => p.OpenedThrough >= today ? null
                : new Change<DeliveredProduct>(p with { OpenedThrough = today }, [new(new RevisitsOpenedThrough(today, opened), SystemActor.Instance, clock.GetUtcNow())]), ct);
        }
        return opened.Count;
    }

    /// <summary>Every registered product (the timer's walk: one query over the record rows).</summary>
    public async IAsyncEnumerable<DeliveredProduct> AllProductsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"RowKey eq {RecordStore<DeliveredProduct>.RecordRow}");
        await foreach (var row in products.Table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            yield return RecordStore<DeliveredProduct>.Read(row).Record;
        }
    }

    public async Task<ChangeOutcome<Revisit>> RecordAsync(string id, RecordRevisitOutcome outcome, ClaimsPrincipal user, Func<IfMatch> condition, string? idempotencyKey, CancellationToken ct)
    {
        RevisitIds.DemandRevisit(id);
        var by = user.ActingStaff();
        return await revisits.ExecuteAsync(new ChangeRequest<Revisit>(id, v => RevisitRules.Record(v, outcome, by, clock.GetUtcNow()))
        {
            Condition = condition,
            Key = IdempotencyKey.From(idempotencyKey, by.Id, "recordRevisit", outcome),
        }, ct);
    }

    public async Task<Stored<Revisit>> LoadAsync(string id, CancellationToken ct)
    {
        RevisitIds.DemandRevisit(id);
        return await revisits.GetAsync(id, ct) ?? throw RecordChanges.NotFound(revisits, id);
    }

    public async Task<Stored<DeliveredProduct>> LoadProductAsync(string id, CancellationToken ct)
    {
        RevisitIds.DemandProduct(id);
        return await products.GetAsync(id, ct) ?? throw RecordChanges.NotFound(products, id);
    }

    /// <summary>
    /// Revisits scheduled in a month (YYYYMM), or open ones of every month, optionally only those
    /// assigned to one person; a page at a time.
    /// </summary>
    public async Task<Page<RevisitSummary>> ListAsync(string? month, bool? open, string? assigneeId, int pageSize, string? continuationToken, CancellationToken ct)
    {
        var filter = month is null
            ? TableClient.CreateQueryFilter($"RowKey eq {RecordStore<Revisit>.RecordRow}")
            : TableClient.CreateQueryFilter($"PartitionKey ge {"RV-" + month + "-"} and PartitionKey lt {"RV-" + month + "."} and RowKey eq {RecordStore<Revisit>.RecordRow}");
        if (open is { } o)
        {
            filter += TableClient.CreateQueryFilter($" and Open eq {o}");
        }
        if (assigneeId is not null)
        {
            filter += TableClient.CreateQueryFilter($" and AssigneeId eq {assigneeId}");
        }
        return await revisits.Table.PageAsync(filter, pageSize, continuationToken, $"revisits|{month}|{open}|{assigneeId}",
            row => Summary(RecordStore<Revisit>.Read(row).Record), ct);
    }

    /// <summary>The revisits scheduled in these months (YYYYMM), as they now are: for the self-assessment's evidence.</summary>
    public async Task<IReadOnlyList<Revisit>> ScheduledInAsync(IEnumerable<string> months, CancellationToken ct)
    {
        var found = new List<Revisit>();
        foreach (var month in months)
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey ge {"RV-" + month + "-"} and PartitionKey lt {"RV-" + month + "."} and RowKey eq {RecordStore<Revisit>.RecordRow}");
            await foreach (var row in revisits.Table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            {
                found.Add(RecordStore<Revisit>.Read(row).Record);
            }
        }
        return found;
    }

    public static RevisitSummary Summary(Revisit v)
    {
        var step = v.Steps[0];
        return new(v.Id, v.Customer.Name, v.Product, v.SerialNumber, v.ScheduledFor, step.DueAt, step.Assignee?.Id, v.IsOpen, step.OnTime);
    }

    private DateTimeOffset StartOf(DateOnly date)
    {
        var local = date.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, service.Value.Zone().GetUtcOffset(local));
    }

    private async Task<Stored<DeliveredProduct>> ReplayAsync(Stored<DeliveredProduct> existing, IdempotencyKey key, CancellationToken ct)
    {
        var earlier = await products.FindKeyAsync(existing.Record.Id, key, ct) ?? new KeyUse("registerDeliveredProduct", "", 0);
        key.EnsureSameRequestAs(earlier, "delivered product");
        return existing;
    }
}
