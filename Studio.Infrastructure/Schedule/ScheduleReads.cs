using Microsoft.EntityFrameworkCore;
using Studio.Domain.Organisation;
using Studio.Domain.Schedule;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Domain.Common;

namespace Studio.Infrastructure.Schedule;

/// <summary>Builds what screens show of lessons: names resolved, local times, who is frozen.</summary>
public sealed class ScheduleReads(IDbContextFactory<StudioDbContext> factory)
{
    public const int MaxDays = 14;

    /// <summary>A branch's schedule over [from, from + days): the shared snapshot of <see cref="ScheduleViews"/>.</summary>
    internal async Task<ScheduleSnapshot?> LoadRangeAsync(Guid branchId, DateOnly from, int days, long sequence, CancellationToken ct = default)
    {
        days = Math.Clamp(days, 1, MaxDays);
        var to = from.AddDays(days - 1);
        await using var db = factory.CreateDbContext();
        var branch = await db.Branches.AsNoTracking().SingleOrDefaultAsync(b => b.Id == branchId, ct);
        if (branch is null) return null;
        var zone = Zones.Find(branch.TimeZoneId);
        // In start order, the id breaking a tie the same way on every database (and in a patch).
        var lessons = (await db.Lessons.AsNoTracking().Where(l => l.BranchId == branchId && l.Day >= from && l.Day <= to).ToListAsync(ct))
            .OrderBy(l => l.StartsAt).ThenBy(l => l.Id).ToList();

        var teachers = await db.Employees.AsNoTracking()
            .Where(e => e.IsActive && e.Role == EmployeeRole.Teacher && e.Branches.Any(b => b.BranchId == branchId))
            .OrderBy(e => e.FullName).ToListAsync(ct);
        // Someone teaching here who is not one of the branch's teachers (the owner, a manager, a guest) still gets a column.
        var extra = lessons.SelectMany(l => l.Teachers).Distinct().Except(teachers.Select(t => t.Id)).ToList();
        if (extra.Count > 0)
            teachers.AddRange((await db.Employees.AsNoTracking().Where(e => extra.Contains(e.Id)).ToListAsync(ct)).OrderBy(e => e.FullName).ThenBy(e => e.Id));
        var teacherIds = teachers.Select(t => t.Id).ToList();

        var (startUtc, endUtc) = (Zones.ToUtc(from.ToDateTime(TimeOnly.MinValue), zone), Zones.ToUtc(to.AddDays(1).ToDateTime(TimeOnly.MinValue), zone));
        var absences = await db.StaffAbsences.AsNoTracking()
            .Where(a => teacherIds.Contains(a.EmployeeId) && (a.Kind == AbsenceKind.Weekly || (a.From < endUtc && a.To > startUtc)))
            .ToListAsync(ct);
        var absenceViews = absences.SelectMany(a => a.Within(startUtc, endUtc).Select(w =>
            new AbsenceView(a.Id, a.EmployeeId, a.Kind, w.From, w.To, Zones.ToLocal(w.From, zone), Zones.ToLocal(w.To, zone), a.Reason))).ToList();

        var rooms = await db.Rooms.AsNoTracking().Where(r => r.BranchId == branchId).OrderBy(r => r.Name)
            .Select(r => new ScheduleRoom(r.Id, r.Name, r.Capacity)).ToListAsync(ct);
        var types = await db.LessonTypes.AsNoTracking().ToListAsync(ct);
        return new(branch.Id, branch.Name, branch.TimeZoneId, from, days, sequence, await ViewsAsync(db, lessons, zone, ct), absenceViews,
            teachers.Select(t => new ScheduleTeacher(t.Id, t.FullName, t.Initials)).ToList(), rooms,
            types.OrderBy(t => t.Name).Select(ToView).ToList());
    }

    /// <summary>
    /// <paramref name="current"/> with the named lessons read again (a handful of small reads, whatever the week holds):
    /// one that left the range, the branch or the database drops out. Null when the change reaches past the lessons
    /// (a teacher who now gets a column or loses one): the caller loads the range whole.
    /// </summary>
    internal async Task<ScheduleSnapshot?> PatchRangeAsync(ScheduleSnapshot current, IReadOnlyCollection<Guid> lessonIds, long sequence, CancellationToken ct = default)
    {
        var (branchId, from, to) = (current.BranchId, current.From, current.To);
        var ids = lessonIds.Distinct().ToList();
        await using var db = factory.CreateDbContext();
        var read = await db.Lessons.AsNoTracking().Where(l => ids.Contains(l.Id) && l.BranchId == branchId && l.Day >= from && l.Day <= to).ToListAsync(ct);
        var lessons = current.Lessons.Where(l => !ids.Contains(l.Id)).ToList();
        // The columns: the branch's teachers, and anyone else teaching a lesson of the range. When they would change, load whole.
        var regular = await db.Employees.AsNoTracking()
            .Where(e => e.IsActive && e.Role == EmployeeRole.Teacher && e.Branches.Any(b => b.BranchId == branchId)).Select(e => e.Id).ToListAsync(ct);
        var columns = regular.Concat(lessons.SelectMany(l => new[] { l.TeacherId, l.SecondTeacherId ?? l.TeacherId }))
            .Concat(read.SelectMany(l => l.Teachers)).ToHashSet();
        if (!columns.SetEquals(current.Teachers.Select(t => t.Id))) return null;
        var views = await ViewsAsync(db, read, Zones.Find(current.TimeZoneId), ct);
        return current with
        {
            Sequence = sequence,
            Lessons = [.. lessons.Concat(views).OrderBy(l => l.StartsAt).ThenBy(l => l.Id)],
        };
    }

    public static LessonTypeView ToView(LessonType t) =>
        new(t.Id, t.Version, t.Name, t.DurationMinutes, t.Kind, t.IsTrial, t.Colour, t.VisitsUsed, t.IsArchived);

    /// <summary>Views of lessons of one branch (one time zone), with a handful of reads whatever their number.</summary>
    internal static async Task<IReadOnlyList<LessonView>> ViewsAsync(StudioDbContext db, IReadOnlyList<Lesson> lessons, TimeZoneInfo zone, CancellationToken ct)
    {
        if (lessons.Count == 0) return [];
        var typeIds = lessons.Select(l => l.TypeId).Distinct().ToList();
        var types = await db.LessonTypes.AsNoTracking().Where(t => typeIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, ct);
        var seriesIds = lessons.Where(l => l.SeriesId != null).Select(l => l.SeriesId!.Value).Distinct().ToList();
        var series = await db.LessonSeries.AsNoTracking().Where(s => seriesIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        var roomIds = lessons.Where(l => l.RoomId != null).Select(l => l.RoomId!.Value).Distinct().ToList();
        var rooms = await db.Rooms.AsNoTracking().Where(r => roomIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Name, ct);
        var teacherIds = lessons.SelectMany(l => l.Teachers).Distinct().ToList();
        var teachers = await db.Employees.AsNoTracking().IgnoreAutoIncludes().Where(e => teacherIds.Contains(e.Id))
            .ToDictionaryAsync(e => e.Id, e => e.FullName, ct);
        var clientIds = lessons.SelectMany(l => l.Participants.Select(p => p.ClientId)).Distinct().ToList();
        var clients = await db.Clients.AsNoTracking().IgnoreAutoIncludes().Where(c => clientIds.Contains(c.Id))
            .Select(c => new { c.Id, c.FullName, c.Phone }).ToDictionaryAsync(c => c.Id, ct);
        var (first, last) = (lessons.Min(l => l.Day), lessons.Max(l => l.Day));
        var freezes = await db.ClientFreezes.AsNoTracking().Where(f => clientIds.Contains(f.ClientId) && f.From <= last && f.To >= first)
            .ToListAsync(ct);

        return lessons.Select(l =>
        {
            var type = types.GetValueOrDefault(l.TypeId);
            var participants = l.Participants
                .Select(p => new ParticipantView(p.ClientId, clients.GetValueOrDefault(p.ClientId)?.FullName ?? "", clients.GetValueOrDefault(p.ClientId)?.Phone,
                    p.Attendance, p.Frozen || freezes.Any(f => f.ClientId == p.ClientId && f.Covers(l.Day)), p.Owed, p.Visits, p.PassId))
                .OrderBy(p => p.Name, StringComparer.CurrentCulture).ToList();
            return new LessonView(l.Id, l.Version, l.BranchId, l.SeriesId, l.SeriesId is { } s ? series.GetValueOrDefault(s) : null, l.TypeId,
                type?.Name ?? "", type?.Colour ?? "#9E9E9E", l.Kind, type?.IsTrial ?? false, l.StartsAt, l.EndsAt, l.Day,
                Zones.ToLocal(l.StartsAt, zone), Zones.ToLocal(l.EndsAt, zone), l.RoomId, l.RoomId is { } r ? rooms.GetValueOrDefault(r) : null,
                l.TeacherId, l.SecondTeacherId, string.Join(", ", l.Teachers.Select(t => teachers.GetValueOrDefault(t) ?? "")), l.Status,
                l.CancelReason, l.Notes, participants);
        }).ToList();
    }
}
