using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Live;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Tasks;
using Studio.Tests.Infrastructure;

namespace Studio.Tests.Services.Tasks;

/// <summary>Tasks through their service on every database: statuses by the policy, history, results, the campaign pool.</summary>
public sealed class TaskServiceTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static TaskService Tasks(TestStudio studio) => studio.Services.GetRequiredService<TaskService>();

    [Theory, DatabaseData]
    public async Task ChangeStatusAsync_ExecutorThenAuthor_FollowsThePolicyAndRecordsEveryChange(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var author = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var executor = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var id = await Tasks(studio).CreateAsync(author, new NewTask(TaskKind.Internal, null, "Order mats", null, [executor]), Ct);
        Assert.Equal(TaskState.New, (await Tasks(studio).GetAsync(author, id, Ct)).Status);

        var opened = await Tasks(studio).GetAsync(executor, id, Ct); // opening it reads it
        Assert.Equal(TaskState.Read, opened.Status);
        await Tasks(studio).ChangeStatusAsync(executor, id, opened.Version, TaskState.InProgress, null, ct: Ct);
        var v = (await Tasks(studio).GetAsync(executor, id, Ct)).Version;
        await Assert.ThrowsAsync<DomainException>(() => Tasks(studio).ChangeStatusAsync(executor, id, v, TaskState.Closed, null, ct: Ct));
        await Tasks(studio).ChangeStatusAsync(executor, id, v, TaskState.Done, "Ordered 10", ct: Ct);
        v = (await Tasks(studio).GetAsync(author, id, Ct)).Version;
        await Tasks(studio).ChangeStatusAsync(author, id, v, TaskState.Closed, "Thanks", ct: Ct);

        var done = await Tasks(studio).GetAsync(author, id, Ct);
        Assert.Equal(TaskState.Closed, done.Status);
        Assert.Equal([TaskState.New, TaskState.Read, TaskState.InProgress, TaskState.Done, TaskState.Closed], done.History.Select(h => h.To));
        Assert.Equal("Ordered 10", done.History[3].Note);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Tasks(studio).ChangeStatusAsync(author, id, v, TaskState.New, null, ct: Ct));
    }

    [Theory, DatabaseData]
    public async Task ChangeStatusAsync_TemplateWithResults_DoneOnlyWithAResultAndItsValue(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var client = await studio.AddClientAsync(manager);
        var template = new TaskTemplate("Call back", TaskKind.PersonalCall);
        var come = template.AddResult("Will come", ResultField.Date);
        await studio.ReadAsync(async db => { db.TaskTemplates.Add(template); return await db.SaveChangesAsync(Ct); });
        var id = await Tasks(studio).CreateAsync(manager, new NewTask(TaskKind.PersonalCall, template.Id, null, null, [manager], ClientId: client), Ct);
        var task = await Tasks(studio).GetAsync(manager, id, Ct);
        Assert.Equal(TaskState.Read, task.Status); // the author does it themself
        Assert.StartsWith("Call back ", task.Title);

        var none = await Assert.ThrowsAsync<DomainException>(() => Tasks(studio).ChangeStatusAsync(manager, id, task.Version, TaskState.Done, null, ct: Ct));
        var badDate = await Assert.ThrowsAsync<DomainException>(() => Tasks(studio).ChangeStatusAsync(manager, id, task.Version, TaskState.Done, null, come.Id, "soon", ct: Ct));
        await Tasks(studio).ChangeStatusAsync(manager, id, task.Version, TaskState.Done, null, come.Id, "2026-11-30", ct: Ct);

        Assert.Equal(("Error.Task.Result", "Error.Task.ResultDate"), (none.Code, badDate.Code));
        var done = await Tasks(studio).GetAsync(manager, id, Ct);
        Assert.Equal((TaskState.Done, come.Id, "2026-11-30"), (done.Status, done.ResultId, done.ResultValue));
    }

    [Theory, DatabaseData]
    public async Task TakeAsync_TwoExecutorsTakeTheSamePoolCallAtOnce_OneGetsIt(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var (a, b) = (await studio.AddEmployeeAsync(EmployeeRole.Manager), await studio.AddEmployeeAsync(EmployeeRole.Manager));
        var outsider = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var clients = new[] { await studio.AddClientAsync(owner), await studio.AddClientAsync(owner) };
        var campaign = await Tasks(studio).CreateCampaignAsync(owner, null, "November calls", [a, b], clients, Ct);
        var calls = await studio.ReadAsync(db => db.Tasks.Where(t => t.ParentId == campaign).Select(t => t.Id).ToListAsync(Ct));
        Assert.Equal(2, calls.Count);

        var results = await Task.WhenAll(new[] { a, b }.Select(async who =>
        {
            try { await Tasks(studio).TakeAsync(who, calls[0], Ct); return true; }
            catch (DomainException e) when (e.Code == "Error.Task.Taken") { return false; }
        }));

        Assert.Equal(1, results.Count(r => r));
        var executors = await studio.ReadAsync(db => db.Tasks.Where(t => t.Id == calls[0]).SelectMany(t => t.Executors).ToListAsync(Ct));
        Assert.Single(executors);
        await Assert.ThrowsAsync<AccessDeniedException>(() => Tasks(studio).TakeAsync(outsider, calls[1], Ct));
    }

    [Theory, DatabaseData]
    public async Task Create_StatusChange_TellsTheAuthorsAndExecutorsTopics(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var author = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var executor = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var heard = new TaskCompletionSource<LiveMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var _ = studio.Services.GetRequiredService<ILiveBus>().Subscribe(LiveTopics.Tasks(executor), m => { heard.TrySetResult(m); return Task.CompletedTask; });

        var id = await Tasks(studio).CreateAsync(author, new NewTask(TaskKind.Internal, null, "Bring the speaker", null, [executor]), Ct);

        Assert.Equal(id, (await heard.Task.WaitAsync(TimeSpan.FromSeconds(5), Ct)).Id);
        await Assert.ThrowsAsync<AccessDeniedException>(async () =>
            await Tasks(studio).GetAsync(await studio.AddEmployeeAsync(EmployeeRole.Teacher), id, Ct));
    }
}

public sealed class TaskNoticeTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, DatabaseData]
    public async Task Notices_GoToEveryoneOnTheTaskButWhoActed_SeenWhenOpenedOrClosed(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var tasks = studio.Services.GetRequiredService<TaskService>();
        var author = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var executor = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var id = await tasks.CreateAsync(author, new NewTask(TaskKind.Internal, null, "Order mats", null, [executor]), Ct);

        var forExecutor = Assert.Single(await tasks.UnseenAsync(executor, ct: Ct));
        Assert.Equal((id, NoticeKind.Assigned, TaskState.New), (forExecutor.TaskId, forExecutor.Kind, forExecutor.Current));
        Assert.Empty(await tasks.UnseenAsync(author, ct: Ct));

        await tasks.ChangeStatusAsync(executor, id, forExecutor.TaskVersion, TaskState.InProgress, null, ct: Ct);

        var forAuthor = Assert.Single(await tasks.UnseenAsync(author, ct: Ct));
        Assert.Equal((NoticeKind.StatusChanged, TaskState.InProgress), (forAuthor.Kind, forAuthor.Current));
        Assert.Equal(1, await tasks.UnseenCountAsync(executor, Ct));
        await tasks.SeeAsync(executor, [forExecutor.Id], Ct);
        await tasks.GetAsync(author, id, Ct);
        Assert.Equal((0, 0), (await tasks.UnseenCountAsync(executor, Ct), await tasks.UnseenCountAsync(author, Ct)));
    }
}

public sealed class ReminderTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, DatabaseData]
    public async Task RunAsync_TwoNodesAtOnce_EachDueReminderFiresOnce_SnoozeFiresItAgainLater(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var tasks = studio.Services.GetRequiredService<TaskService>();
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var executor = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var now = studio.Clock.GetUtcNow().UtcDateTime;
        var due = new List<Guid>();
        for (var i = 0; i < 5; i++)
            due.Add(await tasks.CreateAsync(manager, new NewTask(TaskKind.Internal, null, $"Call {i}", null, [executor], RemindAt: now.AddMinutes(10)), Ct));
        var later = await tasks.CreateAsync(manager, new NewTask(TaskKind.Internal, null, "Later", null, [executor], RemindAt: now.AddHours(3)), Ct);
        // A second node: its own services on the same database.
        await using var otherNode = TestStudio.BuildServices(studio.Provider, studio.ConnectionString, studio.Clock);
        var (first, second) = (studio.Services.GetRequiredService<Reminders>(), otherNode.GetRequiredService<Reminders>());

        Assert.Equal(0, await first.RunAsync(Ct)); // nothing due yet
        studio.Clock.Advance(TimeSpan.FromMinutes(11));
        var fired = await Task.WhenAll(first.RunAsync(Ct), second.RunAsync(Ct), first.RunAsync(Ct));

        Assert.Equal(5, fired.Sum());
        var reminders = await studio.ReadAsync(db => db.TaskNotices.Where(n => n.Kind == NoticeKind.Reminder).ToListAsync(Ct));
        Assert.Equal(5, reminders.Count);
        Assert.All(reminders, n => Assert.Equal(executor, n.EmployeeId));
        Assert.DoesNotContain(reminders, n => n.TaskId == later);

        await tasks.SnoozeAsync(executor, due[0], studio.Clock.GetUtcNow().UtcDateTime.AddMinutes(15), Ct);
        await Assert.ThrowsAsync<Studio.Domain.Common.DomainException>(() => tasks.SnoozeAsync(executor, due[1], now, Ct));
        studio.Clock.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(1, await second.RunAsync(Ct));
        Assert.Equal(6, await studio.ReadAsync(db => db.TaskNotices.CountAsync(n => n.Kind == NoticeKind.Reminder, Ct)));
    }
}

public sealed class TaskListTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, DatabaseData]
    public async Task ListAsync_MineSeesOwnAndThePoolOfSharedCampaigns_AllOnlyForStaff_TextSearchAnyCase(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var tasks = studio.Services.GetRequiredService<TaskService>();
        var (m1, m2, m3) = (await studio.AddEmployeeAsync(EmployeeRole.Manager), await studio.AddEmployeeAsync(EmployeeRole.Manager), await studio.AddEmployeeAsync(EmployeeRole.Manager));
        var teacher = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        await tasks.CreateAsync(m1, new NewTask(TaskKind.Internal, null, "Замовити КИЛИМКИ", "для йоги", [m2]), Ct);
        await tasks.CreateAsync(m1, new NewTask(TaskKind.Internal, null, "Private", null, [m1]), Ct);
        await tasks.CreateCampaignAsync(m1, null, "Calls", [m2, m3], [await studio.AddClientAsync(m1), await studio.AddClientAsync(m1)], Ct);

        var mine = await tasks.ListAsync(m2, new TaskFilter(), Ct);
        var search = await tasks.ListAsync(m2, new TaskFilter(Text: "килимки"), Ct);
        var description = await tasks.ListAsync(m3, new TaskFilter(TaskScope.All, Text: "ЙОГИ"), Ct);

        Assert.Equal(4, mine.Total); // the task given to m2, the campaign and its two pool calls
        Assert.Equal(2, mine.Items.Count(r => r.InPool));
        Assert.Equal("Замовити КИЛИМКИ", Assert.Single(search.Items).Title);
        Assert.Single(description.Items);
        Assert.Equal(0, (await tasks.ListAsync(teacher, new TaskFilter(), Ct)).Total);
        var client = await studio.AddClientAsync(m1);
        var aboutClient = await tasks.CreateAsync(m1, new NewTask(TaskKind.Client, null, "Send the schedule", null, [m3], ClientId: client), Ct);
        Assert.Equal(aboutClient, Assert.Single((await tasks.ListAsync(m2, new TaskFilter(TaskScope.All, ClientId: client), Ct)).Items).Id);
        await Assert.ThrowsAsync<AccessDeniedException>(() => tasks.ListAsync(teacher, new TaskFilter(TaskScope.All), Ct));
    }
}
