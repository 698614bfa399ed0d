using AfterSales.Kernel;

namespace AfterSales.Complaints;

/// <summary>The rules an intake must meet; every broken rule is reported at once.</summary>
public static class IntakeValidation
{
    public static void ThrowIfInvalid(IntakeRequest r)
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
        else if (r.RegisterCustomer is null && !knownCustomer && (r.Customer is null || string.IsNullOrWhiteSpace(r.Customer.Name)))
        {
            Add("customer.name", "The customer's name is required (or give customer.customerId, or registerCustomer).");
        }
        if (r.Customer is { Phone: { } phone } && phone.Length > 40)
        {
            Add("customer.phone", "A phone number has at most 40 characters.");
        }
        if (string.IsNullOrWhiteSpace(r.Description))
        {
            Add("description", "Describe the problem or request.");
        }
        else if (r.Description.Length > 4000)
        {
            Add("description", "The description has at most 4000 characters; attach longer documents.");
        }
        if (r.TakenBy is null || string.IsNullOrWhiteSpace(r.TakenBy.Id) || string.IsNullOrWhiteSpace(r.TakenBy.Name))
        {
            Add("takenBy", "Name the employee who took the request (id and name): they become its first-contact owner.");
        }
        void Limit(string field, string? text, int max) => TextLimits.Check(errors, field, text, max);
        const int Name = TextLimits.Name;
        Limit("customer.customerId", r.Customer?.CustomerId, Name);
        Limit("customer.name", r.Customer?.Name, Name);
        Limit("customer.contact", r.Customer?.Contact, Name);
        Limit("customer.province", r.Customer?.Province, Name);
        Limit("product", r.Product, Name);
        Limit("orderNumber", r.OrderNumber, Name);
        Limit("partNumber", r.PartNumber, Name);
        Limit("customerDemand", r.CustomerDemand, TextLimits.Text);
        Limit("takenBy.id", r.TakenBy?.Id, Name);
        Limit("takenBy.name", r.TakenBy?.Name, Name);
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
}
