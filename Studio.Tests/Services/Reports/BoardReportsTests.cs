using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Studio.Domain.Organisation;
using Studio.Domain.Reports;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Reports;
using Studio.Tests.Infrastructure;

namespace Studio.Tests.Services.Reports;

/// <summary>Board analytics read in the database, on every database, held to the pure calculators on the same recorded moves.</summary>
public sealed class BoardReportsTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Arranged(TestStudio Studio, Guid Owner, Guid Anna, Guid Oleh, TestBoard Board, Period Period);

    /// <summary>
    /// A day before the period Anna's deal 1 reaches Call. In the period: 1 → Trial → Won; Anna's 2 → Call → Lost (expensive);
    /// Oleh's 3 → Trial → Contract → Won; Oleh's 4 → Trial → Call → Trial. After it: 4 → Lost (no time), 3 back to Contract.
    /// </summary>
    private async Task<Arranged> ArrangeAsync(DatabaseProvider provider)
    {
        var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var anna = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var oleh = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var board = await studio.AddBoardAsync(owner, anna, oleh);
        var p = studio.Pipelines;
        async Task Move(Guid actor, Guid deal, Guid stage, Guid? reason = null, double hoursLater = 1)
        {
            studio.Clock.Advance(TimeSpan.FromHours(hoursLater));
            await p.MoveDealAsync(actor, deal, stage, reason, Ct);
        }

        var d1 = await studio.AddDealAsync(anna, board);
        await Move(anna, d1, board.Stage("Call"));
        studio.Clock.Advance(TimeSpan.FromDays(1));
        var from = studio.Clock.GetUtcNow().UtcDateTime;
        var d2 = await studio.AddDealAsync(anna, board);
        var d3 = await studio.AddDealAsync(oleh, board);
        var d4 = await studio.AddDealAsync(oleh, board);
        await Move(anna, d1, board.Stage("Trial"), hoursLater: 3);
        await Move(anna, d2, board.Stage("Call"));
        await Move(oleh, d3, board.Stage("Trial"), hoursLater: 2);
        await Move(anna, d2, board.Lost, board.Reason("Too expensive"), 5);
        await Move(oleh, d4, board.Stage("Trial"));
        await Move(oleh, d3, board.Stage("Contract"), hoursLater: 10);
        await Move(anna, d4, board.Stage("Call"));               // Anna drags Oleh's card: it still counts for Oleh
        await Move(oleh, d4, board.Stage("Trial"), hoursLater: 4);
        await Move(anna, d1, board.Won, hoursLater: 20);
        await Move(oleh, d3, board.Won, hoursLater: 6);
        studio.Clock.Advance(TimeSpan.FromHours(1));
        var to = studio.Clock.GetUtcNow().UtcDateTime;
        await Move(oleh, d4, board.Lost, board.Reason("No time"));
        await Move(oleh, d3, board.Stage("Contract"));
        return new(studio, owner, anna, oleh, board, new Period(from, to));
    }

    /// <summary>Every recorded move of the board as the calculators read it, straight from the tables.</summary>
    private static async Task<(IReadOnlyList<BoardStage> Stages, IReadOnlyList<DealStep> Moves)> RawAsync(TestStudio studio, Guid boardId) =>
        await studio.ReadAsync(async db =>
        {
            var stages = await db.Stages.Where(s => s.BoardId == boardId).Select(s => new BoardStage(s.Id, s.Order, s.Kind, s.CountsAsTrial)).ToListAsync(Ct);
            var moves = await (from m in db.DealMoves
                               where m.BoardId == boardId
                               join d in db.Deals on m.DealId equals d.Id
                               select new DealStep(m.DealId, m.FromStageId, m.ToStageId, m.At, m.ById, m.LossReasonId, d.ResponsibleId)).ToListAsync(Ct);
            return ((IReadOnlyList<BoardStage>)stages, (IReadOnlyList<DealStep>)moves);
        });

    private static BoardReports Reports(TestStudio studio) => studio.Services.GetRequiredService<BoardReports>();

    [Theory, DatabaseData]
    public async Task AnalyticsAsync_EveryFigure_MatchesTheCalculators_ForTheBoardAndEachEmployee(DatabaseProvider provider)
    {
        var a = await ArrangeAsync(provider);
        await using var studio = a.Studio;
        var (stages, all) = await RawAsync(studio, a.Board.Id);

        foreach (var employee in new Guid?[] { null, a.Anna, a.Oleh })
        {
            var moves = all.Where(m => employee is null || m.ResponsibleId == employee).ToList();
            var view = await Reports(studio).AnalyticsAsync(a.Owner, new BoardReportFilter(a.Board.Id, a.Period, employee), Ct);

            Assert.Equal(BoardAnalytics.Totals(stages, moves, a.Period), view.Totals);
            Assert.Equal(BoardAnalytics.PerEmployee(stages, moves, a.Period), view.PerEmployee);
            Assert.Equal(BoardAnalytics.LossReasons(stages, moves, a.Period), view.Losses);
            Assert.Equal(BoardAnalytics.Conversion(stages, moves, a.Period), view.Conversion);
            Assert.Equal(BoardAnalytics.TimeInStages(BoardAnalytics.Stays(moves, a.Period)), view.Times);
            Assert.Equal(BoardAnalytics.Flows(moves, a.Period), view.Flows);
        }
    }

    [Theory, DatabaseData]
    public async Task AnalyticsAsync_TheArrangedWeek_ComesOutAsCountedByHand(DatabaseProvider provider)
    {
        var a = await ArrangeAsync(provider);
        await using var studio = a.Studio;
        var b = a.Board;

        var view = await Reports(studio).AnalyticsAsync(a.Owner, new BoardReportFilter(b.Id, a.Period), Ct);

        Assert.Equal(new Outcomes(Trials: 3, Losses: 1, Wins: 2), view.Totals);
        Assert.Equal([new EmployeeOutcomes(a.Anna, 1, 1, 1), new EmployeeOutcomes(a.Oleh, 2, 0, 1)],
            view.PerEmployee.OrderBy(r => r.EmployeeId == a.Oleh));
        Assert.Equal([new LossRow(b.Reason("Too expensive"), 1)], view.Losses);
        Assert.Equal(
            [
                new ConversionRow(b.Start, b.Stage("Call"), 3, 3), new ConversionRow(b.Stage("Call"), b.Stage("Trial"), 2, 1),
                new ConversionRow(b.Stage("Trial"), b.Stage("Contract"), 3, 2), new ConversionRow(b.Stage("Contract"), b.Won, 1, 1),
            ],
            view.Conversion);
        Assert.Equal(2, view.Flows.Single(f => f.FromStageId == b.Stage("Call") && f.ToStageId == b.Stage("Trial")).Moves);
        var trial = view.Times.Single(t => t.StageId == b.Stage("Trial"));
        Assert.Equal(3, trial.Stays); // 1 (44 h), 3 (16 h), 4 (11 h, then it went back to Call)
    }

    [Theory, DatabaseData]
    public async Task StageFlowAsync_IsTheFlowsOfThePeriod(DatabaseProvider provider)
    {
        var a = await ArrangeAsync(provider);
        await using var studio = a.Studio;
        var (_, moves) = await RawAsync(studio, a.Board.Id);

        var view = await Reports(studio).StageFlowAsync(a.Anna, new BoardReportFilter(a.Board.Id, a.Period), Ct);

        Assert.Equal(BoardAnalytics.Flows(moves, a.Period), view.Flows);
        Assert.Equal(["Start", "Call", "Trial", "Contract", "Won", "Lost"], view.Board.Stages.Select(s => s.Name));
    }

    [Theory, DatabaseData]
    public async Task Rights_OwnerAll_ManagerTheirBoards_TeacherNone(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var member = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var outsider = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var teacher = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var board = await studio.AddBoardAsync(owner, member);
        var other = await studio.AddBoardAsync(owner, outsider);
        var now = studio.Clock.GetUtcNow().UtcDateTime;
        var filter = new BoardReportFilter(board.Id, new Period(now.AddDays(-1), now));
        var reports = Reports(studio);

        Assert.Equal([board.Id, other.Id], (await reports.BoardsAsync(owner, Ct)).Select(b => b.Id).Order());
        Assert.Equal([board.Id], (await reports.BoardsAsync(member, Ct)).Select(b => b.Id));
        await reports.AnalyticsAsync(member, filter, Ct);
        await Assert.ThrowsAsync<AccessDeniedException>(() => reports.AnalyticsAsync(outsider, filter, Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => reports.StageFlowAsync(outsider, filter, Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => reports.BoardsAsync(teacher, Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => reports.AnalyticsAsync(teacher, filter, Ct));
        // The live diagram's door is the same: a member watches, an outsider or a teacher is refused before any feed starts.
        var flows = studio.Services.GetRequiredService<StageFlowViews>();
        var key = new StageFlowKey(board.Id, filter.Period.From, filter.Period.To, null);
        using (await flows.WatchAsync(member, key, _ => Task.CompletedTask, Ct)) { }
        await Assert.ThrowsAsync<AccessDeniedException>(() => flows.WatchAsync(outsider, key, _ => Task.CompletedTask, Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => flows.WatchAsync(teacher, key, _ => Task.CompletedTask, Ct));
        Assert.Equal(0, flows.Watchers(key));
    }

    /// <summary>
    /// The arranged week with the deals spread over two branches, two sources and a tag (by deal id, so the spread is fixed per run):
    /// the deals' branch, source and tags as the filters read them.
    /// </summary>
    private static async Task<(Guid Branch2, Guid Instagram, Guid Vip, IReadOnlyDictionary<Guid, (Guid Branch, Guid? Source, Guid[] Tags)> Deals)> SpreadAsync(Arranged a)
    {
        var studio = a.Studio;
        var branch2 = await studio.Organisation.SaveBranchAsync(a.Owner, null, Guid.Empty, "Podil", null, "Europe/Kyiv", Ct);
        var dictionaries = studio.Services.GetRequiredService<Studio.Infrastructure.Clients.DictionaryService>();
        var instagram = await dictionaries.CreateSourceAsync(a.Owner, "Instagram", Ct);
        var site = await dictionaries.CreateSourceAsync(a.Owner, "Site", Ct);
        var vip = await dictionaries.CreateTagAsync(a.Owner, "VIP", "#FFB300", Ct);
        var ids = await studio.ReadAsync(db => db.Deals.Where(d => d.BoardId == a.Board.Id).Select(d => d.Id).ToListAsync(Ct));
        ids = [.. ids.Order()];
        var spread = new Dictionary<Guid, (Guid, Guid?, Guid[])>();
        for (var i = 0; i < ids.Count; i++)
        {
            var (branch, source, tags) = (i % 2 == 0 ? studio.BranchId : branch2, i < 2 ? instagram : site, i % 3 == 0 ? new[] { vip } : []);
            var d = await studio.Pipelines.GetDealAsync(a.Owner, ids[i], Ct);
            await studio.Pipelines.UpdateDealAsync(a.Owner, new Studio.Infrastructure.Pipelines.DealEdit(d.Id, d.Version, d.Amount, d.Title, d.ResponsibleId,
                source, branch, tags, d.CustomFields, d.CallbackAt), Ct);
            spread[ids[i]] = (branch, source, tags);
        }
        return (branch2, instagram, vip, spread);
    }

    [Theory, DatabaseData]
    public async Task AnalyticsAsync_ByBranchSourceAndTags_MatchesTheCalculatorsOnThoseDealsOnly(DatabaseProvider provider)
    {
        var a = await ArrangeAsync(provider);
        await using var studio = a.Studio;
        var (branch2, instagram, vip, deals) = await SpreadAsync(a);
        var (stages, all) = await RawAsync(studio, a.Board.Id);
        var reports = Reports(studio);

        foreach (var (branch, source, tag) in new (Guid?, Guid?, Guid?)[]
                 { (studio.BranchId, null, null), (branch2, null, null), (null, instagram, null), (null, null, vip), (studio.BranchId, instagram, vip) })
        {
            var moves = all.Where(m => (branch is null || deals[m.DealId].Branch == branch) && (source is null || deals[m.DealId].Source == source)
                                       && (tag is null || deals[m.DealId].Tags.Contains(tag.Value))).ToList();
            var filter = new BoardReportFilter(a.Board.Id, a.Period, null, source, branch, tag is { } t ? [t] : null);

            var view = await reports.AnalyticsAsync(a.Owner, filter, Ct);

            Assert.Equal(BoardAnalytics.Totals(stages, moves, a.Period), view.Totals);
            Assert.Equal(BoardAnalytics.PerEmployee(stages, moves, a.Period), view.PerEmployee);
            Assert.Equal(BoardAnalytics.LossReasons(stages, moves, a.Period), view.Losses);
            Assert.Equal(BoardAnalytics.Conversion(stages, moves, a.Period), view.Conversion);
            Assert.Equal(BoardAnalytics.TimeInStages(BoardAnalytics.Stays(moves, a.Period)), view.Times);
            Assert.Equal(BoardAnalytics.Flows(moves, a.Period), view.Flows);
            // The board's header strip reads the same conversion, by itself.
            Assert.Equal(view.Conversion, await reports.ConversionAsync(a.Owner, filter, Ct));
        }
        // The branches split the board: neither counts the other's deals, together they are the whole.
        var main = await reports.AnalyticsAsync(a.Owner, new BoardReportFilter(a.Board.Id, a.Period, BranchId: studio.BranchId), Ct);
        var second = await reports.AnalyticsAsync(a.Owner, new BoardReportFilter(a.Board.Id, a.Period, BranchId: branch2), Ct);
        var whole = await reports.AnalyticsAsync(a.Owner, new BoardReportFilter(a.Board.Id, a.Period), Ct);
        Assert.NotEqual(whole.Totals, main.Totals);
        Assert.Equal(whole.Totals.Wins, main.Totals.Wins + second.Totals.Wins);
        Assert.Equal(whole.Conversion.Sum(r => r.Entered), main.Conversion.Sum(r => r.Entered) + second.Conversion.Sum(r => r.Entered));
        Assert.Equal(["Instagram", "Site"], main.Board.Sources.Select(x => x.Name));
        Assert.Equal(["VIP"], main.Board.Tags.Select(x => x.Name));
    }

    [Theory, DatabaseData]
    public async Task ConversionAsync_OutsiderAndTeacherRefused(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var member = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var outsider = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var teacher = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var board = await studio.AddBoardAsync(owner, member);
        var now = studio.Clock.GetUtcNow().UtcDateTime;
        var filter = new BoardReportFilter(board.Id, new Period(now.AddDays(-1), now.AddDays(1)));
        await studio.AddDealAsync(member, board);

        var rows = await Reports(studio).ConversionAsync(member, filter, Ct);

        Assert.Equal(new ConversionRow(board.Start, board.Stage("Call"), 1, 0), rows[0]);
        await Assert.ThrowsAsync<AccessDeniedException>(() => Reports(studio).ConversionAsync(outsider, filter, Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Reports(studio).ConversionAsync(teacher, filter, Ct));
    }
}
