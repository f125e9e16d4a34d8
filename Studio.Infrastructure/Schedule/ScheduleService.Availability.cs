using Microsoft.EntityFrameworkCore;
using Studio.Domain.Billing;
using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Domain.Schedule;
using Studio.Infrastructure.Live;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;

namespace Studio.Infrastructure.Schedule;

/// <summary>Staff absences, client freezes, lesson types and calendar feeds.</summary>
public sealed partial class ScheduleService
{
    // ---------- staff absences ----------

    public Task<IReadOnlyList<AbsenceEntry>> ListAbsencesAsync(Guid actorId, Guid? employeeId, CancellationToken ct = default) =>
        factory.ReadAsync<IReadOnlyList<AbsenceEntry>>(actorId, null, async (db, actor) =>
        {
            var now = Now;
            var query = db.StaffAbsences.AsNoTracking().Where(a => a.Kind == AbsenceKind.Weekly || a.To > now.AddDays(-90));
            // Everyone sees who is away (to book around it); only the owner sees everyone's list here.
            if (!actor.Can(Policy.ManageAbsences)) query = query.Where(a => a.EmployeeId == actor.Id);
            if (employeeId is { } id) query = query.Where(a => a.EmployeeId == id);
            var rows = await query.ToListAsync(ct);
            var names = await db.Employees.AsNoTracking().IgnoreAutoIncludes().ToDictionaryAsync(e => e.Id, e => e.FullName, ct);
            return rows.OrderBy(a => a.Kind).ThenBy(a => a.From).ThenBy(a => a.StartMinute)
                .Select(a => new AbsenceEntry(a.Id, a.EmployeeId, names.GetValueOrDefault(a.EmployeeId) ?? "", a.Kind, a.From, a.To, a.Days,
                    a.StartMinute, a.EndMinute, a.Reason, a.TimeZoneId)).ToList();
        }, ct);

    /// <summary>
    /// Adds an absence. Refused, naming the lessons, if the teacher already has planned lessons in it:
    /// those are moved or cancelled first, so no booked lesson is silently left without its teacher.
    /// </summary>
    public Task<Guid> AddAbsenceAsync(Guid actorId, AbsenceDraft draft, CancellationToken ct = default) =>
        factory.RunInTransactionAsync(actorId, null, async (db, actor) =>
        {
            actor.Require(Policy.ManageAbsences, Scope.Own(actor, draft.EmployeeId));
            var employee = await db.Employees.AsNoTracking().SingleOrDefaultAsync(e => e.Id == draft.EmployeeId, ct) ?? throw new NotFoundException();
            var org = await settings.GetAsync(ct);
            var (zone, tzId) = (org.Zone, org.TimeZoneId);
            var absence = draft.Kind == AbsenceKind.Temporary
                ? StaffAbsence.Temporary(employee.Id,
                    Zones.ToUtc(draft.LocalFrom ?? throw new DomainException("Error.Required", "From"), zone),
                    Zones.ToUtc(draft.LocalTo ?? throw new DomainException("Error.Required", "To"), zone), draft.Reason, tzId, Now, actor.Id)
                : StaffAbsence.Weekly(employee.Id, draft.Days, Minutes(draft.StartTime, "From"),
                    draft.EndTime is { } end && end == TimeOnly.MinValue ? StaffAbsence.MinutesPerDay : Minutes(draft.EndTime, "To"),
                    draft.Reason, tzId, Now, actor.Id);

            await db.LockAsync([$"teacher:{employee.Id:N}"], ct);
            var from = absence.Kind == AbsenceKind.Temporary ? absence.From!.Value : Now;
            var to = absence.Kind == AbsenceKind.Temporary ? absence.To!.Value : Now.AddDays(LessonSeries.MaxDays);
            var planned = await db.Lessons.AsNoTracking()
                .Where(l => l.Status == LessonStatus.Planned && l.StartsAt < to && l.EndsAt > from
                    && (l.TeacherId == employee.Id || l.SecondTeacherId == employee.Id))
                .ToListAsync(ct);
            var clashes = planned.Where(l => absence.Overlaps(l.StartsAt, l.EndsAt))
                .Select(l => new Clash(ClashKind.TeacherBusy, employee.Id, l.Id, null, l.StartsAt, l.EndsAt)).Take(MaxClashesShown).ToList();
            if (clashes.Count > 0) throw new SlotTakenException(await DescribeAsync(db, clashes, ct));
            db.StaffAbsences.Add(absence);
            await db.SaveChangesAsync(ct);
            return absence.Id;
        }, ct);

    public Task RemoveAbsenceAsync(Guid actorId, Guid absenceId, CancellationToken ct = default) =>
        factory.RunAsync(actorId, null, async (db, actor) =>
        {
            var absence = await db.StaffAbsences.SingleOrDefaultAsync(a => a.Id == absenceId, ct) ?? throw new NotFoundException();
            actor.Require(Policy.ManageAbsences, Scope.Own(actor, absence.EmployeeId));
            absence.Remove();
            db.StaffAbsences.Remove(absence);
            await db.SaveChangesAsync(ct);
        }, ct);

    private static int Minutes(TimeOnly? time, string field) =>
        time is { } t ? t.Hour * 60 + t.Minute : throw new DomainException("Error.Required", field);

    // ---------- client freezes ----------

    public Task<IReadOnlyList<FreezeEntry>> ListFreezesAsync(Guid actorId, Guid clientId, CancellationToken ct = default) =>
        factory.ReadAsync<IReadOnlyList<FreezeEntry>>(actorId, Policy.SeeClients, async (db, actor) =>
        {
            var rows = await db.ClientFreezes.AsNoTracking().Where(f => f.ClientId == clientId).OrderByDescending(f => f.From).ToListAsync(ct);
            var names = await db.Employees.AsNoTracking().IgnoreAutoIncludes().ToDictionaryAsync(e => e.Id, e => e.FullName, ct);
            return rows.Select(f => new FreezeEntry(f.Id, f.From, f.To, f.Days, f.Reason, f.CreatedAt, names.GetValueOrDefault(f.CreatedById) ?? "")).ToList();
        }, ct);

    /// <summary>Freezes a client for a date range: the client's passes last that many days longer. Freezes may not overlap.</summary>
    public Task<Guid> FreezeClientAsync(Guid actorId, Guid clientId, DateOnly from, DateOnly to, string? reason, CancellationToken ct = default) =>
        factory.RunInTransactionAsync(actorId, Policy.SeeClients, async (db, actor) =>
        {
            if (!await db.Clients.AnyAsync(c => c.Id == clientId && c.MergedIntoId == null, ct)) throw new NotFoundException();
            await db.LockAsync([PassLock(clientId)], ct);
            var freeze = new ClientFreeze(clientId, from, to, reason, Now, actor.Id);
            var existing = await db.ClientFreezes.AsNoTracking().Where(f => f.ClientId == clientId).ToListAsync(ct);
            if (existing.Any(freeze.Overlaps)) throw new DomainException("Error.Freeze.Overlap");
            db.ClientFreezes.Add(freeze);
            await RecountPassesAsync(db, clientId, [.. existing, freeze], ct);
            await db.SaveChangesAsync(ct);
            return freeze.Id;
        }, ct);

    public Task UnfreezeAsync(Guid actorId, Guid freezeId, CancellationToken ct = default) =>
        factory.RunInTransactionAsync(actorId, Policy.SeeClients, async (db, actor) =>
        {
            var freeze = await db.ClientFreezes.SingleOrDefaultAsync(f => f.Id == freezeId, ct) ?? throw new NotFoundException();
            await db.LockAsync([PassLock(freeze.ClientId)], ct);
            freeze.Remove();
            db.ClientFreezes.Remove(freeze);
            var rest = await db.ClientFreezes.AsNoTracking().Where(f => f.ClientId == freeze.ClientId && f.Id != freeze.Id).ToListAsync(ct);
            await RecountPassesAsync(db, freeze.ClientId, rest, ct);
            await db.SaveChangesAsync(ct);
            return true;
        }, ct);

    private static async Task RecountPassesAsync(StudioDbContext db, Guid clientId, IReadOnlyList<ClientFreeze> freezes, CancellationToken ct)
    {
        foreach (var pass in await db.Passes.Where(p => p.ClientId == clientId).ToListAsync(ct)) pass.Recount(freezes);
    }

    // ---------- lesson types (owner) ----------

    public Task<IReadOnlyList<LessonTypeView>> ListTypesAsync(Guid actorId, bool includeArchived = false, CancellationToken ct = default) =>
        factory.ReadAsync<IReadOnlyList<LessonTypeView>>(actorId, null, async (db, _) =>
        {
            var types = await db.LessonTypes.AsNoTracking().Where(t => includeArchived || !t.IsArchived).ToListAsync(ct);
            return types.OrderBy(t => t.IsArchived).ThenBy(t => t.Name).Select(ScheduleReads.ToView).ToList();
        }, ct);

    public Task<Guid> SaveTypeAsync(Guid actorId, Guid? typeId, Guid? expectedVersion, string name, int durationMinutes, LessonKind kind,
        bool isTrial, string colour, int visitsUsed, CancellationToken ct = default) =>
        factory.RunAsync<Guid>(actorId, Policy.Settings, async (db, _) =>
        {
            LessonType type;
            if (typeId is { } id)
            {
                type = await db.LessonTypes.SingleOrDefaultAsync(t => t.Id == id, ct) ?? throw new NotFoundException();
                if (expectedVersion is { } v) db.ExpectVersion(type, v);
                type.Update(name, durationMinutes, kind, isTrial, colour, visitsUsed);
            }
            else
            {
                type = new LessonType(name, durationMinutes, kind, isTrial, colour, visitsUsed);
                db.LessonTypes.Add(type);
            }
            await UniqueNames.RefuseDuplicateAsync(db.LessonTypes.Where(t => t.Id != type.Id).Select(t => t.Name), type.Name, ct);
            return type.Id;
        }, ct);

    /// <summary>A type with lessons is archived (kept for history, gone from pickers); a type never used is deleted.</summary>
    public Task ArchiveTypeAsync(Guid actorId, Guid typeId, bool archived, CancellationToken ct = default) =>
        factory.RunAsync(actorId, Policy.Settings, async (db, _) =>
        {
            var type = await db.LessonTypes.SingleOrDefaultAsync(t => t.Id == typeId, ct) ?? throw new NotFoundException();
            type.Archive(archived);
            await db.SaveChangesAsync(ct);
        }, ct);

    /// <summary>The kind of message, on <see cref="LiveTopics.ScheduleAll"/> and <see cref="LiveTopics.Dictionaries"/>, of a <see cref="LessonTypeChanged"/>.</summary>
    public const string LessonTypesKind = "LessonTypes";

    // ---------- calendar feed ----------

    /// <summary>The employee's secret calendar key, made on first use; <paramref name="rotate"/> makes a new one (the old address stops).</summary>
    public Task<string> CalendarKeyAsync(Guid actorId, Guid employeeId, bool rotate = false, CancellationToken ct = default) =>
        factory.RunAsync<string>(actorId, null, async (db, actor) =>
        {
            actor.Require(Policy.ManageAbsences, Scope.Own(actor, employeeId));
            var employee = await db.Employees.SingleOrDefaultAsync(e => e.Id == employeeId, ct) ?? throw new NotFoundException();
            if (employee.CalendarKey is { } key && !rotate) return key;
            var fresh = employee.RotateCalendarKey();
            await db.SaveChangesAsync(ct);
            return fresh;
        }, ct);

    /// <summary>The lessons a calendar feed shows: 30 days back, 120 ahead. Null if the key is unknown or the account disabled.</summary>
    public async Task<(string Name, IReadOnlyList<LessonView> Lessons)?> CalendarAsync(string key, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(key) || key.Length > 64) return null;
        await using var db = factory.CreateDbContext();
        var employee = await db.Employees.AsNoTracking().SingleOrDefaultAsync(e => e.CalendarKey == key, ct);
        if (employee is not { IsActive: true }) return null;
        var (from, to) = (Now.AddDays(-30), Now.AddDays(120));
        var lessons = await db.Lessons.AsNoTracking()
            .Where(l => (l.TeacherId == employee.Id || l.SecondTeacherId == employee.Id) && l.StartsAt >= from && l.StartsAt < to)
            .OrderBy(l => l.StartsAt).Take(2000).ToListAsync(ct);
        return (employee.FullName, await ViewsAcrossBranchesAsync(db, lessons, ct));
    }
}
