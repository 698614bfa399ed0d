using System.Globalization;
using System.Text.RegularExpressions;
using AfterSales.Kernel;

namespace AfterSales.Customers;

/// <summary>The fields of the customer card a person fills in, on registration or on a change.</summary>
public interface ICustomerFields
{
    string? Name { get; }
    string? Address { get; }
    string? Province { get; }
    string? Phone { get; }
    string? Fax { get; }
    string? LegalRepresentative { get; }
    string? ContactPerson { get; }
    string? ContactPhone { get; }
    decimal? AnnualPurchaseAmount { get; }
    EnterpriseType? EnterpriseType { get; }
    IReadOnlyList<PurchasedProduct>? Products { get; }
    CustomerGrade? Grade { get; }
    string? GradeReason { get; }
    string? Notes { get; }
}

/// <summary>A new customer card (顾客资料卡). Without a grade the customer starts as ordinary.</summary>
public sealed record NewCustomer(
    string? Name,
    string? Address = null,
    string? Province = null,
    string? Phone = null,
    string? Fax = null,
    string? LegalRepresentative = null,
    string? ContactPerson = null,
    string? ContactPhone = null,
    decimal? AnnualPurchaseAmount = null,
    EnterpriseType? EnterpriseType = null,
    IReadOnlyList<PurchasedProduct>? Products = null,
    CustomerGrade? Grade = null,
    string? GradeReason = null,
    string? Notes = null) : ICustomerFields;

/// <summary>
/// The whole card as it should be after the change: absent fields are cleared, except the grade,
/// which stays unless given. <see cref="Reason"/> says why, for the history.
/// </summary>
public sealed record CustomerUpdate(
    string? Name,
    string? Address = null,
    string? Province = null,
    string? Phone = null,
    string? Fax = null,
    string? LegalRepresentative = null,
    string? ContactPerson = null,
    string? ContactPhone = null,
    decimal? AnnualPurchaseAmount = null,
    EnterpriseType? EnterpriseType = null,
    IReadOnlyList<PurchasedProduct>? Products = null,
    CustomerGrade? Grade = null,
    string? GradeReason = null,
    string? Notes = null,
    string? Reason = null) : ICustomerFields;

/// <summary>Registering and changing customer cards; every broken rule is reported at once, by field.</summary>
public static partial class CustomerRules
{
    public const int MaxProducts = 100;

    public static (CustomerCard Card, DomainEvent Registered) Register(string id, ICustomerFields f, Staff by, DateTimeOffset now)
    {
        var errors = Validate(f, gradeChanging: f.Grade is not null);
        ThrowIf(errors);
        var card = Apply(new CustomerCard
        {
            Id = id,
            Name = "",
            Grade = f.Grade ?? CustomerGrade.Ordinary,
            GradeReason = f.Grade is null ? null : Clean(f.GradeReason),
            RegisteredAt = now,
            RegisteredBy = by,
        }, f);
        return (card, new DomainEvent(new CustomerRegistered(Diff(null, card)), by, now));
    }

    /// <summary>The card after <paramref name="update"/>, and the events that record it (none when nothing changed).</summary>
    public static Change<CustomerCard> Update(CustomerCard current, CustomerUpdate update, Staff by, DateTimeOffset now)
    {
        var regrade = update.Grade is { } g && g != current.Grade;
        var errors = Validate(update, gradeChanging: regrade);
        if (update.Reason is { Length: > 500 })
        {
            Add(errors, "reason", "The reason has at most 500 characters.");
        }
        ThrowIf(errors);
        var edited = Apply(current, update);
        var events = new List<DomainEvent>();
        var changes = Diff(current, edited);
        if (changes.Count > 0)
        {
            events.Add(new DomainEvent(new CustomerUpdated(changes), by, now, Clean(update.Reason)));
        }
        var changed = edited;
        if (regrade)
        {
            changed = edited with { Grade = update.Grade!.Value, GradeReason = Clean(update.GradeReason) };
            events.Add(new DomainEvent(new CustomerRegraded(Diff(edited, changed)), by, now, changed.GradeReason));
        }
        return new(changed, events);
    }

    public static Dictionary<string, string[]> Validate(ICustomerFields f, bool gradeChanging)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(f.Name))
        {
            Add(errors, "name", "The customer's name is required.");
        }
        MaxLength(errors, "name", f.Name, 100);
        MaxLength(errors, "address", f.Address, 200);
        if (!string.IsNullOrWhiteSpace(f.Province) && Provinces.Find(f.Province) is null)
        {
            Add(errors, "province", $"'{f.Province}' is not {Provinces.Hint}; leave it empty for customers abroad.");
        }
        PhoneNumber(errors, "phone", f.Phone);
        PhoneNumber(errors, "fax", f.Fax);
        PhoneNumber(errors, "contactPhone", f.ContactPhone);
        MaxLength(errors, "legalRepresentative", f.LegalRepresentative, 50);
        MaxLength(errors, "contactPerson", f.ContactPerson, 50);
        if (f.AnnualPurchaseAmount is { } amount && (amount < 0 || amount > 1_000_000_000_000m || decimal.Round(amount, 2) != amount))
        {
            Add(errors, "annualPurchaseAmount", "The annual purchase amount is in CNY: zero or more, at most two decimals.");
        }
        if (f.EnterpriseType is { } type && !Enum.IsDefined(type))
        {
            Add(errors, "enterpriseType", "Unknown enterprise type.");
        }
        var products = f.Products ?? [];
        if (products.Count > MaxProducts)
        {
            Add(errors, "products", $"List at most {MaxProducts} main products.");
        }
        for (var i = 0; i < products.Count; i++)
        {
            var p = products[i];
            if (p is null || string.IsNullOrWhiteSpace(p.Product))
            {
                Add(errors, $"products[{i}].product", "Name the product (model) bought.");
                continue;
            }
            MaxLength(errors, $"products[{i}].product", p.Product, 100);
            if (p.PurchaseMonth is { } month && !MonthPattern().IsMatch(month.Trim()))
            {
                Add(errors, $"products[{i}].purchaseMonth", "Write the purchase month as YYYY-MM, e.g. 2026-09.");
            }
            if (p.Quantity < 1)
            {
                Add(errors, $"products[{i}].quantity", "The quantity bought is at least 1.");
            }
        }
        if (f.Grade is { } grade && !Enum.IsDefined(grade))
        {
            Add(errors, "grade", "The grade is key, ordinary or potential.");
        }
        if (gradeChanging && string.IsNullOrWhiteSpace(f.GradeReason))
        {
            Add(errors, "gradeReason", "Say why the customer gets this grade (order volume, sales, payment rate, history, feedback).");
        }
        MaxLength(errors, "gradeReason", f.GradeReason, 500);
        MaxLength(errors, "notes", f.Notes, 2000);
        return errors;
    }

    /// <summary>Every changed field, old and new value as text; the grade's reason goes with the grade.</summary>
    public static Dictionary<string, FieldChange> Diff(CustomerCard? before, CustomerCard after)
    {
        var changes = new Dictionary<string, FieldChange>();
        void Compare(string field, Func<CustomerCard, string?> value)
        {
            var from = before is null ? null : value(before);
            var to = value(after);
            if (from != to)
            {
                changes[field] = new FieldChange(from, to);
            }
        }
        Compare("name", c => c.Name);
        Compare("address", c => c.Address);
        Compare("province", c => c.Province);
        Compare("phone", c => c.Phone);
        Compare("fax", c => c.Fax);
        Compare("legalRepresentative", c => c.LegalRepresentative);
        Compare("contactPerson", c => c.ContactPerson);
        Compare("contactPhone", c => c.ContactPhone);
        Compare("annualPurchaseAmount", c => c.AnnualPurchaseAmount?.ToString("0.##", CultureInfo.InvariantCulture));
        Compare("enterpriseType", c => c.EnterpriseType is { } t ? Code(t.ToString()) : null);
        Compare("products", c => c.Products.Count == 0 ? null : Json.Serialize(c.Products));
        Compare("grade", c => Code(c.Grade.ToString()));
        Compare("gradeReason", c => c.GradeReason);
        Compare("notes", c => c.Notes);
        return changes;
    }

    private static CustomerCard Apply(CustomerCard card, ICustomerFields f) => card with
    {
        Name = Clean(f.Name) ?? "",
        Address = Clean(f.Address),
        Province = Provinces.Find(f.Province)?.Code,
        Phone = Clean(f.Phone),
        Fax = Clean(f.Fax),
        LegalRepresentative = Clean(f.LegalRepresentative),
        ContactPerson = Clean(f.ContactPerson),
        ContactPhone = Clean(f.ContactPhone),
        AnnualPurchaseAmount = f.AnnualPurchaseAmount,
        EnterpriseType = f.EnterpriseType,
        Products = [.. (f.Products ?? []).Select(p => new PurchasedProduct(p.Product.Trim(), Clean(p.PurchaseMonth), p.Quantity))],
        Notes = Clean(f.Notes),
    };

    private static string Code(string enumName) => char.ToLowerInvariant(enumName[0]) + enumName[1..];

    internal static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static void PhoneNumber(Dictionary<string, string[]> errors, string field, string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone))
        {
            return;
        }
        var digits = SearchTerms.Digits(phone).Length;
        if (phone.Length > 40 || digits < 5 || digits > 20)
        {
            Add(errors, field, "A phone or fax number has 5 to 20 digits and at most 40 characters (spaces, dashes, +86 and an extension are fine).");
        }
    }

    private static void MaxLength(Dictionary<string, string[]> errors, string field, string? text, int max)
    {
        if (text is not null && text.Trim().Length > max)
        {
            Add(errors, field, $"At most {max} characters.");
        }
        // An address may run over lines as written on an envelope; other short fields are one line.
        else if (TextLimits.Unprintable(field, text, multiline: max > TextLimits.Name || field == "address") is { } unprintable)
        {
            Add(errors, field, unprintable);
        }
        else if (field == "name" && text is { Length: > 0 } && TextLimits.IsBlank(text))
        {
            Add(errors, field, "The name shows nothing: it is made only of spaces or invisible characters.");
        }
    }

    internal static void Add(Dictionary<string, string[]> errors, string field, string message) =>
        errors[field] = [.. errors.GetValueOrDefault(field, []), message];

    internal static void ThrowIf(Dictionary<string, string[]> errors)
    {
        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }
    }

    [GeneratedRegex(@"^\d{4}-(0[1-9]|1[0-2])$")]
    private static partial Regex MonthPattern();
}
