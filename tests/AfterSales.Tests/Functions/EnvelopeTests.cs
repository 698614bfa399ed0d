using System.Text;
using AfterSales.Functions;

namespace AfterSales.Tests.Functions;

public class EnvelopeTests
{
    private static QueueMessageContext Read(string json) =>
        Envelope.ReadQueueMessage(FunctionInvoker.ParseRequest(json), "message");

    [Fact]
    public void ReadsTheQueueEnvelopeAsTheDocsShowIt()
    {
        var message = Read("""
            {"Data":{"message":"{\"number\":\"KS-202611-0001\"}"},
             "Metadata":{"DequeueCount":2,"Id":"abc","InsertionTime":"2026-11-23T10:00:00+00:00","PopReceipt":"x","sys":{"MethodName":"RouteComplaint"}}}
            """);
        Assert.Equal("""{"number":"KS-202611-0001"}""", message.Body);
        Assert.Equal(2, message.DequeueCount);
        Assert.Equal("abc", message.MessageId);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero), message.InsertionTime);
    }

    [Fact]
    public void ReadsMetadataValuesThatArriveAsJsonText()
    {
        // The host serializes each metadata value to JSON, so strings arrive quoted twice.
        var message = Read("""
            {"Data":{"message":"{\"number\":\"KS-202611-0001\"}"},
             "Metadata":{"DequeueCount":"3","Id":"\"abc\"","InsertionTime":"\"2026-11-23T10:00:00+00:00\""}}
            """);
        Assert.Equal(3, message.DequeueCount);
        Assert.Equal("abc", message.MessageId);
        Assert.Equal(2026, message.InsertionTime!.Value.Year);
    }

    [Fact]
    public void ReadsAMessageGivenAsAnObject()
    {
        var message = Read("""{"Data":{"message":{"number":"KS-202611-0002"}},"Metadata":{"DequeueCount":1}}""");
        Assert.Equal("""{"number":"KS-202611-0002"}""", message.Body);
    }

    [Fact]
    public void DecodesABase64Message()
    {
        var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"number":"KS-202611-0003"}"""));
        var message = Read($$$"""{"Data":{"message":"{{{base64}}}"},"Metadata":{"DequeueCount":1}}""");
        Assert.Equal("""{"number":"KS-202611-0003"}""", message.Body);
    }

    [Fact]
    public void AcceptsADifferentlyNamedSingleBinding()
    {
        var message = Read("""{"Data":{"myQueueItem":"{\"number\":\"KS-202611-0004\"}"},"Metadata":{}}""");
        Assert.Equal("""{"number":"KS-202611-0004"}""", message.Body);
        Assert.Equal(1, message.DequeueCount);
    }

    [Fact]
    public void RejectsAnEnvelopeWithoutData()
    {
        Assert.Throws<EnvelopeException>(() => Read("""{"Metadata":{}}"""));
    }

    [Fact]
    public void ReadsTheTimerEnvelope()
    {
        var timer = Envelope.ReadTimer(FunctionInvoker.ParseRequest("""
            {"Data":{"timer":{"Schedule":{"AdjustForDST":true},"ScheduleStatus":{"Last":"2026-11-23T10:00:00Z","Next":"2026-11-23T10:00:30Z","LastUpdated":"2026-11-23T10:00:00Z"},"IsPastDue":true}},"Metadata":{}}
            """), "timer");
        Assert.True(timer.IsPastDue);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 10, 0, 30, TimeSpan.Zero), timer.Next);
    }
}
