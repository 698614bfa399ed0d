using AfterSales.Kernel;

namespace AfterSales.Complaints;

/// <summary>The rules an intake must meet; every broken rule is reported at once.</summary>
public static class IntakeValidation
{
    /// <summary>How far ahead of the server's clock a sender's clock may run: a call "now" is not refused as future.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(2);

    /// <summary>No product delivered before this is still in service here: an earlier shipping date is a typing error.</summary>
    public static readonly DateOnly EarliestShipping = new(1980, 1, 1);

    public static void ThrowIfInvalid(IntakeRequest r, DateTimeOffset now, ServiceRules rules)
    {
        var errors = new ErrorList();
        void Add(string field, string message) => errors.Add(field, message);

        if (r.Channel is null)
        {
            Add("channel", "Say how the request came in: phone, email, webForm, visit, fax, letter or serviceCentre.");
        }
        var knownCustomer = r.Customer?.CustomerId is { Length: > 0 };
        if (r.RegisterCustomer is not null && knownCustomer)
        {
            Add("registerCustomer", "Give either customer.customerId (a known customer) or registerCustomer (a new one), not both.");
        }
        else if (r.RegisterCustomer is null && !knownCustomer && (r.Customer is null || TextLimits.IsBlank(r.Customer.Name)))
        {
            Add("customer.name", "The customer's name is required (or give customer.customerId, or registerCustomer).");
        }
        if (r.Customer is { Phone: { } phone } && phone.Length > 40)
        {
            Add("customer.phone", "A phone number has at most 40 characters.");
        }
        if (!TextLimits.IsBlank(r.Customer?.Province) && Provinces.Find(r.Customer!.Province) is null)
        {
            Add("customer.province", $"'{r.Customer.Province}' is not {Provinces.Hint}; leave it empty for customers abroad.");
        }
        if (TextLimits.IsBlank(r.Description))
        {
            Add("description", "Describe the problem or request.");
        }
        if (r.TakenBy is null || TextLimits.IsBlank(r.TakenBy.Id) || TextLimits.IsBlank(r.TakenBy.Name))
        {
            Add("takenBy", "Name the employee who took the request (id and name): they become its first-contact owner.");
        }
        CheckTexts(r, errors);
        CheckCallTime(r, now, rules, errors);
        if (r.ShippingDate is { } shipped && (shipped < EarliestShipping || shipped > DateOnly.FromDateTime(now.UtcDateTime).AddYears(1)))
        {
            Add("shippingDate", $"A shipping date lies between {EarliestShipping:yyyy-MM-dd} and a year from today.");
        }
        if (r.Quantity is < 0)
        {
            Add("quantity", "The quantity cannot be negative.");
        }
        if (r.DefectiveQuantity is < 0)
        {
            Add("defectiveQuantity", "The defective quantity cannot be negative.");
        }
        if (r.Quantity is { } q && r.DefectiveQuantity is { } d && d > q)
        {
            Add("defectiveQuantity", "The defective quantity cannot exceed the quantity.");
        }
        errors.ThrowIfAny();
    }

    private static void CheckTexts(IntakeRequest r, ErrorList errors)
    {
        void Line(string field, string? text) => TextLimits.Check(errors, field, text, TextLimits.Name);
        void Free(string field, string? text) => TextLimits.Check(errors, field, text, TextLimits.Text);
        Line("customer.customerId", r.Customer?.CustomerId);
        TextLimits.CheckName(errors, "customer.name", r.Customer?.Name);
        TextLimits.CheckName(errors, "customer.contact", r.Customer?.Contact);
        Line("customer.phone", r.Customer?.Phone);
        Line("customer.province", r.Customer?.Province);
        Line("product", r.Product);
        Line("orderNumber", r.OrderNumber);
        Line("partNumber", r.PartNumber);
        Free("customerDemand", r.CustomerDemand);
        Free("description", r.Description);
        Free("lateEntryReason", r.LateEntryReason);
        Free("urgentReason", r.UrgentReason);
        Line("takenBy.id", r.TakenBy?.Id);
        TextLimits.CheckName(errors, "takenBy.name", r.TakenBy?.Name);
    }

    /// <summary>
    /// The customer's call time: never in the future, and a call recorded long after it was made
    /// says why (it is the start of the customer's promise, so it must not be guessed lightly).
    /// </summary>
    private static void CheckCallTime(IntakeRequest r, DateTimeOffset now, ServiceRules rules, ErrorList errors)
    {
        if (r.ReceivedAt is not { } called)
        {
            return;
        }
        if (called > now + ClockSkew)
        {
            errors.Add("receivedAt", "The call cannot lie in the future: give the time the customer called or wrote.");
        }
        else if (now - called > rules.LateEntryLimit)
        {
            errors.Add("receivedAt", $"A call more than {rules.LateEntryLimit.TotalDays:0} days ago cannot be taken as a new complaint; check the date.");
        }
        else if (now - called > rules.LateEntryWindow && TextLimits.IsBlank(r.LateEntryReason))
        {
            errors.Add("lateEntryReason", $"The call was more than {rules.LateEntryWindow.TotalHours:0} hours ago: say why it is recorded late.");
        }
    }
}
