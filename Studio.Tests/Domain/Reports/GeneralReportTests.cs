using Studio.Domain.Reports;
using Studio.Domain.Tasks;

namespace Studio.Tests.Domain.Reports;

public sealed class GeneralReportTests
{
    private static readonly DateTime Day = new(2026, 11, 20, 0, 0, 0, DateTimeKind.Utc);
    private static readonly Period TheDay = new(Day, Day.AddDays(1));
    private static readonly Guid Thinking = Guid.NewGuid(), Booked = Guid.NewGuid(), Anna = Guid.NewGuid(), Borys = Guid.NewGuid();

    [Fact]
    public void Compute_TenCallsToOneClient_TenTasksOneClient_ResultsCurrentDoneClosedPayments()
    {
        var tasks = new List<TaskOutcome>();
        var moves = new List<TaskMove>();
        TaskOutcome Add(Guid? client, TaskState status, Guid? result, params (TaskState To, double Hour)[] history)
        {
            var t = new TaskOutcome(Guid.NewGuid(), client, status, result);
            tasks.Add(t);
            moves.AddRange(history.Select(h => new TaskMove(t.Id, h.To, Day.AddHours(h.Hour))));
            return t;
        }
        for (var i = 0; i < 10; i++) Add(Anna, TaskState.Done, Thinking, (TaskState.InProgress, 9), (TaskState.Done, 10 + i * 0.5));
        Add(Borys, TaskState.Closed, Booked, (TaskState.Done, 11), (TaskState.Closed, 12));
        Add(null, TaskState.Closed, null, (TaskState.Closed, 13));           // closed without being done
        Add(Borys, TaskState.Done, Thinking, (TaskState.Done, -5));          // done the day before: not counted
        Add(Borys, TaskState.Done, Thinking, (TaskState.Done, 25));          // done the day after
        Add(null, TaskState.InProgress, null, (TaskState.InProgress, 9));
        Add(null, TaskState.New, null);
        Add(Anna, TaskState.Read, null);
        Add(Anna, TaskState.Read, null);
        PaymentFact[] payments = [new(Guid.NewGuid(), Day.AddHours(10), 1200m), new(Guid.NewGuid(), Day.AddHours(10.5), 1200m),
            new(Guid.NewGuid(), Day.AddHours(-1), 999m), new(Guid.NewGuid(), Day.AddHours(15), 350.50m)];

        var f = GeneralReport.Compute(tasks, moves, clientsActive: 40, clientsArchived: 3, payments, TheDay);

        Assert.Equal([new ResultCount(Thinking, 10), new ResultCount(Booked, 1)], f.Results.OrderByDescending(r => r.Tasks));
        Assert.Equal((1, 1, 2), (f.InProgress, f.New, f.Read));
        Assert.Equal(12, f.DoneOrClosed); // ten calls, Borys's done-then-closed once, the one closed outright
        Assert.Equal((40, 3), (f.ClientsActive, f.ClientsArchived));
        Assert.Equal((11, 2), (f.ClientTasksDone, f.UniqueClients));
        Assert.Equal((3, 2750.50m), (f.Payments, f.PaymentsSum));
    }
}
