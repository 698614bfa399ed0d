using AfterSales.Access;
using AfterSales.Kernel;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AfterSales.Notifications;

/// <summary>
/// Admins look after delivery: the notifications that failed (after their last try, or at once for
/// an answer waiting cannot change), and sending one again once the cause is fixed. Admins see
/// what was sent to whom and why it failed, never the record's content.
/// </summary>
public static class NotificationsAdminApi
{
    public static IEndpointRouteBuilder MapNotificationsAdmin(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/admin/notifications").WithTags("Administration").RequireAuthorization(Policies.Admin)
            .ProducesProblems(400, 401, 403, 404);
        api.MapGet("/", ListFailedAsync).WithName("ListFailedNotifications")
            .WithSummary("Notifications that failed, most recent first: kind, audience, recipients, tries and the last error.");
        api.MapPost("/{id}/resend", ResendAsync).WithName("ResendNotification")
            .WithSummary("Send a failed notification again with a fresh count of tries (409 unless it failed).").ProducesProblems(409);
        return app;
    }

    internal static async Task<Ok<Page<NotificationSummary>>> ListFailedAsync(int? pageSize, string? continuationToken, NotificationStore store, CancellationToken ct) =>
        TypedResults.Ok(await store.ListFailedAsync(PageSize.Check(pageSize), continuationToken, ct));

    internal static async Task<Accepted<NotificationSummary>> ResendAsync(string id, NotificationStore store, CancellationToken ct)
    {
        var resent = await store.ResendAsync(id, ct) ?? throw new NotFoundException($"There is no notification {id}.");
        var summary = (await store.GetAsync(id, ct))!;
        if (!resent)
        {
            throw new ConflictException("Only failed notifications are sent again.", $"Notification {id} is {Codes.Of(summary.Status)}.",
                new Dictionary<string, object?> { ["status"] = Codes.Of(summary.Status) });
        }
        return TypedResults.Accepted($"/api/admin/notifications/{id}", summary);
    }
}
