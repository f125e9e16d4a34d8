using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Studio.Domain.Billing;
using Studio.Domain.Organisation;
using Studio.Domain.Pipelines;
using Studio.Domain.Reports;
using Studio.Domain.Schedule;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Billing;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Reports;
using Studio.Tests.Infrastructure;

namespace Studio.Tests.Services.Reports;

/// <summary>The staff report read in the database, on every database, held to the pure calculators on the same rows.</summary>
public sealed class StaffReportsTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Arranged(TestStudio Studio, Guid Owner, Guid Anna, Guid Oleh, Guid Ira, Guid Taras, Period Period);

    private static DateTime Now(TestStudio s) => s.Clock.GetUtcNow().UtcDateTime;

    private async Task<Arranged> ArrangeAsync(DatabaseProvider provider)
    {
        var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var anna = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var oleh = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var ira = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var taras = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var board = await studio.AddBoardAsync(owner, anna, oleh);
        var good = await studio.Billing.SaveGoodAsync(owner, null, null, "Water", 25.5m, Ct);
        var client = await studio.AddClientAsync(owner);
        var type = await studio.AddLessonTypeAsync(owner);

        var closedBefore = await studio.AddDealAsync(anna, board);
        await studio.Pipelines.MoveDealAsync(anna, closedBefore, board.Won, ct: Ct);
        await studio.Billing.SellGoodsAsync(anna, client, null, [new GoodsLine(good, 1)], PaymentMethod.Cash, ct: Ct); // before the period
        var before = await studio.BookAsync(owner, type, ira, null, 10, dayOffset: 0);
        studio.Clock.Advance(TimeSpan.FromDays(1));
        await MarkHeldAsync(studio, before, owner);

        var from = Now(studio);
        var won = await studio.AddDealAsync(anna, board);
        var lost = await studio.AddDealAsync(anna, board);
        await studio.AddDealAsync(anna, board);
        await studio.AddDealAsync(oleh, board);
        studio.Clock.Advance(TimeSpan.FromHours(2));
        await studio.Pipelines.MoveDealAsync(anna, won, board.Won, ct: Ct);
        await studio.Pipelines.MoveDealAsync(anna, lost, board.Lost, board.Reason("No time"), Ct);
        await studio.Billing.SellGoodsAsync(anna, client, null, [new GoodsLine(good, 2)], PaymentMethod.Card, ct: Ct);
        await studio.Billing.SellGoodsAsync(anna, client, null, [new GoodsLine(good, 1)], PaymentMethod.Cash, ct: Ct);
        studio.Clock.Advance(TimeSpan.FromHours(22));
        await studio.Billing.SellGoodsAsync(anna, client, null, [new GoodsLine(good, 4)], PaymentMethod.Cash, ct: Ct);   // the next day
        await studio.Billing.SellGoodsAsync(oleh, client, null, [new GoodsLine(good, 3)], PaymentMethod.Cash, ct: Ct);

        // Tasks: done in time, done late (overdue too), cancelled, still open past the deadline; two executors.
        var t0 = Now(studio);
        await AddTaskAsync(studio, owner, [anna], t0.AddHours(5), (TaskRole.Executor, TaskState.Done, t0.AddHours(1)));
        await AddTaskAsync(studio, owner, [anna], t0.AddHours(2), (TaskRole.Executor, TaskState.Done, t0.AddHours(4)), (TaskRole.Author, TaskState.Closed, t0.AddHours(6)));
        await AddTaskAsync(studio, owner, [anna], t0.AddHours(3), (TaskRole.Author, TaskState.Cancelled, t0.AddHours(1)));
        await AddTaskAsync(studio, owner, [anna, oleh], t0.AddHours(4));
        await AddTaskAsync(studio, owner, [oleh], t0.AddDays(30));
        await AddTaskAsync(studio, owner, [anna], t0.AddHours(7), (TaskRole.Executor, TaskState.Done, t0.AddHours(7))); // done right on time

        var group = await studio.BookAsync(owner, type, ira, null, 12, dayOffset: 0);
        await studio.BookAsync(owner, type, taras, null, 14, dayOffset: 0);     // planned, not held
        await SecondTeacherAsync(studio, group, taras);
        studio.Clock.Advance(TimeSpan.FromHours(13.5));
        await studio.Billing.SellGoodsAsync(anna, client, null, [new GoodsLine(good, 1)], PaymentMethod.Cash, ct: Ct); // 00:30 the day after in Kyiv
        studio.Clock.Advance(TimeSpan.FromHours(1.5));
        await MarkHeldAsync(studio, group, owner);
        var to = Now(studio);
        await studio.Billing.SellGoodsAsync(oleh, client, null, [new GoodsLine(good, 1)], PaymentMethod.Cash, ct: Ct); // after
        return new(studio, owner, anna, oleh, ira, taras, new Period(from, to));
    }

    private static async Task MarkHeldAsync(TestStudio studio, Guid lessonId, Guid by)
    {
        await using var db = studio.Services.GetRequiredService<IDbContextFactory<StudioDbContext>>().CreateDbContext();
        var lesson = await db.Lessons.Include(l => l.Participants).SingleAsync(l => l.Id == lessonId, Ct);
        lesson.MarkHeld([], new HashSet<Guid>(), null, Now(studio), by);
        await db.SaveChangesAsync(Ct);
    }

    private static async Task SecondTeacherAsync(TestStudio studio, Guid lessonId, Guid teacher)
    {
        await using var db = studio.Services.GetRequiredService<IDbContextFactory<StudioDbContext>>().CreateDbContext();
        var lesson = await db.Lessons.SingleAsync(l => l.Id == lessonId, Ct);
        lesson.Reschedule(lesson.Slot with { SecondTeacherId = teacher });
        await db.SaveChangesAsync(Ct);
    }

    private static Task AddTaskAsync(TestStudio studio, Guid author, Guid[] executors, DateTime deadline,
        params (TaskRole Role, TaskState To, DateTime At)[] changes) => AddClientTaskAsync(studio, author, null, executors, deadline, changes);

    private static async Task AddClientTaskAsync(TestStudio studio, Guid author, Guid? client, Guid[] executors, DateTime deadline,
        params (TaskRole Role, TaskState To, DateTime At)[] changes)
    {
        await using var db = studio.Services.GetRequiredService<IDbContextFactory<StudioDbContext>>().CreateDbContext();
        var task = new WorkTask(client is null ? TaskKind.Internal : TaskKind.PersonalCall, null, "Task", null, author, executors, Now(studio), client);
        task.Schedule(deadline, null, TaskPriority.Medium, false);
        foreach (var (role, to, at) in changes) task.SetStatus(role, to, null, role == TaskRole.Author ? author : executors[0], at);
        db.Tasks.Add(task);
        await db.SaveChangesAsync(Ct);
    }

    private static StaffReports Reports(TestStudio studio) => studio.Services.GetRequiredService<StaffReports>();

    [Theory, DatabaseData]
    public async Task ReportAsync_LinesAndSales_MatchTheCalculators_OnTheSameRows(DatabaseProvider provider)
    {
        var a = await ArrangeAsync(provider);
        await using var studio = a.Studio;
        var now = Now(studio);
        var (deals, payments, tasks, finishes, lessons) = await studio.ReadAsync(async db => (
            await (from d in db.Deals join s in db.Stages on d.StageId equals s.Id
                   select new StaffDeal(d.Id, d.ResponsibleId, s.Kind, d.ClosedAt)).ToListAsync(Ct),
            await db.Payments.Select(p => new StaffPayment(p.EmployeeId, p.PaidAt, p.Amount)).ToListAsync(Ct),
            await (from t in db.Tasks join e in db.Set<TaskExecutor>() on t.Id equals e.TaskId
                   select new StaffTask(t.Id, e.EmployeeId, t.Deadline, t.Status == TaskState.Cancelled)).ToListAsync(Ct),
            await db.TaskChanges.Where(c => c.To == TaskState.Done || c.To == TaskState.Closed).Select(c => new TaskFinish(c.TaskId, c.At)).ToListAsync(Ct),
            await db.Lessons.Select(l => new StaffLesson(l.TeacherId, l.SecondTeacherId, l.StartsAt, l.DurationMinutes, l.Status)).ToListAsync(Ct)));
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Kyiv");

        var view = await Reports(studio).ReportAsync(a.Owner, a.Period, ct: Ct);
        var managers = view.Managers.Select(l => l.EmployeeId).ToList();

        Assert.Equal(new[] { a.Anna, a.Oleh, a.Owner }.Order(), managers.Order());
        Assert.Equal(StaffReport.Lines(managers, deals, payments, tasks, finishes, a.Period, now), view.Managers);
        Assert.Equal(StaffReport.Teachers([a.Ira, a.Taras], lessons, a.Period), view.Teachers.OrderBy(t => t.EmployeeId == a.Taras));
        Assert.Equal(StaffReport.SalesOverTime(payments.Where(p => managers.Contains(p.EmployeeId)), a.Period, zone, SalesBucket.Day), view.Sales);
        var weekly = await Reports(studio).ReportAsync(a.Owner, a.Period, bucket: SalesBucket.Week, ct: Ct);
        Assert.Equal(StaffReport.SalesOverTime(payments, a.Period, zone, SalesBucket.Week), weekly.Sales);

        // And by hand: Anna has 1 open deal, closed 2 (1 won), took 4 payments (2×25.5 + 25.5 + 4×25.5 + 25.5), did 3 tasks, 2 overdue.
        Assert.Equal(new StaffLine(a.Anna, 1, 2, 1, 4, 204m, 3, 2), view.Managers.Single(l => l.EmployeeId == a.Anna));
        Assert.Equal(new StaffLine(a.Oleh, 1, 0, 0, 1, 76.5m, 0, 1), view.Managers.Single(l => l.EmployeeId == a.Oleh));
        Assert.Equal(new TeacherLine(a.Ira, 1, 60), view.Teachers.Single(t => t.EmployeeId == a.Ira));
        Assert.Equal(new TeacherLine(a.Taras, 1, 60), view.Teachers.Single(t => t.EmployeeId == a.Taras));
        Assert.Equal(3, view.Sales.Count(p => p.EmployeeId == a.Anna)); // three local days: the sale at 00:30 is the next day's
    }

    [Theory, DatabaseData]
    public async Task Rights_OwnerEveryone_ManagerTheirOwnLine_TeacherNothing(DatabaseProvider provider)
    {
        var a = await ArrangeAsync(provider);
        await using var studio = a.Studio;
        var reports = Reports(studio);

        var mine = await reports.ReportAsync(a.Anna, a.Period, ct: Ct);
        Assert.Equal([a.Anna], mine.Managers.Select(l => l.EmployeeId));
        Assert.Empty(mine.Teachers);
        Assert.All(mine.Sales, s => Assert.Equal(a.Anna, s.EmployeeId));
        Assert.Equal([a.Anna], (await reports.PeopleAsync(a.Anna, Ct)).Select(p => p.Id));
        await Assert.ThrowsAsync<AccessDeniedException>(() => reports.ReportAsync(a.Anna, a.Period, a.Oleh, ct: Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => reports.ReportAsync(a.Ira, a.Period, ct: Ct));
        Assert.Equal([a.Oleh], (await reports.ReportAsync(a.Owner, a.Period, a.Oleh, ct: Ct)).Managers.Select(l => l.EmployeeId));
    }

    /// <summary>The rows the calculators read, each with its branch: a deal's, a payment's (credited to the payment's seller, a refund to
    /// its payment's), a task's per <see cref="Studio.Infrastructure.Tasks.TaskBranches"/> (the client's, else its executors'), a lesson's.</summary>
    private sealed record Rows(List<(Guid? Branch, StaffDeal Deal)> Deals, List<(Guid? Branch, StaffPayment Payment)> Payments,
        List<(Guid[] Branches, StaffTask Task)> Tasks, List<TaskFinish> Finishes, List<(Guid Branch, StaffLesson Lesson)> Lessons);

    private static Task<Rows> RowsAsync(TestStudio studio) => studio.ReadAsync(async db =>
    {
        var deals = await (from d in db.Deals join s in db.Stages on d.StageId equals s.Id
                           select new { d.BranchId, d.Id, d.ResponsibleId, s.Kind, d.ClosedAt }).ToListAsync(Ct);
        var payments = await db.Payments.Where(p => p.VoidedAt == null).Select(p => new { p.Id, p.BranchId, p.EmployeeId, p.RefundOfId, p.PaidAt, p.Amount }).ToListAsync(Ct);
        var sellers = payments.ToDictionary(p => p.Id, p => p.EmployeeId);
        var clientBranch = await db.Clients.ToDictionaryAsync(c => c.Id, c => c.BranchId, Ct);
        var employeeBranches = (await db.Set<EmployeeBranch>().ToListAsync(Ct)).ToLookup(x => x.EmployeeId, x => x.BranchId);
        var tasks = await (from t in db.Tasks join e in db.Set<TaskExecutor>() on t.Id equals e.TaskId
                           select new { t.Id, t.ClientId, e.EmployeeId, t.Deadline, Cancelled = t.Status == TaskState.Cancelled }).ToListAsync(Ct);
        var executors = tasks.ToLookup(t => t.Id, t => t.EmployeeId);
        var finishes = await db.TaskChanges.Where(c => c.To == TaskState.Done || c.To == TaskState.Closed).Select(c => new { c.TaskId, c.At }).ToListAsync(Ct);
        var lessons = await db.Lessons.Select(l => new { l.BranchId, l.TeacherId, l.SecondTeacherId, l.StartsAt, l.DurationMinutes, l.Status }).ToListAsync(Ct);
        return new Rows(
            deals.Select(d => ((Guid?)d.BranchId, new StaffDeal(d.Id, d.ResponsibleId, d.Kind, d.ClosedAt))).ToList(),
            payments.Select(p => (p.BranchId, new StaffPayment(p.RefundOfId is { } of ? sellers[of] : p.EmployeeId, p.PaidAt, p.Amount, p.RefundOfId != null))).ToList(),
            tasks.Select(t => (t.ClientId is { } c ? [clientBranch[c]] : executors[t.Id].SelectMany(e => employeeBranches[e]).ToArray(),
                new StaffTask(t.Id, t.EmployeeId, t.Deadline, t.Cancelled))).ToList(),
            finishes.Select(f => new TaskFinish(f.TaskId, f.At)).ToList(),
            lessons.Select(l => (l.BranchId, new StaffLesson(l.TeacherId, l.SecondTeacherId, l.StartsAt, l.DurationMinutes, l.Status))).ToList());
    });

    [Theory, DatabaseData]
    public async Task ReportAsync_ForABranch_ItsEmployeesAndTheirWorkInIt_MatchTheCalculatorsOnItsRowsOnly(DatabaseProvider provider)
    {
        var a = await ArrangeAsync(provider);
        await using var studio = a.Studio;
        // A second branch, Podil, in New York's time (its days are not Kyiv's): Petro works there, Anna in both, Taras teaches there only.
        var podil = await studio.Organisation.SaveBranchAsync(a.Owner, null, Guid.Empty, "Podil", null, "America/New_York", Ct);
        var petro = await studio.Organisation.CreateEmployeeWithAccountAsync("Petro Podil", "petro@studio.test", EmployeeRole.Manager, [podil], TestStudio.Password, Ct);
        var anna = (await studio.Organisation.FindEmployeeAsync(a.Owner, a.Anna, Ct))!;
        await studio.Organisation.UpdateEmployeeAsync(a.Owner, a.Anna, anna.Version, anna.FullName, anna.Role, [studio.BranchId, podil], true, Ct);
        var taras = (await studio.Organisation.FindEmployeeAsync(a.Owner, a.Taras, Ct))!;
        await studio.Organisation.UpdateEmployeeAsync(a.Owner, a.Taras, taras.Version, taras.FullName, taras.Role, [podil], true, Ct);
        var olga = await studio.Services.GetRequiredService<Studio.Infrastructure.Clients.ClientService>().CreateAsync(a.Owner,
            new Studio.Infrastructure.Clients.ClientInput("Olga", ["+380671234567"], null, null, null, podil, null, null, [], Studio.Domain.Clients.ContactChannels.None,
                null, new Dictionary<Guid, string?>()), duplicatesSeen: true, Ct);
        var good = await studio.Billing.SaveGoodAsync(a.Owner, null, null, "Towel", 10m, Ct);
        studio.Clock.Advance(TimeSpan.FromMinutes(1));
        await studio.Billing.SellGoodsAsync(a.Anna, olga, podil, [new GoodsLine(good, 3)], PaymentMethod.Cash, ct: Ct);          // Anna's, in Podil
        await studio.Billing.SellGoodsAsync(petro, olga, podil, [new GoodsLine(good, 5)], PaymentMethod.Card, ct: Ct);           // Petro's, in Podil
        await studio.Billing.SellGoodsAsync(petro, null, studio.BranchId, [new GoodsLine(good, 7)], PaymentMethod.Cash, ct: Ct); // Petro's, in the main branch
        var t0 = Now(studio);
        await AddClientTaskAsync(studio, a.Owner, olga, [a.Anna], t0.AddHours(1), (TaskRole.Executor, TaskState.Done, t0.AddMinutes(30))); // Podil's: its client's
        await AddClientTaskAsync(studio, a.Owner, null, [petro], t0.AddHours(-1));                                                       // Podil's: Petro's errand, overdue
        // Anna's deals of the period (one open, one won, one lost) move to Podil.
        await studio.ReadAsync(db => db.Deals.Where(d => d.ResponsibleId == a.Anna && (d.ClosedAt == null || d.ClosedAt >= a.Period.From))
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.BranchId, podil), Ct));
        var type = await studio.AddLessonTypeAsync(a.Owner);
        var lesson = await studio.Schedule.BookAsync(a.Owner, new Studio.Infrastructure.Schedule.LessonDraft(podil, type,
            studio.Today.AddDays(-1).ToDateTime(new TimeOnly(9, 0)), null, null, a.Taras, null, []), Ct);   // 9:00 in New York, in the period
        await MarkHeldAsync(studio, lesson, a.Owner);
        var period = new Period(a.Period.From, Now(studio).AddHours(1));
        var rows = await RowsAsync(studio);
        var now = Now(studio);
        var reports = Reports(studio);

        foreach (var branch in new[] { studio.BranchId, podil })
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(branch == podil ? "America/New_York" : "Europe/Kyiv");
            var view = await reports.ReportAsync(a.Owner, period, branchId: branch, ct: Ct);

            Assert.Equal((branch == podil ? new[] { a.Anna, petro, a.Owner } : [a.Anna, a.Oleh, a.Owner]).Order(), view.Managers.Select(l => l.EmployeeId).Order());
            var ids = view.Managers.Select(l => l.EmployeeId).ToList();
            var payments = rows.Payments.Where(p => p.Branch == branch).Select(p => p.Payment).ToList();
            Assert.Equal(StaffReport.Lines(ids, rows.Deals.Where(d => d.Branch == branch).Select(d => d.Deal), payments,
                rows.Tasks.Where(t => t.Branches.Contains(branch)).Select(t => t.Task), rows.Finishes, period, now), view.Managers);
            Assert.Equal(branch == podil ? [a.Taras] : new[] { a.Ira }, view.Teachers.Select(t => t.EmployeeId));
            Assert.Equal(StaffReport.Teachers(view.Teachers.Select(t => t.EmployeeId).ToList(), rows.Lessons.Where(l => l.Branch == branch).Select(l => l.Lesson), period),
                view.Teachers);
            Assert.Equal(StaffReport.SalesOverTime(payments.Where(p => ids.Contains(p.EmployeeId)), period, zone, SalesBucket.Day), view.Sales);
            Assert.Equal(ids.Order(), (await reports.PeopleAsync(a.Owner, branch, Ct)).Where(p => p.Role != EmployeeRole.Teacher).Select(p => p.Id).Order());
        }
        // By hand in Podil: Anna 3 towels, her three deals there (one open, two closed, one won), her errands and Olga's task; Petro 5 towels
        // and his overdue errand; Taras's lesson there. Nothing of the main branch.
        var inPodil = await reports.ReportAsync(a.Owner, period, branchId: podil, ct: Ct);
        Assert.Equal(new StaffLine(a.Anna, 1, 2, 1, 1, 30m, 4, 2), inPodil.Managers.Single(l => l.EmployeeId == a.Anna));
        Assert.Equal(new StaffLine(petro, 0, 0, 0, 1, 50m, 0, 1), inPodil.Managers.Single(l => l.EmployeeId == petro));
        Assert.Equal(new TeacherLine(a.Taras, 1, 60), inPodil.Teachers.Single());
        // All branches: everyone and everything.
        var all = await reports.ReportAsync(a.Owner, period, ct: Ct);
        Assert.Equal(120m, all.Managers.Single(l => l.EmployeeId == petro).Revenue);
    }

    [Theory, DatabaseData]
    public async Task ReportAsync_ARefund_CountsAgainstTheSeller_OnTheRefundsDay_NotWhoeverRefunded(DatabaseProvider provider)
    {
        var a = await ArrangeAsync(provider);
        await using var studio = a.Studio;
        var good = await studio.Billing.SaveGoodAsync(a.Owner, null, null, "Towel", 10m, Ct);
        studio.Clock.Advance(TimeSpan.FromMinutes(1));
        var sale = await studio.Billing.SellGoodsAsync(a.Anna, null, studio.BranchId, [new GoodsLine(good, 4)], PaymentMethod.Cash, ct: Ct);
        var period = new Period(a.Period.From, Now(studio).AddHours(2));
        var before = await Reports(studio).ReportAsync(a.Owner, period, ct: Ct);
        studio.Clock.Advance(TimeSpan.FromHours(1));
        var version = await studio.ReadAsync(db => db.Payments.Where(p => p.Id == sale).Select(p => p.Version).SingleAsync(Ct));
        await studio.Billing.RefundAsync(a.Owner, sale, version, 15m, "Torn", Ct);   // the owner gives 15 back of Anna's sale

        var view = await Reports(studio).ReportAsync(a.Owner, period, ct: Ct);

        var (annaBefore, annaAfter) = (before.Managers.Single(l => l.EmployeeId == a.Anna), view.Managers.Single(l => l.EmployeeId == a.Anna));
        Assert.Equal((annaBefore.Payments, annaBefore.Revenue - 15m), (annaAfter.Payments, annaAfter.Revenue));   // not a sale; nets Anna's sum
        Assert.Equal(before.Managers.Single(l => l.EmployeeId == a.Owner), view.Managers.Single(l => l.EmployeeId == a.Owner)); // nothing against the owner
        var refundDay = Studio.Domain.Common.Zones.Today(Now(studio), TimeZoneInfo.FindSystemTimeZoneById("Europe/Kyiv"));
        var annaThatDay = view.Sales.Single(p => p.EmployeeId == a.Anna && p.Day == refundDay);
        var annaThatDayBefore = before.Sales.Single(p => p.EmployeeId == a.Anna && p.Day == refundDay);
        Assert.Equal((annaThatDayBefore.Payments, annaThatDayBefore.Amount - 15m), (annaThatDay.Payments, annaThatDay.Amount));
        Assert.DoesNotContain(view.Sales, p => p.EmployeeId == a.Owner);
        // The same through the calculators on the rows, the refund credited to the seller.
        var rows = await RowsAsync(studio);
        var managers = view.Managers.Select(l => l.EmployeeId).ToList();
        Assert.Equal(StaffReport.Lines(managers, rows.Deals.Select(d => d.Deal), rows.Payments.Select(p => p.Payment), rows.Tasks.Select(t => t.Task),
            rows.Finishes, period, Now(studio)), view.Managers);
        Assert.Equal(StaffReport.SalesOverTime(rows.Payments.Select(p => p.Payment).Where(p => managers.Contains(p.EmployeeId)), period,
            TimeZoneInfo.FindSystemTimeZoneById("Europe/Kyiv"), SalesBucket.Day), view.Sales);
    }
}
