using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Studio.Domain.Organisation;
using Studio.Domain.Reports;
using Studio.Domain.Schedule;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Live;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Reports;
using Studio.Infrastructure.Tasks;
using Studio.Tests.Infrastructure;
using Studio.Domain.Dashboard;
using Studio.Infrastructure.Dashboard;
using Studio.Domain.Common;

namespace Studio.Tests.Services.Dashboard;

/// <summary>The owner's dashboard on every database: each figure counted in SQL as the domain's rules say, owner only, live at one load per change.</summary>
public sealed class DashboardServiceTests(Databases databases)
{
    private const int Watchers = 20;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DashboardService Dashboards(TestStudio studio) => studio.Services.GetRequiredService<DashboardService>();
    private static DashboardViews Views(TestStudio studio) => studio.Services.GetRequiredService<DashboardViews>();
    private static TaskService Tasks(TestStudio studio) => studio.Services.GetRequiredService<TaskService>();
    private static DateTime Now(TestStudio studio) => studio.Clock.GetUtcNow().UtcDateTime;

    private static Task<Guid> CallAsync(TestStudio studio, Guid author, Guid executor, Guid client, DateTime? deadline, TaskKind kind = TaskKind.PersonalCall) =>
        Tasks(studio).CreateAsync(author, new NewTask(kind, null, $"{kind} {deadline:HH:mm}", null, [executor], deadline, ClientId: client), Ct);

    [Theory, DatabaseData]
    public async Task GetAsync_AStudiosDay_EveryFigureAsTheDomainCountsIt(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var teacher = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var idle = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var board = await studio.AddBoardAsync(owner, manager);
        var other = await studio.AddBoardAsync(owner, manager);
        var p = studio.Pipelines;

        // Eight days ago: a deal left in Start, two put on Trial (7-day limit), one won.
        var leftInStart = await studio.AddDealAsync(manager, board);
        var staleOne = await studio.AddDealAsync(manager, board);
        await p.MoveDealAsync(manager, staleOne, board.Stage("Trial"), null, Ct);
        var movedOn = await studio.AddDealAsync(manager, other);
        await p.MoveDealAsync(manager, movedOn, other.Stage("Trial"), null, Ct);
        var oldWin = await studio.AddDealAsync(manager, board);
        await p.MoveDealAsync(manager, oldWin, board.Won, null, Ct);
        studio.Clock.Advance(TimeSpan.FromDays(8));
        await p.MoveDealAsync(manager, movedOn, other.Stage("Contract"), null, Ct);   // no longer stale: no limit on Contract

        // Today: three new deals; one won, one won and moved back (an undone win), one lost; one old deal won today.
        var fresh = await studio.AddDealAsync(manager, board);
        var wonToday = await studio.AddDealAsync(manager, other);
        await p.MoveDealAsync(manager, wonToday, other.Won, null, Ct);
        var undone = await studio.AddDealAsync(manager, board);
        await p.MoveDealAsync(manager, undone, board.Won, null, Ct);
        await p.MoveDealAsync(manager, undone, board.Start, null, Ct);
        await p.MoveDealAsync(manager, leftInStart, board.Won, null, Ct);
        await p.MoveDealAsync(manager, fresh, board.Lost, board.Reason("No time"), Ct);

        // Tasks: two overdue calls (one done, which does not count), one call still ahead, an overdue client task.
        var now = Now(studio);
        var client = await studio.AddClientAsync(manager);
        await CallAsync(studio, owner, manager, client, now.AddHours(-1));
        await CallAsync(studio, manager, manager, client, now.AddMinutes(-5));
        var done = await CallAsync(studio, manager, manager, client, now.AddHours(-2));
        await Tasks(studio).ChangeStatusAsync(manager, done, (await Tasks(studio).GetAsync(manager, done, Ct)).Version, TaskState.Done, null, ct: Ct);
        await CallAsync(studio, owner, teacher, client, now.AddHours(3));
        await CallAsync(studio, owner, teacher, client, now.AddHours(-3), TaskKind.Client);

        // Lessons today: one held, one planned, one cancelled; one tomorrow.
        var room = await studio.AddRoomAsync(owner);
        var type = await studio.AddLessonTypeAsync(owner);
        var heldId = await studio.BookAsync(owner, type, teacher, room, 8);
        var held = await studio.Schedule.GetLessonAsync(owner, heldId, Ct);
        await studio.Schedule.MarkHeldAsync(owner, heldId, held.Lesson.Version, [], null, Ct);
        await studio.BookAsync(owner, type, teacher, room, 18);
        var cancelledId = await studio.BookAsync(owner, type, teacher, room, 20);
        await studio.Schedule.CancelAsync(owner, cancelledId, (await studio.Schedule.GetLessonAsync(owner, cancelledId, Ct)).Lesson.Version, "Ill", ct: Ct);
        await studio.BookAsync(owner, type, teacher, room, 18, dayOffset: 1);

        var snapshot = await Dashboards(studio).GetAsync(owner, Ct);

        Assert.Equal(studio.Today, snapshot.Day);
        Assert.Equal(new LessonsToday(1, 1, 1), snapshot.Lessons);
        Assert.Equal(3, snapshot.NewLeads);
        Assert.Equal(2, snapshot.Wins);            // wonToday and leftInStart; not the undone one nor the one won eight days ago
        Assert.Equal(2, snapshot.OverdueCalls);
        Assert.Equal(1, snapshot.StaleDeals);      // staleOne
        var boardLine = snapshot.Boards.Single(b => b.Id == board.Id);
        var otherLine = snapshot.Boards.Single(b => b.Id == other.Id);
        Assert.Equal((2, 1, 1), (boardLine.NewLeads, boardLine.Wins, boardLine.Stale));
        Assert.Equal((1, 1, 0), (otherLine.NewLeads, otherLine.Wins, otherLine.Stale));
        Assert.Equal(
            [(teacher, 2, 2, 1), (manager, 0, 2, 2), (idle, 0, 0, 0)],   // busiest first
            snapshot.Staff.Select(s => (s.Id, s.Lessons, s.OpenTasks, s.OverdueTasks)).ToList());
        Assert.Equal(now.AddHours(3), snapshot.NextChangeAt);   // the call still ahead, before staleness or midnight

        // The grouped SQL agrees with the domain's calculator over the rows themselves.
        var reference = await ReferenceAsync(studio);
        Assert.Equal(reference.Lessons, snapshot.Lessons);
        Assert.Equal((reference.NewLeads, reference.Wins, reference.OverdueCalls, reference.StaleDeals),
            (snapshot.NewLeads, snapshot.Wins, snapshot.OverdueCalls, snapshot.StaleDeals));
        Assert.Equal(reference.Staff.Select(s => (s.EmployeeId, s.Lessons, s.OpenTasks, s.OverdueTasks)).OrderBy(x => x.EmployeeId),
            snapshot.Staff.Select(s => (s.Id, s.Lessons, s.OpenTasks, s.OverdueTasks)).OrderBy(x => x.Id));
    }

    [Theory, DatabaseData]
    public async Task GetAsync_NextChange_TheNextDealToTurnStaleWhenNoDeadlineIsNearer(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var board = await studio.AddBoardAsync(owner);
        var deal = await studio.AddDealAsync(owner, board);
        await studio.Pipelines.MoveDealAsync(owner, deal, board.Stage("Trial"), null, Ct);
        var entered = Now(studio);
        studio.Clock.Advance(TimeSpan.FromDays(6.5));   // midnight comes first
        Assert.Equal(0, (await Dashboards(studio).GetAsync(owner, Ct)).StaleDeals);
        studio.Clock.Advance(TimeSpan.FromHours(10));    // 6 d 22 h: the limit passes before midnight

        var before = await Dashboards(studio).GetAsync(owner, Ct);
        studio.Clock.Advance(TimeSpan.FromHours(2.5));
        var after = await Dashboards(studio).GetAsync(owner, Ct);

        Assert.Equal(0, before.StaleDeals);
        Assert.Equal(entered.AddDays(7), before.NextChangeAt);
        Assert.Equal(1, after.StaleDeals);
    }

    [Theory, DatabaseData]
    public async Task GetAndWatch_ManagerOrTeacher_AccessDenied(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var teacher = await studio.AddEmployeeAsync(EmployeeRole.Teacher);

        foreach (var someone in new[] { manager, teacher })
        {
            await Assert.ThrowsAsync<AccessDeniedException>(() => Dashboards(studio).GetAsync(someone, Ct));
            await Assert.ThrowsAsync<AccessDeniedException>(() => Dashboards(studio).WatchAsync(someone, _ => Task.CompletedTask, Ct));
        }
        Assert.Equal(0, Views(studio).Loads);
        using var watch = await Dashboards(studio).WatchAsync(owner, _ => Task.CompletedTask, Ct);
        Assert.NotNull(watch.Current);
    }

    [Theory, DatabaseData]
    public async Task WatchAsync_TwentyOwnersWatching_ADealATaskAndTheClock_OneLoadEachAndEveryWatcherSeesIt(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var board = await studio.AddBoardAsync(owner, manager);
        var client = await studio.AddClientAsync(manager);
        var deadline = Now(studio).AddMinutes(30);
        await CallAsync(studio, manager, manager, client, deadline);
        var views = Views(studio);
        var bus = studio.Services.GetRequiredService<ILiveBus>();
        var latest = new DashboardSnapshot?[Watchers];
        var watches = await Task.WhenAll(Enumerable.Range(0, Watchers).Select(i => Dashboards(studio).WatchAsync(owner, s =>
        {
            latest[i] = s;
            return Task.CompletedTask;
        }, Ct)));
        try
        {
            Assert.Equal(1, views.Loads);   // twenty owners opened the dashboard: one load
            Assert.Equal(Watchers, views.Watchers(DashboardScope.Studio));
            Assert.All(watches, w => Assert.Equal((0, 0), (w.Current!.NewLeads, w.Current.OverdueCalls)));

            // A new deal: one load, every watcher sees it.
            var loads = await ChangeAsync(() => studio.AddDealAsync(manager, board), s => s.NewLeads == 1);
            Assert.InRange(loads, 1, 2);
            // A task: TaskChanged reaches the dashboard.
            loads = await ChangeAsync(() => CallAsync(studio, manager, manager, client, Now(studio).AddMinutes(-1)), s => s.OverdueCalls == 1);
            Assert.InRange(loads, 1, 2);
            // Clock ticks before the next deadline cost nothing…
            var before = views.Loads;
            studio.Clock.Advance(TimeSpan.FromMinutes(10));
            await bus.PublishAsync(new LiveMessage(LiveTopics.Clock, "Tick"));
            await Task.Delay(300, Ct);
            Assert.Equal(before, views.Loads);
            // …the first tick after it reloads once, and the call is overdue.
            studio.Clock.Advance(TimeSpan.FromMinutes(21));
            loads = await ChangeAsync(() => bus.PublishAsync(new LiveMessage(LiveTopics.Clock, "Tick")), s => s.OverdueCalls == 2);
            Assert.Equal(1, loads);
        }
        finally
        {
            foreach (var w in watches) w.Dispose();
        }
        Assert.Equal(0, views.Watchers(DashboardScope.Studio));

        async Task<long> ChangeAsync(Func<Task> change, Func<DashboardSnapshot, bool> seen)
        {
            var loadsBefore = views.Loads;
            await change();
            await Eventually.TrueAsync(() => latest.All(s => s is not null && seen(s)), "Every watcher seeing the change", Patience);
            await Task.Delay(300, Ct); // a late extra load would show here
            Assert.All(watches, w => Assert.True(seen(w.Current!)));
            Assert.InRange(latest.Distinct(ReferenceEqualityComparer.Instance).Count(), 1, 2); // shared, not one per watcher
            return views.Loads - loadsBefore;
        }
    }

    /// <summary>The figures by <see cref="Dashboard.Compute"/> over every row, read directly.</summary>
    private static Task<DashboardFigures> ReferenceAsync(TestStudio studio) => studio.ReadAsync(async db =>
    {
        var now = Now(studio);
        var deals = await (from d in db.Deals join s in db.Stages on d.StageId equals s.Id
            select new DealFact(d.BoardId, s.Kind, s.TimeLimitDays, d.CreatedAt, d.StageEnteredAt, d.ClosedAt)).ToListAsync(Ct);
        var tasks = (await db.Tasks.Include(t => t.Executors).ToListAsync(Ct)).Select(t => new TaskFact(t.Kind, t.Status, t.Deadline, t.ExecutorIds)).ToList();
        var lessons = await db.Lessons.Select(l => new LessonFact(l.Day, l.Status, l.TeacherId, l.SecondTeacherId)).ToListAsync(Ct);
        var staff = await db.Employees.Where(e => e.IsActive && e.Role != EmployeeRole.Owner).Select(e => e.Id).ToListAsync(Ct);
        return DashboardRules.Compute(deals, tasks, lessons, staff, now, DashboardDay.Of(now, Zones.Find("Europe/Kyiv")));
    });
}
