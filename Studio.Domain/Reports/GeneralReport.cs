using Studio.Domain.Tasks;

namespace Studio.Domain.Reports;

/// <summary>A task as the general report reads it: its client, where it stands now and the result it ended with.</summary>
public sealed record TaskOutcome(Guid Id, Guid? ClientId, TaskState Status, Guid? ResultId);

/// <summary>One recorded status change of a task.</summary>
public sealed record TaskMove(Guid TaskId, TaskState To, DateTime At);

/// <summary>
/// A payment as the reports count it: one sale at the desk (two passes bought on one day are two; goods bought together, one),
/// or a refund (<paramref name="IsRefund"/>: a negative amount on the refund's day, netting the sum, not a sale). Voided payments
/// count for nothing and are never facts.
/// </summary>
public sealed record PaymentFact(Guid Id, DateTime PaidAt, decimal Amount, bool IsRefund = false);

public sealed record ResultCount(Guid ResultId, int Tasks);

/// <summary>The general CRM report of DOMAIN.md → Reports for one period.</summary>
public sealed record GeneralFigures(
    IReadOnlyList<ResultCount> Results, int InProgress, int New, int Read, int DoneOrClosed, int ClientsActive, int ClientsArchived,
    int ClientTasksDone, int UniqueClients, int Payments, decimal PaymentsSum);

/// <summary>
/// The general report as a pure function: task results (tasks done in the period, by the result they ended with); current tasks by
/// status (in progress, new, read — now, whatever the period); tasks done or closed in the period; clients active and archived;
/// client tasks done in the period and the distinct clients they were for (ten calls to one client: 10 and 1); payments in the
/// period, counted as sales and summed, refunds netted.
/// </summary>
public static class GeneralReport
{
    public static GeneralFigures Compute(IReadOnlyCollection<TaskOutcome> tasks, IEnumerable<TaskMove> moves, int clientsActive, int clientsArchived,
        IEnumerable<PaymentFact> payments, Period period)
    {
        var inPeriod = moves.Where(m => period.Contains(m.At)).ToList();
        var doneIds = inPeriod.Where(m => m.To == TaskState.Done).Select(m => m.TaskId).ToHashSet();
        var done = tasks.Where(t => doneIds.Contains(t.Id)).ToList();
        var paid = payments.Where(p => period.Contains(p.PaidAt)).ToList();
        return new(
            done.Where(t => t.ResultId is not null).GroupBy(t => t.ResultId!.Value).Select(g => new ResultCount(g.Key, g.Count())).OrderBy(r => r.ResultId).ToList(),
            tasks.Count(t => t.Status == TaskState.InProgress), tasks.Count(t => t.Status == TaskState.New), tasks.Count(t => t.Status == TaskState.Read),
            inPeriod.Where(m => m.To is TaskState.Done or TaskState.Closed).Select(m => m.TaskId).Distinct().Count(),
            clientsActive, clientsArchived,
            done.Count(t => t.ClientId is not null), done.Where(t => t.ClientId is not null).Select(t => t.ClientId).Distinct().Count(),
            paid.Count(p => !p.IsRefund), paid.Sum(p => p.Amount));
    }
}
