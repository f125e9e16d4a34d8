using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Tasks;
using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Pipelines;
using Studio.Tests.Infrastructure;

namespace Studio.Tests.Services.Pipelines;

/// <summary>
/// Archiving a board or a branch (issue 17, item 18): the owner's alone, never the last active one, versioned; an archived
/// board keeps its deals read-only and can be restored; a branch with lessons ahead is refused with their count.
/// </summary>
public sealed class ArchiveBoardBranchTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<BoardSummary> SummaryAsync(TestStudio studio, Guid actor, Guid boardId) =>
        (await studio.Pipelines.ListBoardsAsync(actor, Ct)).Single(b => b.Id == boardId);

    [Theory, DatabaseData]
    public async Task ArchiveBoard_KeepsDealsReadOnly_HiddenUntilRestored(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var board = await studio.AddBoardAsync(owner, manager);
        await studio.AddBoardAsync(owner, manager);
        var deal = await studio.AddDealAsync(manager, board);

        await studio.Pipelines.ArchiveBoardAsync(owner, board.Id, (await SummaryAsync(studio, owner, board.Id)).Version, archived: true, Ct);

        var summary = await SummaryAsync(studio, owner, board.Id);
        Assert.True(summary.IsArchived);
        Assert.Equal(1, summary.OpenDeals); // the deal stays, with its history
        Assert.Single((await studio.Pipelines.GetDealAsync(owner, deal, Ct)).History);
        var move = await Assert.ThrowsAsync<DomainException>(() => studio.Pipelines.MoveDealAsync(manager, deal, board.Stage("Call"), ct: Ct));
        Assert.Equal("Error.Board.Archived", move.Code);
        var add = await Assert.ThrowsAsync<DomainException>(() => studio.AddDealAsync(manager, board));
        Assert.Equal("Error.Board.Archived", add.Code);

        await studio.Pipelines.ArchiveBoardAsync(owner, board.Id, summary.Version, archived: false, Ct);
        Assert.False((await SummaryAsync(studio, owner, board.Id)).IsArchived);
        await studio.Pipelines.MoveDealAsync(manager, deal, board.Stage("Call"), ct: Ct);
    }

    [Theory, DatabaseData]
    public async Task ArchivedBoard_EveryEditOfItsDeals_RefusedAndNothingChanged(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var board = await studio.AddBoardAsync(owner, manager);
        await studio.AddBoardAsync(owner, manager);
        var deal = await studio.AddDealAsync(manager, board);
        var undo = await studio.Pipelines.MoveDealAsync(manager, deal, board.Stage("Call"), ct: Ct);
        var before = await studio.Pipelines.GetDealAsync(manager, deal, Ct);
        await studio.Pipelines.ArchiveBoardAsync(owner, board.Id, (await SummaryAsync(studio, owner, board.Id)).Version, archived: true, Ct);

        var edit = new DealEdit(deal, before.Version, 2000m, "New title", owner, null, before.BranchId, [], new Dictionary<string, string>(),
            new DateTime(2027, 1, 1, 9, 0, 0, DateTimeKind.Utc));
        foreach (var save in new Func<Task>[]
                 {
                     () => studio.Pipelines.UpdateDealAsync(manager, edit, Ct),
                     () => studio.Pipelines.SetCallbackAsync(manager, deal, new DateTime(2027, 1, 1, 9, 0, 0, DateTimeKind.Utc), Ct),
                     () => studio.Pipelines.AddNoteAsync(manager, deal, "Called", null, Ct),
                     () => studio.Pipelines.UndoMoveAsync(manager, undo!, Ct),
                     // A task on the deal (the drawer's Tasks tab) is an edit of it too.
                     () => studio.Services.GetRequiredService<TaskService>().CreateAsync(manager,
                         new NewTask(TaskKind.PersonalCall, null, "Call back", null, [manager], null, DealId: deal), Ct),
                 })
        {
            var refused = await Assert.ThrowsAsync<DomainException>(save);
            Assert.Equal(("Error.Board.Archived", "Board 1"), (refused.Code, (string)refused.Args[0]));
        }

        var after = await studio.Pipelines.GetDealAsync(owner, deal, Ct);
        Assert.Equal((before.Version, before.Amount, before.Title, before.CallbackAt, before.StageId, 0),
            (after.Version, after.Amount, after.Title, after.CallbackAt, after.StageId, after.Notes.Count));
        Assert.Equal(0, await studio.ReadAsync(db => db.Tasks.CountAsync(t => t.DealId == deal, Ct)));
    }

    [Theory, DatabaseData]
    public async Task ArchiveBoard_LastActive_ManagerOrStale_Refused(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var first = await studio.AddBoardAsync(owner, manager);
        var second = await studio.AddBoardAsync(owner, manager);
        var stale = (await SummaryAsync(studio, owner, first.Id)).Version;

        await Assert.ThrowsAsync<AccessDeniedException>(() => studio.Pipelines.ArchiveBoardAsync(manager, first.Id, stale, true, Ct));
        await studio.Pipelines.ArchiveBoardAsync(owner, first.Id, stale, true, Ct);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => studio.Pipelines.ArchiveBoardAsync(owner, first.Id, stale, false, Ct));
        var secondVersion = (await SummaryAsync(studio, owner, second.Id)).Version;
        var last = await Assert.ThrowsAsync<DomainException>(() => studio.Pipelines.ArchiveBoardAsync(owner, second.Id, secondVersion, true, Ct));

        Assert.Equal("Error.Board.LastActive", last.Code);
        Assert.False((await SummaryAsync(studio, owner, second.Id)).IsArchived);
    }

    [Theory, DatabaseData]
    public async Task ArchiveBranch_LessonsAhead_RefusedWithCount_ThenHiddenFromPickersAndRestored(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var teacher = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var org = studio.Organisation;
        var other = await org.SaveBranchAsync(owner, null, Guid.Empty, "Podil", null, "Europe/Kyiv", Ct);
        var type = await studio.AddLessonTypeAsync(owner);
        var lesson = await studio.BookAsync(owner, type, teacher, null, 18, dayOffset: 2);
        async Task<BranchView> MainAsync() => (await org.ListBranchesAsync(owner, includeArchived: true, Ct)).Single(b => b.Id == studio.BranchId);

        var mainVersion = (await MainAsync()).Version;
        var ahead = await Assert.ThrowsAsync<DomainException>(() => org.ArchiveBranchAsync(owner, studio.BranchId, mainVersion, true, Ct));
        Assert.Equal(("Error.Branch.FutureLessons", 1), (ahead.Code, (int)ahead.Args[0]));
        await Assert.ThrowsAsync<AccessDeniedException>(() => org.ArchiveBranchAsync(teacher, studio.BranchId, Guid.Empty, true, Ct));

        var lessonVersion = await studio.ReadAsync(db => db.Lessons.Where(l => l.Id == lesson).Select(l => l.Version).SingleAsync(Ct));
        await studio.Schedule.CancelAsync(owner, lesson, lessonVersion, "Moved online", ct: Ct);
        await org.ArchiveBranchAsync(owner, studio.BranchId, (await MainAsync()).Version, true, Ct);

        Assert.Equal([other], (await org.ListBranchesAsync(owner, Ct)).Select(b => b.Id));
        Assert.True((await MainAsync()).IsArchived);
        var last = await Assert.ThrowsAsync<DomainException>(async () =>
            await org.ArchiveBranchAsync(owner, other, (await org.ListBranchesAsync(owner, Ct)).Single().Version, true, Ct));
        Assert.Equal("Error.Branch.LastActive", last.Code);

        await org.ArchiveBranchAsync(owner, studio.BranchId, (await MainAsync()).Version, false, Ct);
        Assert.Equal(2, (await org.ListBranchesAsync(owner, Ct)).Count);
    }
}
