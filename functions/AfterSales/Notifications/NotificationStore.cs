using AfterSales.Kernel;
using AfterSales.Messaging;
using AfterSales.Storage;
using Azure;
using Azure.Data.Tables;

namespace AfterSales.Notifications;

public enum NotificationStatus { Queued, Sending, Retrying, Sent, Failed, Skipped }

/// <summary>A notification as admins see it: what, to whom, how it went; never the record's details.</summary>
public sealed record NotificationSummary(
    string Id, NoticeKind Kind, NoticeChannel Channel, AudienceKind AudienceKind, string Audience, string RecordKind, string RecordId,
    NotificationStatus Status, int Attempts, string? Subject, string? Recipients, string? LastError,
    DateTimeOffset CreatedAt, DateTimeOffset? LastAttemptAt, DateTimeOffset? NextAttemptAt, DateTimeOffset? SentAt);

/// <summary>A notification claimed for sending: its row (with the ETag of the claim) and the notice.</summary>
public sealed record Claimed(TableEntity Row, Notice Notice, int Attempt);

/// <summary>
/// The <c>Notifications</c> table and queue. One partition per notification (row <c>notification</c>:
/// status, attempts, the notice as JSON), keyed by the notice's id, so a notice made twice (a
/// redelivered event) is recognised by the insert that fails. Failed ones are listed in partition
/// <c>failed</c>; due-soon reminders already made in <c>due|{department}</c>. The queue carries
/// ids only; the sender reads the row and sends only what is not sent yet.
/// </summary>
public sealed class NotificationStore(StorageAccount storage, IMessageTransport transport, TimeProvider clock)
{
    public const string Table = "Notifications";
    public const string Queue = "notifications";
    private const string Row = "notification";
    private const string FailedPartition = "failed";

    /// <summary>How long a claim holds before another delivery of the same message may take over (a crashed sender).</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(5);

    private TableClient Rows => storage.Table(Table);

    /// <summary>Records the notice and queues it; a notice recorded before is queued again only if it never got going.</summary>
    public async Task EnqueueAsync(Notice notice, CancellationToken ct)
    {
        var entity = new TableEntity(notice.Id, Row)
        {
            ["Kind"] = notice.Kind.ToString(),
            ["Channel"] = notice.Channel.ToString(),
            ["AudienceKind"] = notice.Audience.Kind.ToString(),
            ["Audience"] = notice.Audience.Key,
            ["RecordKind"] = notice.RecordKind,
            ["RecordId"] = notice.RecordId,
            ["Status"] = nameof(NotificationStatus.Queued),
            ["Attempts"] = 0,
            ["CreatedAt"] = clock.GetUtcNow(),
        };
        LongText.Put(entity, "Notice", Json.Serialize(notice));
        try
        {
            await Rows.AddEntityAsync(entity, ct);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Made before (a redelivered event): queue it again only if it may have been lost before
            // its first try; a queued copy too many is harmless, the sender checks the status.
            var existing = await Rows.GetEntityAsync<TableEntity>(notice.Id, Row, select: ["Status"], cancellationToken: ct);
            if (Status(existing.Value) != NotificationStatus.Queued)
            {
                return;
            }
        }
        await SendAsync(notice.Id, null, ct);
    }

    /// <summary>
    /// Takes the notification for one try: null when there is nothing to do (sent, failed, skipped,
    /// or another sender holds it, in which case it is looked at again after the lease).
    /// </summary>
    public async Task<Claimed?> ClaimAsync(NotificationMessage message, CancellationToken ct)
    {
        var id = message.Id;
        var found = await Rows.GetEntityIfExistsAsync<TableEntity>(id, Row, cancellationToken: ct);
        if (!found.HasValue)
        {
            return null;
        }
        var row = found.Value!;
        var now = clock.GetUtcNow();
        switch (Status(row))
        {
            case NotificationStatus.Sent or NotificationStatus.Failed or NotificationStatus.Skipped:
                return null;
            case NotificationStatus.Sending when row.GetDateTimeOffset("LastAttemptAt") is { } at && now - at < ClaimLease:
                await SendAsync(id, ClaimLease - (now - at), ct, again: "lease");
                return null;
            case NotificationStatus.Retrying when row.GetString("RetryToken") != message.Try && now < row.GetDateTimeOffset("NextAttemptAt") + ClaimLease:
                return null; // an early copy: the delayed one (it carries the token) honours the wait, Retry-After
        }
        var attempt = (row.GetInt32("Attempts") ?? 0) + 1;
        row["Status"] = nameof(NotificationStatus.Sending);
        row["Attempts"] = attempt;
        row["LastAttemptAt"] = now;
        try
        {
            var response = await Rows.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, ct);
            row.ETag = response.Headers.ETag ?? ETag.All;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return null; // another copy of the message claimed it a moment ago
        }
        return new Claimed(row, Json.Deserialize<Notice>(LongText.Get(row, "Notice")), attempt);
    }

    public Task SentAsync(Claimed c, Delivered delivered, CancellationToken ct) => FinishAsync(c, delivered.Skipped is null ? NotificationStatus.Sent : NotificationStatus.Skipped, e =>
    {
        e["Subject"] = delivered.Subject;
        e["Recipients"] = string.Join("; ", delivered.To);
        e["SentAt"] = clock.GetUtcNow();
        e["LastError"] = delivered.Skipped;
        e["NextAttemptAt"] = null;
    }, ct);

    /// <summary>Tries again after <paramref name="delay"/> (a delayed copy of the message).</summary>
    public async Task RetryLaterAsync(Claimed c, string error, TimeSpan delay, CancellationToken ct)
    {
        var token = Guid.NewGuid().ToString("N");
        await FinishAsync(c, NotificationStatus.Retrying, e =>
        {
            e["LastError"] = error;
            e["NextAttemptAt"] = clock.GetUtcNow() + delay;
            e["RetryToken"] = token;
        }, ct);
        await SendAsync(c.Notice.Id, delay, ct, token);
    }

    /// <summary>Gives up: the status says failed and why, the failed list shows it, the poison queue holds it.</summary>
    public async Task FailAsync(Claimed c, string error, CancellationToken ct)
    {
        var failedAt = clock.GetUtcNow();
        var listed = $"{(DateTimeOffset.MaxValue - failedAt).Ticks:D19}|{c.Notice.Id}";
        await Rows.UpsertEntityAsync(new TableEntity(FailedPartition, listed) { ["Id"] = c.Notice.Id }, TableUpdateMode.Replace, ct);
        await FinishAsync(c, NotificationStatus.Failed, e =>
        {
            e["LastError"] = error;
            e["NextAttemptAt"] = null;
            e["FailedKey"] = listed;
        }, ct);
        await storage.SendAsync(StorageNames.Poison(Queue), Json.Serialize(new NotificationMessage(c.Notice.Id)), null, ct);
    }

    /// <summary>
    /// Failed notifications, most recent first. The list row is written before the status (a crash
    /// between leaves nothing failed unlisted), so a row whose notification is not failed (yet, or
    /// any more) is passed over.
    /// </summary>
    public async Task<Kernel.Page<NotificationSummary>> ListFailedAsync(int pageSize, string? continuationToken, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {FailedPartition}");
        var ids = await Rows.PageAsync(filter, pageSize, continuationToken, "notifications|failed", r => r.GetString("Id"), ct);
        var rows = await Task.WhenAll(ids.Items.Select(id => Rows.GetEntityIfExistsAsync<TableEntity>(id, Row, cancellationToken: ct)));
        return new([.. rows.Where(r => r.HasValue && Status(r.Value!) == NotificationStatus.Failed).Select(r => Summary(r.Value!))], ids.ContinuationToken);
    }

    public async Task<NotificationSummary?> GetAsync(string id, CancellationToken ct)
    {
        var row = await Rows.GetEntityIfExistsAsync<TableEntity>(id, Row, cancellationToken: ct);
        return row.HasValue ? Summary(row.Value!) : null;
    }

    /// <summary>Queues a failed notification again with a fresh count of tries; null when there is none, false when it is not failed.</summary>
    public async Task<bool?> ResendAsync(string id, CancellationToken ct)
    {
        var found = await Rows.GetEntityIfExistsAsync<TableEntity>(id, Row, cancellationToken: ct);
        if (!found.HasValue)
        {
            return null;
        }
        var row = found.Value!;
        if (Status(row) != NotificationStatus.Failed)
        {
            return false;
        }
        var listed = row.GetString("FailedKey");
        row["Status"] = nameof(NotificationStatus.Queued);
        row["Attempts"] = 0;
        row["FailedKey"] = null;
        await Rows.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, ct);
        if (listed is not null)
        {
            await Rows.DeleteEntityAsync(FailedPartition, listed, ETag.All, ct);
        }
        await SendAsync(id, null, ct, again: "resend");
        return true;
    }

    /// <summary>Due-soon reminders already made for a department's items due in this key range (one query).</summary>
    public async Task<IReadOnlySet<string>> RemindedAsync(Department department, string fromKey, string toKey, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {"due|" + department.Code()} and RowKey ge {fromKey} and RowKey lt {toKey}");
        var keys = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in Rows.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: ct))
        {
            keys.Add(row.RowKey);
        }
        return keys;
    }

    public Task MarkRemindedAsync(Department department, string itemKey, CancellationToken ct) =>
        Rows.UpsertEntityAsync(new TableEntity("due|" + department.Code(), itemKey), TableUpdateMode.Replace, ct);

    private async Task FinishAsync(Claimed c, NotificationStatus status, Action<TableEntity> set, CancellationToken ct)
    {
        c.Row["Status"] = status.ToString();
        set(c.Row);
        var response = await Rows.UpdateEntityAsync(c.Row, c.Row.ETag, TableUpdateMode.Replace, ct);
        c.Row.ETag = response.Headers.ETag ?? ETag.All;
    }

    /// <summary>
    /// Queues a notification's id. The message id is the notification's (a second copy of the same
    /// queueing is dropped by Service Bus's duplicate detection); a retry carries its token, and a
    /// look after a lease or a resend (<paramref name="again"/>) a fresh one, so none is taken for a duplicate.
    /// </summary>
    private Task SendAsync(string id, TimeSpan? delay, CancellationToken ct, string? retryToken = null, string? again = null) =>
        transport.SendAsync(Queue, new OutgoingMessage(Json.Serialize(new NotificationMessage(id, retryToken)),
            retryToken is not null ? $"{id}|retry|{retryToken}" : again is not null ? $"{id}|{again}|{Guid.NewGuid():N}" : id)
        {
            Delay = delay is { } d && d > TimeSpan.Zero ? d : null,
            Properties = new Dictionary<string, string> { ["notificationId"] = id },
        }, ct);

    private static NotificationStatus Status(TableEntity row) => Enum.Parse<NotificationStatus>(row.GetString("Status"));

    private static NotificationSummary Summary(TableEntity e) => new(
        e.PartitionKey, Enum.Parse<NoticeKind>(e.GetString("Kind")), Enum.Parse<NoticeChannel>(e.GetString("Channel")),
        Enum.Parse<AudienceKind>(e.GetString("AudienceKind")), e.GetString("Audience"), e.GetString("RecordKind"), e.GetString("RecordId"),
        Status(e), e.GetInt32("Attempts") ?? 0, e.GetString("Subject"), e.GetString("Recipients"), e.GetString("LastError"),
        e.GetDateTimeOffset("CreatedAt") ?? default, e.GetDateTimeOffset("LastAttemptAt"), e.GetDateTimeOffset("NextAttemptAt"), e.GetDateTimeOffset("SentAt"));
}

/// <summary>
/// What the notifications queue carries: the id of a notification to send, and for the delayed
/// copy that carries a retry, its token (copies without it wait for it, whatever the clocks say).
/// </summary>
public sealed record NotificationMessage(string Id, string? Try = null);

/// <summary>How one try ended well: sent to these addresses with this subject, or skipped (no address) and why.</summary>
public sealed record Delivered(IReadOnlyList<string> To, string Subject, string? Skipped = null);
