namespace AfterSales.Customers;

public static class CustomersSetup
{
    public static IServiceCollection AddCustomers(this IServiceCollection s)
    {
        s.AddOptions<CustomerOptions>().BindConfiguration(CustomerOptions.Section)
            .Validate(o => o.OrdinaryFrom >= 0 && o.KeyFrom > o.OrdinaryFrom, "Customers:KeyFrom must be above Customers:OrdinaryFrom, and both zero or more.")
            .ValidateOnStart();
        s.AddSingleton<CustomerStore>();
        s.AddSingleton<CustomerIndex>();
        s.AddSingleton<CustomerSearch>();
        s.AddSingleton<CustomerDuplicates>();
        s.AddSingleton<CustomerDirectory>();
        return s;
    }
}
