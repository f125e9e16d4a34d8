using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Studio.Bench.Harness;
using Studio.Domain.Organisation;
using Studio.Domain.Schedule;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Pipelines;
using Studio.Infrastructure.Reports;
using Studio.Domain.Common;
using Studio.Infrastructure.Dashboard;

namespace Studio.Bench.Benchmarks;

/// <summary>
/// The owner's live dashboard on a busy studio (the seeded board's deals, plus 20,000 tasks and 3,000 lessons over two
/// months, 60 of them today): the snapshot's load time and reads; then N owners watching, a lead comes in (a deal is
/// created) — how many loads that costs the node and how soon every watcher's tile shows it.
/// </summary>
public sealed class DashboardBenchmark : IBenchmark
{
    public const int Tasks = 20_000;
    public const int Lessons = 3_000;
    public const int TodayLessons = 60;
    public const int Staff = 15;

    public string Name => "Owner's dashboard";
    public BenchScope Scope => BenchScope.EachDatabase;

    public async Task<IReadOnlyList<Figure>> RunAsync(BenchTarget target, BenchOptions options, CancellationToken ct)
    {
        await SeedAsync(target, ct);
        var reads = target.Get<DashboardReads>();
        var views = target.Get<DashboardViews>();
        var pipelines = target.Get<PipelineService>();
        var counter = target.Get<CommandCounter>();

        // 1. The snapshot itself.
        var loadTimes = new List<double>();
        DashboardSnapshot first = null!;
        for (var i = 0; i <= options.Loads; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            first = await reads.LoadAsync(i, ct);
            if (i > 0) loadTimes.Add(Clock.Ms(t0, Stopwatch.GetTimestamp()));
        }
        var readsBefore = counter.Reads;
        await reads.LoadAsync(0, ct);
        var readsPerLoad = counter.Reads - readsBefore;
        var load = new Stats(loadTimes);

        // 2. N owners watching; each new lead must reach all of them.
        var watchers = options.Watchers;
        var expected = 0L;
        var gate = new Lock();
        TaskCompletionSource? all = null;
        var seen = new bool[watchers];
        var seenCount = 0;
        var latencies = new List<double>();
        var fromReturn = new List<double>();
        long calledAt = 0, returnedAt = 0;
        var watches = new List<IDisposable>();
        var loads0 = views.Loads;
        var subscribeStart = Stopwatch.GetTimestamp();
        try
        {
            for (var w = 0; w < watchers; w++)
            {
                var index = w;
                watches.Add(await views.WatchAsync(DashboardScope.Studio, snap =>
                {
                    if (snap.NewLeads < Interlocked.Read(ref expected)) return Task.CompletedTask;
                    var at = Stopwatch.GetTimestamp();
                    lock (gate)
                    {
                        if (seen[index]) return Task.CompletedTask;
                        seen[index] = true;
                        latencies.Add(Clock.Ms(Interlocked.Read(ref calledAt), at));
                        fromReturn.Add(Math.Max(0, Clock.Ms(Interlocked.Read(ref returnedAt), at)));
                        if (++seenCount == watchers) all?.TrySetResult();
                    }
                    return Task.CompletedTask;
                }, ct));
            }
            var subscribeMs = Clock.Ms(subscribeStart, Stopwatch.GetTimestamp());
            var subscribeLoads = views.Loads - loads0;

            var changes = Math.Min(options.Moves, 30);
            var missing = 0;
            long loadsBefore = 0, readsBefore2 = 0;
            var leads = (long)first.NewLeads;
            for (var i = 0; i < changes + 2; i++)
            {
                if (i == 2)
                {
                    await Task.Delay(100, ct);
                    (loadsBefore, readsBefore2) = (views.Loads, counter.Reads);
                    lock (gate) { latencies.Clear(); fromReturn.Clear(); }
                }
                lock (gate) { Array.Clear(seen); seenCount = 0; all = new(TaskCreationOptions.RunContinuationsAsynchronously); }
                Interlocked.Exchange(ref expected, ++leads);
                Interlocked.Exchange(ref returnedAt, long.MaxValue);
                Interlocked.Exchange(ref calledAt, Stopwatch.GetTimestamp());
                await pipelines.CreateDealAsync(target.Board.OwnerId, new NewDeal(target.Board.BoardId, null, $"Dashboard lead {i}",
                    $"+38067{3_000_000 + i}", null, null, null, null, 500m, null), ct);
                Interlocked.Exchange(ref returnedAt, Stopwatch.GetTimestamp());
                try { await all!.Task.WaitAsync(options.NotificationTimeout, ct); }
                catch (TimeoutException) { lock (gate) missing += watchers - seenCount; }
            }
            await Task.Delay(500, ct); // a trailing, uncoalesced reload would show in the counts
            var loads = views.Loads - loadsBefore;
            var reads2 = counter.Reads - readsBefore2;
            var c = new Stats(latencies);
            var r = new Stats(fromReturn);
            return
            [
                new($"snapshot load ({Tasks:N0} tasks, {Lessons:N0} lessons, {target.Board.OpenDeals.Count + target.Board.ClosedDeals:N0}+ deals), median",
                    load.Median, "ms", $"{first.Staff.Count} staff rows, {first.Lessons.Total} lessons today, {first.StaleDeals} stale"),
                new("snapshot load p95", load.Percentile(95), "ms"),
                new("DB reader commands per snapshot load", readsPerLoad, "reads", "grouped COUNT/MIN queries, no rows"),
                new($"subscribe {watchers} owners: snapshot loads", subscribeLoads, "loads"),
                new($"subscribe {watchers} owners: time", subscribeMs, "ms"),
                new($"snapshot loads per change ({changes} new leads)", (double)loads / changes, "loads", "the rule: 1 per node"),
                new("DB reader commands per change, total", (double)reads2 / changes, "reads", "creating the deal included"),
                new($"change -> tile p50 ({c.Count} notifications)", c.Median, "ms", "CreateDealAsync called -> watcher has the new figure"),
                new("change -> tile p95", c.Percentile(95), "ms"),
                new("change -> tile max", c.Max, "ms"),
                new("committed -> tile p50", r.Median, "ms", "CreateDealAsync returned -> watcher has it"),
                new("committed -> tile p95", r.Percentile(95), "ms"),
                new("notifications missing (timed out)", missing, "calls"),
            ];
        }
        finally
        {
            foreach (var w in watches) w.Dispose();
        }
    }

    /// <summary>Staff, tasks and lessons in bulk through the domain constructors (the board and its deals are the target's).</summary>
    private static async Task SeedAsync(BenchTarget target, CancellationToken ct)
    {
        var rnd = new Random(20261123);
        var zone = Zones.Find("Europe/Kyiv");
        var now = DateTime.UtcNow;
        var today = Zones.Today(now, zone);
        var factory = target.Get<IDbContextFactory<StudioDbContext>>();
        Guid branchId;
        List<Guid> staff, teachers, clients;
        LessonType type;
        await using (var db = factory.CreateDbContext())
        {
            branchId = await db.Branches.OrderBy(b => b.Name).Select(b => b.Id).FirstAsync(ct);
            var people = Enumerable.Range(1, Staff).Select(i => new Employee(Guid.CreateVersion7(), $"Dash staff {i:00}", $"dash{i}.{Guid.NewGuid():N}@bench.test",
                i % 3 == 0 ? EmployeeRole.Manager : EmployeeRole.Teacher, [branchId])).ToList();
            type = new LessonType("Dash group", 60, LessonKind.Group, false, "#42A5F5", 1);
            db.AddRange(people);
            db.Add(type);
            await db.SaveChangesAsync(ct);
            staff = [.. people.Select(p => p.Id), .. await db.Employees.Where(e => e.Role == EmployeeRole.Manager && !people.Contains(e)).Select(e => e.Id).ToListAsync(ct)];
            teachers = people.Where(p => p.Role == EmployeeRole.Teacher).Select(p => p.Id).ToList();
            clients = await db.Clients.OrderBy(c => c.Id).Select(c => c.Id).Take(2000).ToListAsync(ct);
        }

        TaskKind[] kinds = [TaskKind.PersonalCall, TaskKind.PersonalCall, TaskKind.Client, TaskKind.Internal];
        TaskState[] states = [TaskState.New, TaskState.Read, TaskState.InProgress, TaskState.Done, TaskState.Done, TaskState.Closed, TaskState.Done, TaskState.Cancelled];
        for (var first = 0; first < Tasks; first += 1000)
        {
            await using var db = factory.CreateDbContext();
            for (var i = first; i < Math.Min(first + 1000, Tasks); i++)
            {
                var kind = kinds[i % kinds.Length];
                var author = staff[rnd.Next(staff.Count)];
                var executors = i % 10 == 0 ? new[] { staff[rnd.Next(staff.Count)], staff[rnd.Next(staff.Count)] } : [staff[rnd.Next(staff.Count)]];
                var created = now.AddDays(-rnd.Next(0, 60)).AddMinutes(-rnd.Next(0, 1440));
                var task = new WorkTask(kind, null, $"Bench {kind} {i}", null, author, executors, created,
                    kind == TaskKind.Internal ? null : clients[rnd.Next(clients.Count)]);
                task.Schedule(created.AddHours(rnd.Next(-24, 24 * 7)), null, TaskPriority.Medium, false);
                var state = states[rnd.Next(states.Length)];
                if (state != task.Status) task.SetStatus(TaskRole.AuthorExecutor, state == TaskState.Closed ? TaskState.Done : state, null, author, created, null);
                if (state == TaskState.Closed) task.SetStatus(TaskRole.AuthorExecutor, TaskState.Closed, null, author, created, null);
                db.Tasks.Add(task);
            }
            await db.SaveChangesAsync(ct);
        }

        for (var first = 0; first < Lessons; first += 500)
        {
            await using var db = factory.CreateDbContext();
            for (var i = first; i < Math.Min(first + 500, Lessons); i++)
            {
                // The first 60 today, the rest over the past two months; each teacher one lesson an hour at most.
                var (day, slot) = i < TodayLessons ? (today, i) : (today.AddDays(-1 - (i - TodayLessons) / 50), (i - TodayLessons) % 50);
                var teacher = teachers[slot % teachers.Count];
                var hour = 8 + slot / teachers.Count;
                var lesson = new Lesson(branchId, type, LessonSlot.At(day.ToDateTime(new TimeOnly(hour, 0)), zone, 60, null, teacher, null),
                    null, now, teacher);
                if (i % 7 == 3) lesson.Cancel("Bench", now);
                else if (day < today || hour < Zones.ToLocal(now, zone).Hour) lesson.MarkHeld([], new HashSet<Guid>(), null, now, teacher);
                db.Lessons.Add(lesson);
            }
            await db.SaveChangesAsync(ct);
        }
    }
}
