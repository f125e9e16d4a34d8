using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Pipelines;
using Studio.Infrastructure.Tasks;
using Studio.Tests.Infrastructure;

namespace Studio.Tests.Services.Organisation;

/// <summary>
/// The owner hands one employee's work over (issue 17, item 6): what the preview counts is what moves, closed deals and
/// finished tasks stay, every item's history says so, it is the owner's alone, and a refused plan moves nothing.
/// </summary>
public sealed class HandoverServiceTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Arranged(TestStudio Studio, Guid Owner, Guid Leaving, Guid Taking, TestBoard Board,
        IReadOnlyList<Guid> OpenDeals, Guid WonDeal, IReadOnlyList<Guid> OpenTasks, Guid DoneTask)
    {
        public HandoverService Handover => Studio.Services.GetRequiredService<HandoverService>();
    }

    /// <summary>A manager leaving with three deals (one won), their three clients, two open tasks and one done.</summary>
    private async Task<Arranged> ArrangeAsync(DatabaseProvider provider)
    {
        var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var leaving = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var taking = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var board = await studio.AddBoardAsync(owner, leaving, taking);
        var deals = new List<Guid>();
        for (var i = 0; i < 3; i++) deals.Add(await studio.AddDealAsync(leaving, board));
        await studio.Pipelines.MoveDealAsync(leaving, deals[2], board.Won, ct: Ct);
        var tasks = studio.Services.GetRequiredService<TaskService>();
        var open = new List<Guid>();
        for (var i = 0; i < 2; i++)
            open.Add(await tasks.CreateAsync(owner, new NewTask(TaskKind.Internal, null, $"Call back {i}", null, [leaving]), Ct));
        var done = await tasks.CreateAsync(leaving, new NewTask(TaskKind.Internal, null, "Done already", null, [leaving]), Ct);
        var view = await tasks.GetAsync(leaving, done, Ct);
        await tasks.ChangeStatusAsync(leaving, done, view.Version, TaskState.Done, null, ct: Ct);
        return new Arranged(studio, owner, leaving, taking, board, deals[..2], deals[2], open, done);
    }

    [Theory, DatabaseData]
    public async Task HandOver_ToOneManager_MovesWhatThePreviewCounted_ClosedAndDoneStay_HistoryWritten(DatabaseProvider provider)
    {
        var a = await ArrangeAsync(provider);
        await using var studio = a.Studio;
        var plan = new HandoverPlan(a.Leaving, a.Taking, a.Taking, a.Taking);

        var preview = await a.Handover.PreviewAsync(a.Owner, plan, Ct);
        var done = await a.Handover.HandOverAsync(a.Owner, plan, Ct);

        Assert.Equal((2, 3, 2, 0), (preview.Deals, preview.Clients, preview.Tasks, preview.Lessons));
        Assert.Equal((preview.Deals, preview.Clients, preview.Tasks, preview.Lessons), (done.Deals, done.Clients, done.Tasks, done.Lessons));
        var (deals, clients, tasks, doneTask) = await studio.ReadAsync(async db => (
            await db.Deals.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.ResponsibleId, Ct),
            await db.Clients.AsNoTracking().Select(c => c.ResponsibleId).ToListAsync(Ct),
            await db.Tasks.AsNoTracking().Where(t => a.OpenTasks.Contains(t.Id)).ToListAsync(Ct),
            await db.Tasks.AsNoTracking().SingleAsync(t => t.Id == a.DoneTask, Ct)));
        Assert.All(a.OpenDeals, d => Assert.Equal(a.Taking, deals[d]));
        Assert.Equal(a.Leaving, deals[a.WonDeal]); // a closed deal keeps who closed it
        Assert.All(clients, c => Assert.Equal(a.Taking, c));
        Assert.All(tasks, t => Assert.Equal([a.Taking], t.ExecutorIds));
        Assert.Equal([a.Leaving], doneTask.ExecutorIds);

        // History: the deal's drawer, the client's timeline, the task's own history.
        var deal = await studio.Pipelines.GetDealAsync(a.Owner, a.OpenDeals[0], Ct);
        var line = Assert.Single(deal.Handovers);
        Assert.Equal(("Manager Number2", "Manager Number3", "Owner Number1"), (line.From, line.To, line.ByName));
        var timeline = await studio.Services.GetRequiredService<ClientService>().GetTimelineAsync(a.Owner, deal.ClientId, Ct);
        Assert.Contains(timeline, e => e.Kind == TimelineKind.Handover && e.Text == "Manager Number2 → Manager Number3");
        var task = await studio.Services.GetRequiredService<TaskService>().GetAsync(a.Owner, a.OpenTasks[0], Ct);
        Assert.Contains(task.History, h => h.Note == "Manager Number2 → Manager Number3" && h.ByName == "Owner Number1");
        Assert.Equal(2 + 3 + 2, await studio.ReadAsync(db => db.Reassignments.CountAsync(Ct)));
        // The new executor's indicator lights for each task handed to them.
        Assert.Equal(2, await studio.ReadAsync(db => db.TaskNotices.CountAsync(n => n.EmployeeId == a.Taking && n.Kind == NoticeKind.Assigned, Ct)));
    }

    [Theory, DatabaseData]
    public async Task HandOver_NotTheOwner_RefusedAndNothingMoves(DatabaseProvider provider)
    {
        var a = await ArrangeAsync(provider);
        await using var studio = a.Studio;
        var plan = new HandoverPlan(a.Leaving, a.Taking, a.Taking, a.Taking);

        await Assert.ThrowsAsync<AccessDeniedException>(() => a.Handover.HandOverAsync(a.Taking, plan, Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => a.Handover.PreviewAsync(a.Taking, plan, Ct));

        Assert.Equal(0, await studio.ReadAsync(db => db.Deals.CountAsync(d => d.ResponsibleId == a.Taking, Ct)));
        Assert.Equal(0, await studio.ReadAsync(db => db.Reassignments.CountAsync(Ct)));
    }

    [Theory, DatabaseData]
    public async Task HandOver_DealsToSomeoneNotOnTheBoard_WholeHandoverRefused(DatabaseProvider provider)
    {
        var a = await ArrangeAsync(provider);
        await using var studio = a.Studio;
        var outsider = await studio.AddEmployeeAsync(EmployeeRole.Manager); // not a member of the board
        var teacher = await studio.AddEmployeeAsync(EmployeeRole.Teacher);

        // Clients and tasks could go; the deals cannot: nothing goes.
        var ex = await Assert.ThrowsAsync<DomainException>(() =>
            a.Handover.HandOverAsync(a.Owner, new HandoverPlan(a.Leaving, outsider, a.Taking, a.Taking), Ct));
        Assert.Equal("Error.Handover.Board", ex.Code);
        var clients = await Assert.ThrowsAsync<DomainException>(() =>
            a.Handover.HandOverAsync(a.Owner, new HandoverPlan(a.Leaving, null, teacher, a.Taking), Ct));
        Assert.Equal("Error.Handover.Clients", clients.Code);
        await studio.DisableAsync(a.Owner, outsider);
        var inactive = await Assert.ThrowsAsync<DomainException>(() =>
            a.Handover.HandOverAsync(a.Owner, new HandoverPlan(a.Leaving, null, null, outsider), Ct));
        Assert.Equal("Error.Handover.Inactive", inactive.Code);

        Assert.Equal(0, await studio.ReadAsync(db => db.Clients.CountAsync(c => c.ResponsibleId != a.Leaving, Ct)));
        Assert.Equal(0, await studio.ReadAsync(db => db.Tasks.CountAsync(t => t.Executors.Any(e => e.EmployeeId != a.Leaving), Ct)));
        Assert.Equal(0, await studio.ReadAsync(db => db.Reassignments.CountAsync(Ct)));

        // A teacher takes tasks (their own kind of work), different people per kind.
        var done = await a.Handover.HandOverAsync(a.Owner, new HandoverPlan(a.Leaving, null, a.Taking, teacher), Ct);
        Assert.Equal((0, 3, 2), (done.Deals, done.Clients, done.Tasks));
        Assert.Equal(2, await studio.ReadAsync(db => db.Tasks.CountAsync(t => t.Executors.Any(e => e.EmployeeId == teacher), Ct)));
    }

    [Theory, DatabaseData]
    public async Task HandOver_LessonsToABusySubstitute_ClashingLessonListedAndLeft_OthersMoved(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var leaving = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var substitute = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var type = await studio.AddLessonTypeAsync(owner);
        var (hall1, hall2) = (await studio.AddRoomAsync(owner), await studio.AddRoomAsync(owner));
        var past = await studio.BookAsync(owner, type, leaving, hall1, 8); // 08:00 today is before the clock's 11:00: stays
        var free = await studio.BookAsync(owner, type, leaving, hall1, 10, dayOffset: 1);
        var clashing = await studio.BookAsync(owner, type, leaving, hall1, 12, dayOffset: 1);
        await studio.BookAsync(owner, type, substitute, hall2, 12, 30, dayOffset: 1);
        var handover = studio.Services.GetRequiredService<HandoverService>();
        var plan = new HandoverPlan(leaving, null, null, null, substitute);

        var preview = await handover.PreviewAsync(owner, plan, Ct);
        var done = await handover.HandOverAsync(owner, plan, Ct);

        Assert.Equal(1, preview.Lessons);
        Assert.Equal(clashing, Assert.Single(preview.LessonsLeft).LessonId);
        Assert.Equal(preview.Lessons, done.Lessons);
        Assert.Equal(clashing, Assert.Single(done.LessonsLeft).LessonId);
        var teachers = await studio.ReadAsync(db => db.Lessons.AsNoTracking().ToDictionaryAsync(l => l.Id, l => l.TeacherId, Ct));
        Assert.Equal((leaving, substitute, leaving), (teachers[past], teachers[free], teachers[clashing]));
        var record = await studio.ReadAsync(db => db.Reassignments.SingleAsync(Ct));
        Assert.Equal((HandoverItem.Lesson, free, leaving, substitute), (record.Item, record.ItemId, record.FromId, record.ToId));
    }
}
