using Studio.Domain.Pipelines;
using Studio.Domain.Schedule;
using Studio.Domain.Tasks;
using Studio.Domain.Common;
using Studio.Domain.Reports;

namespace Studio.Domain.Dashboard;

/// <summary>The local day the dashboard counts: its date in the studio's zone and its UTC bounds.</summary>
public sealed record DashboardDay(DateOnly Day, Period Utc)
{
    /// <summary>The studio's day holding <paramref name="utcNow"/>: from its local midnight to the next one.</summary>
    public static DashboardDay Of(DateTime utcNow, TimeZoneInfo zone)
    {
        var day = Zones.Today(utcNow, zone);
        return new(day, new(Midnight(day, zone), Midnight(day.AddDays(1), zone)));
    }

    private static DateTime Midnight(DateOnly day, TimeZoneInfo zone) => Zones.ToUtc(day.ToDateTime(TimeOnly.MinValue), zone);
}

/// <summary>A deal as the dashboard reads it: its board, where it stands and when it got there.</summary>
public sealed record DealFact(Guid BoardId, StageKind Kind, int? TimeLimitDays, DateTime CreatedAt, DateTime StageEnteredAt, DateTime? ClosedAt);

/// <summary>A task as the dashboard reads it.</summary>
public sealed record TaskFact(TaskKind Kind, TaskState Status, DateTime? Deadline, IReadOnlyList<Guid> ExecutorIds);

/// <summary>A lesson as the dashboard reads it: its (branch-local) day, status and teachers.</summary>
public sealed record LessonFact(DateOnly Day, LessonStatus Status, Guid TeacherId, Guid? SecondTeacherId = null);

/// <summary>Today's lessons across branches by status.</summary>
public sealed record LessonsToday(int Planned, int Held, int Cancelled)
{
    public static readonly LessonsToday None = new(0, 0, 0);
    /// <summary>Lessons that take place (held or still planned); cancelled ones are shown apart.</summary>
    public int Taking => Planned + Held;
    public int Total => Planned + Held + Cancelled;
}

/// <summary>One employee's load today: lessons they teach (not cancelled), tasks on them not finished, and of those overdue.</summary>
public sealed record StaffLoadRow(Guid EmployeeId, int Lessons, int OpenTasks, int OverdueTasks);

/// <summary>A board's share of today's figures.</summary>
public sealed record BoardTally(Guid BoardId, int NewLeads, int Wins, int Stale);

/// <summary>The owner's dashboard for one moment.</summary>
public sealed record DashboardFigures(LessonsToday Lessons, int NewLeads, int Wins, int OverdueCalls, int StaleDeals,
    IReadOnlyList<BoardTally> Boards, IReadOnlyList<StaffLoadRow> Staff);

/// <summary>
/// The owner's live dashboard (DOMAIN.md → Reports, "the figures above for today"), as pure rules and one pure calculator
/// over small records: the meaning the database's grouped queries reproduce, and what their tests compare against.
/// <list type="bullet">
/// <item>New leads: deals created today (the studio's local day) on any board.</item>
/// <item>Wins: deals that went into Won today and are still there (an undone win is no win).</item>
/// <item>Overdue calls: personal calls not finished whose deadline has passed.</item>
/// <item>Stale deals: open deals over their stage's time limit (<see cref="StaleRule"/>).</item>
/// <item>Lessons today by status, across branches; staff load per employee.</item>
/// </list>
/// </summary>
public static class DashboardRules
{
    public static bool IsOpen(TaskState status) => !WorkTask.Finished.Contains(status);

    public static bool IsOverdue(TaskState status, DateTime? deadline, DateTime now) => IsOpen(status) && deadline is { } d && d < now;

    public static bool IsOverdueCall(TaskKind kind, TaskState status, DateTime? deadline, DateTime now) =>
        kind == TaskKind.PersonalCall && IsOverdue(status, deadline, now);

    public static bool IsNewLead(DealFact deal, DashboardDay today) => today.Utc.Contains(deal.CreatedAt);

    public static bool IsWin(DealFact deal, DashboardDay today) =>
        deal.Kind == StageKind.Won && deal.ClosedAt is { } at && today.Utc.Contains(at);

    public static bool IsStale(DealFact deal, DateTime now) =>
        deal.ClosedAt is null && StaleRule.IsStale(deal.Kind, deal.TimeLimitDays, deal.StageEnteredAt, now);

    /// <summary>When an open deal in a timed stage turns stale (none if it cannot).</summary>
    public static DateTime? StaleAt(StageKind kind, int? timeLimitDays, DateTime enteredAt) =>
        kind is StageKind.Start or StageKind.Open && timeLimitDays is { } days ? enteredAt.AddDays(days) : null;

    /// <summary>
    /// The next moment a figure can move with no one doing anything: the next deadline, the next deal turning stale, or
    /// midnight. The dashboard reloads on the clock only once it has passed.
    /// </summary>
    public static DateTime NextChange(DashboardDay today, DateTime now, params DateTime?[] upcoming) =>
        upcoming.Where(u => u is { } t && t >= now).Select(u => u!.Value).Append(today.Utc.To).Min();

    public static LessonsToday Lessons(IEnumerable<(LessonStatus Status, int Count)> counts)
    {
        var byStatus = counts.GroupBy(c => c.Status).ToDictionary(g => g.Key, g => g.Sum(c => c.Count));
        return new(byStatus.GetValueOrDefault(LessonStatus.Planned), byStatus.GetValueOrDefault(LessonStatus.Held),
            byStatus.GetValueOrDefault(LessonStatus.Cancelled));
    }

    /// <summary>
    /// Staff load from grouped counts: lessons per teacher (cancelled ones do not load anyone), open and overdue tasks per
    /// executor. Everyone in <paramref name="staff"/> has a row, idle or not; anyone else only with something to do.
    /// Busiest first (lessons and open tasks together), ties by id.
    /// </summary>
    public static IReadOnlyList<StaffLoadRow> StaffLoad(IEnumerable<Guid> staff,
        IEnumerable<(Guid TeacherId, LessonStatus Status, int Count)> lessons,
        IEnumerable<(Guid EmployeeId, int Open, int Overdue)> tasks)
    {
        var rows = staff.Distinct().ToDictionary(id => id, id => new StaffLoadRow(id, 0, 0, 0));
        StaffLoadRow Row(Guid id) => rows.TryGetValue(id, out var r) ? r : new(id, 0, 0, 0);
        foreach (var (teacher, status, count) in lessons.Where(l => l.Status != LessonStatus.Cancelled && l.Count > 0))
            rows[teacher] = Row(teacher) with { Lessons = Row(teacher).Lessons + count };
        foreach (var (employee, open, overdue) in tasks.Where(t => t.Open > 0))
        {
            var r = Row(employee);
            rows[employee] = r with { OpenTasks = r.OpenTasks + open, OverdueTasks = r.OverdueTasks + overdue };
        }
        return rows.Values.OrderByDescending(r => r.Lessons + r.OpenTasks).ThenBy(r => r.EmployeeId).ToList();
    }

    /// <summary>Every figure from the facts themselves: the reference the database's grouped queries must agree with.</summary>
    public static DashboardFigures Compute(IEnumerable<DealFact> deals, IEnumerable<TaskFact> tasks, IEnumerable<LessonFact> lessons,
        IEnumerable<Guid> staff, DateTime now, DashboardDay today)
    {
        var dealList = deals.ToList();
        var taskList = tasks.Where(t => IsOpen(t.Status)).ToList();
        var todays = lessons.Where(l => l.Day == today.Day).ToList();
        var boards = dealList.GroupBy(d => d.BoardId)
            .Select(g => new BoardTally(g.Key, g.Count(d => IsNewLead(d, today)), g.Count(d => IsWin(d, today)), g.Count(d => IsStale(d, now))))
            .Where(b => b.NewLeads + b.Wins + b.Stale > 0)
            .OrderBy(b => b.BoardId).ToList();
        var teaching = todays.SelectMany(l => l.SecondTeacherId is { } s ? [(l.TeacherId, l.Status), (s, l.Status)] : new[] { (l.TeacherId, l.Status) })
            .GroupBy(x => x).Select(g => (g.Key.Item1, g.Key.Item2, g.Count()));
        var perExecutor = taskList.SelectMany(t => t.ExecutorIds.Distinct().Select(e => (Employee: e, Overdue: IsOverdue(t.Status, t.Deadline, now))))
            .GroupBy(x => x.Employee).Select(g => (g.Key, g.Count(), g.Count(x => x.Overdue)));
        return new(
            Lessons(todays.GroupBy(l => l.Status).Select(g => (g.Key, g.Count()))),
            boards.Sum(b => b.NewLeads), boards.Sum(b => b.Wins),
            taskList.Count(t => IsOverdueCall(t.Kind, t.Status, t.Deadline, now)),
            boards.Sum(b => b.Stale), boards,
            StaffLoad(staff, teaching, perExecutor));
    }
}
