using AfterSales.Kernel;

namespace AfterSales.Customers;

/// <summary>A customer's visit (顾客来访记录表): who came, who received them, when, about what, with what result.</summary>
public sealed record VisitRecord
{
    public required string Id { get; init; }
    public required string CustomerId { get; init; }
    /// <summary>来访人员: the customer's people who came.</summary>
    public required IReadOnlyList<string> Visitors { get; init; }
    /// <summary>陪同人员: our staff who received them.</summary>
    public IReadOnlyList<string> AccompanyingStaff { get; init; } = [];
    public required DateTimeOffset From { get; init; }
    public required DateTimeOffset To { get; init; }
    /// <summary>来访主题</summary>
    public required string Topic { get; init; }
    /// <summary>来访内容</summary>
    public string? Content { get; init; }
    /// <summary>处理结果</summary>
    public string? HandlingResult { get; init; }
    public required Staff RecordedBy { get; init; }
    public required DateTimeOffset RecordedAt { get; init; }
}

/// <summary>A visit to record for a customer.</summary>
public sealed record NewVisit(
    IReadOnlyList<string>? Visitors,
    IReadOnlyList<string>? AccompanyingStaff,
    DateTimeOffset? From,
    DateTimeOffset? To,
    string? Topic,
    string? Content = null,
    string? HandlingResult = null);

public static class VisitRules
{
    public static readonly TimeSpan LongestVisit = TimeSpan.FromDays(31);

    public static VisitRecord Record(string id, string customerId, NewVisit v, Staff by, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        var visitors = Names(v.Visitors);
        var staff = Names(v.AccompanyingStaff);
        if (visitors.Count == 0)
        {
            CustomerRules.Add(errors, "visitors", "Name at least one visitor.");
        }
        if (visitors.Count > 50 || visitors.Any(n => n.Length > 50))
        {
            CustomerRules.Add(errors, "visitors", "At most 50 visitors, each name at most 50 characters.");
        }
        if (staff.Count > 50 || staff.Any(n => n.Length > 50))
        {
            CustomerRules.Add(errors, "accompanyingStaff", "At most 50 accompanying staff, each name at most 50 characters.");
        }
        if (v.From is null)
        {
            CustomerRules.Add(errors, "from", "Say when the visit began.");
        }
        if (v.To is null)
        {
            CustomerRules.Add(errors, "to", "Say when the visit ended.");
        }
        if (v.From is { } from && v.To is { } to)
        {
            if (to <= from)
            {
                CustomerRules.Add(errors, "to", "The visit ends after it begins.");
            }
            else if (to - from > LongestVisit)
            {
                CustomerRules.Add(errors, "to", "A visit lasts at most 31 days; record longer stays as several visits.");
            }
        }
        if (string.IsNullOrWhiteSpace(v.Topic))
        {
            CustomerRules.Add(errors, "topic", "Say what the visit was about.");
        }
        else if (v.Topic.Trim().Length > 200)
        {
            CustomerRules.Add(errors, "topic", "The topic has at most 200 characters.");
        }
        if (v.Content is { Length: > 4000 })
        {
            CustomerRules.Add(errors, "content", "The content has at most 4000 characters.");
        }
        if (v.HandlingResult is { Length: > 2000 })
        {
            CustomerRules.Add(errors, "handlingResult", "The handling result has at most 2000 characters.");
        }
        CustomerRules.ThrowIf(errors);
        return new VisitRecord
        {
            Id = id,
            CustomerId = customerId,
            Visitors = visitors,
            AccompanyingStaff = staff,
            From = v.From!.Value,
            To = v.To!.Value,
            Topic = v.Topic!.Trim(),
            Content = CustomerRules.Clean(v.Content),
            HandlingResult = CustomerRules.Clean(v.HandlingResult),
            RecordedBy = by,
            RecordedAt = now,
        };
    }

    private static List<string> Names(IReadOnlyList<string>? names) =>
        [.. (names ?? []).Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim())];
}
