using Microsoft.Extensions.DependencyInjection;
using Studio.Domain.Organisation;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Tasks;
using Studio.Tests.Infrastructure;
using Studio.Infrastructure.Persistence;

namespace Studio.Tests.Services.Tasks;

/// <summary>
/// Tasks and calls in the client's timeline (issue 17.4): set, done with its result, cancelled, each by whom; and live, so
/// a manager with the client's card open sees another manager's call appear and get done without reloading.
/// </summary>
public sealed class TaskTimelineTests(Databases databases)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, DatabaseData]
    public async Task Timeline_ShowsCallsAndTasks_SetDoneAndCancelled_WithWhoAndTheResult(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var other = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var client = await studio.AddClientAsync(manager, "Олена Тимчасова");
        var tasks = studio.Services.GetRequiredService<TaskService>();
        var clients = studio.Services.GetRequiredService<ClientService>();

        var call = await tasks.CreateAsync(manager, new NewTask(TaskKind.PersonalCall, null, "Передзвонити щодо пробного", null, [other],
            Deadline: studio.Clock.GetUtcNow().UtcDateTime.AddDays(1), ClientId: client), Ct);
        studio.Clock.Advance(TimeSpan.FromMinutes(5));
        var task = await tasks.CreateAsync(manager, new NewTask(TaskKind.Client, null, "Підготувати договір", null, [manager], ClientId: client), Ct);
        studio.Clock.Advance(TimeSpan.FromMinutes(5));
        await tasks.ChangeStatusAsync(other, call, (await tasks.GetAsync(other, call, Ct)).Version, TaskState.Done, "Прийде у вівторок", ct: Ct);
        studio.Clock.Advance(TimeSpan.FromMinutes(5));
        await tasks.ChangeStatusAsync(manager, task, (await tasks.GetAsync(manager, task, Ct)).Version, TaskState.Cancelled, null, ct: Ct);
        // A task about no client, and one about another client, stay off this timeline.
        await tasks.CreateAsync(manager, new NewTask(TaskKind.Internal, null, "Прибрати зал", null, [manager]), Ct);
        var stranger = await studio.AddClientAsync(manager, "Інший Клієнт");
        await tasks.CreateAsync(manager, new NewTask(TaskKind.Client, null, "Чужа задача", null, [manager], ClientId: stranger), Ct);

        var lines = (await clients.GetTimelineAsync(manager, client, Ct))
            .Where(e => e.Kind is TimelineKind.TaskSet or TimelineKind.TaskDone or TimelineKind.CallSet or TimelineKind.CallDone or TimelineKind.TaskCancelled)
            .ToList();

        var names = await studio.ReadAsync(db => Task.FromResult(db.Employees.ToDictionary(e => e.Id, e => e.FullName)));
        Assert.Equal([TimelineKind.TaskCancelled, TimelineKind.CallDone, TimelineKind.TaskSet, TimelineKind.CallSet], lines.Select(l => l.Kind));
        Assert.StartsWith("Передзвонити щодо пробного · ", lines[3].Text); // with its deadline
        Assert.Equal("Передзвонити щодо пробного · Прийде у вівторок", lines[1].Text);
        Assert.Equal([names[manager], names[other], names[manager], names[manager]], lines.Select(l => l.By));
        Assert.DoesNotContain(lines, l => l.Text.Contains("Прибрати") || l.Text.Contains("Чужа"));
    }

    [Theory, DatabaseData]
    public async Task OpenCard_AnotherManagerSetsACall_TheCardsTimelineShowsItLive(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var viewer = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var caller = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var client = await studio.AddClientAsync(viewer, "Живий Клієнт");
        var tasks = studio.Services.GetRequiredService<TaskService>();
        var cards = studio.Services.GetRequiredService<ClientCardViews>();
        var seen = new SemaphoreSlim(0);
        using var watch = await cards.WatchCardAsync(viewer, client, _ => { seen.Release(); return Task.CompletedTask; }, Ct);
        Assert.DoesNotContain(watch.Current!.Timeline, e => e.Kind == TimelineKind.CallSet);

        await tasks.CreateAsync(caller, new NewTask(TaskKind.PersonalCall, null, "Нагадати про оплату", null, [caller], ClientId: client), Ct);

        var deadline = DateTime.UtcNow + Patience;
        while (!watch.Current!.Timeline.Any(e => e.Kind == TimelineKind.CallSet && e.Text == "Нагадати про оплату") && DateTime.UtcNow < deadline)
            await seen.WaitAsync(TimeSpan.FromMilliseconds(200), Ct);
        Assert.Contains(watch.Current!.Timeline, e => e.Kind == TimelineKind.CallSet && e.Text == "Нагадати про оплату");
    }
}
