using AfterSales.Complaints;
using AfterSales.Records;
using AfterSales.Storage;
using AfterSales.Tests.Infrastructure;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;

namespace AfterSales.Tests.Storage;

/// <summary>A complaint whose record outgrows one Table Storage property (32K characters) is still saved and read whole.</summary>
public class LongTextTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task AComplaintLargerThanOnePropertyIsSavedAndReadWhole()
    {
        var store = app.Services.GetRequiredService<RecordStore<Complaint>>();
        var history = string.Concat(Enumerable.Range(0, 9_000).Select(i => $"第{i}次")); // about 45,000 characters
        var complaint = new Complaint
        {
            Number = "KS-209901-0007",
            Kind = WorkKind.Complaint,
            Channel = Channel.Phone,
            Customer = new CustomerFacts(null, "长记录客户", null, null, "江苏"),
            Details = new ComplaintDetails(null, null, null, null, null, null, null, history),
            ReceivedAt = DateTimeOffset.UtcNow,
            FirstContactOwner = new Staff("u-wang", "王芳"),
        };

        Assert.NotNull(await store.CreateAsync(complaint, [], key: null, default));
        var read = await store.GetAsync(complaint.Number, default);

        Assert.Equal(history, read!.Record.Details.Description);
        var row = (await app.Storage.Table(AfterSales.Complaints.ComplaintRecords.Table).GetEntityAsync<TableEntity>(complaint.Number, RecordStore<Complaint>.RecordRow)).Value;
        Assert.NotNull(row.GetString("Data1"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(LongText.ChunkLength)]
    [InlineData(LongText.ChunkLength + 1)]
    [InlineData(LongText.MaxLength)]
    public void TextOfAnyLengthUpToTheLimitComesBackTheSame(int length)
    {
        var text = new string('字', length);
        var entity = new TableEntity("p", "r");

        LongText.Put(entity, "Data", text);

        Assert.Equal(text, LongText.Get(entity, "Data"));
    }
}
