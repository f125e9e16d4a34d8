using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Studio.Bench.Harness;
using Studio.Domain.Organisation;
using Studio.Domain.Schedule;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Schedule;
using Studio.Web.Schedule;
using Microsoft.Extensions.DependencyInjection;
using Studio.Domain.Common;

namespace Studio.Bench.Benchmarks;

/// <summary>
/// A branch's week with 500 lessons (12 teachers, 12 rooms, ~6 people per lesson): the shared
/// week snapshot's load time, and with N circuits watching the week, what one lesson moved costs
/// the node (snapshot loads and database reads) and how soon every watcher has it.
/// </summary>
public sealed class ScheduleWeekBenchmark : IBenchmark
{
    public const int Lessons = 500;
    public const int Teachers = 12;

    public string Name => "Schedule week, 500 lessons";
    public BenchScope Scope => BenchScope.EachDatabase;

    public async Task<IReadOnlyList<Figure>> RunAsync(BenchTarget target, BenchOptions options, CancellationToken ct)
    {
        var week = await SeedWeekAsync(target, ct);
        var views = target.Get<ScheduleViews>();
        var reads = target.Get<ScheduleReads>();
        var schedule = target.Get<ScheduleService>();
        var counter = target.Get<CommandCounter>();

        // 1. The snapshot itself: one load of the whole week.
        var loadTimes = new List<double>();
        for (var i = 0; i <= options.Loads; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            var s = await reads.LoadRangeAsync(week.BranchId, week.Monday, 7, i, ct) ?? throw new InvalidOperationException("No week.");
            if (i > 0) loadTimes.Add(Clock.Ms(t0, Stopwatch.GetTimestamp()));
            if (s.Lessons.Count != Lessons) throw new InvalidOperationException($"{s.Lessons.Count} lessons in the week.");
        }
        var load = new Stats(loadTimes);
        var readsBefore = counter.Reads;
        await reads.LoadRangeAsync(week.BranchId, week.Monday, 7, 0, ct);
        var readsPerLoad = counter.Reads - readsBefore;

        // The week view's and a day grid's first render of that snapshot (bUnit: the server's cost of one circuit drawing it).
        var snapshot = await reads.LoadRangeAsync(week.BranchId, week.Monday, 7, 0, ct) ?? throw new InvalidOperationException("No week.");
        var weekFilter = new ScheduleFilter(week.Monday, ScheduleMode.Week);
        var weekRender = BunitRender.Measure<WeekGrid>(options.Loads, ctx => ctx.Services.AddLocalization(),
            p => p.Add(c => c.Snapshot, snapshot).Add(c => c.Filter, weekFilter).Add(c => c.CanEdit, true));
        var dayFilter = new ScheduleFilter(week.Monday);
        var dayRender = BunitRender.Measure<DayGrid>(options.Loads, ctx => ctx.Services.AddLocalization(),
            p => p.Add(c => c.Snapshot, snapshot).Add(c => c.Filter, dayFilter).Add(c => c.CanEdit, true));

        // 2. N watchers of the same week; each move must reach all of them.
        var range = new ScheduleRange(week.BranchId, week.Monday, 7);
        var expected = 0L;
        var gate = new Lock();
        TaskCompletionSource? all = null;
        var seen = 0;
        var latencies = new List<double>();
        long movedAt = 0;
        var watches = new List<IDisposable>();
        try
        {
            for (var w = 0; w < options.Watchers; w++)
                watches.Add(await views.WatchAsync(range, snap =>
                {
                    if (snap.Lessons.Any(l => l.Id == week.Moving && l.LocalStart.Minute == (int)Interlocked.Read(ref expected)))
                        lock (gate)
                        {
                            latencies.Add(Clock.Ms(movedAt, Stopwatch.GetTimestamp()));
                            if (++seen == options.Watchers) all?.TrySetResult();
                        }
                    return Task.CompletedTask;
                }, ct));

            var moves = Math.Min(options.Moves, 30);
            long loads0 = 0, reads0 = 0;
            for (var i = 0; i < moves + 2; i++)
            {
                if (i == 2) (loads0, reads0) = (views.Loads, counter.Reads);
                var lesson = await schedule.GetLessonAsync(week.OwnerId, week.Moving, ct);
                var minute = lesson.Lesson.LocalStart.Minute == 0 ? 15 : 0;
                lock (gate) { seen = 0; all = new(TaskCreationOptions.RunContinuationsAsynchronously); }
                Interlocked.Exchange(ref expected, minute);
                movedAt = Stopwatch.GetTimestamp();
                await schedule.MoveAsync(week.OwnerId, new LessonMove(week.Moving, lesson.Lesson.Version,
                    lesson.Lesson.LocalStart.Date.AddHours(lesson.Lesson.LocalStart.Hour).AddMinutes(minute), 45, lesson.Lesson.RoomId,
                    lesson.Lesson.TeacherId, null), ct);
                await all!.Task.WaitAsync(options.NotificationTimeout, ct);
                await Task.Delay(20, ct);
            }
            var loadsPerMove = (double)(views.Loads - loads0) / moves;
            // Each move's own reads (the lesson read before it, the move's checks) are counted too; the watchers add only the snapshot's reads.
            var readsPerMove = (double)(counter.Reads - reads0) / moves;
            var lat = new Stats(latencies.Skip(2 * options.Watchers));
            return
            [
                new("week snapshot load median", load.Median, "ms", $"{Lessons} lessons, {Teachers} teachers, ~6 people each"),
                new("week snapshot load p95", load.Percentile(95), "ms"),
                new("week view first render median", weekRender.Warm.Median, "ms", $"{Lessons} chips, {Teachers} rows × 7 days"),
                new("week view first render p95", weekRender.Warm.Percentile(95), "ms"),
                new("week view markup", weekRender.MarkupChars / 1024.0, "KB"),
                new("day grid first render median", dayRender.Warm.Median, "ms", $"{snapshot.Lessons.Count(l => l.Day == week.Monday)} lessons, {Teachers} columns"),
                new($"snapshot loads per move ({options.Watchers} watchers)", loadsPerMove, "loads"),
                new("database reads per week snapshot load", readsPerLoad, "reads"),
                new("database reads per move, all told", readsPerMove, "reads", "the lesson read, the move's checks and save, one reload for all watchers"),
                new("move → every watcher p50", lat.Median, "ms"),
                new("move → every watcher p95", lat.Percentile(95), "ms"),
            ];
        }
        finally
        {
            foreach (var w in watches) w.Dispose();
        }
    }

    public sealed record SeededWeek(Guid BranchId, Guid OwnerId, DateOnly Monday, Guid Moving);

    /// <summary>A new branch with 12 teachers and rooms and 500 lessons in next week, 06:00–22:00, no clashes.</summary>
    public static async Task<SeededWeek> SeedWeekAsync(BenchTarget target, CancellationToken ct)
    {
        var zone = Zones.Find("Europe/Kyiv");
        var today = Zones.Today(DateTime.UtcNow, zone);
        var monday = today.AddDays(7 - ((int)today.DayOfWeek + 6) % 7);
        await using var db = target.Get<IDbContextFactory<StudioDbContext>>().CreateDbContext();
        var branch = new Branch($"Bench {Guid.NewGuid():N}"[..20], null, "Europe/Kyiv");
        db.Branches.Add(branch);
        var teachers = Enumerable.Range(1, Teachers).Select(i => new Employee(Guid.CreateVersion7(), $"Teacher {i:00}", $"t{i}.{branch.Id:N}@bench.test",
            EmployeeRole.Teacher, [branch.Id])).ToList();
        var rooms = Enumerable.Range(1, Teachers).Select(i => new Room(branch.Id, $"Room {i:00}", 20)).ToList();
        var type = new LessonType("Bench group", 45, LessonKind.Group, false, "#42A5F5", 1);
        db.AddRange(teachers);
        db.AddRange(rooms);
        db.Add(type);
        var clients = await db.Clients.AsNoTracking().OrderBy(c => c.Id).Select(c => c.Id).Take(300).ToListAsync(ct);
        var lessons = new List<Lesson>();
        for (var i = 0; i < Lessons; i++)
        {
            var (t, slot) = (i % Teachers, i / Teachers);         // 42 slots per teacher
            var day = monday.AddDays(slot % 7);
            var hour = 6 + slot / 7 * 2 + (t % 2);                // spread over the day, never overlapping per teacher or room
            var lesson = new Lesson(branch.Id, type, LessonSlot.At(day.ToDateTime(new TimeOnly(hour, 0)), zone, 45, rooms[t].Id, teachers[t].Id, null),
                null, DateTime.UtcNow, target.Board.OwnerId);
            foreach (var c in clients.Skip(i * 7 % Math.Max(1, clients.Count - 6)).Take(6)) lesson.AddParticipant(c);
            lessons.Add(lesson);
        }
        db.Lessons.AddRange(lessons);
        await db.SaveChangesAsync(ct);
        return new(branch.Id, target.Board.OwnerId, monday, lessons[^1].Id);
    }
}
