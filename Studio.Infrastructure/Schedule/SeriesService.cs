using Microsoft.EntityFrameworkCore;
using Studio.Domain.Common;
using Studio.Domain.Schedule;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using static Studio.Infrastructure.Schedule.LessonRules;

namespace Studio.Infrastructure.Schedule;

public sealed record SeriesView(Guid Id, Guid Version, Guid BranchId, string Name, Guid TypeId, IReadOnlyList<WeeklySlot> Pattern,
    int DurationMinutes, Guid? RoomId, Guid TeacherId, Guid? SecondTeacherId, DateOnly FirstDay, DateOnly LastDay, IReadOnlyList<Guid> ClientIds);

/// <summary>Weekly groups: a series makes its lessons at once, and edits "this and following" without touching what was held.</summary>
public sealed class SeriesService(IDbContextFactory<StudioDbContext> factory, TimeProvider clock)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Creates a weekly group and all its lessons at once; if any lesson would clash, nothing is saved and every clash is named.</summary>
    public Task<Guid> CreateSeriesAsync(Guid actorId, SeriesDraft draft, CancellationToken ct = default) =>
        factory.RunInTransactionAsync(actorId, null, async (db, actor) =>
        {
            actor.Require(Policy.Schedule, Scope.Branch(actor, draft.BranchId));
            var (type, zone) = await TypeAndZoneAsync(db, draft.BranchId, draft.TypeId, ct);
            if (type.IsArchived) throw new DomainException("Error.LessonType.Archived");
            await OpenBranches.CheckAsync(db, draft.BranchId, null, ct);
            var clients = await ExistingClientsAsync(db, draft.ClientIds, ct);
            var series = new LessonSeries(draft.BranchId, draft.Name, type, draft.Pattern, draft.DurationMinutes ?? type.DurationMinutes,
                draft.RoomId, draft.TeacherId, draft.SecondTeacherId, draft.FirstDay, draft.LastDay, zone.Id, clients);
            await CheckPlaceAsync(db, draft.BranchId, series.SlotAt(draft.FirstDay.ToDateTime(TimeOnly.MinValue), zone), ct);
            db.LessonSeries.Add(series);
            await GenerateAsync(db, series, type, zone, draft.FirstDay, actor.Id, keep: [], ct);
            await db.SaveChangesAsync(ct);
            return series.Id;
        }, ct);

    public Task<SeriesView> GetSeriesAsync(Guid actorId, Guid seriesId, CancellationToken ct = default) =>
        factory.ReadAsync<SeriesView>(actorId, null, async (db, actor) =>
        {
            var s = await db.LessonSeries.AsNoTracking().SingleOrDefaultAsync(x => x.Id == seriesId, ct) ?? throw new NotFoundException();
            actor.Require(Policy.SeeSchedule, Scope.Branch(actor, s.BranchId));
            return new(s.Id, s.Version, s.BranchId, s.Name, s.TypeId, s.Pattern, s.DurationMinutes, s.RoomId, s.TeacherId, s.SecondTeacherId,
                s.FirstDay, s.LastDay, s.ClientIds);
        }, ct);

    /// <summary>
    /// Edits a group from <paramref name="fromDay"/> on ("this and following"; from its first day it is the
    /// whole series). Planned lessons from that day are replaced by the new pattern; held lessons keep
    /// exactly what they were and no new lesson is put on their day; cancelled ones stay cancelled.
    /// </summary>
    public Task<Guid> EditSeriesAsync(Guid actorId, Guid seriesId, Guid expectedVersion, DateOnly fromDay, SeriesDraft draft,
        CancellationToken ct = default) =>
        factory.RunInTransactionAsync(actorId, null, async (db, actor) =>
        {
            var series = await db.LessonSeries.SingleOrDefaultAsync(s => s.Id == seriesId, ct) ?? throw new NotFoundException();
            actor.Require(Policy.Schedule, Scope.Branch(actor, series.BranchId));
            db.ExpectVersion(series, expectedVersion);
            var (type, zone) = await TypeAndZoneAsync(db, series.BranchId, draft.TypeId, ct);
            var clients = await ExistingClientsAsync(db, draft.ClientIds, ct);
            var duration = draft.DurationMinutes ?? type.DurationMinutes;

            var later = await db.Lessons.Where(l => l.SeriesId == series.Id && l.Day >= fromDay).ToListAsync(ct);
            var keep = later.Where(l => l.Status != LessonStatus.Planned).ToList();
            var replaced = later.Where(l => l.Status == LessonStatus.Planned).ToList();
            foreach (var lesson in replaced) lesson.Discard();
            db.Lessons.RemoveRange(replaced);

            LessonSeries target;
            if (fromDay <= series.FirstDay)
            {
                series.Change(type, draft.Pattern, duration, draft.RoomId, draft.TeacherId, draft.SecondTeacherId, draft.LastDay, clients, draft.Name);
                target = series;
            }
            else
            {
                target = series.SplitFrom(fromDay, type, draft.Pattern, duration, draft.RoomId, draft.TeacherId, draft.SecondTeacherId,
                    draft.LastDay, clients, draft.Name);
                db.LessonSeries.Add(target);
            }
            await CheckPlaceAsync(db, target.BranchId, target.SlotAt(fromDay.ToDateTime(TimeOnly.MinValue), zone), ct);
            // The removed planned lessons must not clash with their own replacements.
            await db.SaveChangesAsync(ct);
            await GenerateAsync(db, target, type, zone, fromDay > target.FirstDay ? fromDay : target.FirstDay, actor.Id, keep, ct);
            await db.SaveChangesAsync(ct);
            return target.Id;
        }, ct);

    /// <summary>Makes the series' lessons from a day on, skipping days a kept (held or cancelled) lesson already holds.</summary>
    private async Task GenerateAsync(StudioDbContext db, LessonSeries series, LessonType type, TimeZoneInfo zone, DateOnly from, Guid actorId,
        IReadOnlyList<Lesson> keep, CancellationToken ct)
    {
        var heldDays = keep.Where(l => l.Status == LessonStatus.Held).Select(l => l.Day).ToHashSet();
        var cancelledStarts = keep.Where(l => l.Status == LessonStatus.Cancelled).Select(l => l.StartsAt).ToHashSet();
        var slots = series.Occurrences(from).Select(local => series.SlotAt(local, zone))
            .Where(s => !heldDays.Contains(s.Day) && !cancelledStarts.Contains(s.StartsAt)).ToList();
        if (slots.Count == 0) return;

        var first = slots[0];
        await db.LockAsync(SlotLocks(first), ct);
        var (others, absences) = await AroundAsync(db, first.Teachers.ToList(), first.RoomId, [], slots[0].StartsAt, slots[^1].EndsAt, ct);
        var clashes = new List<Clash>();
        var lessons = new List<Lesson>();
        foreach (var slot in slots)
        {
            var lesson = new Lesson(series.BranchId, type, slot, series.Id, Now, actorId);
            clashes.AddRange(Clashes.Find(lesson.Id, slot, [], others, absences).Where(c => c.Blocks));
            foreach (var c in series.ClientIds) lesson.AddParticipant(c);
            lessons.Add(lesson);
        }
        if (clashes.Count > 0) throw new SlotTakenException(await DescribeAsync(db, clashes.Take(MaxClashesShown).ToList(), ct));
        db.Lessons.AddRange(lessons);
    }
}
