using System.Collections.Concurrent;
using AfterSales.Kernel;
using Microsoft.Extensions.Options;

namespace AfterSales.Notifications;

/// <summary>Where one notice goes and in which language; no addresses and a reason when nobody can be reached.</summary>
public sealed record Addressees(IReadOnlyList<string> To, Language Language, string? Missing = null);

/// <summary>
/// Turns an audience into addresses and a language. Departments and the supervisors: their mailbox
/// and their Entra group's members, in their configured language. A person: their own mail address
/// and preferred language in Entra ID. Directory answers are kept for a few minutes, so a burst of
/// notices asks Graph once. Locally (outbox) nobody is looked up: people get a placeholder address.
/// </summary>
public sealed class AddressBook(IOptions<NotificationOptions> options, GraphGateway graph, TimeProvider clock)
{
    private static readonly TimeSpan Keep = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, object Value)> _cache = new();

    private NotificationOptions Options => options.Value;

    private Language Default => Languages.Parse(Options.DefaultLanguage) ?? Language.ZhCn;

    public async Task<Addressees> ResolveAsync(Audience audience, CancellationToken ct)
    {
        switch (audience.Kind)
        {
            case AudienceKind.Person:
                return await PersonAsync(audience.Key, ct);
            case AudienceKind.Approvers:
                return new(["Teams"], LanguageOf(Options.For(Department.Management)));
            case AudienceKind.Supervisors:
                return await GroupAsync(Options.Supervisors, "the supervisors (Notifications:Supervisors)", ct);
            default:
                var department = Departments.TryParse(audience.Key, out var d) ? d : throw new InvalidOperationException($"'{audience.Key}' is not a department.");
                return await GroupAsync(Options.For(department) ?? new Recipients(), $"{department.Code()} (Notifications:Departments:{department.Code()})", ct);
        }
    }

    private Language LanguageOf(Recipients? recipients) => Languages.Parse(recipients?.Language) ?? Default;

    private async Task<Addressees> GroupAsync(Recipients recipients, string who, CancellationToken ct)
    {
        var to = new List<string>();
        if (!string.IsNullOrWhiteSpace(recipients.Mailbox))
        {
            to.Add(recipients.Mailbox.Trim());
        }
        if (!string.IsNullOrWhiteSpace(recipients.Group) && Options.Delivery == Delivery.Graph)
        {
            to.AddRange(await CachedAsync($"group|{recipients.Group}", () => graph.GroupMailAsync(recipients.Group.Trim(), ct)));
        }
        var distinct = to.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return new(distinct, LanguageOf(recipients), distinct.Count == 0 ? $"No mailbox or group members for {who}." : null);
    }

    private async Task<Addressees> PersonAsync(string id, CancellationToken ct)
    {
        if (Options.Delivery != Delivery.Graph)
        {
            return new([$"{id}@outbox.local"], Default);
        }
        var person = await CachedAsync($"person|{id}", () => graph.PersonAsync(id, ct));
        return person?.Mail is { Length: > 0 } mail
            ? new([mail], Languages.Parse(person.PreferredLanguage) ?? Default)
            : new([], Default, $"Entra ID has no mail address for {id}.");
    }

    private async Task<T> CachedAsync<T>(string key, Func<Task<T>> read)
    {
        var now = clock.GetUtcNow();
        if (_cache.TryGetValue(key, out var hit) && now - hit.At < Keep)
        {
            return (T)hit.Value!;
        }
        var value = await read();
        _cache[key] = (now, value!);
        return value;
    }
}
