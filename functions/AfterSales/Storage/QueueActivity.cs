using System.Collections.Concurrent;

namespace AfterSales.Storage;

/// <summary>
/// In-process word that a queue just got a message, so the local runner polls it at once instead
/// of waiting out its back-off. Messages from other processes are found by polling as usual.
/// </summary>
public sealed class QueueActivity
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _signals = new(StringComparer.Ordinal);

    public void Notify(string queue)
    {
        var signal = Signal(queue);
        if (signal.CurrentCount == 0)
        {
            try
            {
                signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another sender signalled at the same moment: one signal is enough.
            }
        }
    }

    /// <summary>Waits until <paramref name="queue"/> is signalled or <paramref name="max"/> passes.</summary>
    public async Task WaitAsync(string queue, TimeSpan max, CancellationToken ct)
    {
        try
        {
            await Signal(queue).WaitAsync(max, ct);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private SemaphoreSlim Signal(string queue) => _signals.GetOrAdd(queue, _ => new SemaphoreSlim(0, 1));
}
