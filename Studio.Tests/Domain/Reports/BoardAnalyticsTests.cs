using Studio.Domain.Pipelines;
using Studio.Domain.Reports;

namespace Studio.Tests.Domain.Reports;

/// <summary>Board analytics as tables: a small board, a week of moves, and what each figure must say about them.</summary>
public sealed class BoardAnalyticsTests
{
    private static Guid G(int n) => new($"00000000-0000-0000-0000-{n:000000000000}");

    private static readonly Guid Start = G(1), Call = G(2), Trial = G(3), Contract = G(4), Won = G(8), Lost = G(9);
    private static readonly Guid Anna = G(100), Oleh = G(101), Expensive = G(200), NoTime = G(201);

    public static readonly IReadOnlyList<BoardStage> Stages =
    [
        new(Start, 0, StageKind.Start, false), new(Call, 1, StageKind.Open, false), new(Trial, 2, StageKind.Open, true),
        new(Contract, 3, StageKind.Open, false), new(Won, int.MaxValue - 1, StageKind.Won, false), new(Lost, int.MaxValue, StageKind.Lost, false),
    ];

    private static readonly DateTime Day0 = new(2026, 11, 16, 0, 0, 0, DateTimeKind.Utc);
    private static readonly Period Week = new(Day0, Day0.AddDays(7));

    private static DealStep M(int deal, Guid? from, Guid to, double hours, Guid? responsible = null, Guid? reason = null) =>
        new(G(1000 + deal), from, to, Day0.AddHours(hours), Anna, reason, responsible ?? Anna);

    /// <summary>
    /// Deal 1 (Anna): Start → Call → Trial → Won inside the week. Deal 2 (Anna): Start → Call → Lost (expensive). Deal 3 (Oleh): on the
    /// board before the week, Call before, Trial → Contract inside, Won after the week. Deal 4 (Oleh): Start → Trial (skips Call) → Lost (no time).
    /// Deal 5 (no one): Start inside the week, nothing else.
    /// </summary>
    public static readonly DealStep[] Moves =
    [
        M(1, null, Start, 1), M(1, Start, Call, 3), M(1, Call, Trial, 27), M(1, Trial, Won, 75),
        M(2, null, Start, 2), M(2, Start, Call, 6), M(2, Call, Lost, 16, reason: Expensive),
        M(3, null, Start, -100, Oleh), M(3, Start, Call, -50, Oleh), M(3, Call, Trial, 10, Oleh), M(3, Trial, Contract, 40, Oleh), M(3, Contract, Won, 200, Oleh),
        M(4, null, Start, 5, Oleh), M(4, Start, Trial, 9, Oleh), M(4, Trial, Lost, 33, Oleh, NoTime),
        M(5, null, Start, 50, Guid.Empty) with { ResponsibleId = null },
    ];

    [Fact]
    public void Totals_Week_TrialsAreDistinctDeals_LossesAndWinsAreMoves()
    {
        Assert.Equal(new Outcomes(Trials: 3, Losses: 2, Wins: 1), BoardAnalytics.Totals(Stages, Moves, Week));
    }

    [Fact]
    public void Totals_ADealEnteringTrialTwice_IsOneTrial_ButWonTwiceIsTwoWins()
    {
        DealStep[] moves = [M(7, Start, Trial, 1), M(7, Trial, Call, 2), M(7, Call, Trial, 3), M(7, Trial, Won, 4), M(7, Won, Call, 5), M(7, Call, Won, 6)];

        Assert.Equal(new Outcomes(1, 0, 2), BoardAnalytics.Totals(Stages, moves, Week));
    }

    [Fact]
    public void PerEmployee_CountsForTheDealsResponsible_NotForWhoeverMovedIt()
    {
        Assert.Equal(
            [new EmployeeOutcomes(Anna, 1, 1, 1), new EmployeeOutcomes(Oleh, 2, 1, 0)],
            BoardAnalytics.PerEmployee(Stages, Moves, Week));
    }

    [Fact]
    public void LossReasons_CountsMovesIntoLostByReason()
    {
        Assert.Equal([new LossRow(Expensive, 1), new LossRow(NoTime, 1)], BoardAnalytics.LossReasons(Stages, Moves, Week));
        Assert.Empty(BoardAnalytics.LossReasons(Stages, Moves, new Period(Day0.AddDays(7), Day0.AddDays(14))));
    }

    [Fact]
    public void Conversion_OfTheDealsThatEnteredAStage_HowManyReachedTheNextOrFurther()
    {
        var rows = BoardAnalytics.Conversion(Stages, Moves, Week);

        Assert.Equal(
            [
                new ConversionRow(Start, Call, Entered: 4, WentOn: 3),     // 1, 2, 4, 5 entered; 1, 2 called, 4 skipped to Trial; 5 stayed
                new ConversionRow(Call, Trial, Entered: 2, WentOn: 1),     // 1 and 2 (3 called before the week); 1 to Trial, 2 lost
                new ConversionRow(Trial, Contract, Entered: 3, WentOn: 2), // 1 won (skipping Contract), 3 to Contract; 4 lost
                new ConversionRow(Contract, Won, Entered: 1, WentOn: 0),   // 3 won only after the week
            ],
            rows);
        Assert.Equal(66.7m, rows[2].Percent);
    }

    [Fact]
    public void Conversion_ABackwardMoveIsNotGoingOn()
    {
        DealStep[] moves = [M(7, Call, Trial, 1), M(7, Trial, Call, 2)];

        Assert.Equal(new ConversionRow(Trial, Contract, 1, 0), BoardAnalytics.Conversion(Stages, moves, Week)[2]);
        Assert.Equal(0m, new ConversionRow(Trial, Contract, 0, 0).Percent);
    }

    [Fact]
    public void Stays_EndedInThePeriod_FromTheLatestEntryBeforeLeaving_CardsStillThereLeftOut()
    {
        var stays = BoardAnalytics.Stays(Moves, Week);

        Assert.Contains(new StageStay(Call, Day0.AddHours(-50), Day0.AddHours(10)), stays); // entered before the week, left inside
        Assert.Contains(new StageStay(Trial, Day0.AddHours(27), Day0.AddHours(75)), stays);
        Assert.DoesNotContain(stays, s => s.StageId == Contract);                               // deal 3 left Contract after the week
        Assert.DoesNotContain(stays, s => s.EnteredAt == Day0.AddHours(50));                    // deal 5 still in Start
        Assert.Equal(9, stays.Count);
    }

    [Fact]
    public void Stays_AnotherLossReason_IsAMoveFromLostToLost_TheStayBeganWithTheFirst()
    {
        DealStep[] moves = [M(7, Call, Lost, 1, reason: Expensive), M(7, Lost, Lost, 3, reason: NoTime)];

        Assert.Equal([new StageStay(Lost, Day0.AddHours(1), Day0.AddHours(3))], BoardAnalytics.Stays(moves, Week));
    }

    [Fact]
    public void TimeInStages_AverageAndMedian()
    {
        var times = BoardAnalytics.TimeInStages(BoardAnalytics.Stays(Moves, Week));

        // Start: 2, 4, 4 hours (deals 1, 2, 4) → average 3.33, median 4. Call: 24, 10, 60 → 31.33 and 24. Trial: 48, 30, 24 → 34 and 30.
        Assert.Equal(
            [new StageTime(Start, 3, 3.33, 4), new StageTime(Call, 3, 31.33, 24), new StageTime(Trial, 3, 34, 30)],
            times);
        Assert.Equal(new StageTime(Call, 2, 1.5, 1.5),
            BoardAnalytics.TimeInStages([new(Call, Day0, Day0.AddHours(1)), new(Call, Day0, Day0.AddHours(2))]).Single());
    }

    [Fact]
    public void Flows_CountMovesBetweenStagesInThePeriod_NotAppearances()
    {
        Assert.Equal(
            [
                new FlowRow(Start, Call, 2), new FlowRow(Start, Trial, 1), new FlowRow(Call, Trial, 2), new FlowRow(Call, Lost, 1),
                new FlowRow(Trial, Contract, 1), new FlowRow(Trial, Won, 1), new FlowRow(Trial, Lost, 1),
            ],
            BoardAnalytics.Flows(Moves, Week));
    }
}
