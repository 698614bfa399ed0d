namespace AfterSales.Functions.Local;

/// <summary>
/// Marks an options class, or one setting, that the infra template does not provide: read only
/// in Development and tests (the local runner, Azurite, the local token key), or set by hand for
/// a moment (a key rotation). Every other setting of an options class with a <c>Section</c> must
/// be in the template's app settings (AppSettingsTests).
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, Inherited = false)]
public sealed class LocalOnlyAttribute : Attribute;
