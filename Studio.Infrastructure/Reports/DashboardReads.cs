using Microsoft.EntityFrameworkCore;
using Studio.Domain.Organisation;
using Studio.Domain.Pipelines;
using Studio.Domain.Reports;
using Studio.Domain.Schedule;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Live;
using Studio.Infrastructure.Persistence;

namespace Studio.Infrastructure.Reports;

/// <summary>A board's line on the dashboard: its share of today's new leads and wins, and its stale deals.</summary>
public sealed record DashboardBoard(Guid Id, string Name, int NewLeads, int Wins, int Stale);

/// <summary>An employee's load today.</summary>
public sealed record StaffLoadView(Guid Id, string Name, string Initials, EmployeeRole Role, int Lessons, int OpenTasks, int OverdueTasks);

/// <summary>
/// The owner's dashboard at one moment: loaded once per change per node and shared by every owner watching.
/// <paramref name="NextChangeAt"/> is when a figure moves by the clock alone (a deadline, a deal turning stale, midnight).
/// </summary>
public sealed record DashboardSnapshot(long Sequence, DateTime LoadedAt, DateOnly Day, LessonsToday Lessons, int NewLeads, int Wins,
    int OverdueCalls, int StaleDeals, IReadOnlyList<DashboardBoard> Boards, IReadOnlyList<StaffLoadView> Staff, DateTime NextChangeAt) : ISequenced
{
    /// <summary>Whether the two show the same: the day and every figure (not when they were read, nor their order).</summary>
    public bool SameFigures(DashboardSnapshot other) =>
        Day == other.Day && Lessons == other.Lessons && NewLeads == other.NewLeads && Wins == other.Wins && OverdueCalls == other.OverdueCalls &&
        StaleDeals == other.StaleDeals && (ReferenceEquals(Boards, other.Boards) || Boards.SequenceEqual(other.Boards)) &&
        (ReferenceEquals(Staff, other.Staff) || Staff.SequenceEqual(other.Staff));

    /// <summary>
    /// This snapshot made to share what <paramref name="previous"/> already showed (ADR-008): equal lists are the earlier
    /// instances, so a screen compares them by reference; with no figure moved it keeps the earlier read time too, and
    /// so shows nothing new.
    /// </summary>
    public DashboardSnapshot Reuse(DashboardSnapshot? previous)
    {
        if (previous is null) return this;
        var next = this with
        {
            Lessons = Lessons == previous.Lessons ? previous.Lessons : Lessons,
            Boards = Boards.SequenceEqual(previous.Boards) ? previous.Boards : Boards,
            Staff = Staff.SequenceEqual(previous.Staff) ? previous.Staff : Staff,
        };
        return next.SameFigures(previous) ? next with { LoadedAt = previous.LoadedAt } : next;
    }
}

/// <summary>
/// Reads the dashboard's figures with a handful of grouped queries (COUNT / MIN … GROUP BY), never the rows themselves;
/// the meaning is <see cref="Dashboard"/>'s, and the tests hold the two together.
/// </summary>
public sealed class DashboardReads(IDbContextFactory<StudioDbContext> factory, TimeProvider clock)
{
    private static readonly TaskState[] Finished = WorkTask.Finished;

    public async Task<DashboardSnapshot> LoadAsync(long sequence, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = factory.CreateDbContext();
        var zoneId = await db.Organisations.AsNoTracking().OrderBy(o => o.Id).Select(o => o.TimeZoneId).FirstOrDefaultAsync(ct);
        var today = DashboardDay.Of(now, Zones.Find(zoneId ?? "Europe/Kyiv"));
        var (dayStart, dayEnd) = (today.Utc.From, today.Utc.To);

        // Deals: per board and stage, today's new ones, today's wins, the stale ones and when the next one turns stale.
        var perStage = await (
                from d in db.Deals
                join s in db.Stages on d.StageId equals s.Id
                where (d.CreatedAt >= dayStart && d.CreatedAt < dayEnd)
                      || (s.Kind == StageKind.Won && d.ClosedAt >= dayStart && d.ClosedAt < dayEnd)
                      || (d.ClosedAt == null && s.TimeLimitDays != null && (s.Kind == StageKind.Start || s.Kind == StageKind.Open))
                group new { d.CreatedAt, d.ClosedAt, d.StageEnteredAt } by new { d.BoardId, d.StageId, s.Kind, s.TimeLimitDays } into g
                select new
                {
                    g.Key.BoardId, g.Key.Kind, g.Key.TimeLimitDays,
                    New = g.Count(x => x.CreatedAt >= dayStart && x.CreatedAt < dayEnd),
                    Wins = g.Count(x => g.Key.Kind == StageKind.Won && x.ClosedAt >= dayStart && x.ClosedAt < dayEnd),
                    Stale = g.Count(x => x.ClosedAt == null && g.Key.TimeLimitDays != null && (g.Key.Kind == StageKind.Start || g.Key.Kind == StageKind.Open)
                                         && x.StageEnteredAt < now.AddDays(-(double)g.Key.TimeLimitDays!.Value)),
                    // The deal that entered earliest among those not stale yet is the next to turn stale.
                    EarliestFresh = g.Min(x => x.ClosedAt == null && g.Key.TimeLimitDays != null && (g.Key.Kind == StageKind.Start || g.Key.Kind == StageKind.Open)
                                               && x.StageEnteredAt >= now.AddDays(-(double)g.Key.TimeLimitDays!.Value)
                        ? (DateTime?)x.StageEnteredAt : null),
                })
            .ToListAsync(ct);
        var boards = await db.Boards.AsNoTracking().Select(b => new { b.Id, b.Name, b.IsArchived }).ToListAsync(ct);

        // Tasks: overdue calls and the next deadline to pass; open and overdue per executor.
        var callRows = await db.Tasks.Where(t => !Finished.Contains(t.Status) && t.Deadline != null)
            .GroupBy(t => 1)
            .Select(g => new
            {
                Overdue = g.Count(t => t.Kind == TaskKind.PersonalCall && t.Deadline < now),
                Next = g.Min(t => t.Deadline >= now ? t.Deadline : null),
            })
            .ToListAsync(ct);
        var calls = callRows.SingleOrDefault();
        // From the executors' side with the open tasks as a set: one pass over each table, not a lookup per executor row.
        var open = db.Tasks.Where(t => !Finished.Contains(t.Status));
        var openIds = open.Select(t => t.Id);
        var overdueIds = open.Where(t => t.Deadline < now).Select(t => t.Id);
        var perExecutor = await db.Set<TaskExecutor>()
            .Where(e => openIds.Contains(e.TaskId))
            .GroupBy(e => e.EmployeeId)
            .Select(g => new { EmployeeId = g.Key, Open = g.Count(), Overdue = g.Count(e => overdueIds.Contains(e.TaskId)) })
            .ToListAsync(ct);

        // Lessons today across branches (each branch's day is local to it; the studio's day is the one shown).
        var byTeacher = await db.Lessons.Where(l => l.Day == today.Day)
            .GroupBy(l => new { l.TeacherId, l.Status })
            .Select(g => new { g.Key.TeacherId, g.Key.Status, Count = g.Count() })
            .ToListAsync(ct);
        var bySecond = await db.Lessons.Where(l => l.Day == today.Day && l.SecondTeacherId != null && l.Status != LessonStatus.Cancelled)
            .GroupBy(l => l.SecondTeacherId!.Value)
            .Select(g => new { TeacherId = g.Key, Count = g.Count() })
            .ToListAsync(ct);

        var busy = byTeacher.Select(l => l.TeacherId).Concat(bySecond.Select(l => l.TeacherId)).Concat(perExecutor.Select(e => e.EmployeeId)).Distinct().ToList();
        var people = await db.Employees.AsNoTracking().IgnoreAutoIncludes()
            .Where(e => (e.IsActive && e.Role != EmployeeRole.Owner) || busy.Contains(e.Id))
            .Select(e => new { e.Id, e.FullName, e.Role, e.IsActive })
            .ToListAsync(ct);

        var load = Dashboard.StaffLoad(people.Where(p => p.IsActive && p.Role != EmployeeRole.Owner).Select(p => p.Id),
            [.. byTeacher.Select(l => (l.TeacherId, l.Status, l.Count)), .. bySecond.Select(l => (l.TeacherId, LessonStatus.Planned, l.Count))],
            perExecutor.Select(e => (e.EmployeeId, e.Open, e.Overdue)));
        var names = people.ToDictionary(p => p.Id);
        var staff = load.Where(r => names.ContainsKey(r.EmployeeId))
            .Select(r => (Row: r, Who: names[r.EmployeeId]))
            .Select(x => new StaffLoadView(x.Row.EmployeeId, x.Who.FullName, Employee.InitialsOf(x.Who.FullName), x.Who.Role,
                x.Row.Lessons, x.Row.OpenTasks, x.Row.OverdueTasks))
            .OrderByDescending(r => r.Lessons + r.OpenTasks).ThenBy(r => r.Name, StringComparer.CurrentCulture).ToList();

        var archived = boards.Where(b => b.IsArchived).Select(b => b.Id).ToHashSet();
        var tallies = perStage.GroupBy(s => s.BoardId)
            .Select(g => new BoardTally(g.Key, g.Sum(s => s.New), g.Sum(s => s.Wins), archived.Contains(g.Key) ? 0 : g.Sum(s => s.Stale)))
            .ToList();
        var boardNames = boards.ToDictionary(b => b.Id, b => b.Name);
        var boardViews = tallies.Where(t => t.NewLeads + t.Wins + t.Stale > 0)
            .Select(t => new DashboardBoard(t.BoardId, boardNames.GetValueOrDefault(t.BoardId) ?? "", t.NewLeads, t.Wins, t.Stale))
            .OrderBy(b => b.Name, StringComparer.CurrentCulture).ToList();

        var nextStale = perStage.Where(s => !archived.Contains(s.BoardId))
            .Select(s => s.EarliestFresh is { } e ? Dashboard.StaleAt(s.Kind, s.TimeLimitDays, e) : null);
        var next = Dashboard.NextChange(today, now, [calls?.Next, .. nextStale]);

        return new(sequence, now, today.Day, Dashboard.Lessons(byTeacher.Select(l => (l.Status, l.Count))),
            tallies.Sum(t => t.NewLeads), tallies.Sum(t => t.Wins), calls?.Overdue ?? 0, tallies.Sum(t => t.Stale),
            boardViews, staff, next);
    }
}
