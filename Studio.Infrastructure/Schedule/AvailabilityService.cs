using Microsoft.EntityFrameworkCore;
using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Domain.Schedule;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using static Studio.Infrastructure.Schedule.LessonRules;

namespace Studio.Infrastructure.Schedule;

/// <summary>Staff absences: when a teacher cannot teach (a temporary leave or a weekly time off), checked against booked lessons.</summary>
public sealed class AvailabilityService(IDbContextFactory<StudioDbContext> factory, TimeProvider clock, OrganisationSettingsSource settings)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

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
}
