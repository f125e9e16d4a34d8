using Studio.Domain.Reports;

namespace Studio.Tests.Domain.Reports;

/// <summary>The funnels of DOMAIN.md → Reports, on its worked example and around it.</summary>
public sealed class FunnelsTests
{
    private static readonly Guid Lead = new("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid Potential = new("00000000-0000-0000-0000-00000000000b");
    private static readonly Guid New = new("00000000-0000-0000-0000-00000000000c");
    private static readonly Guid Gone = new("00000000-0000-0000-0000-00000000000d");
    private static readonly Guid Instagram = new("00000000-0000-0000-0000-0000000000f1");
    private static readonly Guid Billboard = new("00000000-0000-0000-0000-0000000000f2");
    private static readonly Guid[] Client = [Guid.Empty, .. Enumerable.Range(1, 6).Select(i => new Guid($"00000000-0000-0000-0000-0000000001{i:00}"))];

    private static readonly DateTime Day = new(2026, 11, 20, 0, 0, 0, DateTimeKind.Utc);
    private static readonly Period TheDay = new(Day, Day.AddDays(1));

    private static long _seq;

    private static StatusMove Move(int client, Guid? from, Guid to, double hour, Guid? source = null) =>
        new(Client[client], from, to, Day.AddHours(hour), source, Interlocked.Increment(ref _seq));

    /// <summary>
    /// One day: client 1 Lead → Potential → New; client 2 became Potential; client 3 became Gone; client 4 became Lead;
    /// client 5 became New. Before the day client 2 was a Lead, 3 New, 5 Potential; after it client 4 became Potential.
    /// </summary>
    private static readonly StatusMove[] WorkedExample =
    [
        Move(2, null, Lead, -30, Instagram), Move(3, null, New, -50), Move(5, null, Potential, -20, Billboard),
        Move(1, null, Lead, 9, Instagram), Move(1, Lead, Potential, 11, Instagram), Move(1, Potential, New, 15, Instagram),
        Move(2, Lead, Potential, 10, Instagram), Move(3, New, Gone, 12), Move(4, null, Lead, 13, Instagram), Move(5, Potential, New, 16, Billboard),
        Move(4, Lead, Potential, 30, Instagram),
    ];

    [Fact]
    public void EveryMove_WorkedExample_Lead2of2_Potential2of2_New2of2_Gone1of1()
    {
        var rows = Funnels.EveryMove(WorkedExample, TheDay);

        Assert.Equal(
            [new EveryMoveRow(Lead, 2, 2), new EveryMoveRow(Potential, 2, 2), new EveryMoveRow(New, 2, 2), new EveryMoveRow(Gone, 1, 1)],
            rows);
    }

    [Fact]
    public void WhereNow_WorkedExample_Lead1_Potential1_New2_Gone1_WithWhereEachStoodBefore()
    {
        var funnel = Funnels.WhereNow(WorkedExample, TheDay);

        Assert.Equal([new WhereNowRow(Lead, 1), new WhereNowRow(Potential, 1), new WhereNowRow(New, 2), new WhereNowRow(Gone, 1)], funnel.Rows);
        Assert.Equal(
            [
                new TransitionCell(null, Lead, 1), new TransitionCell(null, New, 1),    // client 4; client 1 (its moves inside the day not counted)
                new TransitionCell(Lead, Potential, 1),                                   // client 2
                new TransitionCell(Potential, New, 1),                                    // client 5
                new TransitionCell(New, Gone, 1),                                         // client 3
            ],
            funnel.Table);
    }

    [Fact]
    public void EveryMove_SameClientTwiceIntoAStatus_TwoTransitionsOneClient()
    {
        StatusMove[] moves = [Move(6, null, Lead, 1), Move(6, Lead, Potential, 2), Move(6, Potential, Lead, 3), Move(6, Lead, Potential, 4)];

        Assert.Equal([new EveryMoveRow(Lead, 2, 1), new EveryMoveRow(Potential, 2, 1)], Funnels.EveryMove(moves, TheDay));
        Assert.Equal([new WhereNowRow(Potential, 1)], Funnels.WhereNow(moves, TheDay).Rows);
    }

    [Fact]
    public void WhereNow_SameInstant_TheLaterRecordedWins()
    {
        StatusMove[] moves = [Move(6, null, Lead, 5), Move(6, Lead, New, 5)];

        Assert.Equal([new WhereNowRow(New, 1)], Funnels.WhereNow(moves, TheDay).Rows);
    }

    [Fact]
    public void Transitions_DistinctClientsPerFromAndTo()
    {
        var cells = Funnels.Transitions(WorkedExample, TheDay);

        Assert.Equal(
            [
                new TransitionCell(null, Lead, 2), new TransitionCell(Lead, Potential, 2), new TransitionCell(Potential, New, 2), new TransitionCell(New, Gone, 1),
            ],
            cells);
    }

    [Fact]
    public void PerSource_NotSetIncluded_FunnelsPerSourceAddUpToTheWhole()
    {
        var per = Funnels.PerSource(WorkedExample, m => Funnels.EveryMove(m, TheDay));

        Assert.Equal([null, Instagram, Billboard], per.Select(p => p.SourceId));
        Assert.Equal([new EveryMoveRow(Gone, 1, 1)], per[0].Funnel);
        Assert.Equal([new EveryMoveRow(Lead, 2, 2), new EveryMoveRow(Potential, 2, 2), new EveryMoveRow(New, 1, 1)], per[1].Funnel);
        Assert.Equal([new EveryMoveRow(New, 1, 1)], per[2].Funnel);
        var whole = Funnels.EveryMove(WorkedExample, TheDay);
        Assert.All(whole, row => Assert.Equal(row.Transitions, per.Sum(p => p.Funnel.Where(r => r.StatusId == row.StatusId).Sum(r => r.Transitions))));
    }
}
