namespace AfterSales.Functions.Local;

/// <summary>How the local runner plays the Functions host (Development only).</summary>
[LocalOnly]
public sealed class LocalRunnerOptions
{
    public const string Section = "LocalRunner";

    /// <summary>Poll the queues and fire the timers of the function list.</summary>
    public bool Enabled { get; set; }

    /// <summary>Fire timer functions on their schedules (tests turn this off and call them directly).</summary>
    public bool Timers { get; set; } = true;

    /// <summary>The host's <c>maxDequeueCount</c>: after this many failed tries a message goes to <c>&lt;queue&gt;-poison</c>.</summary>
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>The host's <c>visibilityTimeout</c>: how long a failed message waits before it is tried again.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.Zero;

    /// <summary>How long a message stays invisible while a function runs.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan MinPollingInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The host's <c>maxPollingInterval</c>: the longest wait between polls of an empty queue.</summary>
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>Starts Azurite for the local run (Development only).</summary>
[LocalOnly]
public sealed class AzuriteOptions
{
    public const string Section = "Azurite";

    public bool Start { get; set; }

    /// <summary>Where Azurite keeps its data, relative to the repo root. Empty: in memory.</summary>
    public string DataPath { get; set; } = ".azurite";

    public int BlobPort { get; set; } = 10000;
    public int QueuePort { get; set; } = 10001;
    public int TablePort { get; set; } = 10002;
}
