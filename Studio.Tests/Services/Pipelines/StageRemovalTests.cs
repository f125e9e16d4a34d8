using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Domain.Pipelines;
using Studio.Domain.Reports;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Pipelines;
using Studio.Infrastructure.Reports;
using Studio.Tests.Infrastructure;

namespace Studio.Tests.Services.Pipelines;

/// <summary>
/// Removing a stage that still holds open deals (issue 16): the owner names the stage they go to; the deals move there in the
/// same transaction as the removal, each with a recorded move. A bad target or a stale version changes nothing.
/// </summary>
public sealed class StageRemovalTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IReadOnlyList<StageInput> Without(TestBoard board, params string[] names) =>
        [.. board.Settings.Stages.Where(s => !names.Contains(s.Name)).Select(s => new StageInput(s.Id, s.Name, s.Colour, s.TimeLimitDays, s.CountsAsTrial))];

    private static IReadOnlyList<string> Reasons(TestBoard board) => [.. board.Settings.LossReasons.Select(r => r.Name)];

    private static BoardSaveOptions GoTo(params (Guid From, Guid To)[] pairs) => new() { DealsGoTo = pairs.ToDictionary(p => p.From, p => p.To) };

    /// <summary>A board with two open deals in Trial, one won after passing through Trial, and one in Call.</summary>
    private static async Task<(TestStudio Studio, Guid Owner, TestBoard Board, Guid[] InTrial, Guid Won, Guid InCall)> ArrangeAsync(Databases databases,
        DatabaseProvider provider)
    {
        var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var board = await studio.AddBoardAsync(owner);
        var inTrial = new[] { await studio.AddDealAsync(owner, board), await studio.AddDealAsync(owner, board) };
        foreach (var d in inTrial) await studio.Pipelines.MoveDealAsync(owner, d, board.Stage("Trial"), null, Ct);
        var won = await studio.AddDealAsync(owner, board);
        await studio.Pipelines.MoveDealAsync(owner, won, board.Stage("Trial"), null, Ct);
        await studio.Pipelines.MoveDealAsync(owner, won, board.Won, null, Ct);
        var inCall = await studio.AddDealAsync(owner, board);
        await studio.Pipelines.MoveDealAsync(owner, inCall, board.Stage("Call"), null, Ct);
        return (studio, owner, board, inTrial, won, inCall);
    }

    [Theory, DatabaseData]
    public async Task SaveSettingsAsync_RemovedStageHoldsDeals_TheyGoToTheChosenStageEachWithARecordedMove(DatabaseProvider provider)
    {
        var (studio, owner, board, inTrial, won, inCall) = await ArrangeAsync(databases, provider);
        await using var _ = studio;
        studio.Clock.Advance(TimeSpan.FromHours(2));
        var at = studio.Clock.GetUtcNow().UtcDateTime;

        await studio.Pipelines.SaveSettingsAsync(owner, board.Id, board.Settings.Version, board.Settings.Name, Without(board, "Trial"),
            Reasons(board), [], GoTo((board.Stage("Trial"), board.Stage("Call"))), Ct);

        var after = await studio.Pipelines.GetSettingsAsync(owner, board.Id, Ct);
        Assert.Equal(["Start", "Call", "Contract", "Won", "Lost"], after.Stages.Select(s => s.Name));
        var stages = await studio.ReadAsync(db => db.Deals.Where(d => d.BoardId == board.Id).ToDictionaryAsync(d => d.Id, d => d.StageId, Ct));
        Assert.Equal(board.Stage("Call"), stages[inTrial[0]]);
        Assert.Equal(board.Stage("Call"), stages[inTrial[1]]);
        Assert.Equal(board.Won, stages[won]); // closed deals are not in the removed stage: untouched
        Assert.Equal(board.Stage("Call"), stages[inCall]);
        var moves = await studio.ReadAsync(db => db.DealMoves.Where(m => m.BoardId == board.Id && m.At == at).ToListAsync(Ct));
        Assert.Equal(inTrial.Order(), moves.Select(m => m.DealId).Order());
        Assert.All(moves, m => Assert.Equal((board.Stage("Trial"), board.Stage("Call"), owner), (m.FromStageId!.Value, m.ToStageId, m.ById)));
        var details = await studio.Pipelines.GetDealAsync(owner, inTrial[0], Ct);
        Assert.Equal("Call", details.History[0].ToStage); // the card's history shows the move
        Assert.Equal(at, details.StageEnteredAt);
        var flow = await studio.Services.GetRequiredService<BoardReports>().StageFlowAsync(owner,
            new BoardReportFilter(board.Id, new Period(at.AddHours(-1), at.AddHours(1))), Ct);
        Assert.Equal([new FlowRow(board.Stage("Trial"), board.Stage("Call"), 2)], flow.Flows); // the stage-flow counts the moves
    }

    [Theory, DatabaseData]
    public async Task SaveSettingsAsync_RemovedStageHoldsDeals_AManagersOpenBoardShowsTheCardsInTheTargetColumn(DatabaseProvider provider)
    {
        var (studio, owner, board, inTrial, _, _) = await ArrangeAsync(databases, provider);
        await using var _ = studio;
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var s = board.Settings;
        await studio.Pipelines.SaveSettingsAsync(owner, board.Id, s.Version, s.Name, Without(board), Reasons(board), [manager], Ct);
        board = new TestBoard(await studio.Pipelines.GetSettingsAsync(owner, board.Id, Ct));
        using var watch = await studio.BoardViews.WatchBoardAsync(manager, board.Id, _ => Task.CompletedTask, Ct);
        Assert.All(inTrial, id => Assert.Equal(board.Stage("Trial"), watch.Current!.Deals.Single(d => d.Id == id).StageId));

        await studio.Pipelines.SaveSettingsAsync(owner, board.Id, board.Settings.Version, board.Settings.Name, Without(board, "Trial"),
            Reasons(board), [manager], GoTo((board.Stage("Trial"), board.Stage("Contract"))), Ct);

        await Eventually.TrueAsync(() => watch.Current is { } b && b.Stages.All(x => x.Name != "Trial")
            && inTrial.All(id => b.Deals.Single(d => d.Id == id).StageId == board.Stage("Contract")), "the cards in Contract, the Trial column gone");
    }

    [Theory, DatabaseData]
    public async Task SaveSettingsAsync_RemovedStageHoldsDealsAndNoTarget_RefusedWithTheCount(DatabaseProvider provider)
    {
        var (studio, owner, board, _, _, _) = await ArrangeAsync(databases, provider);
        await using var _ = studio;

        var ex = await Assert.ThrowsAsync<DomainException>(() => studio.Pipelines.SaveSettingsAsync(owner, board.Id, board.Settings.Version,
            board.Settings.Name, Without(board, "Trial"), Reasons(board), [], new BoardSaveOptions(), Ct));

        Assert.Equal("Error.StageHasDeals", ex.Code);
        Assert.Equal(["Trial", 2], ex.Args);
        await AssertNothingChangedAsync(studio, owner, board);
    }

    public static TheoryData<DatabaseProvider, string> BadTargets()
    {
        var data = new TheoryData<DatabaseProvider, string>();
        foreach (var provider in DatabaseDataAttribute.Providers)
            foreach (var target in new[] { "itself", "Won", "Lost", "another board", "removed too", "unknown" })
                data.Add(provider, target);
        return data;
    }

    [Theory, MemberData(nameof(BadTargets))]
    public async Task SaveSettingsAsync_TargetNotAStageThatStays_RefusedAndNothingHalfSaved(DatabaseProvider provider, string target)
    {
        var (studio, owner, board, _, _, _) = await ArrangeAsync(databases, provider);
        await using var _ = studio;
        var other = await studio.AddBoardAsync(owner);
        var to = target switch
        {
            "itself" => board.Stage("Trial"),
            "Won" => board.Won,
            "Lost" => board.Lost,
            "another board" => other.Stage("Call"),
            "removed too" => board.Stage("Contract"),
            _ => Guid.NewGuid(),
        };

        var ex = await Assert.ThrowsAsync<DomainException>(() => studio.Pipelines.SaveSettingsAsync(owner, board.Id, board.Settings.Version,
            "Renamed", Without(board, "Trial", "Contract"), Reasons(board), [], GoTo((board.Stage("Trial"), to)), Ct));

        Assert.Equal("Error.StageTarget", ex.Code);
        Assert.Equal(["Trial"], ex.Args);
        await AssertNothingChangedAsync(studio, owner, board);
    }

    [Theory, DatabaseData]
    public async Task SaveSettingsAsync_StaleVersion_IsAConflictAndTheDealsStay(DatabaseProvider provider)
    {
        var (studio, owner, board, _, _, _) = await ArrangeAsync(databases, provider);
        await using var _ = studio;
        var s = board.Settings;
        await studio.Pipelines.SaveSettingsAsync(owner, board.Id, s.Version, "Someone else's save", Without(board), Reasons(board), [], Ct);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => studio.Pipelines.SaveSettingsAsync(owner, board.Id, s.Version, s.Name,
            Without(board, "Trial"), Reasons(board), [], GoTo((board.Stage("Trial"), board.Stage("Call"))), Ct));

        Assert.Equal(2, await studio.ReadAsync(db => db.Deals.CountAsync(d => d.StageId == board.Stage("Trial"), Ct)));
        Assert.Contains("Trial", (await studio.Pipelines.GetSettingsAsync(owner, board.Id, Ct)).Stages.Select(x => x.Name));
    }

    [Theory, DatabaseData]
    public async Task SaveSettingsAsync_ByAManager_IsRefusedAndTheDealsStay(DatabaseProvider provider)
    {
        var (studio, owner, board, _, _, _) = await ArrangeAsync(databases, provider);
        await using var _ = studio;
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);

        await Assert.ThrowsAsync<AccessDeniedException>(() => studio.Pipelines.SaveSettingsAsync(manager, board.Id, board.Settings.Version,
            board.Settings.Name, Without(board, "Trial"), Reasons(board), [], GoTo((board.Stage("Trial"), board.Stage("Call"))), Ct));

        Assert.Equal(2, await studio.ReadAsync(db => db.Deals.CountAsync(d => d.StageId == board.Stage("Trial"), Ct)));
    }

    private static async Task AssertNothingChangedAsync(TestStudio studio, Guid owner, TestBoard board)
    {
        var after = await studio.Pipelines.GetSettingsAsync(owner, board.Id, Ct);
        Assert.Equal(board.Settings.Stages.Select(x => x.Name), after.Stages.Select(x => x.Name));
        Assert.Equal((board.Settings.Name, board.Settings.Version), (after.Name, after.Version));
        Assert.Equal(2, await studio.ReadAsync(db => db.Deals.CountAsync(d => d.StageId == board.Stage("Trial"), Ct)));
        Assert.Equal(0, await studio.ReadAsync(db => db.DealMoves.CountAsync(m => m.FromStageId == board.Stage("Trial") && m.ToStageId != board.Won, Ct)));
    }
}
