using Studio.Domain.Organisation;
using Studio.Domain.Pipelines;
using Studio.Infrastructure.Pipelines;

namespace Studio.Tests.Services.Pipelines;

/// <summary>A circuit's filters over the shared snapshot: pure, no database.</summary>
public sealed class BoardFilterTests
{
    private static readonly DateTime Now = new(2026, 11, 22, 23, 30, 0, DateTimeKind.Utc); // 01:30 on the 23rd in Kyiv
    private static readonly Guid Start = Guid.NewGuid(), Trial = Guid.NewGuid(), Won = Guid.NewGuid(), Lost = Guid.NewGuid();
    private static readonly Guid Anna = Guid.NewGuid(), Oleh = Guid.NewGuid(), Site = Guid.NewGuid(), Kids = Guid.NewGuid(), Podil = Guid.NewGuid();

    private static DealCard Card(DateTime created, Guid? responsible = null, Guid? source = null, params Guid[] tags) =>
        new(Guid.NewGuid(), Start, Guid.NewGuid(), "Client", null, 0, null, responsible, source, Podil, tags, null, created, created, Guid.NewGuid());

    private static CountedMove Move(StageKind kind, DateTime at, Guid by, bool trial = false, Guid? deal = null) =>
        new(deal ?? Guid.NewGuid(), kind == StageKind.Won ? Won : kind == StageKind.Lost ? Lost : Trial, kind, trial, at, by, by, Site, Podil);

    private static BoardSnapshot Snapshot(IReadOnlyList<DealCard> deals, IReadOnlyList<CountedMove> moves) => new(
        Guid.NewGuid(), "Sales", Guid.NewGuid(), 1, Now,
        [new(Start, "Start", "#90A4AE", 0, StageKind.Start, null, false), new(Trial, "Trial", "#FFCC80", 1, StageKind.Open, null, true),
         new(Won, "Won", "#43A047", 9, StageKind.Won, null, false), new(Lost, "Lost", "#E53935", 10, StageKind.Lost, null, false)],
        deals, [], new HashSet<Guid>(), moves, new Dictionary<Guid, PersonView>(), [], [], [], "Europe/Kyiv");

    [Fact]
    public void Matches_Today_StartsAtMidnightInTheStudiosTimeZone()
    {
        var kyiv = TimeZoneInfo.FindSystemTimeZoneById("Europe/Kyiv");
        var filter = new BoardFilter(BoardPeriod.Today);

        Assert.True(filter.Matches(Card(new DateTime(2026, 11, 22, 22, 30, 0, DateTimeKind.Utc)), Now, kyiv)); // 00:30 Kyiv, today
        Assert.False(filter.Matches(Card(new DateTime(2026, 11, 22, 21, 30, 0, DateTimeKind.Utc)), Now, kyiv)); // 23:30 Kyiv, yesterday
    }

    [Fact]
    public void Matches_Today_InAZoneWhoseClocksJumpAtMidnight_StartsWhenTheDayDoes()
    {
        // Chile springs forward at midnight: 6 September 2026 begins at 01:00 local (04:00 UTC); midnight never happens.
        var santiago = TimeZoneInfo.FindSystemTimeZoneById("America/Santiago");
        var filter = new BoardFilter(BoardPeriod.Today);
        var noon = new DateTime(2026, 9, 6, 15, 0, 0, DateTimeKind.Utc);

        Assert.True(filter.Matches(Card(new DateTime(2026, 9, 6, 4, 0, 0, DateTimeKind.Utc)), noon, santiago)); // 01:00, the day's first minute
        Assert.False(filter.Matches(Card(new DateTime(2026, 9, 6, 3, 30, 0, DateTimeKind.Utc)), noon, santiago)); // 23:30 the day before
    }

    [Fact]
    public void Matches_EmployeeSourceAndTags_AllMustHold()
    {
        var filter = new BoardFilter(EmployeeId: Anna, SourceId: Site, TagIds: [Kids]);

        Assert.True(filter.Matches(Card(Now, Anna, Site, Kids, Guid.NewGuid()), Now));
        Assert.False(filter.Matches(Card(Now, Oleh, Site, Kids), Now));
        Assert.False(filter.Matches(Card(Now, Anna, null, Kids), Now));
        Assert.False(filter.Matches(Card(Now, Anna, Site), Now));
    }

    [Fact]
    public void Figures_Period_CountsTrialsOncePerDealAndWinsAndLossesInThePeriod()
    {
        var deal = Guid.NewGuid();
        var snapshot = Snapshot([], [
            Move(StageKind.Open, Now.AddDays(-1), Anna, trial: true, deal: deal),
            Move(StageKind.Open, Now.AddDays(-2), Anna, trial: true, deal: deal),
            Move(StageKind.Open, Now.AddDays(-3), Oleh, trial: true),
            Move(StageKind.Won, Now.AddDays(-2), Anna),
            Move(StageKind.Won, Now.AddDays(-40), Anna),
            Move(StageKind.Lost, Now.AddHours(-1), Oleh),
        ]);

        Assert.Equal(new BoardFigures(2, 1, 1), new BoardFilter(BoardPeriod.Week).Figures(snapshot, Now));
        Assert.Equal(new BoardFigures(1, 0, 1), new BoardFilter(BoardPeriod.Week, EmployeeId: Anna).Figures(snapshot, Now));
        Assert.Equal(new BoardFigures(2, 1, 2), new BoardFilter(BoardPeriod.Quarter).Figures(snapshot, Now));
    }
}
