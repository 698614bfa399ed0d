using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AfterSales.Complaints;
using AfterSales.Functions.Local;
using AfterSales.Storage;
using AfterSales.Telemetry;

namespace AfterSales.Tests.Infrastructure;

/// <summary>
/// Every setting the app reads is provided by the template: each options class bound from
/// configuration (a <c>public const string Section</c>, not <c>[LocalOnly]</c>) finds each of its
/// settable properties as <c>Section__Property</c> in the Function App's app settings, read from
/// the compiled ARM JSON of infra/main.bicep. Secrets are Key Vault references.
/// </summary>
public partial class AppSettingsTests
{
    private const string KeyVaultReference = "@Microsoft.KeyVault(SecretUri=";

    /// <summary>The app settings main.bicep hands the Function App module, by name.</summary>
    private static async Task<JsonObject> AppSettings()
    {
        var functionApp = BicepCli.Module(await BicepCli.BuildAsync("main.bicep"), "functionapp");
        return functionApp["properties"]!["parameters"]!["appSettings"]!["value"]!.AsObject();
    }

    public static IEnumerable<Type> BoundOptions => typeof(StorageAccount).Assembly.GetTypes()
        .Where(t => t.GetField("Section", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } f && f.FieldType == typeof(string))
        .Where(t => t.GetCustomAttribute<LocalOnlyAttribute>() is null);

    /// <summary>Setting names (Section__Property, nested objects as Section__Property__Inner), collections marked.</summary>
    public static IEnumerable<(string Name, bool IsCollection)> SettingNames(string prefix, Type type, int depth = 0)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true } && p.GetCustomAttribute<LocalOnlyAttribute>() is null))
        {
            var name = $"{prefix}__{property.Name}";
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (IsScalar(propertyType))
            {
                yield return (name, false);
            }
            else if (typeof(System.Collections.IEnumerable).IsAssignableFrom(propertyType))
            {
                yield return (name, true);
            }
            else if (depth < 4)
            {
                foreach (var inner in SettingNames(name, propertyType, depth + 1))
                {
                    yield return inner;
                }
            }
        }
    }

    private static bool IsScalar(Type t) =>
        t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(TimeSpan) || t == typeof(DateTime)
        || t == typeof(DateTimeOffset) || t == typeof(DateOnly) || t == typeof(TimeOnly) || t == typeof(Guid) || t == typeof(Uri);

    public static TheoryData<string, bool> OptionsSettings => [.. BoundOptions
        .SelectMany(t => SettingNames((string)t.GetField("Section")!.GetRawConstantValue()!, t))
        .Select(s => (s.Name, s.IsCollection))];

    [Theory]
    [MemberData(nameof(OptionsSettings))]
    public async Task EveryOptionsPropertyIsAnAppSetting(string setting, bool isCollection)
    {
        var names = (await AppSettings()).Select(p => p.Key).ToList();
        // Configuration keys are case-insensitive; a collection needs at least its first element.
        Assert.True(
            isCollection
                ? names.Any(n => n.StartsWith(setting + "__", StringComparison.OrdinalIgnoreCase))
                : names.Contains(setting, StringComparer.OrdinalIgnoreCase),
            $"infra/main.bicep sets no app setting '{setting}{(isCollection ? "__0" : "")}' for the Function App (docs/deploy.md: adding a setting).");
    }

    [Fact]
    public void TheOptionsScanFindsBoundOptionsAndSkipsLocalOnlyOnes()
    {
        var options = BoundOptions.ToList();
        Assert.Contains(typeof(ServiceOptions), options);
        Assert.DoesNotContain(typeof(LocalRunnerOptions), options);
        Assert.DoesNotContain(typeof(AzuriteOptions), options);
        Assert.Contains(("Service__TriageLimit", false), SettingNames(ServiceOptions.Section, typeof(ServiceOptions)));
    }

    [Fact]
    public async Task TheStorageConnectionIsIdentityBased()
    {
        var settings = await AppSettings();
        var prefix = StorageAccount.ConnectionSetting + "__";
        Assert.False(settings.ContainsKey(StorageAccount.ConnectionSetting), "no connection string: shared-key access is off");
        foreach (var key in new[] { "tableServiceUri", "queueServiceUri", "blobServiceUri", "clientId" })
        {
            Assert.True(settings.ContainsKey(prefix + key), prefix + key);
        }
        Assert.Equal("managedidentity", settings[prefix + "credential"]!.GetValue<string>());
    }

    [Fact]
    public async Task OneParameterChoosesTheTransportAndServiceBusConnectsWithTheAppsIdentity()
    {
        var settings = await AppSettings();
        Assert.Equal("[parameters('messagingTransport')]", settings["Messaging__Transport"]!.GetValue<string>());
        var prefix = AfterSales.Messaging.ServiceBusEntities.Connection + "__";
        Assert.False(settings.ContainsKey(AfterSales.Messaging.ServiceBusEntities.Connection), "no connection string: local (SAS) auth is off");
        Assert.Contains("'servicebus'", settings[prefix + "fullyQualifiedNamespace"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("'managedidentity'", settings[prefix + "credential"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("'identity'", settings[prefix + "clientId"]!.GetValue<string>(), StringComparison.Ordinal);
        // With Storage queues the Service Bus settings are empty: nothing to connect to.
        Assert.All(new[] { "credential", "clientId" }, key => Assert.StartsWith("[if(variables('useServiceBus')", settings[prefix + key]!.GetValue<string>(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task InAzureTheTemplateNotTheAppCreatesUnprefixedStorage()
    {
        var settings = await AppSettings();
        Assert.Equal("", settings["Storage__Prefix"]!.GetValue<string>());
        Assert.Equal("false", settings["Storage__CreateResources"]!.GetValue<string>());
    }

    [Fact]
    public async Task SecretsAreKeyVaultReferences()
    {
        var secrets = (await AppSettings()).Where(p => SecretName().IsMatch(p.Key)).ToList();
        Assert.NotEmpty(secrets);
        Assert.All(secrets, p => Assert.StartsWith(KeyVaultReference, KeyVaultValue(p.Value!), StringComparison.Ordinal));
    }

    [Fact]
    public async Task TelemetryIsExportedWithTheAppsIdentity()
    {
        var settings = await AppSettings();
        Assert.True(settings.ContainsKey(AppTelemetry.ConnectionStringSetting));
        Assert.True(settings.ContainsKey(AppTelemetry.ClientIdSetting));
        Assert.Contains("Authorization=AAD", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    /// <summary>A value as ARM will produce it: a literal, or the literal start of a format() expression.</summary>
    private static string KeyVaultValue(JsonNode value)
    {
        var text = value.GetValue<string>();
        var format = Regex.Match(text, @"^\[format\('(?<literal>[^']*)'");
        return format.Success ? format.Groups["literal"].Value : text;
    }

    /// <summary>Setting names that hold secrets and so must come from Key Vault.</summary>
    [GeneratedRegex("(Secret|Password|Key|WebhookUrl|ConnectionString)$")]
    private static partial Regex SecretName();
}
