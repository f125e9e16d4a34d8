using Microsoft.EntityFrameworkCore;
using Studio.Domain.Organisation;
using Studio.Domain.Reports;
using Studio.Domain.Schedule;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;

namespace Studio.Infrastructure.Reports;

/// <summary>The staff report: managers' lines, teachers' lines, sales over time, and the names they mention.</summary>
public sealed record StaffReportView(IReadOnlyList<StaffLine> Managers, IReadOnlyList<TeacherLine> Teachers, IReadOnlyList<SalesPoint> Sales,
    IReadOnlyDictionary<Guid, string> People);

/// <summary>
/// The staff report of <see cref="StaffReport"/> computed in the database with grouped queries; the tests hold the two together.
/// Rights: the owner sees everyone; a manager only their own line (and no teachers); a teacher nothing.
/// </summary>
public sealed class StaffReports(IDbContextFactory<StudioDbContext> factory, TimeProvider clock, Organisation.OrganisationSettingsSource settings)
{
    private static readonly TaskState[] Finished = [TaskState.Done, TaskState.Closed];

    /// <summary>The employees the actor may filter the report by: everyone (owner), themselves (manager).</summary>
    public Task<IReadOnlyList<(Guid Id, string Name, EmployeeRole Role)>> PeopleAsync(Guid actorId, CancellationToken ct = default) =>
        factory.ReadAsync<IReadOnlyList<(Guid Id, string Name, EmployeeRole Role)>>(actorId, Policy.ReadReports, async (db, actor) =>
        {
            var q = db.Employees.AsNoTracking().IgnoreAutoIncludes().Where(e => e.IsActive);
            if (!actor.Can(Policy.ReadStaffReport)) q = q.Where(e => e.Id == actor.Id);
            return (await q.OrderBy(e => e.FullName).Select(e => new { e.Id, e.FullName, e.Role }).ToListAsync(ct))
                .Select(e => (e.Id, e.FullName, e.Role)).ToList();
        }, ct);

    public Task<StaffReportView> ReportAsync(Guid actorId, Period period, Guid? employeeId = null, SalesBucket bucket = SalesBucket.Day,
        CancellationToken ct = default) =>
        factory.ReadAsync<StaffReportView>(actorId, Policy.ReadReports, async (db, actor) =>
        {
            var othersToo = actor.Can(Policy.ReadStaffReport);
            if (employeeId is { } other) actor.Require(Policy.ReadStaffReport, Scope.Own(actor, other));
            else if (!othersToo) employeeId = actor.Id;
            var people = await db.Employees.AsNoTracking().IgnoreAutoIncludes()
                .Where(e => employeeId == null ? e.IsActive : e.Id == employeeId)
                .OrderBy(e => e.FullName).Select(e => new { e.Id, e.FullName, e.Role }).ToListAsync(ct);
            var managers = people.Where(p => p.Role != EmployeeRole.Teacher).Select(p => p.Id).ToList();
            var teachers = othersToo ? people.Where(p => p.Role == EmployeeRole.Teacher).Select(p => p.Id).ToList() : [];
            var (start, end) = (period.From, period.To);
            var now = clock.GetUtcNow().UtcDateTime;
            var dueUntil = now < end ? now : end;

            var active = await db.Deals.Where(d => d.ClosedAt == null && d.ResponsibleId != null && managers.Contains(d.ResponsibleId.Value))
                .GroupBy(d => d.ResponsibleId!.Value).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
            var closed = await (from d in db.Deals
                                where d.ClosedAt >= start && d.ClosedAt < end && d.ResponsibleId != null && managers.Contains(d.ResponsibleId.Value)
                                join s in db.Stages on d.StageId equals s.Id
                                group d by new { Id = d.ResponsibleId!.Value, Won = s.Kind == Studio.Domain.Pipelines.StageKind.Won } into g
                                select new { g.Key.Id, g.Key.Won, Count = g.Count() }).ToListAsync(ct);
            // Voided payments count for nothing; a refund nets the sum of whoever gave the money back, and is not a sale.
            var paid = db.Payments.Where(p => p.PaidAt >= start && p.PaidAt < end && p.VoidedAt == null && managers.Contains(p.EmployeeId));
            // SQLite cannot SUM decimals: there the sum is taken as REAL and rounded back to cents.
            var payments = db.Database.IsSqlite()
                ? (await paid.GroupBy(p => p.EmployeeId).Select(g => new { g.Key, Count = g.Count(p => p.RefundOfId == null), Sum = g.Sum(p => (double)p.Amount) }).ToListAsync(ct))
                    .ToDictionary(x => x.Key, x => (x.Count, Sum: Math.Round((decimal)x.Sum, 2)))
                : (await paid.GroupBy(p => p.EmployeeId).Select(g => new { g.Key, Count = g.Count(p => p.RefundOfId == null), Sum = g.Sum(p => p.Amount) }).ToListAsync(ct))
                    .ToDictionary(x => x.Key, x => (x.Count, x.Sum));
            var done = await (from c in db.TaskChanges
                              where Finished.Contains(c.To) && c.At >= start && c.At < end
                              join e in db.Set<TaskExecutor>() on c.TaskId equals e.TaskId
                              where managers.Contains(e.EmployeeId)
                              select new { e.EmployeeId, c.TaskId }).Distinct()
                .GroupBy(x => x.EmployeeId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
            var overdue = await (from t in db.Tasks
                                 where t.Deadline >= start && t.Deadline < dueUntil && t.Status != TaskState.Cancelled
                                       && !db.TaskChanges.Any(c => c.TaskId == t.Id && Finished.Contains(c.To) && c.At <= t.Deadline)
                                 join e in db.Set<TaskExecutor>() on t.Id equals e.TaskId
                                 where managers.Contains(e.EmployeeId)
                                 group t by e.EmployeeId into g
                                 select new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);

            var lines = managers.Select(m =>
            {
                var won = closed.Where(c => c.Id == m && c.Won).Sum(c => c.Count);
                var (count, sum) = payments.GetValueOrDefault(m);
                return new StaffLine(m, active.GetValueOrDefault(m), closed.Where(c => c.Id == m).Sum(c => c.Count), won, count, sum,
                    done.GetValueOrDefault(m), overdue.GetValueOrDefault(m));
            }).ToList();

            var teacherLines = teachers.Count == 0 ? [] : await TeachersAsync(db, teachers, period, ct);
            var sales = await SalesAsync(db, managers, period, (await settings.GetAsync(ct)).Zone, bucket, ct);
            return new(lines, teacherLines, sales, people.ToDictionary(p => p.Id, p => p.FullName));
        }, ct);

    private static async Task<IReadOnlyList<TeacherLine>> TeachersAsync(StudioDbContext db, List<Guid> teachers, Period period, CancellationToken ct)
    {
        var (start, end) = (period.From, period.To);
        var held = db.Lessons.Where(l => l.Status == LessonStatus.Held && l.StartsAt >= start && l.StartsAt < end);
        var first = await held.Where(l => teachers.Contains(l.TeacherId))
            .GroupBy(l => l.TeacherId).Select(g => new { g.Key, Count = g.Count(), Minutes = g.Sum(l => l.DurationMinutes) }).ToListAsync(ct);
        var second = await held.Where(l => l.SecondTeacherId != null && teachers.Contains(l.SecondTeacherId.Value))
            .GroupBy(l => l.SecondTeacherId!.Value).Select(g => new { g.Key, Count = g.Count(), Minutes = g.Sum(l => l.DurationMinutes) }).ToListAsync(ct);
        var all = first.Concat(second).ToList();
        return teachers.Select(t => new TeacherLine(t, all.Where(x => x.Key == t).Sum(x => x.Count), all.Where(x => x.Key == t).Sum(x => x.Minutes))).ToList();
    }

    /// <summary>
    /// Payments per employee and local day, grouped in the database: the period is cut where the zone's offset changes (summer time), and
    /// within each piece the local day is the UTC instant shifted by that piece's offset — exact, with no time-zone support in the database.
    /// </summary>
    private static async Task<IReadOnlyList<SalesPoint>> SalesAsync(StudioDbContext db, List<Guid> employees, Period period, TimeZoneInfo zone,
        SalesBucket bucket, CancellationToken ct)
    {
        var daily = new List<SalesPoint>();
        var sqlite = db.Database.IsSqlite();
        foreach (var (start, end, offset) in Pieces(period, zone))
        {
            var minutes = offset.TotalMinutes;
            var paid = db.Payments.Where(p => p.PaidAt >= start && p.PaidAt < end && p.VoidedAt == null && employees.Contains(p.EmployeeId));
            if (sqlite)
                daily.AddRange((await paid.GroupBy(p => new { p.EmployeeId, Day = p.PaidAt.AddMinutes(minutes).Date })
                        .Select(g => new { g.Key.EmployeeId, g.Key.Day, Count = g.Count(p => p.RefundOfId == null), Sum = g.Sum(p => (double)p.Amount) }).ToListAsync(ct))
                    .Select(x => new SalesPoint(x.EmployeeId, DateOnly.FromDateTime(x.Day), x.Count, Math.Round((decimal)x.Sum, 2))));
            else
                daily.AddRange((await paid.GroupBy(p => new { p.EmployeeId, Day = p.PaidAt.AddMinutes(minutes).Date })
                        .Select(g => new { g.Key.EmployeeId, g.Key.Day, Count = g.Count(p => p.RefundOfId == null), Sum = g.Sum(p => p.Amount) }).ToListAsync(ct))
                    .Select(x => new SalesPoint(x.EmployeeId, DateOnly.FromDateTime(x.Day), x.Count, x.Sum)));
        }
        return StaffReport.Rebucket(daily, bucket);
    }

    /// <summary>The period cut into pieces of one UTC offset each (found to the quarter hour, as zones change).</summary>
    internal static IEnumerable<(DateTime From, DateTime To, TimeSpan Offset)> Pieces(Period period, TimeZoneInfo zone)
    {
        var start = period.From;
        var offset = zone.GetUtcOffset(start);
        for (var t = start.AddMinutes(15); t < period.To; t = t.AddMinutes(15))
        {
            var o = zone.GetUtcOffset(t);
            if (o == offset) continue;
            yield return (start, t, offset);
            (start, offset) = (t, o);
        }
        yield return (start, period.To, offset);
    }
}
