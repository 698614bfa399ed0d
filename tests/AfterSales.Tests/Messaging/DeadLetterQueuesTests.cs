using AfterSales.Functions;
using AfterSales.Messaging;

namespace AfterSales.Tests.Messaging;

/// <summary>The dead-letter side of the seam on its own: a work queue's dead letters counted, listed with their reason, and sent back.</summary>
public class DeadLetterQueuesTests
{
    [Fact]
    public async Task AWorkQueuesDeadLettersAreCountedListedAndSentBackUnderNewIds()
    {
        var bus = new FakeServiceBus();
        var queue = new QueueTrigger("notifications");
        var dead = bus.DeadLetters.GetOrAdd("notifications", _ => []);
        dead.AddRange(Enumerable.Range(1, 3).Select(n => FakeServiceBus.DeadLetter($$"""{"id":"n-{{n}}"}""", $"n-{n}", null, new Dictionary<string, object> { ["notificationId"] = $"n-{n}" }, n)));
        var parked = new DeadLetterQueues(bus);

        var counts = await parked.CountAsync(queue, default);
        var listed = await parked.PeekAsync(queue, 32, default);
        var moved = await parked.RequeueAsync(queue, 2, default);

        Assert.Equal(new QueueCounts(null, 3), counts);
        Assert.Equal(["n-1", "n-2", "n-3"], listed.Select(m => m.MessageId));
        Assert.Equal("""{"id":"n-1"}""", listed[0].Body);
        Assert.Equal("MaxDeliveryCountExceeded: Message could not be consumed after 5 delivery attempts.", listed[0].Reason);
        Assert.Equal(2, moved);
        var sent = bus.SentTo("notifications");
        Assert.Equal(["n-1", "n-2"], sent.Select(m => (string)m.ApplicationProperties["notificationId"]));
        Assert.All(sent, m => Assert.Contains("|requeued|", m.MessageId, StringComparison.Ordinal));
        Assert.All(sent, m => Assert.False(m.ApplicationProperties.ContainsKey("DeadLetterReason")));
        Assert.Equal(["n-3"], dead.Select(m => m.MessageId));
        Assert.Equal(["notifications (DeadLetter)", "notifications (DeadLetter)", "notifications (DeadLetter)"], bus.ReceiversOpened);
    }
}
