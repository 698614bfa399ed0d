using AfterSales.Functions.Local;
using Azure.Core;
using Azure.Identity;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Options;

namespace AfterSales.Messaging;

public static class MessagingServices
{
    /// <summary>
    /// The transport <c>Messaging__Transport</c> chooses, checked at start-up: Service Bus needs its
    /// connection (<c>ServiceBusConnection__fullyQualifiedNamespace</c>, as the host's trigger reads it),
    /// and the local runner plays the host for Storage queues only.
    /// </summary>
    public static IServiceCollection AddMessaging(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MessagingOptions>().BindConfiguration(MessagingOptions.Section)
            .Validate(o => Enum.IsDefined(o.Transport), "Messaging:Transport must be StorageQueues or ServiceBus.")
            .Validate<IConfiguration>((o, c) => o.Transport != MessagingTransport.ServiceBus || HasConnection(c),
                $"Messaging:Transport is ServiceBus: set {ServiceBusEntities.Connection}__fullyQualifiedNamespace (with __credential=managedidentity and __clientId in Azure), or {ServiceBusEntities.Connection} to a connection string.")
            .Validate<IOptions<LocalRunnerOptions>>((o, local) => o.Transport != MessagingTransport.ServiceBus || !local.Value.Enabled,
                "Messaging:Transport is ServiceBus, but the local runner (LocalRunner:Enabled) plays the host for Storage queues only: run locally with StorageQueues.")
            .ValidateOnStart();
        services.AddSingleton(sp => CreateClient(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton<StorageQueueTransport>();
        services.AddSingleton<ServiceBusTransport>();
        services.AddSingleton<PoisonQueues>();
        services.AddSingleton<DeadLetterQueues>();
        services.AddSingleton<IMessageTransport>(sp => Chosen(sp) == MessagingTransport.ServiceBus
            ? sp.GetRequiredService<ServiceBusTransport>()
            : sp.GetRequiredService<StorageQueueTransport>());
        services.AddSingleton<IParkedMessages>(sp => Chosen(sp) == MessagingTransport.ServiceBus
            ? sp.GetRequiredService<DeadLetterQueues>()
            : sp.GetRequiredService<PoisonQueues>());
        services.AddHostedService<MessagingStartupCheck>();
        return services;
    }

    private static MessagingTransport Chosen(IServiceProvider sp) => sp.GetRequiredService<IOptions<MessagingOptions>>().Value.Transport;

    private static bool HasConnection(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[ServiceBusEntities.Connection])
        || !string.IsNullOrWhiteSpace(configuration[$"{ServiceBusEntities.Connection}:fullyQualifiedNamespace"]);

    /// <summary>The client, from the same settings the host's Service Bus trigger reads.</summary>
    internal static ServiceBusClient CreateClient(IConfiguration configuration)
    {
        var connectionString = configuration[ServiceBusEntities.Connection];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return new ServiceBusClient(connectionString);
        }
        var section = configuration.GetSection(ServiceBusEntities.Connection);
        var ns = section["fullyQualifiedNamespace"];
        if (string.IsNullOrWhiteSpace(ns))
        {
            throw new InvalidOperationException($"Set {ServiceBusEntities.Connection}__fullyQualifiedNamespace to use Service Bus.");
        }
        return new ServiceBusClient(ns, Credential(section));
    }

    private static TokenCredential Credential(IConfigurationSection section)
    {
        var clientId = section["clientId"];
        return string.Equals(section["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase)
            ? new ManagedIdentityCredential(string.IsNullOrEmpty(clientId) ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new DefaultAzureCredential();
    }
}
