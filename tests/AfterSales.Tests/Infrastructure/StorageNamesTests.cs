using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AfterSales.Storage;

namespace AfterSales.Tests.Infrastructure;

/// <summary>
/// The storage module creates exactly the tables, queues (with poison queues) and containers the
/// modules declare: a name a module adds and infra/app/storage-names.json lacks fails here.
/// </summary>
public class StorageNamesTests
{
    private static async Task<JsonObject> StorageNameLists()
    {
        // Read the lists from the compiled template (what Azure gets), not from the .bicep text:
        // the module's `names` variable points at the JSON that loadJsonContent inlined.
        var variables = (await BicepCli.BuildAsync("app/storage.bicep"))["variables"]!.AsObject();
        var reference = Regex.Match(variables["names"]!.GetValue<string>(), @"^\[variables\('(?<name>[^']+)'\)\]$");
        Assert.True(reference.Success, "storage.bicep's `names` should be loadJsonContent('storage-names.json')");
        return variables[reference.Groups["name"].Value]!.AsObject();
    }

    private static StorageNames Declared => StorageNames.Of(AppModules.All);

    private static string[] List(JsonObject lists, string key) => [.. lists[key]!.AsArray().Select(n => n!.GetValue<string>())];

    [Fact]
    public async Task TheTemplateCreatesEveryTable() =>
        Assert.Equal(Declared.Tables.Order(), List(await StorageNameLists(), "tables").Order());

    [Fact]
    public async Task TheTemplateCreatesEveryQueue() =>
        Assert.Equal(Declared.Queues.Order(), List(await StorageNameLists(), "queues").Order());

    [Fact]
    public async Task TheTemplateCreatesEveryContainer() =>
        Assert.Equal(Declared.Containers.Order(), List(await StorageNameLists(), "containers").Order());

    [Fact]
    public async Task EveryQueueGetsThePoisonQueueTheHostUses()
    {
        var template = await BicepCli.BuildAsync("app/storage.bicep");
        // queueNames = flatten(map(names.queues, q => [q, '<q>-poison'])): each queue and its poison queue.
        var queueNames = template["variables"]!["queueNames"]!.GetValue<string>();
        var poisonSuffix = StorageNames.Poison("");
        Assert.Contains("variables('names').queues", queueNames, StringComparison.Ordinal);
        Assert.Contains($"createArray(lambdaVariables('q'), format('{{0}}{poisonSuffix}', lambdaVariables('q')))", queueNames, StringComparison.Ordinal);
        var queues = Assert.Single(BicepCli.Resources(template, "Microsoft.Storage/storageAccounts/queueServices/queues"));
        Assert.Contains("variables('queueNames')", queues["copy"]!["count"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheLifecycleRuleCleansTheExportsContainerTheAppWritesTo()
    {
        var template = await BicepCli.BuildAsync("app/storage.bicep");
        Assert.Equal(AfterSales.Platform.PlatformModule.ExportsContainer, template["variables"]!["exportsContainer"]!.GetValue<string>());
    }
}
