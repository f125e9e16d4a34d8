using Studio.Domain.Pipelines;
using Studio.Domain.Schedule;

namespace Studio.Domain.Reports;

/// <summary>A deal as the staff report reads it: whose it is, the kind of stage it sits in now, and when it was closed (Won or Lost).</summary>
public sealed record StaffDeal(Guid DealId, Guid? ResponsibleId, StageKind StageKind, DateTime? ClosedAt);

/// <summary>
/// A payment (DOMAIN.md's counting rules: one sale is one payment, however many goods it holds) and who it counts for: the seller.
/// A refund (<paramref name="IsRefund"/>) is a negative amount on its own day counted for the seller of the payment it gives back
/// from: it nets their sum and is not a sale.
/// </summary>
public sealed record StaffPayment(Guid EmployeeId, DateTime PaidAt, decimal Amount, bool IsRefund = false);

/// <summary>A task for one of its executors: its deadline and whether it is cancelled now.</summary>
public sealed record StaffTask(Guid TaskId, Guid ExecutorId, DateTime? Deadline, bool Cancelled);

/// <summary>A recorded change of a task into Done or Closed.</summary>
public sealed record TaskFinish(Guid TaskId, DateTime At);

/// <summary>A lesson as the staff report reads it: its one or two teachers, when, how long, and its status now.</summary>
public sealed record StaffLesson(Guid TeacherId, Guid? SecondTeacherId, DateTime StartsAt, int DurationMinutes, LessonStatus Status);

/// <summary>
/// A manager's line: deals open now, deals closed in the period (and how many of them won), payments they took in the period and
/// their sum, tasks they finished in the period and tasks that went overdue in it.
/// </summary>
public sealed record StaffLine(Guid EmployeeId, int ActiveDeals, int ClosedDeals, int WonDeals, int Payments, decimal Revenue, int TasksDone, int TasksOverdue);

/// <summary>A teacher's line: lessons held in the period (each of two teachers counts it) and their minutes.</summary>
public sealed record TeacherLine(Guid EmployeeId, int LessonsHeld, int Minutes);

public enum SalesBucket { Day, Week }

/// <summary>Sales over time: one employee's payments on a local day (or in the week starting that Monday) and their sum.</summary>
public sealed record SalesPoint(Guid EmployeeId, DateOnly Day, int Payments, decimal Amount);

/// <summary>
/// The staff report of DOMAIN.md → Reports as pure functions: the meaning the database queries reproduce and what their tests compare against.
/// </summary>
public static class StaffReport
{
    /// <summary>
    /// One line per employee asked for (zeros included), in the order asked:
    /// active deals — their deals in an open stage (Start included) now, whatever the period;
    /// closed deals — their deals closed (moved to Won or Lost) within the period and still there; won — of those, the ones in Won;
    /// payments and revenue — payments they took within the period (two passes bought on one day are two payments; several goods at once, one);
    /// tasks done — distinct tasks they execute that went to Done or Closed within the period;
    /// tasks overdue — tasks they execute whose deadline fell within the period and before <paramref name="now"/>, not done or closed
    /// by the deadline and not cancelled.
    /// </summary>
    public static IReadOnlyList<StaffLine> Lines(IReadOnlyList<Guid> employeeIds, IEnumerable<StaffDeal> deals, IEnumerable<StaffPayment> payments,
        IEnumerable<StaffTask> tasks, IEnumerable<TaskFinish> finishes, Period period, DateTime now)
    {
        var dealList = deals.ToList();
        var paid = payments.Where(p => period.Contains(p.PaidAt)).ToList();
        var finishList = finishes.ToList();
        var doneIds = finishList.Where(f => period.Contains(f.At)).Select(f => f.TaskId).ToHashSet();
        var taskList = tasks.ToList();
        var dueUntil = now < period.To ? now : period.To;
        return employeeIds.Select(e =>
        {
            var mine = dealList.Where(d => d.ResponsibleId == e).ToList();
            var closed = mine.Where(d => d.ClosedAt is { } c && period.Contains(c) && d.StageKind is StageKind.Won or StageKind.Lost).ToList();
            var myPayments = paid.Where(p => p.EmployeeId == e).ToList();
            var myTasks = taskList.Where(t => t.ExecutorId == e).ToList();
            var overdue = myTasks.Where(t => t.Deadline is { } d && d >= period.From && d < dueUntil && !t.Cancelled
                                             && !finishList.Any(f => f.TaskId == t.TaskId && f.At <= d))
                .Select(t => t.TaskId).Distinct().Count();
            return new StaffLine(e,
                mine.Count(d => d.StageKind is StageKind.Start or StageKind.Open),
                closed.Count, closed.Count(d => d.StageKind == StageKind.Won),
                myPayments.Count(p => !p.IsRefund), myPayments.Sum(p => p.Amount),
                myTasks.Where(t => doneIds.Contains(t.TaskId)).Select(t => t.TaskId).Distinct().Count(),
                overdue);
        }).ToList();
    }

    /// <summary>One line per teacher asked for: lessons held (status Held now) that started within the period, and their minutes.</summary>
    public static IReadOnlyList<TeacherLine> Teachers(IReadOnlyList<Guid> teacherIds, IEnumerable<StaffLesson> lessons, Period period)
    {
        var held = lessons.Where(l => l.Status == LessonStatus.Held && period.Contains(l.StartsAt)).ToList();
        return teacherIds.Select(t =>
        {
            var theirs = held.Where(l => l.TeacherId == t || l.SecondTeacherId == t).ToList();
            return new TeacherLine(t, theirs.Count, theirs.Sum(l => l.DurationMinutes));
        }).ToList();
    }

    /// <summary>
    /// Sales over time: payments within the period per employee and local day in <paramref name="zone"/> (or per week, keyed by its Monday),
    /// by day, then employee; days without sales have no point.
    /// </summary>
    public static IReadOnlyList<SalesPoint> SalesOverTime(IEnumerable<StaffPayment> payments, Period period, TimeZoneInfo zone, SalesBucket bucket) =>
        Rebucket(payments.Where(p => period.Contains(p.PaidAt))
            .GroupBy(p => (p.EmployeeId, Day: DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(p.PaidAt, zone))))
            .Select(g => new SalesPoint(g.Key.EmployeeId, g.Key.Day, g.Count(p => !p.IsRefund), g.Sum(p => p.Amount))), bucket);

    /// <summary>Daily points summed into the bucket (weeks start on Monday), ordered by day then employee.</summary>
    public static IReadOnlyList<SalesPoint> Rebucket(IEnumerable<SalesPoint> daily, SalesBucket bucket) =>
        daily.GroupBy(p => (p.EmployeeId, Day: bucket == SalesBucket.Week ? Monday(p.Day) : p.Day))
            .Select(g => new SalesPoint(g.Key.EmployeeId, g.Key.Day, g.Sum(p => p.Payments), g.Sum(p => p.Amount)))
            .OrderBy(p => p.Day).ThenBy(p => p.EmployeeId).ToList();

    public static DateOnly Monday(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
}
