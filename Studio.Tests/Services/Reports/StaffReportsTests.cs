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

    private static async Task AddTaskAsync(TestStudio studio, Guid author, Guid[] executors, DateTime deadline,
        params (TaskRole Role, TaskState To, DateTime At)[] changes)
    {
        await using var db = studio.Services.GetRequiredService<IDbContextFactory<StudioDbContext>>().CreateDbContext();
        var task = new WorkTask(TaskKind.Internal, null, "Task", null, author, executors, Now(studio));
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
}
