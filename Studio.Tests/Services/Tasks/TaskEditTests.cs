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

/// <summary>Editing a task on every database: what changes, who may, the version seen, and who is told.</summary>
public sealed class TaskEditTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static TaskService Tasks(TestStudio studio) => studio.Services.GetRequiredService<TaskService>();

    [Theory, DatabaseData]
    public async Task UpdateAsync_ByTheAuthor_ChangesTheTask_NothingInHistory_SearchKeyFollows(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var author = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var executor = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var (a, b) = (await studio.AddClientAsync(author, "Anna Call"), await studio.AddClientAsync(author, "Boris Call"));
        var id = await Tasks(studio).CreateAsync(author, new NewTask(TaskKind.PersonalCall, null, "Ring Anna", "about the trial", [executor], ClientId: a), Ct);
        var before = await Tasks(studio).GetAsync(author, id, Ct);
        var deadline = studio.Clock.GetUtcNow().UtcDateTime.AddDays(2);
        var remind = studio.Clock.GetUtcNow().UtcDateTime.AddDays(1);

        await Tasks(studio).UpdateAsync(author, id, before.Version, new NewTask(TaskKind.Internal, null, "Ring Boris", "about the ÜBER group", [executor],
            deadline, remind, TaskPriority.High, true, b, "050 123 4567", CallDirection.Incoming), Ct);

        var after = await Tasks(studio).GetAsync(author, id, Ct);
        Assert.Equal((TaskKind.PersonalCall, "Ring Boris", "about the ÜBER group", TaskState.New), (after.Kind, after.Title, after.Description, after.Status));
        Assert.Equal((deadline, remind, TaskPriority.High, true), (after.Deadline, after.RemindAt, after.Priority, after.Urgent));
        Assert.Equal((b, "+380501234567", CallDirection.Incoming), (after.ClientId, after.Phone, after.Direction));
        Assert.Equal(before.History.Count, after.History.Count);
        Assert.NotEqual(before.Version, after.Version);
        Assert.Equal("ring boris\nabout the über group", await studio.ReadAsync(db => db.Tasks.Where(t => t.Id == id).Select(t => t.SearchKey).SingleAsync(Ct)));
        var found = await Tasks(studio).ListAsync(author, new TaskFilter(Text: "über"), Ct);
        Assert.Equal(id, Assert.Single(found.Items).Id);
        Assert.Empty((await Tasks(studio).ListAsync(author, new TaskFilter(Text: "anna"), Ct)).Items);
    }

    [Theory, DatabaseData]
    public async Task UpdateAsync_OnlyTheAuthorOrTheOwner_AndAStaleVersionIsAConflict(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var author = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var executor = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var id = await Tasks(studio).CreateAsync(author, new NewTask(TaskKind.Internal, null, "Tidy the hall", null, [executor]), Ct);
        var seen = (await Tasks(studio).GetAsync(author, id, Ct)).Version;
        NewTask Input(string title) => new(TaskKind.Internal, null, title, null, [executor]);

        await Assert.ThrowsAsync<AccessDeniedException>(() => Tasks(studio).UpdateAsync(executor, id, seen, Input("Mine now"), Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Tasks(studio).UpdateAsync(manager, id, seen, Input("Mine now"), Ct));
        await Tasks(studio).UpdateAsync(owner, id, seen, Input("Tidy the big hall"), Ct);
        var stale = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Tasks(studio).UpdateAsync(author, id, seen, Input("Tidy the small hall"), Ct));
        Assert.NotNull(stale);
        var fresh = await Tasks(studio).GetAsync(author, id, Ct);
        Assert.Equal("Tidy the big hall", fresh.Title);
        await Tasks(studio).UpdateAsync(author, id, fresh.Version, Input("Tidy the small hall"), Ct);
        Assert.Equal("Tidy the small hall", (await Tasks(studio).GetAsync(author, id, Ct)).Title);

        var latest = (await Tasks(studio).GetAsync(author, id, Ct)).Version;
        var noExecutors = await Assert.ThrowsAsync<DomainException>(() => Tasks(studio).UpdateAsync(author, id, latest, new NewTask(TaskKind.Internal, null, "x", null, []), Ct));
        Assert.Equal(("Error.Required", "Executors"), (noExecutors.Code, noExecutors.Args[0]));
    }

    [Theory, DatabaseData]
    public async Task UpdateAsync_ANewExecutor_IsToldAndHearsIt_TheOneTakenOffIsNotTold(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var author = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var first = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var second = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var id = await Tasks(studio).CreateAsync(author, new NewTask(TaskKind.Internal, null, "Print flyers", null, [first]), Ct);
        var seen = (await Tasks(studio).GetAsync(author, id, Ct)).Version;
        var heard = new TaskCompletionSource<LiveMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var _ = studio.Services.GetRequiredService<ILiveBus>().Subscribe(LiveTopics.Tasks(second), m => { heard.TrySetResult(m); return Task.CompletedTask; });
        var firstUnseen = await Tasks(studio).UnseenCountAsync(first, Ct);

        await Tasks(studio).UpdateAsync(author, id, seen, new NewTask(TaskKind.Internal, null, "Print flyers", null, [second]), Ct);

        Assert.Equal(id, (await heard.Task.WaitAsync(TimeSpan.FromSeconds(5), Ct)).Id);
        var notice = Assert.Single(await Tasks(studio).UnseenAsync(second, ct: Ct));
        Assert.Equal((id, NoticeKind.Assigned), (notice.TaskId, notice.Kind));
        Assert.Equal(firstUnseen, await Tasks(studio).UnseenCountAsync(first, Ct));
        Assert.Empty(await Tasks(studio).UnseenAsync(author, ct: Ct));
        Assert.Equal([second], (await Tasks(studio).GetAsync(author, id, Ct)).ExecutorIds);
        await Assert.ThrowsAsync<AccessDeniedException>(() => Tasks(studio).GetAsync(first, id, Ct));
    }

    [Fact]
    public void Edit_AClientTaskWithoutAClient_Refused()
    {
        var task = new WorkTask(TaskKind.Client, null, "Call", null, Guid.NewGuid(), [Guid.NewGuid()], DateTime.UtcNow, Guid.NewGuid());
        var ex = Assert.Throws<DomainException>(() => task.Edit("Call", null, task.ExecutorIds, null, null, TaskPriority.Medium, false, null, null, null));
        Assert.Equal(("Error.Required", "Client"), (ex.Code, ex.Args[0]));
    }
}
