using System.Text.Json.Nodes;

namespace AfterSales.Tests.Infrastructure;

/// <summary>
/// What the compiled templates promise: the custom handler declared the way each plan needs it,
/// storage and monitoring locked to Entra ID, role assignments scoped to single resources, and
/// the azd wiring. Expressions ARM evaluates at deployment are checked as the text Bicep emits.
/// </summary>
public class InfraTemplateTests
{
    private static string Text(JsonNode? node) => node?.ToJsonString() ?? "";

    [Fact]
    public async Task FlexConsumptionDeclaresTheCustomHandlerInFunctionAppConfig()
    {
        var template = await BicepCli.BuildAsync("app/functionapp.bicep");
        var site = Assert.Single(BicepCli.Resources(template, "Microsoft.Web/sites"));
        Assert.Equal("functionapp,linux", site["kind"]!.GetValue<string>());
        var config = site["properties"]!["functionAppConfig"]!.GetValue<string>();
        Assert.Contains("'runtime', createObject('name', 'custom'", config, StringComparison.Ordinal);
        Assert.Contains("'scaleAndConcurrency', createObject('maximumInstanceCount', parameters('maximumInstanceCount'), 'instanceMemoryMB', parameters('instanceMemoryMB'))", config, StringComparison.Ordinal);
        // The package container is read with the app's identity, not a storage key.
        Assert.Contains("'authentication', createObject('type', 'UserAssignedIdentity'", config, StringComparison.Ordinal);
        Assert.Equal("FlexConsumption", template["parameters"]!["hostingPlan"]!["allowedValues"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task ElasticPremiumDeclaresTheCustomHandlerInAppSettingsAndFlexDoesNot()
    {
        var template = await BicepCli.BuildAsync("app/functionapp.bicep");
        var premium = template["variables"]!["premiumSettings"]!;
        Assert.Equal("custom", premium["FUNCTIONS_WORKER_RUNTIME"]!.GetValue<string>());
        Assert.Equal("~4", premium["FUNCTIONS_EXTENSION_VERSION"]!.GetValue<string>());
        var settings = Assert.Single(BicepCli.Resources(template, "Microsoft.Web/sites/config"));
        Assert.Equal("[if(variables('isFlex'), parameters('appSettings'), union(parameters('appSettings'), variables('premiumSettings')))]",
            settings["properties"]!.GetValue<string>());

        // Flex Consumption rejects FUNCTIONS_WORKER_RUNTIME and FUNCTIONS_EXTENSION_VERSION as app settings.
        var main = await BicepCli.BuildAsync("main.bicep");
        var appSettings = BicepCli.Module(main, "functionapp")["properties"]!["parameters"]!["appSettings"]!["value"]!.AsObject();
        Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME", appSettings.Select(p => p.Key));
        Assert.DoesNotContain("FUNCTIONS_EXTENSION_VERSION", appSettings.Select(p => p.Key));
    }

    [Fact]
    public async Task StorageAllowsOnlyEntraIdOverTls12WithBlobRecovery()
    {
        var template = await BicepCli.BuildAsync("app/storage.bicep");
        var account = Assert.Single(BicepCli.Resources(template, "Microsoft.Storage/storageAccounts"))["properties"]!;
        Assert.False(account["allowSharedKeyAccess"]!.GetValue<bool>());
        Assert.False(account["allowBlobPublicAccess"]!.GetValue<bool>());
        Assert.Equal("TLS1_2", account["minimumTlsVersion"]!.GetValue<string>());
        var blobs = Assert.Single(BicepCli.Resources(template, "Microsoft.Storage/storageAccounts/blobServices"))["properties"]!;
        Assert.True(blobs["isVersioningEnabled"]!.GetValue<bool>());
        Assert.True(blobs["deleteRetentionPolicy"]!["enabled"]!.GetValue<bool>());
        Assert.True(blobs["containerDeleteRetentionPolicy"]!["enabled"]!.GetValue<bool>());
        var rules = Assert.Single(BicepCli.Resources(template, "Microsoft.Storage/storageAccounts/managementPolicies"))["properties"]!["policy"]!["rules"]!.AsArray();
        var exports = Assert.Single(rules, r => r!["name"]!.GetValue<string>() == "delete-old-exports")!;
        Assert.Contains("exportsContainer", Text(exports["definition"]!["filters"]!["prefixMatch"]), StringComparison.Ordinal);
        Assert.Contains("exportRetentionDays", Text(exports["definition"]!["actions"]!["baseBlob"]!["delete"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MonitoringAcceptsOnlyEntraIdAuthenticatedTelemetry()
    {
        var template = await BicepCli.BuildAsync("core/monitoring.bicep");
        var insights = Assert.Single(BicepCli.Resources(template, "Microsoft.Insights/components"))["properties"]!;
        Assert.True(insights["DisableLocalAuth"]!.GetValue<bool>());
        Assert.Contains("Microsoft.OperationalInsights/workspaces", insights["WorkspaceResourceId"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeyVaultUsesRbacNotAccessPolicies()
    {
        var template = await BicepCli.BuildAsync("app/keyvault.bicep");
        var vault = Assert.Single(BicepCli.Resources(template, "Microsoft.KeyVault/vaults"))["properties"]!;
        Assert.True(vault["enableRbacAuthorization"]!.GetValue<bool>());
        Assert.Null(vault["accessPolicies"]);
    }

    [Fact]
    public async Task EveryRoleAssignmentIsScopedToOneResourceWithADataRole()
    {
        var template = await BicepCli.BuildAsync("app/rbac.bicep");
        var allowed = new Dictionary<string, string>
        {
            ["b7e6dc6d-f1e8-4753-8033-0f276bb0955b"] = "Microsoft.Storage/storageAccounts", // Storage Blob Data Owner (the host)
            ["ba92f5b4-2d11-453d-a403-e96b0029c9fe"] = "Microsoft.Storage/storageAccounts", // Storage Blob Data Contributor
            ["974c5e8b-45b9-4653-ba55-5f855dd0fb88"] = "Microsoft.Storage/storageAccounts", // Storage Queue Data Contributor
            ["0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3"] = "Microsoft.Storage/storageAccounts", // Storage Table Data Contributor
            ["4633458b-17de-408a-b874-0445c86b69e6"] = "Microsoft.KeyVault/vaults",         // Key Vault Secrets User
            ["b86a8fe4-44ce-4948-aee5-eccb2c155cd7"] = "Microsoft.KeyVault/vaults",         // Key Vault Secrets Officer (deploying user)
            ["3913510d-42f4-4e42-8a64-420c390055eb"] = "Microsoft.Insights/components",     // Monitoring Metrics Publisher
            ["76199698-9eea-4c19-bc75-cec21354c6b6"] = "Microsoft.Storage/storageAccounts/tableServices/tables", // Storage Table Data Reader (report authors, the export's tables only)
            ["2a2b9908-6ea1-4ae2-8e65-a410df84e7d1"] = "Microsoft.Storage/storageAccounts/blobServices/containers", // Storage Blob Data Reader (report authors, exports only)
        };
        var variables = template["variables"]!.AsObject();
        var roleIds = variables.Where(v => v.Key.EndsWith("RoleId", StringComparison.Ordinal)).Select(v => v.Value!.GetValue<string>()).ToList();
        Assert.Equal(allowed.Keys.Order(), roleIds.Order());

        var assignments = BicepCli.Resources(template, "Microsoft.Authorization/roleAssignments").ToList();
        Assert.NotEmpty(assignments);
        foreach (var assignment in assignments)
        {
            // No subscription- or resource-group-wide grants: each names the resource it is on.
            var scope = assignment["scope"]?.GetValue<string>() ?? "";
            var roles = RoleIds(variables, assignment["properties"]!["roleDefinitionId"]!.GetValue<string>());
            Assert.NotEmpty(roles);
            Assert.All(roles, role => Assert.StartsWith($"[resourceId('{allowed[role]}'", scope, StringComparison.Ordinal));
        }

        // Report authors' blob access is the container the app writes exports to.
        var rbac = BicepCli.Module(await BicepCli.BuildAsync("main.bicep"), "rbac");
        Assert.Equal(AfterSales.Platform.PlatformModule.ExportsContainer, rbac["properties"]!["parameters"]!["exportsContainerName"]!["value"]!.GetValue<string>());
    }

    /// <summary>The role GUIDs a roleDefinitionId expression names, through a RoleId variable or a list of them.</summary>
    private static IEnumerable<string> RoleIds(JsonObject variables, string expression)
    {
        var name = System.Text.RegularExpressions.Regex.Match(expression, @"variables\('(?<name>[^']+)'\)").Groups["name"].Value;
        return variables[name] switch
        {
            JsonArray list => list.SelectMany(item => RoleIds(variables, item!.GetValue<string>())),
            JsonValue value => [value.GetValue<string>()],
            _ => [],
        };
    }

    [Fact]
    public async Task AzdFindsTheTemplateItsParametersAndTheService()
    {
        var main = await BicepCli.BuildAsync("main.bicep");
        Assert.Contains("subscriptionDeploymentTemplate.json", main["$schema"]!.GetValue<string>(), StringComparison.Ordinal);
        var parameters = JsonNode.Parse(File.ReadAllText(Path.Combine(BicepCli.InfraDir, "main.parameters.json")))!["parameters"]!;
        Assert.Equal("${AZURE_ENV_NAME}", parameters["environmentName"]!["value"]!.GetValue<string>());
        Assert.Equal("${AZURE_LOCATION}", parameters["location"]!["value"]!.GetValue<string>());
        Assert.Equal("${AZURE_PRINCIPAL_ID}", parameters["principalId"]!["value"]!.GetValue<string>());
        foreach (var name in parameters.AsObject().Select(p => p.Key))
        {
            Assert.True(main["parameters"]!.AsObject().ContainsKey(name), $"main.bicep has no parameter {name}");
        }
        // azure.yaml's service 'api' is found by this tag on the Function App.
        var functionApp = await BicepCli.BuildAsync("app/functionapp.bicep");
        Assert.Contains("'azd-service-name', 'api'", Assert.Single(BicepCli.Resources(functionApp, "Microsoft.Web/sites"))["tags"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("\n  api:\n", File.ReadAllText(Path.Combine(AzuriteFixture.RepoRoot, "azure.yaml")).ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServiceBusAllowsOnlyEntraIdAndTheAppSendsAndReceivesOnExactlyTheEntitiesItUses()
    {
        var template = await BicepCli.BuildAsync("app/servicebus.bicep");
        var ns = Assert.Single(BicepCli.Resources(template, "Microsoft.ServiceBus/namespaces"));
        Assert.True(ns["properties"]!["disableLocalAuth"]!.GetValue<bool>());
        Assert.Equal("1.2", ns["properties"]!["minimumTlsVersion"]!.GetValue<string>());
        Assert.Equal("Standard", template["parameters"]!["sku"]!["defaultValue"]!.GetValue<string>());
        Assert.Equal(["Premium", "Standard"], template["parameters"]!["sku"]!["allowedValues"]!.AsArray().Select(v => v!.GetValue<string>()).Order());

        const string sender = "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39";   // Azure Service Bus Data Sender
        const string receiver = "4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0"; // Azure Service Bus Data Receiver
        var variables = template["variables"]!.AsObject();
        Assert.Equal(new[] { receiver, sender }, variables.Where(v => v.Key.EndsWith("RoleId", StringComparison.Ordinal)).Select(v => v.Value!.GetValue<string>()).Order());
        // (role, entity kind) for every assignment: never the namespace as a whole.
        var grants = BicepCli.Resources(template, "Microsoft.Authorization/roleAssignments")
            .Select(a => (Role: RoleIds(variables, a["properties"]!["roleDefinitionId"]!.GetValue<string>()).Single(), Scope: a["scope"]!.GetValue<string>()))
            .Select(g => (g.Role, Entity: g.Scope.StartsWith("[resourceId('Microsoft.ServiceBus/namespaces/topics/subscriptions'", StringComparison.Ordinal) ? "subscription"
                : g.Scope.StartsWith("[resourceId('Microsoft.ServiceBus/namespaces/queues'", StringComparison.Ordinal) ? "queue"
                : g.Scope.StartsWith("[resourceId('Microsoft.ServiceBus/namespaces/topics'", StringComparison.Ordinal) ? "topic" : g.Scope))
            .Order().ToList();
        Assert.Equal([(receiver, "queue"), (receiver, "subscription"), (sender, "queue"), (sender, "topic")], grants);
    }

    [Fact]
    public async Task DeadLetteredMessagesRaiseAnAlert()
    {
        var template = await BicepCli.BuildAsync("app/servicebus.bicep");
        var alert = Assert.Single(BicepCli.Resources(template, "Microsoft.Insights/metricAlerts"))["properties"]!;
        var criterion = Assert.Single(alert["criteria"]!["allOf"]!.AsArray())!;
        Assert.Equal(("Microsoft.ServiceBus/namespaces", "DeadletteredMessages", "GreaterThan", 0),
            (criterion["metricNamespace"]!.GetValue<string>(), criterion["metricName"]!.GetValue<string>(), criterion["operator"]!.GetValue<string>(), criterion["threshold"]!.GetValue<int>()));
        Assert.Equal("EntityName", criterion["dimensions"]![0]!["name"]!.GetValue<string>());
        Assert.Contains("Microsoft.ServiceBus/namespaces", Text(alert["scopes"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AzdChoosesTheTransportWithOneSettingForTheTemplateAndThePackage()
    {
        var main = await BicepCli.BuildAsync("main.bicep");
        Assert.Equal("StorageQueues", main["parameters"]!["messagingTransport"]!["defaultValue"]!.GetValue<string>());
        Assert.Equal("[equals(parameters('messagingTransport'), 'ServiceBus')]", main["variables"]!["useServiceBus"]!.GetValue<string>());
        Assert.Equal("[variables('useServiceBus')]", BicepCli.Module(main, "servicebus")["condition"]!.GetValue<string>());
        var parameters = JsonNode.Parse(File.ReadAllText(Path.Combine(BicepCli.InfraDir, "main.parameters.json")))!["parameters"]!;
        Assert.Equal("${AFTERSALES_MESSAGING_TRANSPORT=StorageQueues}", parameters["messagingTransport"]!["value"]!.GetValue<string>());
        // The package's function.json files follow the same azd setting (dotnet publish in azure.yaml's prepackage hook).
        var publish = File.ReadAllText(Path.Combine(AzuriteFixture.RepoRoot, "functions", "AfterSales", "Functions", "Publish.targets"));
        Assert.Contains("$(AFTERSALES_MESSAGING_TRANSPORT)", publish, StringComparison.Ordinal);
        Assert.Contains("--transport $(MessagingTransport)", publish, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("StorageQueues", 0)]
    [InlineData("ServiceBus", 0)]
    [InlineData("Kafka", 1)]
    public async Task TheTemplateTakesEitherTransportAndNothingElse(string transport, int exitCode)
    {
        // A parameters file per choice, built by the CLI (which checks it against main.bicep's allowed values).
        var dir = Directory.CreateTempSubdirectory("bicepparam");
        try
        {
            var main = Path.GetRelativePath(dir.FullName, Path.Combine(BicepCli.InfraDir, "main.bicep")).Replace('\\', '/');
            var file = Path.Combine(dir.FullName, "choice.bicepparam");
            await File.WriteAllTextAsync(file, $"using '{main}'\nparam environmentName = 'ci'\nparam location = 'eastasia'\nparam messagingTransport = '{transport}'\nparam serviceBusSku = 'Premium'\n");
            var (code, stdout, stderr) = await BicepCli.RunAsync("build-params", file, "--stdout");
            Assert.True(code == exitCode, stdout + stderr);
            Assert.DoesNotContain("Warning", stderr, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(true);
        }
    }
}
