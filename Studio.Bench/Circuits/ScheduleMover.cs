using Microsoft.EntityFrameworkCore;
using Studio.Domain.Schedule;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Schedule;
using Studio.Domain.Common;

namespace Studio.Bench.Circuits;

/// <summary>What the driver needs to open the schedule page (GET /bench/schedule/info): the bench's branch, its lessons today.</summary>
public sealed record ScheduleBenchInfo(Guid BranchId, DateOnly Today, int LessonsToday);

/// <summary>
/// The schedule's trigger (<c>POST /bench/schedule/move</c>): each call moves the next planned lesson of today in the bench's
/// branch (the first by name, the board's) a quarter of an hour later, or back, through the real
/// <see cref="ScheduleService.MoveAsync"/> as the board's manager, who works in both branches. A move the rules refuse
/// (the teacher or room busy then) tries the next lesson.
/// </summary>
public sealed class ScheduleMover(ScheduleService schedule, IDbContextFactory<StudioDbContext> factory, TimeProvider clock)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<Guid, int> _shifted = [];
    private int _next;

    public async Task<ScheduleBenchInfo> InfoAsync(CancellationToken ct)
    {
        var (branch, today, _, _) = await BranchAsync(ct);
        await using var db = factory.CreateDbContext();
        return new(branch, today, await db.Lessons.CountAsync(l => l.BranchId == branch && l.Day == today && l.Status == LessonStatus.Planned, ct));
    }

    private async Task<(Guid Branch, DateOnly Today, Guid Manager, TimeZoneInfo Zone)> BranchAsync(CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        var branch = await db.Branches.AsNoTracking().OrderBy(b => b.Name).FirstAsync(ct);
        var manager = await db.Employees.Where(e => e.Email == BenchServer.Manager).Select(e => e.Id).SingleAsync(ct);
        var zone = Zones.Find(branch.TimeZoneId);
        return (branch.Id, Zones.Today(clock.GetUtcNow().UtcDateTime, zone), manager, zone);
    }

    public async Task<Guid> MoveNextAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var (branch, today, manager, zone) = await BranchAsync(ct);
            List<Lesson> lessons;
            await using (var db = factory.CreateDbContext())
                lessons = (await db.Lessons.AsNoTracking().Where(l => l.BranchId == branch && l.Day == today && l.Status == LessonStatus.Planned)
                    .ToListAsync(ct)).OrderBy(l => l.StartsAt).ThenBy(l => l.Id).ToList();
            if (lessons.Count == 0) throw new InvalidOperationException("no planned lesson today in the bench's branch");
            for (var tries = 0; tries < lessons.Count; tries++)
            {
                var lesson = lessons[_next++ % lessons.Count];
                var shift = _shifted.GetValueOrDefault(lesson.Id) == 0 ? 15 : -15;
                var start = Zones.ToLocal(lesson.StartsAt, zone).AddMinutes(shift);
                try
                {
                    await schedule.MoveAsync(manager, new LessonMove(lesson.Id, lesson.Version, start, (int)(lesson.EndsAt - lesson.StartsAt).TotalMinutes,
                        lesson.RoomId, lesson.TeacherId, lesson.SecondTeacherId), ct);
                    _shifted[lesson.Id] = shift > 0 ? 1 : 0;
                    return lesson.Id;
                }
                catch (SlotTakenException) { }
            }
            throw new InvalidOperationException("every lesson of today is boxed in");
        }
        finally { _gate.Release(); }
    }
}
