using System.Security.Claims;

namespace AfterSales.Access;

/// <summary>An employee, as recorded on the work they did.</summary>
public sealed record Staff(string Id, string Name);

/// <summary>The system itself, for changes no person made (routing, escalation).</summary>
public static class SystemActor
{
    public static readonly Staff Instance = new("system", "AfterSales");
}

public static class Actors
{
    /// <summary>
    /// The employee a request acts for, from the token's claims (<c>oid</c> or <c>sub</c>, and
    /// <c>name</c>); null when the request is not signed in.
    /// </summary>
    public static readonly Staff Anonymous = new("anonymous", "anonymous");

    /// <summary>The employee a write is recorded against. Staff endpoints require sign-in, so this is the token's user.</summary>
    public static Staff ActingStaff(this ClaimsPrincipal user) => user.ToStaff() ?? Anonymous;

    public static Staff? ToStaff(this ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return null;
        }
        var id = user.FindFirst("oid")?.Value ?? user.FindFirst("sub")?.Value ?? user.FindFirst(ClaimTypes.NameIdentifier)?.Value;
        var name = user.FindFirst("name")?.Value ?? user.Identity.Name ?? id;
        return id is null ? null : new Staff(id, name ?? id);
    }
}
