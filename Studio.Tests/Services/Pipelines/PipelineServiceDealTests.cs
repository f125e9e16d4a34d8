using Microsoft.EntityFrameworkCore;
using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Pipelines;
using Studio.Tests.Infrastructure;

namespace Studio.Tests.Services.Pipelines;

/// <summary>Deals through the pipeline use cases, on every database.</summary>
public sealed class PipelineServiceDealTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, DatabaseData]
    public async Task CreateDealAsync_NewClientWithLocalPhone_SavesPhoneAsE164(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var board = await studio.AddBoardAsync(owner, manager);

        var dealId = await studio.Pipelines.CreateDealAsync(manager,
            new NewDeal(board.Id, null, "Ivan Petrenko", "067 123 45 67", "Ivan@Mail.Test", null, null, null, 1500m, "Drums"), Ct);

        var deal = await studio.Pipelines.GetDealAsync(manager, dealId, Ct);
        Assert.Equal(("Ivan Petrenko", "+380671234567", "ivan@mail.test"), (deal.ClientName, deal.ClientPhone, deal.ClientEmail));
        Assert.Equal((board.Start, 1500m, "Drums", manager, studio.BranchId),
            (deal.StageId, deal.Amount, deal.Title, deal.ResponsibleId, deal.BranchId));
        var created = Assert.Single(deal.History);
        Assert.Equal((null, "Start", TestStudio.StartTime.UtcDateTime), (created.FromStage, created.ToStage, created.At));
        Assert.Equal("+380671234567", await studio.ReadAsync(db => db.Clients.Select(c => c.Phone).SingleAsync(Ct)));
    }

    [Theory, DatabaseData]
    public async Task CreateDealAsync_BadPhone_ThrowsErrorPhoneAndSavesNothing(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var board = await studio.AddBoardAsync(owner);

        foreach (var phone in new[] { "12345", "067 123 45", "not a phone" })
        {
            var ex = await Assert.ThrowsAsync<DomainException>(() => studio.Pipelines.CreateDealAsync(owner,
                new NewDeal(board.Id, null, "Ivan Petrenko", phone, null, null, null, null, 0m, null), Ct));
            Assert.Equal("Error.Phone", ex.Code);
        }

        Assert.Equal((0, 0, 0), await studio.ReadAsync(async db =>
            (await db.Clients.CountAsync(Ct), await db.Deals.CountAsync(Ct), await db.DealMoves.CountAsync(Ct))));
    }

    [Theory, DatabaseData]
    public async Task CreateDealAsync_ExistingClient_AddsNoClient(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var board = await studio.AddBoardAsync(owner);
        var first = await studio.Pipelines.GetDealAsync(owner, await studio.AddDealAsync(owner, board), Ct);

        var second = await studio.Pipelines.CreateDealAsync(owner,
            new NewDeal(board.Id, first.ClientId, null, null, null, null, null, null, 10m, "Second course"), Ct);

        Assert.Equal(first.ClientId, (await studio.Pipelines.GetDealAsync(owner, second, Ct)).ClientId);
        Assert.Equal(1, await studio.ReadAsync(db => db.Clients.CountAsync(Ct)));
    }

    [Theory, DatabaseData]
    public async Task MoveDealAsync_SeveralMoves_HistoryIsNewestFirstWithStageNames(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var board = await studio.AddBoardAsync(owner, manager);
        var deal = await studio.AddDealAsync(manager, board);
        var managerName = (await studio.Organisation.FindEmployeeAsync(owner, manager, Ct))!.FullName;
        var ownerName = (await studio.Organisation.FindEmployeeAsync(owner, owner, Ct))!.FullName;
        var t0 = TestStudio.StartTime.UtcDateTime;

        studio.Clock.Advance(TimeSpan.FromHours(1));
        await studio.Pipelines.MoveDealAsync(manager, deal, board.Stage("Call"), null, Ct);
        studio.Clock.Advance(TimeSpan.FromHours(1));
        await studio.Pipelines.MoveDealAsync(owner, deal, board.Stage("Trial"), null, Ct);
        studio.Clock.Advance(TimeSpan.FromHours(1));
        await studio.Pipelines.MoveDealAsync(manager, deal, board.Lost, board.Reason("No time"), Ct);

        var details = await studio.Pipelines.GetDealAsync(manager, deal, Ct);
        Assert.Equal(
            [
                new HistoryEntry(t0.AddHours(3), "Trial", "Lost", managerName, "No time"),
                new HistoryEntry(t0.AddHours(2), "Call", "Trial", ownerName, null),
                new HistoryEntry(t0.AddHours(1), "Start", "Call", managerName, null),
                new HistoryEntry(t0, null, "Start", managerName, null),
            ],
            details.History);
        Assert.Equal((board.Lost, board.Reason("No time"), t0.AddHours(3)), (details.StageId, details.LossReasonId, details.StageEnteredAt));
    }

    [Theory, DatabaseData]
    public async Task MoveDealAsync_ToLostWithoutReason_ThrowsAndLeavesDealOpen(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var board = await studio.AddBoardAsync(owner);
        var deal = await studio.AddDealAsync(owner, board);
        await studio.Pipelines.MoveDealAsync(owner, deal, board.Stage("Call"), null, Ct);

        var ex = await Assert.ThrowsAsync<DomainException>(() => studio.Pipelines.MoveDealAsync(owner, deal, board.Lost, null, Ct));

        Assert.Equal("Error.LossReasonRequired", ex.Code);
        var details = await studio.Pipelines.GetDealAsync(owner, deal, Ct);
        Assert.Equal(board.Stage("Call"), details.StageId);
        Assert.Equal(2, details.History.Count);
        Assert.Equal(1, (await studio.Pipelines.ListBoardsAsync(owner, Ct)).Single().OpenDeals);
    }

    [Theory, DatabaseData]
    public async Task MoveDealAsync_ToLostWithReason_ClosesDeal(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var board = await studio.AddBoardAsync(owner);
        var deal = await studio.AddDealAsync(owner, board);
        studio.Clock.Advance(TimeSpan.FromMinutes(1));

        await studio.Pipelines.MoveDealAsync(owner, deal, board.Lost, board.Reason("Too expensive"), Ct);

        Assert.Equal(0, (await studio.Pipelines.ListBoardsAsync(owner, Ct)).Single().OpenDeals);
        Assert.Equal("Too expensive", (await studio.Pipelines.GetDealAsync(owner, deal, Ct)).History[0].LossReason);
    }

    [Theory, DatabaseData]
    public async Task MoveDealAsync_StageItIsIn_RecordsNothing(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var board = await studio.AddBoardAsync(owner);
        var deal = await studio.AddDealAsync(owner, board);
        var before = await studio.Pipelines.GetDealAsync(owner, deal, Ct);

        await studio.Pipelines.MoveDealAsync(owner, deal, board.Start, null, Ct);

        var after = await studio.Pipelines.GetDealAsync(owner, deal, Ct);
        Assert.Single(after.History);
        Assert.Equal(before.Version, after.Version);
    }

    [Theory, DatabaseData]
    public async Task UpdateDealAsync_StaleExpectedVersion_ThrowsConflictAndOverwritesNothing(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var board = await studio.AddBoardAsync(owner, manager);
        var deal = await studio.AddDealAsync(manager, board);
        var opened = await studio.Pipelines.GetDealAsync(manager, deal, Ct); // both open the card on this version
        var callback = TestStudio.StartTime.UtcDateTime.AddDays(1);

        await studio.Pipelines.UpdateDealAsync(owner, Edit(opened, 2000m, "First", new() { ["Instrument"] = "Piano" }, callback), Ct);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            studio.Pipelines.UpdateDealAsync(manager, Edit(opened, 3000m, "Second", new() { ["Instrument"] = "Violin" }, null), Ct));

        var after = await studio.Pipelines.GetDealAsync(manager, deal, Ct);
        Assert.Equal((2000m, "First", "Piano", callback), (after.Amount, after.Title, after.CustomFields["Instrument"], after.CallbackAt));
        Assert.NotEqual(opened.Version, after.Version);
    }

    [Theory, DatabaseData]
    public async Task UpdateDealAsync_CurrentVersion_SavesEverything(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var board = await studio.AddBoardAsync(owner);
        var deal = await studio.Pipelines.GetDealAsync(owner, await studio.AddDealAsync(owner, board), Ct);
        var callback = TestStudio.StartTime.UtcDateTime.AddHours(5);

        await studio.Pipelines.UpdateDealAsync(owner, Edit(deal, 123.45m, "Vocal", new() { ["Age"] = "9", ["Level"] = "Beginner" }, callback), Ct);
        var after = await studio.Pipelines.GetDealAsync(owner, deal.Id, Ct);
        await studio.Pipelines.UpdateDealAsync(owner, Edit(after, 0m, null, [], null), Ct);

        Assert.Equal((123.45m, "Vocal", callback), (after.Amount, after.Title, after.CallbackAt));
        Assert.Equal(new Dictionary<string, string> { ["Age"] = "9", ["Level"] = "Beginner" }, after.CustomFields);
        var cleared = await studio.Pipelines.GetDealAsync(owner, deal.Id, Ct);
        Assert.Equal((0m, (string?)null, (DateTime?)null), (cleared.Amount, cleared.Title, cleared.CallbackAt));
        Assert.Empty(cleared.CustomFields);
    }

    /// <summary>
    /// Two managers drop the same card at the same moment, ten times over: both moves are
    /// applied and recorded, one after the other, each starting where the previous one ended.
    /// </summary>
    [Theory, DatabaseData]
    public async Task MoveDealAsync_TwoManagersAtOnce_BothAppliedInCommitOrder(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        studio.Clock.AutoAdvanceAmount = TimeSpan.FromMilliseconds(1); // every reading of the clock is a later time
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var first = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var second = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var board = await studio.AddBoardAsync(owner, first, second);
        var deal = await studio.AddDealAsync(first, board);
        var names = new HashSet<string>
        {
            (await studio.Organisation.FindEmployeeAsync(owner, first, Ct))!.FullName,
            (await studio.Organisation.FindEmployeeAsync(owner, second, Ct))!.FullName,
        };
        Guid[] stages = [board.Start, board.Stage("Call"), board.Stage("Trial"), board.Stage("Contract")];
        const int rounds = 10;

        for (var round = 0; round < rounds; round++)
        {
            var current = (await studio.Pipelines.GetDealAsync(owner, deal, Ct)).StageId;
            var targets = stages.Where(s => s != current).Skip(round % 2).Take(2).ToArray();
            await Task.WhenAll(
                Task.Run(() => studio.Pipelines.MoveDealAsync(first, deal, targets[0], null, Ct), Ct),
                Task.Run(() => studio.Pipelines.MoveDealAsync(second, deal, targets[1], null, Ct), Ct));

            var history = (await studio.Pipelines.GetDealAsync(owner, deal, Ct)).History;
            Assert.Equal(names, history.Take(2).Select(h => h.ByName).ToHashSet());
        }

        var details = await studio.Pipelines.GetDealAsync(owner, deal, Ct);
        var moves = details.History;
        Assert.Equal(1 + 2 * rounds, moves.Count);
        Assert.Equal(board.Settings.Stages.Single(s => s.Id == details.StageId).Name, moves[0].ToStage);
        for (var i = 0; i < moves.Count - 1; i++)
        {
            Assert.True(moves[i].At > moves[i + 1].At, $"History entry {i} is not newer than entry {i + 1}.");
            Assert.Equal(moves[i + 1].ToStage, moves[i].FromStage);
        }
    }

    [Theory, DatabaseData]
    public async Task AddNoteAsync_Member_NotesAreNewestFirst(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var board = await studio.AddBoardAsync(owner, manager);
        var deal = await studio.AddDealAsync(manager, board);
        var contactAt = TestStudio.StartTime.UtcDateTime.AddDays(-1);

        await studio.Pipelines.AddNoteAsync(manager, deal, "Asked to call back after 18:00", contactAt, Ct);
        studio.Clock.Advance(TimeSpan.FromMinutes(5));
        await studio.Pipelines.AddNoteAsync(owner, deal, "Called, no answer", null, Ct);

        var notes = (await studio.Pipelines.GetDealAsync(manager, deal, Ct)).Notes;
        Assert.Equal(["Called, no answer", "Asked to call back after 18:00"], notes.Select(n => n.Text));
        Assert.Equal(contactAt, notes[1].ContactAt);
        Assert.Equal(TestStudio.StartTime.UtcDateTime.AddMinutes(5), notes[0].At);
    }

    private static DealEdit Edit(DealDetails deal, decimal amount, string? title, Dictionary<string, string> fields, DateTime? callback) =>
        new(deal.Id, deal.Version, amount, title, deal.ResponsibleId, deal.SourceId, deal.BranchId, deal.TagIds, fields, callback);
}
