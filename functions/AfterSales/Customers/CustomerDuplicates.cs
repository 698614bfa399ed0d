namespace AfterSales.Customers;

/// <summary>Why another card looks like the same customer.</summary>
public enum DuplicateReason { SameName, SamePhone }

/// <summary>Another card that looks like the same customer, and why.</summary>
public sealed record PossibleDuplicate(string Id, string Name, DuplicateReason Reason);

/// <summary>
/// Finds cards that may be the same customer as a new one: the same name (ignoring case,
/// full- or half-width letters and repeated spaces) or a shared phone number. Registration goes ahead; the answer lists them so the
/// person can merge or correct before complaints pile up on two cards.
/// </summary>
public sealed class CustomerDuplicates(CustomerSearch search)
{
    private const int Limit = 10;

    public async Task<IReadOnlyList<PossibleDuplicate>> FindAsync(CustomerCard card, CancellationToken ct)
    {
        var found = new Dictionary<string, PossibleDuplicate>();
        var name = SearchTerms.Normalize(card.Name);
        if (name.Length > 0)
        {
            var (sameStart, _) = await search.SearchAsync(new CustomerQuery(Name: card.Name), Limit * 2, null, ct);
            foreach (var other in sameStart.Select(s => s.Record).Where(c => c.Id != card.Id && SearchTerms.Normalize(c.Name) == name))
            {
                found.TryAdd(other.Id, new PossibleDuplicate(other.Id, other.Name, DuplicateReason.SameName));
            }
        }
        foreach (var phone in SearchTerms.PhoneTerms(card.Phone, card.ContactPhone).Where(p => p.Length >= 7))
        {
            var (samePhone, _) = await search.SearchAsync(new CustomerQuery(Phone: phone), Limit * 2, null, ct);
            foreach (var other in samePhone.Select(s => s.Record).Where(c => c.Id != card.Id && SearchTerms.PhoneTerms(c.Phone, c.ContactPhone).Contains(phone)))
            {
                found.TryAdd(other.Id, new PossibleDuplicate(other.Id, other.Name, DuplicateReason.SamePhone));
            }
        }
        return [.. found.Values.Take(Limit)];
    }
}
