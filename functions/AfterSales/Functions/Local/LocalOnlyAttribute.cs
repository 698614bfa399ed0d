namespace AfterSales.Functions.Local;

/// <summary>
/// Marks an options class read only in Development (the local runner, Azurite). The Function
/// App's settings need not provide it; every other options class with a <c>Section</c> must be
/// in the infra template's app settings (AppSettingsTests).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class LocalOnlyAttribute : Attribute;
