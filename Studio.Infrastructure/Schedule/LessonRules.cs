using Microsoft.EntityFrameworkCore;
using Studio.Domain.Common;
using Studio.Domain.Schedule;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;

namespace Studio.Infrastructure.Schedule;

/// <summary>
/// The rules every use case that puts a lesson somewhere shares (lessons, series, absences): the named locks of
/// its teachers and room, the place check, and the clashes found and described for the person who reads them.
/// </summary>
internal static class LessonRules
{
    public const int MaxClashesShown = 20;

    internal static IEnumerable<string> SlotLocks(LessonSlot slot) =>
        [.. slot.Teachers.Select(t => $"teacher:{t:N}"), .. slot.RoomId is { } r ? [$"room:{r:N}"] : Array.Empty<string>()];

    internal static async Task<(LessonType Type, TimeZoneInfo Zone)> TypeAndZoneAsync(StudioDbContext db, Guid branchId, Guid typeId, CancellationToken ct)
    {
        var type = await db.LessonTypes.AsNoTracking().SingleOrDefaultAsync(t => t.Id == typeId, ct) ?? throw new DomainException("Error.Required", "LessonType");
        return (type, await BranchZones.ZoneAsync(db, branchId, ct));
    }

    /// <summary>The room is the branch's and the teachers work there and are active.</summary>
    internal static async Task CheckPlaceAsync(StudioDbContext db, Guid branchId, LessonSlot slot, CancellationToken ct)
    {
        if (slot.RoomId is { } roomId && !await db.Rooms.AnyAsync(r => r.Id == roomId && r.BranchId == branchId, ct))
            throw new DomainException("Error.Lesson.Room");
        var teacherIds = slot.Teachers.ToList();
        var teachers = await db.Employees.AsNoTracking().Where(e => teacherIds.Contains(e.Id)).ToListAsync(ct);
        if (teachers.Count != teacherIds.Count || teachers.Any(t => !t.IsActive || !t.WorksIn(branchId)))
            throw new DomainException("Error.Lesson.Teacher");
    }

    internal static async Task<List<Guid>> ExistingClientsAsync(StudioDbContext db, IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        var found = await db.Clients.AsNoTracking().Where(c => wanted.Contains(c.Id) && c.MergedIntoId == null).Select(c => c.Id).ToListAsync(ct);
        if (found.Count != wanted.Count) throw new DomainException("Error.Lesson.Client");
        return wanted;
    }

    internal static async Task<IReadOnlyList<Clash>> FindClashesAsync(StudioDbContext db, Guid lessonId, LessonSlot slot,
        IReadOnlyCollection<Guid> clientIds, CancellationToken ct)
    {
        var (others, absences) = await AroundAsync(db, slot.Teachers.ToList(), slot.RoomId, clientIds, slot.StartsAt, slot.EndsAt, ct);
        return Clashes.Find(lessonId, slot, clientIds, others, absences);
    }

    /// <summary>The lessons and absences that could clash with anything of these teachers, room or clients in [from, to).</summary>
    internal static async Task<(List<Lesson> Lessons, List<StaffAbsence> Absences)> AroundAsync(StudioDbContext db, IReadOnlyList<Guid> teachers,
        Guid? roomId, IReadOnlyCollection<Guid> clientIds, DateTime from, DateTime to, CancellationToken ct)
    {
        var clients = clientIds.ToList();
        var lessons = await db.Lessons.AsNoTracking()
            .Where(l => l.Status != LessonStatus.Cancelled && l.StartsAt < to && l.EndsAt > from
                && (teachers.Contains(l.TeacherId) || (l.SecondTeacherId != null && teachers.Contains(l.SecondTeacherId.Value))
                    || (roomId != null && l.RoomId == roomId) || l.Participants.Any(p => clients.Contains(p.ClientId))))
            .ToListAsync(ct);
        var absences = await db.StaffAbsences.AsNoTracking()
            .Where(a => teachers.Contains(a.EmployeeId) && (a.Kind == AbsenceKind.Weekly || (a.From < to && a.To > from)))
            .ToListAsync(ct);
        return (lessons, absences);
    }

    internal static async Task RefuseClashesAsync(StudioDbContext db, Guid lessonId, LessonSlot slot, IReadOnlyCollection<Guid> clientIds, CancellationToken ct)
    {
        var clashes = await FindClashesAsync(db, lessonId, slot, clientIds, ct);
        if (clashes.Any(c => c.Blocks)) throw new SlotTakenException(await DescribeAsync(db, clashes.Where(c => c.Blocks).ToList(), ct));
    }

    /// <summary>Names who and what clashes, for the message the manager reads.</summary>
    internal static async Task<IReadOnlyList<ClashView>> DescribeAsync(StudioDbContext db, IReadOnlyList<Clash> clashes, CancellationToken ct)
    {
        if (clashes.Count == 0) return [];
        var who = clashes.Select(c => c.WhoId).Distinct().ToList();
        var lessonIds = clashes.Where(c => c.LessonId is not null).Select(c => c.LessonId!.Value).Distinct().ToList();
        var people = await db.Employees.AsNoTracking().IgnoreAutoIncludes().Where(e => who.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.FullName, ct);
        var rooms = await db.Rooms.AsNoTracking().Where(r => who.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Name, ct);
        var clients = await db.Clients.AsNoTracking().Where(c => who.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.FullName, ct);
        var what = await (from l in db.Lessons.AsNoTracking().IgnoreAutoIncludes()
                          join t in db.LessonTypes on l.TypeId equals t.Id
                          join s in db.LessonSeries on l.SeriesId equals s.Id into ss
                          from s in ss.DefaultIfEmpty()
                          where lessonIds.Contains(l.Id)
                          select new { l.Id, Name = s != null ? s.Name : t.Name }).ToDictionaryAsync(x => x.Id, x => x.Name, ct);
        return clashes.Select(c => new ClashView(c.Kind, c.WhoId,
            people.GetValueOrDefault(c.WhoId) ?? rooms.GetValueOrDefault(c.WhoId) ?? clients.GetValueOrDefault(c.WhoId) ?? "",
            c.LessonId, c.LessonId is { } id ? what.GetValueOrDefault(id) : null, c.From, c.To)).ToList();
    }
}
