using AfterSales.Access;
using AfterSales.Functions;
using AfterSales.Kernel;
using Microsoft.Extensions.Options;

namespace AfterSales.Notifications;

/// <summary>
/// Queue function on <c>notifications</c>: sends one notification. It claims the row first (a
/// copy of the message finds it sent, or taken, and does nothing), resolves the audience, renders
/// in the audience's language and delivers: Graph mail, the Teams webhook, or the local outbox.
/// On 429, 408 or 5xx it tries again later, after <c>Retry-After</c> when the service gave one,
/// else after a doubling delay; after <see cref="NotificationOptions.MaxAttempts"/> tries, or at
/// once for an answer waiting cannot change, it is marked failed and put on the poison queue.
/// </summary>
public sealed class SendNotifications(
    NotificationStore store,
    AddressBook addresses,
    MailTemplates mail,
    ApprovalCards cards,
    GraphGateway graph,
    TeamsWebhook teams,
    LocalOutbox outbox,
    CustomerLinks links,
    IOptions<NotificationOptions> options,
    IConfiguration configuration,
    ILogger<SendNotifications> logger) : IQueueFunction
{
    public async Task HandleAsync(QueueMessageContext message, CancellationToken cancellationToken)
    {
        var queued = Json.Deserialize<NotificationMessage>(message.Body);
        var id = queued.Id;
        if (await store.ClaimAsync(queued, cancellationToken) is not { } claim)
        {
            return;
        }
        try
        {
            await store.SentAsync(claim, await DeliverAsync(claim.Notice, cancellationToken), cancellationToken);
        }
        catch (DeliveryFailure f) when (f.Transient && claim.Attempt < options.Value.MaxAttempts)
        {
            var delay = Delay(f.RetryAfter, claim.Attempt);
            logger.LogWarning("Notification {Id} try {Attempt} failed ({Error}); next try in {Delay}", id, claim.Attempt, f.Message, delay);
            await store.RetryLaterAsync(claim, f.Message, delay, cancellationToken);
        }
        catch (Exception ex) when (ex is DeliveryFailure or InvalidOperationException or FormatException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Notification {Id} failed after {Attempt} tries", id, claim.Attempt);
            await store.FailAsync(claim, ex.Message, cancellationToken);
        }
    }

    /// <summary>Retry-After when the service said (at least a second), else RetryDelay doubling per try, at most MaxRetryDelay.</summary>
    public TimeSpan Delay(TimeSpan? retryAfter, int attempt)
    {
        var o = options.Value;
        if (retryAfter is { } wait)
        {
            return wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait;
        }
        var doubled = o.RetryDelay * Math.Pow(2, Math.Min(attempt - 1, 16));
        return doubled > o.MaxRetryDelay ? o.MaxRetryDelay : doubled;
    }

    private async Task<Delivered> DeliverAsync(Notice n, CancellationToken ct)
    {
        var to = await addresses.ResolveAsync(n.Audience, ct);
        var baseUrl = options.Value.BaseUrl(configuration);
        var approval = n.Kind == NoticeKind.ApprovalRequested ? ApprovalLinks(n, baseUrl) : null;
        if (n.Channel == NoticeChannel.TeamsCard)
        {
            if (approval is null && n.Kind == NoticeKind.ApprovalRequested)
            {
                return new([], n.Kind.ToString(), "The approval step is not named.");
            }
            var card = approval is not null ? cards.Request(n, to.Language, baseUrl, approval) : cards.Decision(n, to.Language, baseUrl);
            var title = card["fallbackText"]!.GetValue<string>();
            if (options.Value.Delivery == Delivery.Outbox)
            {
                await outbox.WriteCardAsync(n.Id, TeamsWebhook.Message(card), title, ct);
            }
            else
            {
                await teams.PostCardAsync(card, ct);
            }
            return new(to.To, title);
        }
        var rendered = mail.Render(n, to.Language, baseUrl, approval);
        if (to.To.Count == 0)
        {
            return new([], rendered.Subject, to.Missing);
        }
        if (options.Value.Delivery == Delivery.Outbox)
        {
            await outbox.WriteMailAsync(n.Id, to.To, to.Language, rendered, ct);
        }
        else
        {
            await graph.SendMailAsync(to.To, rendered.Subject, rendered.Html, ct);
        }
        return new(to.To, rendered.Subject);
    }

    /// <summary>Signed, expiring, single-use links bound to the complaint and its approval step, issued per try.</summary>
    private ApprovalUrls? ApprovalLinks(Notice n, string baseUrl)
    {
        if (n.Steps.FirstOrDefault(s => s.Kind == NoticeRules.ApprovalStep) is not { } step)
        {
            return null;
        }
        var subject = ApprovalSubject.Of(n.RecordId, step.Id);
        string Url(LinkPurpose purpose) => $"{baseUrl}/api/approvals/{links.Issue(subject, purpose, singleUse: true).Token}";
        return new ApprovalUrls(Url(LinkPurpose.Approve), Url(LinkPurpose.Reject));
    }
}

/// <summary>What an approval link is bound to: the complaint and the approval step it asks about (<c>KS-202611-0042:s3</c>).</summary>
public static class ApprovalSubject
{
    public static string Of(string number, string step) => $"{number}:{step}";

    public static (string Number, string Step)? Parse(string subject) =>
        subject.Split(':') is [var number, var step] && number.Length > 0 && step.Length > 0 ? (number, step) : null;
}
