using AfterSales.Kernel;

namespace AfterSales.StaffDirectory;

/// <summary>
/// An employee as the staff directory (员工名录) knows them: the id their sign-in carries (Entra ID
/// <c>oid</c>), their name and home department, and whether they still work here. The directory is
/// what lets one employee record work for another: a complaint taken by a colleague names a known,
/// active member of staff, never a free-typed name.
/// </summary>
public sealed record StaffMember
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required Department Department { get; init; }

    /// <summary>Their role in the department as people say it (销售助理, 业务员, 售后服务主管); free text.</summary>
    public string? Title { get; init; }

    /// <summary>False once they left: they can no longer be named as a complaint's first contact.</summary>
    public bool Active { get; init; } = true;

    public Staff AsStaff() => new(Id, Name);
}

/// <summary>What an admin sends to add or change a member of staff.</summary>
public sealed record StaffMemberInput(string? Id, string? Name, Department? Department, string? Title = null, bool? Active = null);

public sealed record StaffMemberAdded(string Name, Department Department, string? Title) : IEventData;

/// <summary>The member's details as they are after the change (the previous event shows them before).</summary>
public sealed record StaffMemberUpdated(string Name, Department Department, string? Title, bool Active) : IEventData;

/// <summary>The directory's rules: plain C#, who and when come in.</summary>
public static class StaffRules
{
    public static Change<StaffMember> Add(StaffMemberInput input, Staff by, DateTimeOffset now)
    {
        Validate(input, idRequired: true);
        var member = new StaffMember
        {
            Id = input.Id!.Trim(),
            Name = input.Name!.Trim(),
            Department = input.Department!.Value,
            Title = Clean(input.Title),
            Active = input.Active ?? true,
        };
        return new(member, [new DomainEvent(new StaffMemberAdded(member.Name, member.Department, member.Title), by, now)]);
    }

    public static Change<StaffMember> Update(StaffMember member, StaffMemberInput input, Staff by, DateTimeOffset now)
    {
        Validate(input, idRequired: false);
        if (input.Id is { } id && id.Trim() != member.Id)
        {
            throw ValidationException.For("id", "A member's id is their sign-in's id and does not change; add a new member instead.");
        }
        var changed = member with
        {
            Name = input.Name!.Trim(),
            Department = input.Department!.Value,
            Title = Clean(input.Title),
            Active = input.Active ?? member.Active,
        };
        return changed == member
            ? new(member, [])
            : new(changed, [new DomainEvent(new StaffMemberUpdated(changed.Name, changed.Department, changed.Title, changed.Active), by, now)]);
    }

    /// <summary>Whether <paramref name="id"/> can be a member's id: one line, and none of the characters table keys refuse.</summary>
    public static bool IsValidId(string? id) =>
        !TextLimits.IsBlank(id) && id!.Trim().Length <= TextLimits.Name && TextLimits.Unprintable("id", id, multiline: false) is null
        && id.IndexOfAny(['/', '\\', '#', '?']) < 0;

    private static void Validate(StaffMemberInput input, bool idRequired)
    {
        var errors = new ErrorList();
        if (idRequired || input.Id is not null)
        {
            errors.AddIf(!IsValidId(input.Id), "id", "Give the id their sign-in carries (Entra ID object id): one line, at most 200 characters, without / \\ # or ?.");
        }
        errors.AddIf(TextLimits.IsBlank(input.Name), "name", "Give the member's name.");
        TextLimits.CheckName(errors, "name", input.Name);
        errors.AddIf(input.Department is not { } d || !Enum.IsDefined(d), "department", $"Give their home department: {Departments.All}.");
        TextLimits.Check(errors, "title", input.Title, TextLimits.Name);
        errors.ThrowIfAny();
    }

    private static string? Clean(string? text) => TextLimits.IsBlank(text) ? null : text!.Trim();
}
