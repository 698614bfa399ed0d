using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace AfterSales.Storage;

/// <summary>
/// The one storage account the app and the Functions host share. It reads the host's own
/// setting, <c>AzureWebJobsStorage</c>: a connection string locally, or identity-based
/// settings in Azure (<c>AzureWebJobsStorage__tableServiceUri</c>, <c>__queueServiceUri</c>,
/// <c>__blobServiceUri</c>, <c>__credential=managedidentity</c>, <c>__clientId</c>).
/// </summary>
public sealed class StorageAccount
{
    public const string ConnectionSetting = "AzureWebJobsStorage";

    public StorageAccount(IConfiguration configuration) : this(configuration, [])
    {
    }

    /// <summary><paramref name="policies"/> see every storage request (the benchmark counts them).</summary>
    public StorageAccount(IConfiguration configuration, IEnumerable<HttpPipelinePolicy> policies)
    {
        Prefix = configuration["Storage:Prefix"] ?? "";
        if (Prefix.Length > 0 && !IsValidPrefix(Prefix))
        {
            throw new InvalidOperationException("Storage:Prefix must be lowercase letters and digits, starting with a letter.");
        }
        // Queue messages are base64, as the Functions host's queue trigger expects by default.
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        var tableOptions = new TableClientOptions();
        var blobOptions = new BlobClientOptions();
        // How often the SDK retries a failed request (3 by default, backing off from 0.8 s): an
        // outage then answers 503 after a few seconds rather than at once or never. Set for all
        // three: the queue and blob clients' own default is 5 retries (about 25 s of backing off
        // per call), so a write, which announces on a queue before it commits, could outlast the
        // 45 s a caller is promised an answer in.
        var retries = int.TryParse(configuration["Storage:MaxRetries"], out var configured) && configured >= 0 ? configured : DefaultRetries;
        queueOptions.Retry.MaxRetries = tableOptions.Retry.MaxRetries = blobOptions.Retry.MaxRetries = retries;
        foreach (var policy in policies)
        {
            queueOptions.AddPolicy(policy, HttpPipelinePosition.PerCall);
            tableOptions.AddPolicy(policy, HttpPipelinePosition.PerCall);
            blobOptions.AddPolicy(policy, HttpPipelinePosition.PerCall);
        }
        var connectionString = configuration[ConnectionSetting];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            Tables = new TableServiceClient(connectionString, tableOptions);
            Queues = new QueueServiceClient(connectionString, queueOptions);
            Blobs = new BlobServiceClient(connectionString, blobOptions);
            return;
        }
        var section = configuration.GetSection(ConnectionSetting);
        var credential = Credential(section);
        Tables = new TableServiceClient(RequiredUri(section, "tableServiceUri"), credential, tableOptions);
        Queues = new QueueServiceClient(RequiredUri(section, "queueServiceUri"), credential, queueOptions);
        Blobs = new BlobServiceClient(RequiredUri(section, "blobServiceUri"), credential, blobOptions);
    }

    /// <summary>Retries of a failed storage request unless <c>Storage:MaxRetries</c> says otherwise (the table client's own default).</summary>
    public const int DefaultRetries = 3;

    public TableServiceClient Tables { get; }
    public QueueServiceClient Queues { get; }
    public BlobServiceClient Blobs { get; }

    /// <summary>Prepended to every table, queue and container name; empty in Azure, unique per test.</summary>
    public string Prefix { get; }

    /// <summary>Tells the local runner a message was just sent, so it polls that queue at once.</summary>
    public QueueActivity Activity { get; } = new();

    public TableClient Table(string name) => Tables.GetTableClient(Prefix + name);

    /// <summary>Sends a message (visible after <paramref name="delay"/>, or at once).</summary>
    public async Task<Azure.Storage.Queues.Models.SendReceipt> SendAsync(string queue, string body, TimeSpan? delay = null, CancellationToken ct = default)
    {
        var receipt = (await Queue(queue).SendMessageAsync(body, visibilityTimeout: delay, cancellationToken: ct)).Value;
        if (delay is null)
        {
            Activity.Notify(queue);
        }
        return receipt;
    }
    public QueueClient Queue(string name) => Queues.GetQueueClient(QueueName(name));
    public BlobContainerClient Container(string name) => Blobs.GetBlobContainerClient(QueueName(name));
    public string QueueName(string name) => Prefix.Length == 0 ? name : $"{Prefix}-{name}";

    private static bool IsValidPrefix(string prefix) =>
        char.IsAsciiLetterLower(prefix[0]) && prefix.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c));

    private static Uri RequiredUri(IConfigurationSection section, string key) =>
        Uri.TryCreate(section[key], UriKind.Absolute, out var uri)
            ? uri
            : throw new InvalidOperationException(
                $"Set {ConnectionSetting} to a connection string, or {ConnectionSetting}__{key} to the service URI.");

    private static TokenCredential Credential(IConfigurationSection section)
    {
        var clientId = section["clientId"];
        return string.Equals(section["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase)
            ? new ManagedIdentityCredential(string.IsNullOrEmpty(clientId) ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new DefaultAzureCredential();
    }
}
