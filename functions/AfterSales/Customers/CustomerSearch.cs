using System.Text;
using AfterSales.Kernel;
using AfterSales.Records;

namespace AfterSales.Customers;

/// <summary>What to look for; every given criterion must hold. <c>Q</c> matches name, contact or phone.</summary>
public sealed record CustomerQuery(string? Q = null, string? Name = null, string? Phone = null, string? Contact = null, CustomerGrade? Grade = null);

/// <summary>Terms of one index field that start with a prefix.</summary>
internal sealed record Stage(string Field, string Prefix);

/// <summary>
/// Finds customers through <see cref="CustomerIndex"/>. One criterion (the most selective)
/// drives: its index ranges are read one after another; every card found is read and checked
/// against all criteria, so what is listed is what the card says now. A card is listed once: at
/// its smallest matching term of the first range it matches, so pages never repeat a customer.
/// The continuation token carries the range and the table's own token.
/// </summary>
public sealed class CustomerSearch(RecordStore<CustomerCard> store, CustomerIndex index)
{
    // Bounds the work one request does when few rows match the other criteria.
    private const int MaxIndexPagesPerRequest = 10;

    public async Task<(IReadOnlyList<Stored<CustomerCard>> Items, string? ContinuationToken)> SearchAsync(
        CustomerQuery query, int pageSize, string? continuationToken, CancellationToken ct)
    {
        var criteria = Plan(query);
        var driver = criteria[0];
        var planHash = Fingerprint.Of(Json.Serialize(criteria))[..16];
        var (stage, inner) = Decode(continuationToken, planHash, driver.Count);
        var items = new List<Stored<CustomerCard>>();
        for (var reads = 0; stage < driver.Count && items.Count < pageSize && reads < MaxIndexPagesPerRequest; reads++)
        {
            var (hits, next) = await index.PageAsync(driver[stage].Field, driver[stage].Prefix, pageSize - items.Count, inner, ct);
            var cards = await ReadCardsAsync(hits.Select(h => h.CustomerId).Distinct(), ct);
            foreach (var hit in hits)
            {
                var card = cards[hit.CustomerId]?.Record;
                if (card is null || !TermsOf(card, hit.Field).Contains(hit.Term))
                {
                    await index.RemoveStaleAsync(hit, ct);
                    continue;
                }
                var listedHere = MinMatch(card, driver[stage]) == hit.Term
                    && !driver.Take(stage).Any(s => MinMatch(card, s) is not null)
                    && criteria.Skip(1).All(c => c.Any(s => MinMatch(card, s) is not null));
                if (listedHere)
                {
                    items.Add(cards[hit.CustomerId]!);
                }
            }
            (stage, inner) = next is null ? (stage + 1, null) : (stage, next);
        }
        return (items, stage < driver.Count ? Encode(stage, inner, planHash) : null);
    }

    /// <summary>The criteria as index ranges (any range of a criterion may match), the most selective first.</summary>
    internal static List<List<Stage>> Plan(CustomerQuery query)
    {
        var errors = new Dictionary<string, string[]>();
        var criteria = new List<(int Rank, List<Stage> Stages)>();
        if (query.Phone is not null)
        {
            var digits = SearchTerms.Digits(query.Phone);
            if (digits.Length < 3)
            {
                CustomerRules.Add(errors, "phone", "Search a phone number by at least 3 digits (its beginning) or its last 4 or more digits.");
            }
            criteria.Add((0, PhoneStages(digits)));
        }
        if (query.Name is not null)
        {
            criteria.Add((1, [new(IndexField.Name, Required(errors, "name", query.Name))]));
        }
        if (query.Contact is not null)
        {
            criteria.Add((2, [new(IndexField.Contact, Required(errors, "contact", query.Contact))]));
        }
        if (query.Q is not null)
        {
            var text = Required(errors, "q", query.Q);
            List<Stage> any = [new(IndexField.Name, text), new(IndexField.Contact, text)];
            var digits = SearchTerms.Digits(query.Q);
            if (digits.Length >= 3 && query.Q.All(c => char.IsAsciiDigit(c) || c is ' ' or '-' or '+' or '(' or ')'))
            {
                any.AddRange(PhoneStages(digits));
            }
            criteria.Add((3, any));
        }
        if (query.Grade is { } grade)
        {
            criteria.Add((4, [new(IndexField.Grade, SearchTerms.GradePrefix(grade))]));
        }
        CustomerRules.ThrowIf(errors);
        if (criteria.Count == 0)
        {
            criteria.Add((5, [new(IndexField.All, "")]));
        }
        return [.. criteria.OrderBy(c => c.Rank).Select(c => c.Stages)];
    }

    private static List<Stage> PhoneStages(string digits) =>
        digits.Length >= 4
            ? [new(IndexField.Phone, digits), new(IndexField.PhoneTail, SearchTerms.Reverse(digits))]
            : [new(IndexField.Phone, digits)];

    private static string Required(Dictionary<string, string[]> errors, string field, string text)
    {
        var term = SearchTerms.Normalize(text);
        if (term.Length == 0)
        {
            CustomerRules.Add(errors, field, "Give some text to search for, or leave the parameter out.");
        }
        return term;
    }

    internal static IReadOnlyList<string> TermsOf(CustomerCard card, string field) => field switch
    {
        IndexField.All => [SearchTerms.Normalize(card.Name)],
        IndexField.Grade => [SearchTerms.GradeTerm(card.Grade, SearchTerms.Normalize(card.Name))],
        IndexField.Name => SearchTerms.NameTerms(card.Name),
        IndexField.Contact => SearchTerms.ContactTerms(card.ContactPerson),
        IndexField.Phone => SearchTerms.PhoneTerms(card.Phone, card.ContactPhone),
        IndexField.PhoneTail => SearchTerms.PhoneTailTerms(card.Phone, card.ContactPhone),
        _ => [],
    };

    /// <summary>The card's smallest term in the stage's range, or null when the card is not in it.</summary>
    internal static string? MinMatch(CustomerCard card, Stage stage) =>
        TermsOf(card, stage.Field).Where(t => t.StartsWith(stage.Prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).FirstOrDefault();

    private async Task<Dictionary<string, Stored<CustomerCard>?>> ReadCardsAsync(IEnumerable<string> ids, CancellationToken ct)
    {
        var reads = ids.Select(async id => (id, card: await store.GetAsync(id, ct))).ToList();
        return (await Task.WhenAll(reads)).ToDictionary(r => r.id, r => r.card);
    }

    private sealed record Token(int Stage, string? Inner, string Plan);

    private static string Encode(int stage, string? inner, string plan) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(Json.Serialize(new Token(stage, inner, plan)))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static (int Stage, string? Inner) Decode(string? token, string plan, int stages)
    {
        if (string.IsNullOrEmpty(token))
        {
            return (0, null);
        }
        try
        {
            var b64 = token.Replace('-', '+').Replace('_', '/');
            var t = Json.Deserialize<Token>(Encoding.UTF8.GetString(Convert.FromBase64String(b64.PadRight(b64.Length + ((4 - (b64.Length % 4)) % 4), '='))));
            if (t.Plan == plan && t.Stage >= 0 && t.Stage < stages)
            {
                return (t.Stage, t.Inner);
            }
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or ArgumentException)
        {
        }
        throw ValidationException.For("continuationToken", "This token does not belong to this search; repeat the search with the same parameters, or start without a token.");
    }
}
