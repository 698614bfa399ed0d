using AfterSales.Kernel;

namespace AfterSales.Assessment;

/// <summary>How a third-level item is judged: pass or fail (定性), or by a sample (抽样: passed ÷ sampled).</summary>
public enum ItemKind { Qualitative, Sampled }

/// <summary>A third-level item (三级指标) with its points; <see cref="Evidence"/> names what the system can count for it.</summary>
public sealed record IndicatorItem(string Code, string Zh, string En, decimal Points, ItemKind Kind, EvidenceSource? Evidence = null);

/// <summary>A second-level indicator (二级指标): organisation, staffing, ..., complaint handling.</summary>
public sealed record Indicator(string Code, string Zh, string En, IReadOnlyList<IndicatorItem> Items);

/// <summary>A first-level indicator (一级指标): service system, product service, customer service.</summary>
public sealed record IndicatorGroup(string Code, string Zh, string En, IReadOnlyList<Indicator> Indicators);

/// <summary>
/// The indicator tree of GB/T 27922-2011 with this company's points, as data: a version of it is
/// snapshotted on each assessment. The standard names the indicators and the scoring rules, not
/// the points; <see cref="Note"/> says so wherever the set is shown.
/// </summary>
public sealed record IndicatorSet(int Version, string Standard, DisplayName Name, DisplayName Note, IReadOnlyList<IndicatorGroup> Groups)
{
    public Staff? ChangedBy { get; init; }
    public DateTimeOffset? ChangedAt { get; init; }
    public string? ChangeNote { get; init; }

    public IEnumerable<(IndicatorGroup Group, Indicator Indicator, IndicatorItem Item)> Items() =>
        Groups.SelectMany(g => g.Indicators.SelectMany(i => i.Items.Select(item => (g, i, item))));

    public IndicatorItem? FindItem(string code) => Items().Select(x => x.Item).FirstOrDefault(i => i.Code == code);

    public decimal TotalPoints => Items().Sum(x => x.Item.Points);
}

/// <summary>The rules a new version of the indicator set must keep; every broken one is named by its field.</summary>
public static class IndicatorSetRules
{
    public const decimal MaxItemPoints = 100m;
    private const int MaxCodeLength = 80, MaxNameLength = 200, MaxItems = 300;

    public static void Validate(IndicatorSet set)
    {
        var errors = new ErrorList();
        var codes = new HashSet<string>(StringComparer.Ordinal);
        errors.AddIf(set.Groups is not { Count: > 0 }, "groups", "Give the first-level indicators (service system, product service, customer service).");
        CheckNames(errors, "name", set.Name);
        CheckNames(errors, "note", set.Note);
        for (var g = 0; g < (set.Groups?.Count ?? 0); g++)
        {
            var group = set.Groups![g];
            var at = $"groups[{g}]";
            if (group is null)
            {
                errors.Add(at, "A first-level indicator is missing.");
                continue;
            }
            CheckNode(errors, at, group.Code, group.Zh, group.En, codes);
            errors.AddIf(group.Indicators is not { Count: > 0 }, $"{at}.indicators", "A first-level indicator needs its second-level indicators.");
            for (var i = 0; i < (group.Indicators?.Count ?? 0); i++)
            {
                var indicator = group.Indicators![i];
                var iat = $"{at}.indicators[{i}]";
                if (indicator is null)
                {
                    errors.Add(iat, "A second-level indicator is missing.");
                    continue;
                }
                CheckNode(errors, iat, indicator.Code, indicator.Zh, indicator.En, codes);
                errors.AddIf(indicator.Items is not { Count: > 0 }, $"{iat}.items", "A second-level indicator needs at least one item with points.");
                for (var k = 0; k < (indicator.Items?.Count ?? 0); k++)
                {
                    var item = indicator.Items![k];
                    var kat = $"{iat}.items[{k}]";
                    if (item is null)
                    {
                        errors.Add(kat, "An item is missing.");
                        continue;
                    }
                    CheckNode(errors, kat, item.Code, item.Zh, item.En, codes);
                    errors.AddIf(item.Points is <= 0 or > MaxItemPoints || decimal.Round(item.Points, 2) != item.Points, $"{kat}.points",
                        $"Points are more than 0 and at most {MaxItemPoints}, with at most two decimals.");
                    errors.AddIf(item.Evidence is { } e && !Enum.IsDefined(e), $"{kat}.evidence", $"Evidence is one of {Codes.List<EvidenceSource>()}.");
                }
            }
        }
        errors.AddIf(codes.Count > MaxItems, "groups", $"An indicator set has at most {MaxItems} codes.");
        errors.ThrowIfAny();
    }

    private static void CheckNode(ErrorList errors, string at, string? code, string? zh, string? en, HashSet<string> codes)
    {
        if (string.IsNullOrWhiteSpace(code) || code.Length > MaxCodeLength || code.Any(ch => !(char.IsAsciiLetterOrDigit(ch) || ch is '.' or '-' or '_')))
        {
            errors.Add($"{at}.code", $"A code is letters, digits, '.', '-' or '_', at most {MaxCodeLength} characters.");
        }
        else if (!codes.Add(code))
        {
            errors.Add($"{at}.code", $"'{code}' is used twice; every indicator and item has its own code.");
        }
        CheckNames(errors, at, new DisplayName(zh!, en!));
    }

    private static void CheckNames(ErrorList errors, string at, DisplayName? name)
    {
        errors.AddIf(name is null || TextLimits.IsBlank(name.Zh) || name.Zh.Length > MaxNameLength * 5, $"{at}.zh", "Give the Chinese name.");
        errors.AddIf(name is null || TextLimits.IsBlank(name.En) || name.En.Length > MaxNameLength * 5, $"{at}.en", "Give the English name.");
    }
}
