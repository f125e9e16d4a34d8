using Microsoft.EntityFrameworkCore;
using Studio.Domain.Organisation;
using Studio.Domain.Pipelines;
using Studio.Domain.Reports;
using Studio.Domain.Schedule;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Billing;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Live;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Tasks;
using Studio.Domain.Dashboard;

namespace Studio.Infrastructure.Dashboard;

/// <summary>A board's line on the dashboard: its share of today's new leads and wins, and its stale deals.</summary>
public sealed record DashboardBoard(Guid Id, string Name, int NewLeads, int Wins, int Stale);

/// <summary>An employee's load today.</summary>
public sealed record StaffLoadView(Guid Id, string Name, string Initials, EmployeeRole Role, int Lessons, int OpenTasks, int OverdueTasks);

/// <summary>
/// The owner's dashboard at one moment, of the whole studio or one branch (<see cref="Scope"/>): loaded once per change per
/// node and key, and shared by every owner watching that key.
/// <paramref name="NextChangeAt"/> is when a figure moves by the clock alone (a deadline, a deal turning stale, midnight).
/// </summary>
public sealed record DashboardSnapshot(long Sequence, DateTime LoadedAt, DateOnly Day, LessonsToday Lessons, int NewLeads, int Wins,
    int OverdueCalls, int StaleDeals, IReadOnlyList<DashboardBoard> Boards, IReadOnlyList<StaffLoadView> Staff, DateTime NextChangeAt) : ISequenced
{
    /// <summary>The rows it was built from, so a change can re-read one part and keep the rest (none: a patch loads it whole).</summary>
    public DashboardRows? Rows { get; init; }

    /// <summary>Whose figures these are: the whole studio's or one branch's.</summary>
    public DashboardScope Scope { get; init; }

    /// <summary>Clients whose birthday is this week (the studio's week holding its today).</summary>
    public int Birthdays { get; init; }

    /// <summary>Clients who owe visits.</summary>
    public int Debtors { get; init; }

    /// <summary>Whether the two show the same: the day and every figure (not when they were read, nor their order).</summary>
    public bool SameFigures(DashboardSnapshot other) =>
        Scope == other.Scope && Day == other.Day && Lessons == other.Lessons && NewLeads == other.NewLeads && Wins == other.Wins && OverdueCalls == other.OverdueCalls &&
        StaleDeals == other.StaleDeals && Birthdays == other.Birthdays && Debtors == other.Debtors && (ReferenceEquals(Boards, other.Boards) || Boards.SequenceEqual(other.Boards)) &&
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

/// <summary>Which parts of the dashboard a change can move: each is read by its own small queries.</summary>
[Flags]
public enum DashboardParts
{
    None = 0,
    /// <summary>New leads, wins and stale deals, in total and per board (and when the next deal turns stale).</summary>
    Deals = 1,
    /// <summary>Overdue calls, the next deadline, and the staff's open and overdue tasks.</summary>
    Tasks = 2,
    /// <summary>Today's lessons by status, and the staff's lessons.</summary>
    Lessons = 4,
    /// <summary>This week's birthdays.</summary>
    Birthdays = 8,
    /// <summary>The clients who owe visits.</summary>
    Debtors = 16,
    All = Deals | Tasks | Lessons | Birthdays | Debtors,
}

/// <summary>
/// The grouped rows a <see cref="DashboardSnapshot"/> was built from, kept with it so a patch re-reads only the part a
/// change can move and builds the snapshot from the new rows and the kept ones, exactly as a whole load builds it.
/// </summary>
public sealed record DashboardRows(
    DashboardDay Today,
    IReadOnlyList<DashboardRows.StageRow> Deals,
    IReadOnlyList<DashboardRows.BoardRow> Boards,
    DashboardRows.CallRow? Calls,
    IReadOnlyList<DashboardRows.ExecutorRow> Executors,
    IReadOnlyList<DashboardRows.TeacherRow> Teachers,
    IReadOnlyList<DashboardRows.TeacherRow> Seconds,
    IReadOnlyList<DashboardRows.PersonRow> People)
{
    /// <summary>Whose rows these are (a patch reads the same branch's rows): the whole studio's or one branch's.</summary>
    public DashboardScope Scope { get; init; }

    /// <summary>One board stage's deals: today's new ones, today's wins, the stale ones, and the earliest entry among the fresh ones.</summary>
    public sealed record StageRow(Guid BoardId, StageKind Kind, int? TimeLimitDays, int New, int Wins, int Stale, DateTime? EarliestFresh);
    public sealed record BoardRow(Guid Id, string Name, bool IsArchived);
    public sealed record CallRow(int Overdue, DateTime? Next);
    public sealed record ExecutorRow(Guid EmployeeId, int Open, int Overdue);
    public sealed record TeacherRow(Guid TeacherId, LessonStatus Status, int Count);
    public sealed record PersonRow(Guid Id, string FullName, EmployeeRole Role, bool IsActive);

    /// <summary>This week's birthdays and the clients who owe visits (each read by one count).</summary>
    public int Birthdays { get; init; }
    public int Debtors { get; init; }

    /// <summary>Everyone with a lesson or an open task today.</summary>
    public IEnumerable<Guid> Busy => Teachers.Select(l => l.TeacherId).Concat(Seconds.Select(l => l.TeacherId)).Concat(Executors.Select(e => e.EmployeeId)).Distinct();
}

/// <summary>
/// Reads the dashboard's figures with a handful of grouped queries (COUNT / MIN … GROUP BY), never the rows themselves;
/// the meaning is <see cref="Dashboard"/>'s, and the tests hold the two together. A change re-reads only the part it can
/// move (<see cref="PatchAsync"/>): a new lead or a card move the named deals' boards (one command), a task the tasks
/// (two), a lesson today's lessons and the debtors (three), a payment the debtors (one), a client's edit the birthdays (one); a
/// whole load is ten.
/// </summary>
public sealed class DashboardReads(IDbContextFactory<StudioDbContext> factory, TimeProvider clock, Organisation.OrganisationSettingsSource settings)
{
    private static readonly TaskState[] Finished = WorkTask.Finished;

    /// <summary>The whole studio's dashboard, read whole.</summary>
    internal Task<DashboardSnapshot> LoadAsync(long sequence, CancellationToken ct = default) => LoadAsync(DashboardScope.Studio, sequence, ct);

    /// <summary>
    /// The dashboard of <paramref name="scope"/>, read whole: one branch's rows and its own "today" (the branch's zone), or the
    /// whole studio's in the organisation's zone.
    /// </summary>
    internal async Task<DashboardSnapshot> LoadAsync(DashboardScope scope, long sequence, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = factory.CreateDbContext();
        var org = await settings.GetAsync(ct);
        var branch = scope.BranchId;
        var today = DashboardDay.Of(now, org.ZoneOf(branch));
        var deals = await ReadDealsAsync(db, branch, today, now, null, ct);
        var boards = await ReadBoardsAsync(db, ct);
        var (calls, executors) = await ReadTasksAsync(db, branch, now, ct);
        var (teachers, seconds) = await ReadLessonsAsync(db, branch, today.Day, ct);
        var rows = new DashboardRows(today, deals, boards, calls, executors, teachers, seconds, [])
        {
            Scope = scope,
            Birthdays = await ReadBirthdaysAsync(db, branch, today.Day, org.Culture.DateTimeFormat.FirstDayOfWeek, ct),
            Debtors = await DebtorService.CountAsync(db, branch, ct),
        };
        rows = rows with { People = await ReadPeopleAsync(db, branch, rows.Busy.ToList(), ct) };
        return Build(sequence, now, rows);
    }

    /// <summary>
    /// <paramref name="current"/> with <paramref name="parts"/> read afresh (the boards of <paramref name="dealIds"/> for
    /// <see cref="DashboardParts.Deals"/>) and the rest kept; equal to a whole load as long as nothing else changed. Null
    /// when only a whole load will do: the snapshot has no rows, or the clock alone may have moved a figure since
    /// (a deadline, a deal turning stale, midnight: <see cref="DashboardSnapshot.NextChangeAt"/> has passed).
    /// </summary>
    internal async Task<DashboardSnapshot?> PatchAsync(DashboardSnapshot current, DashboardParts parts, IReadOnlyCollection<Guid> dealIds,
        long sequence, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (current.Rows is not { } rows || now >= current.NextChangeAt || now < current.LoadedAt) return null;
        if (parts.HasFlag(DashboardParts.Deals) && dealIds.Count == 0) return null;
        var branch = rows.Scope.BranchId;
        await using var db = factory.CreateDbContext();
        if (parts.HasFlag(DashboardParts.Deals))
        {
            // A deal never leaves its board: the named deals' boards re-read whole, the other boards' rows kept. The named
            // deals are read even when no figure counts them, so each of their boards gives a row (and is known re-read).
            var ids = dealIds.ToList();
            var read = await ReadDealsAsync(db, branch, rows.Today, now, ids, ct);
            var reread = read.Select(r => r.BoardId).ToHashSet();
            var boards = rows.Boards;
            // A board created since (a new board raises nothing) has no name here yet.
            if (!reread.All(id => boards.Any(b => b.Id == id))) boards = await ReadBoardsAsync(db, ct);
            rows = rows with { Deals = [.. rows.Deals.Where(r => !reread.Contains(r.BoardId)), .. read], Boards = boards };
        }
        if (parts.HasFlag(DashboardParts.Tasks))
        {
            var (calls, executors) = await ReadTasksAsync(db, branch, now, ct);
            rows = rows with { Calls = calls, Executors = executors };
        }
        if (parts.HasFlag(DashboardParts.Lessons))
        {
            var (teachers, seconds) = await ReadLessonsAsync(db, branch, rows.Today.Day, ct);
            rows = rows with { Teachers = teachers, Seconds = seconds };
        }
        if (parts.HasFlag(DashboardParts.Birthdays))
            rows = rows with { Birthdays = await ReadBirthdaysAsync(db, branch, rows.Today.Day, (await settings.GetAsync(ct)).Culture.DateTimeFormat.FirstDayOfWeek, ct) };
        if (parts.HasFlag(DashboardParts.Debtors)) rows = rows with { Debtors = await DebtorService.CountAsync(db, branch, ct) };
        if (parts.HasFlag(DashboardParts.Tasks) || parts.HasFlag(DashboardParts.Lessons))
        {
            // The people are everyone active but the owner, and anyone busy: read again only when someone busy is not among them.
            var busy = rows.Busy.ToList();
            var known = rows.People.Select(p => p.Id).ToHashSet();
            if (!busy.All(known.Contains)) rows = rows with { People = await ReadPeopleAsync(db, branch, busy, ct) };
        }
        return Build(sequence, now, rows);
    }

    /// <summary>
    /// Deals per board and stage: today's new ones, today's wins, the stale ones and when the next one turns stale. With
    /// <paramref name="dealIds"/>, only those deals' boards, and the named deals in any case. With <paramref name="branchId"/>,
    /// only the branch's deals (a deal keeps the branch it was opened in): a named deal of another branch gives no row, so
    /// its board's rows here are kept.
    /// </summary>
    private static async Task<List<DashboardRows.StageRow>> ReadDealsAsync(StudioDbContext db, Guid? branchId, DashboardDay today, DateTime now,
        List<Guid>? dealIds, CancellationToken ct)
    {
        var (dayStart, dayEnd) = (today.Utc.From, today.Utc.To);
        var deals = db.Deals.AsQueryable();
        if (branchId is { } branch) deals = deals.Where(d => d.BranchId == branch);
        if (dealIds is not null)
        {
            var boardIds = db.Deals.Where(d => dealIds.Contains(d.Id)).Select(d => d.BoardId);
            deals = deals.Where(d => boardIds.Contains(d.BoardId));
        }
        var named = dealIds ?? [];
        var perStage = await (
                from d in deals
                join s in db.Stages on d.StageId equals s.Id
                where (d.CreatedAt >= dayStart && d.CreatedAt < dayEnd)
                      || (s.Kind == StageKind.Won && d.ClosedAt >= dayStart && d.ClosedAt < dayEnd)
                      || (d.ClosedAt == null && s.TimeLimitDays != null && (s.Kind == StageKind.Start || s.Kind == StageKind.Open))
                      || named.Contains(d.Id)
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
        return perStage.Select(s => new DashboardRows.StageRow(s.BoardId, s.Kind, s.TimeLimitDays, s.New, s.Wins, s.Stale, s.EarliestFresh)).ToList();
    }

    private static async Task<List<DashboardRows.BoardRow>> ReadBoardsAsync(StudioDbContext db, CancellationToken ct) =>
        (await db.Boards.AsNoTracking().Select(b => new { b.Id, b.Name, b.IsArchived }).ToListAsync(ct))
        .Select(b => new DashboardRows.BoardRow(b.Id, b.Name, b.IsArchived)).ToList();

    /// <summary>
    /// Tasks: overdue calls and the next deadline to pass; open and overdue per executor. With <paramref name="branchId"/>,
    /// the branch's tasks (<see cref="TaskBranches.InBranch"/>) and its deals' callbacks.
    /// </summary>
    private static async Task<(DashboardRows.CallRow?, List<DashboardRows.ExecutorRow>)> ReadTasksAsync(StudioDbContext db, Guid? branchId, DateTime now, CancellationToken ct)
    {
        var tasks = db.Tasks.InBranch(db, branchId);
        var callRows = await tasks.Where(t => !Finished.Contains(t.Status) && t.Deadline != null)
            .GroupBy(t => 1)
            .Select(g => new
            {
                Overdue = g.Count(t => t.Kind == TaskKind.PersonalCall && t.Deadline < now),
                Next = g.Min(t => t.Deadline >= now ? t.Deadline : null),
            })
            .ToListAsync(ct);
        var calls = callRows.SingleOrDefault();
        // Deals' callbacks overdue (red on the board, CallbackColour: their grace over) count as overdue calls; the next to turn red moves the clock.
        var redBefore = now - CallbackColour.Grace;
        var deals = branchId is { } branch ? db.Deals.Where(d => d.BranchId == branch) : db.Deals;
        var callbackRows = await deals.Where(d => d.ClosedAt == null && d.CallbackAt != null)
            .GroupBy(d => 1)
            .Select(g => new { Overdue = g.Count(d => d.CallbackAt <= redBefore), Next = g.Min(d => d.CallbackAt > redBefore ? d.CallbackAt : null) })
            .ToListAsync(ct);
        if (callbackRows.SingleOrDefault() is { } cb)
            calls = new
            {
                Overdue = (calls?.Overdue ?? 0) + cb.Overdue,
                Next = cb.Next is { } n && (calls?.Next is not { } t || n + CallbackColour.Grace < t) ? n + CallbackColour.Grace : calls?.Next,
            };
        // From the executors' side with the open tasks as a set: one pass over each table, not a lookup per executor row.
        var open = tasks.Where(t => !Finished.Contains(t.Status));
        var openIds = open.Select(t => t.Id);
        var overdueIds = open.Where(t => t.Deadline < now).Select(t => t.Id);
        var perExecutor = await db.Set<TaskExecutor>()
            .Where(e => openIds.Contains(e.TaskId))
            .GroupBy(e => e.EmployeeId)
            .Select(g => new { EmployeeId = g.Key, Open = g.Count(), Overdue = g.Count(e => overdueIds.Contains(e.TaskId)) })
            .ToListAsync(ct);
        return (calls is null ? null : new(calls.Overdue, calls.Next),
            perExecutor.Select(e => new DashboardRows.ExecutorRow(e.EmployeeId, e.Open, e.Overdue)).ToList());
    }

    /// <summary>
    /// Lessons today: across branches (each branch's day is local to it; the studio's day is the one shown), or the branch's
    /// lessons on its own day.
    /// </summary>
    private static async Task<(List<DashboardRows.TeacherRow>, List<DashboardRows.TeacherRow>)> ReadLessonsAsync(StudioDbContext db, Guid? branchId,
        DateOnly day, CancellationToken ct)
    {
        var lessons = branchId is { } branch ? db.Lessons.Where(l => l.BranchId == branch) : db.Lessons;
        var byTeacher = await lessons.Where(l => l.Day == day)
            .GroupBy(l => new { l.TeacherId, l.Status })
            .Select(g => new { g.Key.TeacherId, g.Key.Status, Count = g.Count() })
            .ToListAsync(ct);
        var bySecond = await lessons.Where(l => l.Day == day && l.SecondTeacherId != null && l.Status != LessonStatus.Cancelled)
            .GroupBy(l => l.SecondTeacherId!.Value)
            .Select(g => new { TeacherId = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        return (byTeacher.Select(l => new DashboardRows.TeacherRow(l.TeacherId, l.Status, l.Count)).ToList(),
            bySecond.Select(l => new DashboardRows.TeacherRow(l.TeacherId, LessonStatus.Planned, l.Count)).ToList());
    }

    /// <summary>
    /// The clients (of the branch, when one is given) whose birthday the week holding <paramref name="day"/> keeps (the count;
    /// the rule is <see cref="Birthdays"/>).
    /// </summary>
    private static async Task<int> ReadBirthdaysAsync(StudioDbContext db, Guid? branchId, DateOnly day, DayOfWeek firstDay, CancellationToken ct)
    {
        var (from, to) = Domain.Clients.Birthdays.WeekOf(day, firstDay);
        var clients = BirthdayService.Query(db, from, to);
        if (branchId is { } branch) clients = clients.Where(c => c.BranchId == branch);
        return await clients.CountAsync(ct);
    }

    /// <summary>Everyone active but the owner (who works in the branch, when one is given), and anyone busy today.</summary>
    private static async Task<List<DashboardRows.PersonRow>> ReadPeopleAsync(StudioDbContext db, Guid? branchId, List<Guid> busy, CancellationToken ct) =>
        (await db.Employees.AsNoTracking().IgnoreAutoIncludes()
            .Where(e => (e.IsActive && e.Role != EmployeeRole.Owner
                         && (branchId == null || db.Set<EmployeeBranch>().Any(x => x.EmployeeId == e.Id && x.BranchId == branchId)))
                        || busy.Contains(e.Id))
            .Select(e => new { e.Id, e.FullName, e.Role, e.IsActive })
            .ToListAsync(ct))
        .Select(p => new DashboardRows.PersonRow(p.Id, p.FullName, p.Role, p.IsActive)).ToList();

    /// <summary>The snapshot from its rows: the one way both a whole load and a patch make it.</summary>
    private static DashboardSnapshot Build(long sequence, DateTime now, DashboardRows rows)
    {
        var people = rows.People;
        var load = DashboardRules.StaffLoad(people.Where(p => p.IsActive && p.Role != EmployeeRole.Owner).Select(p => p.Id),
            [.. rows.Teachers.Select(l => (l.TeacherId, l.Status, l.Count)), .. rows.Seconds.Select(l => (l.TeacherId, l.Status, l.Count))],
            rows.Executors.Select(e => (e.EmployeeId, e.Open, e.Overdue)));
        var names = people.ToDictionary(p => p.Id);
        var staff = load.Where(r => names.ContainsKey(r.EmployeeId))
            .Select(r => (Row: r, Who: names[r.EmployeeId]))
            .Select(x => new StaffLoadView(x.Row.EmployeeId, x.Who.FullName, Employee.InitialsOf(x.Who.FullName), x.Who.Role,
                x.Row.Lessons, x.Row.OpenTasks, x.Row.OverdueTasks))
            .OrderByDescending(r => r.Lessons + r.OpenTasks).ThenBy(r => r.Name, StringComparer.CurrentCulture).ToList();

        var archived = rows.Boards.Where(b => b.IsArchived).Select(b => b.Id).ToHashSet();
        var tallies = rows.Deals.GroupBy(s => s.BoardId)
            .Select(g => new BoardTally(g.Key, g.Sum(s => s.New), g.Sum(s => s.Wins), archived.Contains(g.Key) ? 0 : g.Sum(s => s.Stale)))
            .ToList();
        var boardNames = rows.Boards.ToDictionary(b => b.Id, b => b.Name);
        var boardViews = tallies.Where(t => t.NewLeads + t.Wins + t.Stale > 0)
            .Select(t => new DashboardBoard(t.BoardId, boardNames.GetValueOrDefault(t.BoardId) ?? "", t.NewLeads, t.Wins, t.Stale))
            .OrderBy(b => b.Name, StringComparer.CurrentCulture).ThenBy(b => b.Id).ToList();

        var nextStale = rows.Deals.Where(s => !archived.Contains(s.BoardId))
            .Select(s => s.EarliestFresh is { } e ? DashboardRules.StaleAt(s.Kind, s.TimeLimitDays, e) : null);
        var next = DashboardRules.NextChange(rows.Today, now, [rows.Calls?.Next, .. nextStale]);

        return new(sequence, now, rows.Today.Day, DashboardRules.Lessons(rows.Teachers.Select(l => (l.Status, l.Count))),
            tallies.Sum(t => t.NewLeads), tallies.Sum(t => t.Wins), rows.Calls?.Overdue ?? 0, tallies.Sum(t => t.Stale),
            boardViews, staff, next) { Rows = rows, Scope = rows.Scope, Birthdays = rows.Birthdays, Debtors = rows.Debtors };
    }
}
