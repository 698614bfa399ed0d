using AfterSales.Complaints;
using AfterSales.Records;
using AfterSales.Tests.Infrastructure;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;

namespace AfterSales.Tests.Complaints;

/// <summary>
/// The list row of a complaint as two instances write it: each writes on the ETag of its own last
/// write without reading the row, so the other's write in between must not be lost or undone.
/// </summary>
public class ComplaintListRowTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task TwoInstancesWritingOneRowLeaveItAtTheNewestVersion()
    {
        var stored = await ListedAsync("两实例客户");
        Stored<Complaint> At(int ahead, string owner) =>
            stored with { Version = stored.Version + ahead, Record = stored.Record with { Customer = stored.Record.Customer with { Name = owner } } };
        async Task<(int Version, string Name)> RowAsync()
        {
            var row = await ListRowAsync(stored.Record.Number);
            return (row.Version, row.Name);
        }

        var first = new ComplaintIndex(app.Storage, TimeProvider.System);
        var second = new ComplaintIndex(app.Storage, TimeProvider.System);
        await first.ProjectAsync(At(1, "甲一"), default);
        await second.ProjectAsync(At(2, "乙二"), default); // the first instance's remembered ETag is now stale
        Assert.Equal((stored.Version + 2, "乙二"), await RowAsync());

        await first.ProjectAsync(At(3, "甲三"), default); // its write on the stale ETag fails; it reads the row and writes
        Assert.Equal((stored.Version + 3, "甲三"), await RowAsync());

        await second.ProjectAsync(At(3, "乙三"), default); // not newer than the row: left alone
        await first.ProjectAsync(At(2, "甲二"), default); // a late change: never back
        Assert.Equal((stored.Version + 3, "甲三"), await RowAsync());

        await first.ProjectAsync(At(4, "甲四"), default); // on its own last write's ETag
        Assert.Equal((stored.Version + 4, "甲四"), await RowAsync());
    }

    [Fact]
    public async Task ARedeliveredIntakeOnAnotherInstanceNeitherUndoesNorLosesTheRow()
    {
        var stored = await ListedAsync("重投客户");
        async Task<(int Version, string State)> RowAsync()
        {
            var row = await ListRowAsync(stored.Record.Number);
            return (row.Version, row.State);
        }
        var routed = await RowAsync();

        // A fresh instance handed the intake's change again (the complaint as it was when received, an older version):
        // it tries to add the row, finds it there, reads it and leaves it alone.
        var fresh = new ComplaintIndex(app.Storage, TimeProvider.System);
        await fresh.ProjectAsync(stored with { Version = 1, Record = stored.Record with { State = ComplaintState.Received } }, default);
        Assert.Equal(routed, await RowAsync());

        // Handed a newer version that still shows it received (say, a note added before routing): the row follows.
        await new ComplaintIndex(app.Storage, TimeProvider.System)
            .ProjectAsync(stored with { Version = stored.Version + 1, Record = stored.Record with { State = ComplaintState.Received } }, default);
        Assert.Equal((stored.Version + 1, "received"), await RowAsync());
    }

    /// <summary>A routed complaint, once the app's own projection is done with it (its list row shows the record's version).</summary>
    private async Task<Stored<Complaint>> ListedAsync(string customer)
    {
        var complaint = await (await ComplaintClient.TakeAsync(app.CreateClient(), Api.Intake(customer: customer))).RoutedAsync();
        var stored = (await app.Services.GetRequiredService<RecordStore<Complaint>>().GetAsync(complaint.Number, default))!;
        await Poll.UntilAsync(() => ListRowAsync(complaint.Number), r => r.Version == stored.Version, what: "the list row at the record's version");
        return stored;
    }

    private async Task<(int Version, string Name, string State)> ListRowAsync(string number)
    {
        var (partition, rowKey) = IndexKeys.Of(number);
        var row = await app.Storage.Table(ComplaintRecords.IndexTable).GetEntityIfExistsAsync<TableEntity>(partition, rowKey);
        return row.HasValue ? (row.Value!.GetInt32("Version")!.Value, row.Value.GetString("CustomerName"), row.Value.GetString("State")) : (0, "", "");
    }
}
