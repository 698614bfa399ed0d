using AfterSales.Messaging;
using AfterSales.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AfterSales.Tests.Messaging;

/// <summary><c>Messaging__Transport</c> is checked at start-up: a wrong choice is named before the first message is lost.</summary>
public class MessagingSettingsTests(AzuriteFixture azurite)
{
    private sealed class AppWith(AzuriteFixture azurite, Dictionary<string, string?> settings) : AppFixture(azurite)
    {
        protected override IDictionary<string, string?> Settings => settings;
    }

    [Fact]
    public async Task TheDefaultIsStorageQueuesAndTheirPoisonQueues()
    {
        await using var app = new AppWith(azurite, []);
        _ = app.CreateClient();
        Assert.IsType<StorageQueueTransport>(app.Services.GetRequiredService<IMessageTransport>());
        Assert.IsType<PoisonQueues>(app.Services.GetRequiredService<IParkedMessages>());
    }

    [Theory]
    [InlineData("ServiceBus", null, "false", "ServiceBusConnection__fullyQualifiedNamespace")]
    [InlineData("ServiceBus", "aftersales.servicebus.windows.net", "true", "local runner")]
    [InlineData("Kafka", null, "true", "Messaging")]
    public async Task TheAppDoesNotStartWithATransportItCannotUse(string transport, string? ns, string localRunner, string named)
    {
        await using var app = new AppWith(azurite, new()
        {
            ["Messaging:Transport"] = transport,
            ["ServiceBusConnection:fullyQualifiedNamespace"] = ns,
            ["LocalRunner:Enabled"] = localRunner,
        });

        var refused = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains(named, refused.Message, StringComparison.Ordinal);
    }
}
