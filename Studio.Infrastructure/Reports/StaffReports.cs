using Microsoft.EntityFrameworkCore;
using Studio.Domain.Organisation;
using Studio.Domain.Reports;
using Studio.Domain.Schedule;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Tasks;

namespace Studio.Infrastructure.Reports;

/// <summary>The staff report: managers' lines, teachers' lines, sales over time, and the names they mention.</summary>
public sealed record StaffReportView(IReadOnlyList<StaffLine> Managers, IReadOnlyList<TeacherLine> Teachers, IReadOnlyList<SalesPoint> Sales,
    IReadOnlyDictionary<Guid, string> People);

/// <summary>
/// The staff report of <see cref="StaffReport"/> computed in the database with grouped queries; the tests hold the two together.
/// Rights: the owner sees everyone; a manager only their own line (and no teachers); a teacher nothing.
/// With a branch (the top bar's): the employees who work in it (owners work in every branch), and of their work only what is the
/// branch's — deals of the branch (the deal's branch), payments taken in it (the payment's branch; a refund keeps its payment's),
/// tasks in it (<see cref="TaskBranches"/>), lessons held in it; the days (sales over time) are the branch's (its zone).
/// A refund counts against the seller of the payment it gives money back from, on the refund's day (never against whoever refunded).
/// </summary>
public sealed class StaffReports(IDbContextFactory<StudioDbContext> factory, TimeProvider clock, Organisation.OrganisationSettingsSource settings)
{
    private static readonly TaskState[] Finished = [TaskState.Done, TaskState.Closed];

    /// <summary>The employees the actor may filter the report by: everyone (owner), themselves (manager); with a branch, those working in it.</summary>
    public Task<IReadOnlyList<(Guid Id, string Name, EmployeeRole Role)>> PeopleAsync(Guid actorId, CancellationToken ct = default) =>
        PeopleAsync(actorId, null, ct);

    public Task<IReadOnlyList<(Guid Id, string Name, EmployeeRole Role)>> PeopleAsync(Guid actorId, Guid? branchId, CancellationToken ct = default) =>
        factory.ReadAsync<IReadOnlyList<(Guid Id, string Name, EmployeeRole Role)>>(actorId, Policy.ReadReports, async (db, actor) =>
        {
            var q = InBranch(db, db.Employees.AsNoTracking().IgnoreAutoIncludes().Where(e => e.IsActive), branchId);
            if (!actor.Can(Policy.ReadStaffReport)) q = q.Where(e => e.Id == actor.Id);
            return (await q.OrderBy(e => e.FullName).Select(e => new { e.Id, e.FullName, e.Role }).ToListAsync(ct))
                .Select(e => (e.Id, e.FullName, e.Role)).ToList();
        }, ct);

    public Task<StaffReportView> ReportAsync(Guid actorId, Period period, Guid? employeeId = null, SalesBucket bucket = SalesBucket.Day,
        Guid? branchId = null, CancellationToken ct = default) =>
        factory.ReadAsync<StaffReportView>(actorId, Policy.ReadReports, async (db, actor) =>
        {
            var othersToo = actor.Can(Policy.ReadStaffReport);
            if (employeeId is { } other) actor.Require(Policy.ReadStaffReport, Scope.Own(actor, other));
            else if (!othersToo) employeeId = actor.Id;
            var employees = db.Employees.AsNoTracking().IgnoreAutoIncludes();
            var people = await (employeeId == null ? InBranch(db, employees.Where(e => e.IsActive), branchId) : employees.Where(e => e.Id == employeeId))
                .OrderBy(e => e.FullName).Select(e => new { e.Id, e.FullName, e.Role }).ToListAsync(ct);
            var managers = people.Where(p => p.Role != EmployeeRole.Teacher).Select(p => p.Id).ToList();
            var teachers = othersToo ? people.Where(p => p.Role == EmployeeRole.Teacher).Select(p => p.Id).ToList() : [];
            var (start, end) = (period.From, period.To);
            var now = clock.GetUtcNow().UtcDateTime;
            var dueUntil = now < end ? now : end;

            var deals = branchId is { } inBranch ? db.Deals.Where(d => d.BranchId == inBranch) : db.Deals;
            var active = await deals.Where(d => d.ClosedAt == null && d.ResponsibleId != null && managers.Contains(d.ResponsibleId.Value))
                .GroupBy(d => d.ResponsibleId!.Value).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
            var closed = await (from d in deals
                                where d.ClosedAt >= start && d.ClosedAt < end && d.ResponsibleId != null && managers.Contains(d.ResponsibleId.Value)
                                join s in db.Stages on d.StageId equals s.Id
                                group d by new { Id = d.ResponsibleId!.Value, Won = s.Kind == Studio.Domain.Pipelines.StageKind.Won } into g
                                select new { g.Key.Id, g.Key.Won, Count = g.Count() }).ToListAsync(ct);
            // Voided payments count for nothing; a refund nets the sum of the payment's seller, and is not a sale.
            var paid = Sales(db, branchId).Where(p => p.PaidAt >= start && p.PaidAt < end && managers.Contains(p.SellerId));
            // SQLite cannot SUM decimals: there the sum is taken as REAL and rounded back to cents.
            var payments = db.Database.IsSqlite()
                ? (await paid.GroupBy(p => p.SellerId).Select(g => new { g.Key, Count = g.Count(p => !p.IsRefund), Sum = g.Sum(p => (double)p.Amount) }).ToListAsync(ct))
                    .ToDictionary(x => x.Key, x => (x.Count, Sum: Math.Round((decimal)x.Sum, 2)))
                : (await paid.GroupBy(p => p.SellerId).Select(g => new { g.Key, Count = g.Count(p => !p.IsRefund), Sum = g.Sum(p => p.Amount) }).ToListAsync(ct))
                    .ToDictionary(x => x.Key, x => (x.Count, x.Sum));
            var tasks = db.Tasks.IgnoreAutoIncludes().InBranch(db, branchId);
            var done = await (from c in db.TaskChanges
                              where Finished.Contains(c.To) && c.At >= start && c.At < end
                              join t in tasks on c.TaskId equals t.Id
                              join e in db.Set<TaskExecutor>() on c.TaskId equals e.TaskId
                              where managers.Contains(e.EmployeeId)
                              select new { e.EmployeeId, c.TaskId }).Distinct()
                .GroupBy(x => x.EmployeeId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
            var overdue = await (from t in tasks
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

            var teacherLines = teachers.Count == 0 ? [] : await TeachersAsync(db, teachers, period, branchId, ct);
            var sales = await SalesAsync(db, managers, period, (await settings.GetAsync(ct)).ZoneOf(branchId), bucket, branchId, ct);
            return new(lines, teacherLines, sales, people.ToDictionary(p => p.Id, p => p.FullName));
        }, ct);

    /// <summary>The employees who work in the branch (owners work in every one); all of them for no branch.</summary>
    private static IQueryable<Employee> InBranch(StudioDbContext db, IQueryable<Employee> employees, Guid? branchId) =>
        branchId is { } b
            ? employees.Where(e => e.Role == EmployeeRole.Owner || db.Set<EmployeeBranch>().Any(x => x.EmployeeId == e.Id && x.BranchId == b))
            : employees;

    /// <summary>
    /// The payments that count (not voided), in the branch when one is asked for, each credited to its seller: a payment's own employee,
    /// a refund's payment's employee (a left join, so SQL Server can group by it as well).
    /// </summary>
    private static IQueryable<Sale> Sales(StudioDbContext db, Guid? branchId)
    {
        var payments = db.Payments.Where(p => p.VoidedAt == null);
        if (branchId is { } b) payments = payments.Where(p => p.BranchId == b);
        return from p in payments
               join o in db.Payments on p.RefundOfId equals (Guid?)o.Id into originals
               from o in originals.DefaultIfEmpty()
               select new Sale { SellerId = o != null ? o.EmployeeId : p.EmployeeId, PaidAt = p.PaidAt, Amount = p.Amount, IsRefund = p.RefundOfId != null };
    }

    /// <summary>A payment as the report credits it (a class with setters: EF translates member access on it).</summary>
    private sealed class Sale
    {
        public Guid SellerId { get; init; }
        public DateTime PaidAt { get; init; }
        public decimal Amount { get; init; }
        public bool IsRefund { get; init; }
    }

    private static async Task<IReadOnlyList<TeacherLine>> TeachersAsync(StudioDbContext db, List<Guid> teachers, Period period, Guid? branchId,
        CancellationToken ct)
    {
        var (start, end) = (period.From, period.To);
        var held = db.Lessons.Where(l => l.Status == LessonStatus.Held && l.StartsAt >= start && l.StartsAt < end);
        if (branchId is { } b) held = held.Where(l => l.BranchId == b);
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
        SalesBucket bucket, Guid? branchId, CancellationToken ct)
    {
        var daily = new List<SalesPoint>();
        var sqlite = db.Database.IsSqlite();
        foreach (var (start, end, offset) in Pieces(period, zone))
        {
            var minutes = offset.TotalMinutes;
            var paid = Sales(db, branchId).Where(p => p.PaidAt >= start && p.PaidAt < end && employees.Contains(p.SellerId));
            if (sqlite)
                daily.AddRange((await paid.GroupBy(p => new { p.SellerId, Day = p.PaidAt.AddMinutes(minutes).Date })
                        .Select(g => new { g.Key.SellerId, g.Key.Day, Count = g.Count(p => !p.IsRefund), Sum = g.Sum(p => (double)p.Amount) }).ToListAsync(ct))
                    .Select(x => new SalesPoint(x.SellerId, DateOnly.FromDateTime(x.Day), x.Count, Math.Round((decimal)x.Sum, 2))));
            else
                daily.AddRange((await paid.GroupBy(p => new { p.SellerId, Day = p.PaidAt.AddMinutes(minutes).Date })
                        .Select(g => new { g.Key.SellerId, g.Key.Day, Count = g.Count(p => !p.IsRefund), Sum = g.Sum(p => p.Amount) }).ToListAsync(ct))
                    .Select(x => new SalesPoint(x.SellerId, DateOnly.FromDateTime(x.Day), x.Count, x.Sum)));
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
