using AfterSales.Functions;

namespace AfterSales.Tests.Infrastructure;

/// <summary>The app's functions as the published package lists them: the HTTP function and every module's.</summary>
internal static class AppCatalog
{
    public static IReadOnlyList<FunctionDefinition> All => FunctionCatalog.For(AppModules.All).All;
}
