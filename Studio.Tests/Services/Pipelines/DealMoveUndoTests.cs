using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Pipelines;
using Studio.Infrastructure.Tasks;
using Studio.Infrastructure.Persistence;
using Studio.Tests.Infrastructure;

namespace Studio.Tests.Services.Pipelines;

/// <summary>Undo of a card's move takes back that move and what it made, and never another manager's later change.</summary>
public sealed class DealMoveUndoTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<TestBoard> AutomateTrialAsync(TestStudio studio, Guid owner, TestBoard board)
    {
        var template = new TaskTemplate("Confirm the trial", TaskKind.PersonalCall);
        await studio.ReadAsync(async db => { db.TaskTemplates.Add(template); return await db.SaveChangesAsync(Ct); });
        var stages = board.Settings.Stages.Select(s => new StageInput(s.Id, s.Name, s.Colour, s.TimeLimitDays, s.CountsAsTrial,
            s.Name == "Trial" ? template.Id : s.AutoTaskTemplateId, s.Name == "Trial" ? 2 : s.AutoTaskDueHours)).ToList();
        await studio.Pipelines.SaveSettingsAsync(owner, board.Id, board.Settings.Version, board.Settings.Name, stages,
            board.Settings.LossReasons.Select(r => r.Name).ToList(), board.Settings.MemberIds, Ct);
        return new TestBoard(await studio.Pipelines.GetSettingsAsync(owner, board.Id, Ct));
    }

    private static Task<Guid> StageOfAsync(TestStudio studio, Guid deal) =>
        studio.ReadAsync(db => db.Deals.AsNoTracking().Where(d => d.Id == deal).Select(d => d.StageId).SingleAsync(Ct));

    [Theory, DatabaseData]
    public async Task UndoMoveAsync_AnotherManagerMovedItSince_RefusedAndTheirMoveStands(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var (a, b) = (await studio.AddEmployeeAsync(EmployeeRole.Manager), await studio.AddEmployeeAsync(EmployeeRole.Manager));
        var board = await studio.AddBoardAsync(owner, a, b);
        var deal = await studio.AddDealAsync(a, board);

        var undo = await studio.Pipelines.MoveDealAsync(a, deal, board.Stage("Call"), ct: Ct);
        await studio.Pipelines.MoveDealAsync(b, deal, board.Stage("Trial"), ct: Ct);

        var refused = await Assert.ThrowsAsync<DomainException>(() => studio.Pipelines.UndoMoveAsync(a, undo!, Ct));
        Assert.Equal("Error.Undo.ChangedSince", refused.Code);
        Assert.Equal(board.Stage("Trial"), await StageOfAsync(studio, deal));
        Assert.Equal(3, await studio.ReadAsync(db => db.DealMoves.CountAsync(m => m.DealId == deal, Ct))); // created, A's move, B's move: nothing more
    }

    [Theory, DatabaseData]
    public async Task UndoMoveAsync_DealEditedSince_Refused(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var board = await studio.AddBoardAsync(owner, manager);
        var deal = await studio.AddDealAsync(manager, board);
        var undo = await studio.Pipelines.MoveDealAsync(manager, deal, board.Stage("Call"), ct: Ct);

        await studio.Pipelines.SetCallbackAsync(owner, deal, studio.Clock.GetUtcNow().UtcDateTime.AddDays(1), Ct);

        var refused = await Assert.ThrowsAsync<DomainException>(() => studio.Pipelines.UndoMoveAsync(manager, undo!, Ct));
        Assert.Equal("Error.Undo.ChangedSince", refused.Code);
        Assert.Equal(board.Stage("Call"), await StageOfAsync(studio, deal));
    }

    [Theory, DatabaseData]
    public async Task UndoMoveAsync_NothingChangedSince_BackWhereItWas(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var outsider = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var board = await studio.AddBoardAsync(owner, manager);
        var deal = await studio.AddDealAsync(manager, board);
        await studio.Pipelines.MoveDealAsync(manager, deal, board.Stage("Call"), ct: Ct);
        var undo = await studio.Pipelines.MoveDealAsync(manager, deal, board.Lost, board.Settings.LossReasons[0].Id, Ct);

        await Assert.ThrowsAsync<AccessDeniedException>(() => studio.Pipelines.UndoMoveAsync(outsider, undo!, Ct));
        await studio.Pipelines.UndoMoveAsync(manager, undo!, Ct);

        var row = await studio.ReadAsync(db => db.Deals.AsNoTracking().SingleAsync(d => d.Id == deal, Ct));
        Assert.Equal((board.Stage("Call"), (DateTime?)null, (Guid?)null), (row.StageId, row.ClosedAt, row.LossReasonId));
        Assert.Null(await studio.Pipelines.MoveDealAsync(manager, deal, board.Stage("Call"), ct: Ct)); // already there: nothing to undo
    }

    [Theory, DatabaseData]
    public async Task UndoMoveAsync_IntoAnAutomatedStage_TakesBackTheTaskItMade_NoNewOne(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var board = await AutomateTrialAsync(studio, owner, await studio.AddBoardAsync(owner, manager));
        var deal = await studio.AddDealAsync(manager, board);

        var undo = await studio.Pipelines.MoveDealAsync(owner, deal, board.Stage("Trial"), ct: Ct);
        Assert.NotNull(undo!.TaskId);
        Assert.Equal(1, await studio.ReadAsync(db => db.Tasks.CountAsync(Ct)));
        await studio.Pipelines.UndoMoveAsync(owner, undo, Ct);

        Assert.Equal(board.Start, await StageOfAsync(studio, deal));
        Assert.Equal(0, await studio.ReadAsync(db => db.Tasks.CountAsync(Ct)));
        Assert.Equal(0, await studio.ReadAsync(db => db.TaskNotices.CountAsync(Ct))); // the manager's indicator no longer counts it
        Assert.Equal(0, (await studio.Pipelines.LoadSnapshotAsync(board.Id, 0, Ct))!.Deals.Single(d => d.Id == deal).OpenTasks);
    }

    [Theory, DatabaseData]
    public async Task UndoMoveAsync_TheStageTaskWasTakenUpSince_TheTaskStays(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var board = await AutomateTrialAsync(studio, owner, await studio.AddBoardAsync(owner, manager));
        var deal = await studio.AddDealAsync(manager, board);
        var undo = await studio.Pipelines.MoveDealAsync(owner, deal, board.Stage("Trial"), ct: Ct);
        var tasks = studio.Services.GetRequiredService<TaskService>();
        var task = await tasks.GetAsync(manager, undo!.TaskId!.Value, Ct); // its executor opened it: it is Read now, theirs
        Assert.Equal(TaskState.Read, (await tasks.GetAsync(manager, task.Id, Ct)).Status);

        await studio.Pipelines.UndoMoveAsync(owner, undo, Ct);

        Assert.Equal(board.Start, await StageOfAsync(studio, deal));
        Assert.Equal(1, await studio.ReadAsync(db => db.Tasks.CountAsync(Ct)));
    }
}
