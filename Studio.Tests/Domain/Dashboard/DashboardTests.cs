using Studio.Domain.Pipelines;
using Studio.Domain.Reports;
using Studio.Domain.Schedule;
using Studio.Domain.Tasks;
using Studio.Domain.Dashboard;
using Studio.Domain.Common;

namespace Studio.Tests.Domain.Dashboard;

/// <summary>The owner's dashboard rules, as tables around one Kyiv day (23.11.2026, UTC+2).</summary>
public sealed class DashboardTests
{
    private static readonly TimeZoneInfo Kyiv = Zones.Find("Europe/Kyiv");
    /// <summary>11:00 in Kyiv.</summary>
    private static readonly DateTime Now = new(2026, 11, 23, 9, 0, 0, DateTimeKind.Utc);
    private static readonly DashboardDay Today = DashboardDay.Of(Now, Kyiv);
    private static readonly Guid BoardA = new("00000000-0000-0000-0000-0000000000a1");
    private static readonly Guid BoardB = new("00000000-0000-0000-0000-0000000000b1");
    private static readonly Guid[] P = [Guid.Empty, .. Enumerable.Range(1, 5).Select(i => new Guid($"00000000-0000-0000-0000-00000000010{i}"))];

    /// <summary>Hours from now (negative: before).</summary>
    private static DateTime H(double hours) => Now.AddHours(hours);

    [Fact]
    public void DashboardDay_Of_KyivLocalMidnightToMidnight()
    {
        Assert.Equal(new DateOnly(2026, 11, 23), Today.Day);
        Assert.Equal(new DateTime(2026, 11, 22, 22, 0, 0, DateTimeKind.Utc), Today.Utc.From);
        Assert.Equal(new DateTime(2026, 11, 23, 22, 0, 0, DateTimeKind.Utc), Today.Utc.To);
        // 23:30 UTC on the 22nd is already the 23rd in Kyiv.
        Assert.Equal(new DateOnly(2026, 11, 23), DashboardDay.Of(new DateTime(2026, 11, 22, 23, 30, 0, DateTimeKind.Utc), Kyiv).Day);
    }

    public static TheoryData<TaskKind, TaskState, double?, bool> OverdueCalls => new()
    {
        { TaskKind.PersonalCall, TaskState.New, -1, true },
        { TaskKind.PersonalCall, TaskState.InProgress, -0.01, true },
        { TaskKind.PersonalCall, TaskState.Clarification, -48, true },
        { TaskKind.PersonalCall, TaskState.NotAccepted, -1, true },
        { TaskKind.PersonalCall, TaskState.Read, 1, false },        // not yet due
        { TaskKind.PersonalCall, TaskState.Read, 0, false },        // due this instant: not passed
        { TaskKind.PersonalCall, TaskState.Read, null, false },     // no deadline
        { TaskKind.PersonalCall, TaskState.Done, -1, false },
        { TaskKind.PersonalCall, TaskState.Closed, -1, false },
        { TaskKind.PersonalCall, TaskState.Cancelled, -1, false },
        { TaskKind.Client, TaskState.New, -1, false },              // overdue, but not a call
        { TaskKind.Internal, TaskState.New, -1, false },
        { TaskKind.CallCampaign, TaskState.New, -1, false },        // the campaign itself; its calls are personal calls
    };

    [Theory, MemberData(nameof(OverdueCalls))]
    public void IsOverdueCall_KindStatusDeadline_Decides(TaskKind kind, TaskState status, double? deadlineHours, bool expected) =>
        Assert.Equal(expected, DashboardRules.IsOverdueCall(kind, status, deadlineHours is { } h ? H(h) : null, Now));

    public static TheoryData<StageKind, int?, double, double?, bool, bool, bool> Deals => new()
    {
        // kind, limit, created (h), closed (h; also entered for Won/Lost), new lead, win, stale
        { StageKind.Start, null, -1, null, true, false, false },
        { StageKind.Start, null, -10.9, null, true, false, false },     // 00:06 today in Kyiv
        { StageKind.Start, null, -11.1, null, false, false, false },    // 23:54 yesterday in Kyiv
        { StageKind.Won, null, -100, -2, false, true, false },
        { StageKind.Won, null, -1, -0.5, true, true, false },           // came in and won today: both
        { StageKind.Won, null, -100, -12, false, false, false },        // won yesterday (Kyiv)
        { StageKind.Lost, null, -100, -2, false, false, false },
        { StageKind.Open, 7, -200, null, false, false, true },          // entered 200 h ago, limit 7 d = 168 h
        { StageKind.Open, 7, -100, null, false, false, false },
        { StageKind.Open, null, -2000, null, false, false, false },     // no limit: never stale
    };

    [Theory, MemberData(nameof(Deals))]
    public void DealRules_NewLeadWinStale(StageKind kind, int? limit, double createdHours, double? closedHours, bool lead, bool win, bool stale)
    {
        var deal = new DealFact(BoardA, kind, limit, H(createdHours), closedHours is { } c ? H(c) : H(createdHours), closedHours is { } x ? H(x) : null);

        Assert.Equal((lead, win, stale), (DashboardRules.IsNewLead(deal, Today), DashboardRules.IsWin(deal, Today), DashboardRules.IsStale(deal, Now)));
    }

    [Fact]
    public void Lessons_CountsByStatus_SumsRepeatedStatuses() =>
        Assert.Equal(new LessonsToday(3, 2, 1),
            DashboardRules.Lessons([(LessonStatus.Planned, 2), (LessonStatus.Held, 2), (LessonStatus.Planned, 1), (LessonStatus.Cancelled, 1)]));

    [Fact]
    public void StaffLoad_LessonsNotCancelled_TasksPerExecutor_IdleStaffListed_BusiestFirst()
    {
        var rows = DashboardRules.StaffLoad([P[1], P[2], P[3]],
            [(P[1], LessonStatus.Planned, 2), (P[1], LessonStatus.Held, 1), (P[1], LessonStatus.Cancelled, 4), (P[4], LessonStatus.Planned, 1)],
            [(P[2], 5, 2), (P[1], 1, 0), (P[5], 0, 0)]);

        Assert.Equal(
            [
                new StaffLoadRow(P[2], 0, 5, 2),   // busiest: 5
                new StaffLoadRow(P[1], 3, 1, 0),   // 2 planned + 1 held (cancelled lessons load no one) + 1 task
                new StaffLoadRow(P[4], 1, 0, 0),   // not staff (the owner teaching), but has a lesson
                new StaffLoadRow(P[3], 0, 0, 0),   // idle staff still listed
            ],                                     // P5 has nothing and is not staff: no row
            rows);
    }

    [Fact]
    public void NextChange_EarliestUpcoming_PastOnesIgnored_MidnightAtTheLatest()
    {
        Assert.Equal(H(2), DashboardRules.NextChange(Today, Now, H(-1), H(5), null, H(2)));
        Assert.Equal(Today.Utc.To, DashboardRules.NextChange(Today, Now, H(-1), null));
        Assert.Equal(Today.Utc.To, DashboardRules.NextChange(Today, Now, H(48)));
        Assert.Equal(H(24 * 7 - 1), DashboardRules.StaleAt(StageKind.Open, 7, H(-1)));
        Assert.Null(DashboardRules.StaleAt(StageKind.Won, 7, H(-1)));
        Assert.Null(DashboardRules.StaleAt(StageKind.Open, null, H(-1)));
    }

    [Fact]
    public void Compute_AStudiosDay_EveryFigure()
    {
        DealFact Deal(Guid board, StageKind kind, double created, double? closed = null, int? limit = null, double? entered = null) =>
            new(board, kind, limit, H(created), H(entered ?? closed ?? created), closed is { } c ? H(c) : null);
        var deals = new[]
        {
            Deal(BoardA, StageKind.Start, -1), Deal(BoardA, StageKind.Start, -2), Deal(BoardB, StageKind.Start, -3),   // 3 new leads
            Deal(BoardA, StageKind.Won, -300, -1), Deal(BoardB, StageKind.Won, -1, -0.5),                             // 2 wins (one also new)
            Deal(BoardA, StageKind.Won, -300, -30),                                                                  // won yesterday
            Deal(BoardB, StageKind.Open, -300, limit: 7, entered: -200), Deal(BoardB, StageKind.Open, -300, limit: 7, entered: -100), // 1 stale
            Deal(BoardA, StageKind.Lost, -300, -2),
        };
        var tasks = new[]
        {
            new TaskFact(TaskKind.PersonalCall, TaskState.New, H(-1), [P[1]]),
            new TaskFact(TaskKind.PersonalCall, TaskState.InProgress, H(-3), [P[1], P[2]]),   // one call, two executors
            new TaskFact(TaskKind.PersonalCall, TaskState.Done, H(-3), [P[1]]),
            new TaskFact(TaskKind.PersonalCall, TaskState.Read, H(3), [P[2]]),
            new TaskFact(TaskKind.Client, TaskState.Read, H(-3), [P[2]]),
        };
        var lessons = new[]
        {
            new LessonFact(Today.Day, LessonStatus.Held, P[3]), new LessonFact(Today.Day, LessonStatus.Planned, P[3], P[4]),
            new LessonFact(Today.Day, LessonStatus.Cancelled, P[4]), new LessonFact(Today.Day.AddDays(1), LessonStatus.Planned, P[3]),
        };

        var f = DashboardRules.Compute(deals, tasks, lessons, [P[1], P[2], P[3], P[4], P[5]], Now, Today);

        Assert.Equal(new LessonsToday(1, 1, 1), f.Lessons);
        Assert.Equal((4, 2, 2, 1), (f.NewLeads, f.Wins, f.OverdueCalls, f.StaleDeals));
        Assert.Equal(
            [new BoardTally(BoardA, 2, 1, 0), new BoardTally(BoardB, 2, 1, 1)],
            f.Boards);
        Assert.Equal(
            [
                new StaffLoadRow(P[2], 0, 3, 2), new StaffLoadRow(P[1], 0, 2, 2), new StaffLoadRow(P[3], 2, 0, 0),   // ties by id
                new StaffLoadRow(P[4], 1, 0, 0), new StaffLoadRow(P[5], 0, 0, 0),
            ],
            f.Staff);
    }
}
