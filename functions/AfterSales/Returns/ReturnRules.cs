using AfterSales.Kernel;
using AfterSales.WorkItems;

namespace AfterSales.Returns;

/// <summary>The time limit of each stage's work item (settings: <see cref="ReturnOptions"/>).</summary>
public sealed record ReturnLimits(TimeSpan Shipment, TimeSpan Transit, TimeSpan Inspection, TimeSpan Settlement, TimeSpan Closure);

/// <summary>What a return order needs of its complaint: whose it is, and the part and quantity delivered.</summary>
public sealed record ComplaintForReturn(string Number, string CustomerName, string? PartNumber, int? Quantity);

public sealed record NewReturnItem(string? PartNumber, int? DeliveredQuantity, int? Quantity, int? DefectiveQuantity);

/// <summary>Opening a return order: the complaint, return or exchange, the items and why.</summary>
public sealed record NewReturnOrder(string? ComplaintNumber, ReturnKind? Kind, IReadOnlyList<NewReturnItem>? Items, string? Reason);

/// <summary>
/// The return procedure as plain C#: opening with its quantity checks, then one command per
/// stage (the action's name is its URL segment), each closing the stage's work item and opening
/// the next one's. Time, actor and limits come in as arguments.
/// </summary>
public static partial class ReturnRules
{
    public const int MaxItems = 50, MaxQuantity = 1_000_000;

    public static Change<ReturnOrder> Open(string id, NewReturnOrder request, ComplaintForReturn complaint, Staff by, DateTimeOffset now, ReturnLimits limits)
    {
        var errors = new ErrorList();
        errors.AddIf(request.Kind is not { } k || !Enum.IsDefined(k), "kind", $"Say what the customer gets: {Codes.List<ReturnKind>()}.");
        TextLimits.Check(errors, "reason", request.Reason, TextLimits.Text);
        var items = request.Items ?? [];
        errors.AddIf(items.Count is 0 or > MaxItems, "items", $"List the parts that come back (1 to {MaxItems} lines).");
        var lines = new List<ReturnItem>();
        foreach (var (item, i) in items.Take(MaxItems).Select((item, i) => (item, i)))
        {
            if (Line(item, i, complaint, errors) is { } line)
            {
                errors.AddIf(lines.Any(l => Same(l.PartNumber, line.PartNumber)), $"items[{i}].partNumber", $"{line.PartNumber} is listed twice; give one line per part.");
                lines.Add(line);
            }
        }
        errors.ThrowIfAny();
        var order = new ReturnOrder
        {
            Id = id,
            ComplaintNumber = complaint.Number,
            Kind = request.Kind!.Value,
            CustomerName = complaint.CustomerName,
            Items = lines,
            Reason = Trimmed(request.Reason),
            OpenedBy = by,
            OpenedAt = now,
        };
        var step = WorkItemRules.Open("s1", Codes.Of(ReturnStep.Shipment), Department.Procurement, now, limits.Shipment);
        order = order with { Steps = [step] };
        return new(order, [new DomainEvent(new ReturnAuthorised(order.ComplaintNumber, order.Kind, lines, order.Stage, OpenedStep.Of(step)), by, now, order.Reason)]);
    }

    /// <summary>The actions the order's stage allows (named as their URLs end).</summary>
    public static IReadOnlyList<string> AllowedActions(ReturnOrder r) => r.Stage switch
    {
        ReturnStage.AwaitingShipment => ["shipment", "cancellation"],
        ReturnStage.InTransit => ["receipt", "cancellation"],
        ReturnStage.AwaitingInspection => ["inspection", "cancellation"],
        ReturnStage.AwaitingReplacement => ["replacement", "cancellation"],
        ReturnStage.AwaitingRefund => ["refund", "cancellation"],
        ReturnStage.AwaitingClosure => ["closure"],
        _ => [],
    };

    /// <summary>The 409 for an action the stage does not allow: it names the stage and what is allowed.</summary>
    public static ConflictException Refusal(ReturnOrder r, string action, string message) =>
        new("That is not possible at the return order's current stage.", message, new Dictionary<string, object?>
        {
            ["id"] = r.Id,
            ["stage"] = Codes.Of(r.Stage),
            ["action"] = action,
            ["allowedActions"] = AllowedActions(r),
        });

    private static ReturnItem? Line(NewReturnItem? item, int i, ComplaintForReturn complaint, ErrorList errors)
    {
        var at = $"items[{i}]";
        if (item is null || string.IsNullOrWhiteSpace(item.PartNumber))
        {
            errors.Add($"{at}.partNumber", "Give the part number (料号).");
            return null;
        }
        TextLimits.Check(errors, $"{at}.partNumber", item.PartNumber, TextLimits.Name);
        var part = item.PartNumber.Trim();
        // The complaint's own part: its delivered quantity is on the complaint unless given.
        var delivered = item.DeliveredQuantity ?? (Same(part, complaint.PartNumber) ? complaint.Quantity : null);
        if (delivered is not > 0 || delivered > MaxQuantity)
        {
            errors.Add($"{at}.deliveredQuantity", $"Give how many of {part} were delivered (1 to {MaxQuantity}).");
            return null;
        }
        if (item.Quantity is not > 0)
        {
            errors.Add($"{at}.quantity", "Give how many come back (at least 1).");
            return null;
        }
        var defective = item.DefectiveQuantity ?? 0;
        var ok = true;
        if (item.Quantity > delivered)
        {
            errors.Add($"{at}.quantity", $"{item.Quantity} cannot come back: only {delivered} of {part} were delivered.");
            ok = false;
        }
        if (defective < 0 || defective > item.Quantity)
        {
            errors.Add($"{at}.defectiveQuantity", $"The defective quantity is between 0 and the {item.Quantity} returned.");
            ok = false;
        }
        return ok ? new ReturnItem(part, delivered.Value, item.Quantity.Value, defective) : null;
    }

    /// <summary>Counts given per part (received, found defective), each checked against <paramref name="limit"/> of the line; missing parts default to <paramref name="fallback"/>.</summary>
    private static IReadOnlyList<ReturnItem> Counts(ReturnOrder r, IReadOnlyList<PartCount>? given, string field, Func<ReturnItem, int> limit, string limitName,
        Func<ReturnItem, int> fallback, Func<ReturnItem, int, ReturnItem> set, ErrorList errors)
    {
        var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        if (given?.Count > MaxItems)
        {
            errors.Add(field, $"At most {MaxItems} lines.");
            given = [];
        }
        foreach (var (count, i) in (given ?? []).Select((c, i) => (c, i)))
        {
            if (count is null)
            {
                errors.Add($"{field}[{i}]", "Give a part number and a quantity.");
                continue;
            }
            var line = r.Items.FirstOrDefault(l => Same(l.PartNumber, count.PartNumber));
            if (line is null)
            {
                errors.Add($"{field}[{i}].partNumber", $"'{count.PartNumber}' is not on return order {r.Id}: {string.Join(", ", r.Items.Select(l => l.PartNumber))}.");
            }
            else if (count.Quantity < 0 || count.Quantity > limit(line))
            {
                errors.Add($"{field}[{i}].quantity", $"{count.Quantity} of {line.PartNumber} is not possible: between 0 and the {limit(line)} {limitName}.");
            }
            else if (!counts.TryAdd(line.PartNumber, count.Quantity))
            {
                errors.Add($"{field}[{i}].partNumber", $"{line.PartNumber} is listed twice.");
            }
        }
        return [.. r.Items.Select(l => set(l, counts.TryGetValue(l.PartNumber, out var n) ? n : fallback(l)))];
    }

    private static bool Same(string? a, string? b) => a is not null && b is not null && string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);

    private static string? Trimmed(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
