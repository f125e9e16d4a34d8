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
    /// The times are read on the clocks of the employee's branch (<see cref="AbsenceZoneAsync"/>) and the absence keeps that zone,
    /// so "away 10:00–12:00" in a New York branch blocks 10:00–12:00 there whatever the organisation's own zone.
    /// </summary>
    public Task<Guid> AddAbsenceAsync(Guid actorId, AbsenceDraft draft, CancellationToken ct = default) =>
        factory.RunInTransactionAsync(actorId, null, async (db, actor) =>
        {
            actor.Require(Policy.ManageAbsences, Scope.Own(actor, draft.EmployeeId));
            var employee = await db.Employees.AsNoTracking().SingleOrDefaultAsync(e => e.Id == draft.EmployeeId, ct) ?? throw new NotFoundException();
            var zone = await AbsenceZoneAsync(db, employee, draft.BranchId, ct);
            var tzId = zone.Id;
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

    /// <summary>
    /// The zone an absence is typed and kept in. An absence names no branch: a teacher is away from where they teach, so its
    /// times are those of the clocks in their branch. For someone of several branches in different zones, the branch the screen
    /// shows (the top bar's) when they work there, else the first of their branches by name (a choice that cannot be told
    /// apart from any other when the zones agree, which is nearly always). Someone of no branch (the owner) types it as the
    /// screen's branch reads it, else as all the organisation's branches do when they share a zone, else in the organisation's zone.
    /// </summary>
    private async Task<TimeZoneInfo> AbsenceZoneAsync(StudioDbContext db, Employee employee, Guid? shownBranchId, CancellationToken ct)
    {
        var own = employee.Branches.Select(b => b.BranchId).ToList();
        var branches = await db.Branches.AsNoTracking().Where(b => !b.IsArchived || own.Contains(b.Id))
            .Select(b => new { b.Id, b.Name, b.TimeZoneId }).ToListAsync(ct);
        var mine = own.Count > 0 ? branches.Where(b => own.Contains(b.Id)).ToList() : [];
        var shown = shownBranchId is { } id ? branches.FirstOrDefault(b => b.Id == id) : null;
        if (shown is not null && (own.Count == 0 || own.Contains(shown.Id))) return Zones.Find(shown.TimeZoneId);
        var candidates = mine.Count > 0 ? mine : branches;
        if (candidates.Select(b => b.TimeZoneId).Distinct().Count() == 1) return Zones.Find(candidates[0].TimeZoneId);
        if (mine.Count > 0) return Zones.Find(mine.OrderBy(b => b.Name, StringComparer.Ordinal).ThenBy(b => b.Id).First().TimeZoneId);
        return (await settings.GetAsync(ct)).Zone;
    }

    private static int Minutes(TimeOnly? time, string field) =>
        time is { } t ? t.Hour * 60 + t.Minute : throw new DomainException("Error.Required", field);
}
