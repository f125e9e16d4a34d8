using Microsoft.Extensions.DependencyInjection;
using Studio.Domain.Organisation;
using Studio.Domain.Pipelines;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Dashboard;
using Studio.Infrastructure.Live;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Pipelines;
using Studio.Infrastructure.Tasks;
using Studio.Tests.Infrastructure;

namespace Studio.Tests.Services.Tasks;

/// <summary>
/// A deal's callback coming due reminds its responsible through the task reminders' job, indicator and popup (issue 17.5), on
/// every database with the fake clock: the responsible only; a snooze hides it until its time without touching the deal's
/// version; a new callback time re-arms it; overdue (red) callbacks count in the dashboard's overdue calls.
/// </summary>
public sealed class CallbackReminderTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static TaskService Tasks(TestStudio s) => s.Services.GetRequiredService<TaskService>();
    private static Reminders Job(TestStudio s) => s.Services.GetRequiredService<Reminders>();
    private static DateTime Now(TestStudio s) => s.Clock.GetUtcNow().UtcDateTime;

    private static async Task<(Guid Owner, Guid Manager, Guid Other, Guid Deal)> DealWithCallbackAsync(TestStudio studio, TimeSpan inFuture)
    {
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var other = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var board = await studio.AddBoardAsync(owner, manager, other);
        var deal = await studio.Pipelines.CreateDealAsync(owner, new NewDeal(board.Id, null, "Олена Коваль", "+380671234567", null, null, manager, null, 500m,
            "Пробне заняття", Now(studio) + inFuture), Ct);
        return (owner, manager, other, deal);
    }

    /// <summary>The messages heard on one topic.</summary>
    private sealed class Heard(ILiveBus bus, string topic) : IDisposable
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<LiveMessage> _messages = new();
        private IDisposable? _subscription;

        public Heard Start()
        {
            _subscription = bus.Subscribe(topic, m => { _messages.Enqueue(m); return Task.CompletedTask; });
            return this;
        }

        public async Task<LiveMessage> TakeAsync(string kind)
        {
            await Eventually.TrueAsync(() => _messages.Any(m => m.Kind == kind), $"A {kind} message", TimeSpan.FromSeconds(15));
            return _messages.First(m => m.Kind == kind);
        }

        public void Dispose() => _subscription?.Dispose();
    }

    private static async Task<NoticeView?> CallbackOfAsync(TestStudio studio, Guid employee) =>
        (await Tasks(studio).UnseenAsync(employee, TaskBadges.Recent, Ct)).SingleOrDefault(n => n.Kind == NoticeKind.Callback);

    [Theory, DatabaseData]
    public async Task DueCallback_RemindsTheDealsResponsibleOnly_OnceWithTheDealsTitleAndClient(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var (owner, manager, other, deal) = await DealWithCallbackAsync(studio, TimeSpan.FromMinutes(30));
        var board = (await studio.Pipelines.GetDealAsync(owner, deal, Ct)).BoardId;

        Assert.Equal(0, await Job(studio).RunAsync(Ct)); // not yet due
        Assert.Null(await CallbackOfAsync(studio, manager));
        studio.Clock.Advance(TimeSpan.FromMinutes(30));
        using var heard = new Heard(studio.Services.GetRequiredService<ILiveBus>(), LiveTopics.Tasks(manager)).Start();
        Assert.Equal(1, await Job(studio).RunAsync(Ct));
        Assert.Equal(0, await Job(studio).RunAsync(Ct)); // fired once

        var notice = await CallbackOfAsync(studio, manager);
        Assert.NotNull(notice);
        Assert.Equal((deal, board, "Пробне заняття", "Олена Коваль"), (notice.DealId, notice.BoardId, notice.Title, notice.ClientName));
        Assert.Equal(1, await Tasks(studio).UnseenCountAsync(manager, Ct)); // the indicator lights
        Assert.Equal(Reminders.Fired, (await heard.TakeAsync(Reminders.Fired)).Kind); // live on the responsible's topic
        Assert.Null(await CallbackOfAsync(studio, other));
        Assert.Null(await CallbackOfAsync(studio, owner));
        Assert.Equal(0, await Tasks(studio).UnseenCountAsync(other, Ct));
    }

    [Theory, DatabaseData]
    public async Task UnseenCount_TasksAndCallbacksTogether_IsOneCommandBesideTheActor(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var (owner, manager, _, _) = await DealWithCallbackAsync(studio, TimeSpan.FromMinutes(5));
        await Tasks(studio).CreateAsync(owner, new NewTask(TaskKind.Internal, null, "Order mats", null, [manager]), Ct); // an unseen task notice
        studio.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, await Job(studio).RunAsync(Ct)); // and an unseen callback notice

        var counter = studio.Services.GetRequiredService<CommandCounter>();
        var factory = studio.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<StudioDbContext>>();
        var before = counter.Commands;
        await factory.ActorAsync(manager, null, Ct);
        var actor = counter.Commands - before;
        before = counter.Commands;
        var unseen = await Tasks(studio).UnseenCountAsync(manager, Ct);

        Assert.Equal(2, unseen);
        Assert.Equal(1, counter.Commands - before - actor); // the badge reads it on every change: both counts in one command
    }

    [Theory, DatabaseData]
    public async Task Snooze_HidesTheReminderUntilItsTime_AndLeavesTheDealsVersionToItsEditor(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var (owner, manager, other, deal) = await DealWithCallbackAsync(studio, TimeSpan.FromMinutes(5));
        studio.Clock.Advance(TimeSpan.FromMinutes(5));
        await Job(studio).RunAsync(Ct);
        var before = await studio.Pipelines.GetDealAsync(owner, deal, Ct);

        await Assert.ThrowsAsync<Studio.Infrastructure.Organisation.AccessDeniedException>(() =>
            Tasks(studio).SnoozeCallbackAsync(other, deal, Now(studio).AddHours(1), Ct)); // not theirs to snooze
        await Tasks(studio).SnoozeCallbackAsync(manager, deal, Now(studio).AddHours(1), Ct);

        Assert.Null(await CallbackOfAsync(studio, manager));
        Assert.Equal(0, await Tasks(studio).UnseenCountAsync(manager, Ct));
        var after = await studio.Pipelines.GetDealAsync(owner, deal, Ct);
        Assert.Equal((before.Version, before.CallbackAt), (after.Version, after.CallbackAt)); // the callback itself and the version untouched
        // Someone editing the deal from before the snooze saves without a conflict.
        await studio.Pipelines.UpdateDealAsync(owner, new DealEdit(deal, before.Version, 700m, before.Title, before.ResponsibleId, before.SourceId,
            before.BranchId, before.TagIds, before.CustomFields, before.CallbackAt), Ct);

        studio.Clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(0, await Job(studio).RunAsync(Ct));
        Assert.Null(await CallbackOfAsync(studio, manager));
        studio.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await Job(studio).RunAsync(Ct));
        Assert.NotNull(await CallbackOfAsync(studio, manager));
    }

    [Theory, DatabaseData]
    public async Task NewCallbackTime_RearmsTheReminder_AndAClosedDealRemindsNoOne(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var (owner, manager, _, deal) = await DealWithCallbackAsync(studio, TimeSpan.FromMinutes(5));
        studio.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, await Job(studio).RunAsync(Ct));

        await studio.Pipelines.SetCallbackAsync(owner, deal, Now(studio).AddHours(2), Ct);
        Assert.NotNull(await CallbackOfAsync(studio, manager)); // the reminder shown stays until seen (the deal still has a callback)
        await Tasks(studio).SeeAsync(manager, [(await CallbackOfAsync(studio, manager))!.Id], Ct); // dismissed
        Assert.Null(await CallbackOfAsync(studio, manager));
        studio.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await Job(studio).RunAsync(Ct)); // not before the new time
        studio.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, await Job(studio).RunAsync(Ct));
        Assert.NotNull(await CallbackOfAsync(studio, manager));

        // A callback cleared: its reminder goes from the popup and the indicator.
        await studio.Pipelines.SetCallbackAsync(owner, deal, null, Ct);
        Assert.Null(await CallbackOfAsync(studio, manager));
        Assert.Equal(0, await Tasks(studio).UnseenCountAsync(manager, Ct));
        studio.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await Job(studio).RunAsync(Ct));
    }

    [Theory, DatabaseData]
    public async Task Dashboard_OverdueCalls_CountRedCallbacksOfOpenDeals_AndHearsACallbackChange(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var (owner, manager, _, deal) = await DealWithCallbackAsync(studio, TimeSpan.FromMinutes(30));
        var dashboards = studio.Services.GetRequiredService<DashboardService>();
        var callbackAt = Now(studio).AddMinutes(30);

        var before = await dashboards.GetAsync(owner, Ct);
        Assert.Equal(0, before.OverdueCalls);
        Assert.Equal(callbackAt + CallbackColour.Grace, before.NextChangeAt); // the callback turning red moves the dashboard's clock

        studio.Clock.Advance(TimeSpan.FromMinutes(30) + CallbackColour.Grace);
        Assert.Equal(1, (await dashboards.GetAsync(owner, Ct)).OverdueCalls); // red: counted

        using var heard = new Heard(studio.Services.GetRequiredService<ILiveBus>(), LiveTopics.Dashboard).Start();
        await studio.Pipelines.SetCallbackAsync(owner, deal, Now(studio).AddHours(1), Ct);
        var message = await heard.TakeAsync(DomainEventPublisher.DealCallbackChanged);
        Assert.Equal(DashboardParts.Tasks, DashboardViews.PartsMovedBy([message]));
        Assert.Equal(0, (await dashboards.GetAsync(owner, Ct)).OverdueCalls);
    }

    [Theory, DatabaseData]
    public async Task MoveThatClosesTheDeal_TakesItsCallbackFromTheOverdueCallsAndFromItsReminder_Live(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var (owner, manager, _, deal) = await DealWithCallbackAsync(studio, TimeSpan.FromMinutes(5));
        var dashboards = studio.Services.GetRequiredService<DashboardService>();
        studio.Clock.Advance(TimeSpan.FromMinutes(5) + CallbackColour.Grace);
        Assert.Equal(1, await Job(studio).RunAsync(Ct));
        Assert.Equal(1, (await dashboards.GetAsync(owner, Ct)).OverdueCalls);
        var badges = studio.Services.GetRequiredService<TaskBadges>();
        var shown = new System.Collections.Concurrent.ConcurrentQueue<TaskBadge>();
        using var badge = await badges.WatchOwnAsync(manager, b => { shown.Enqueue(b); return Task.CompletedTask; }, Ct);
        Assert.Equal(1, badge.Current?.Unseen); // the reminder the responsible is shown

        var bus = studio.Services.GetRequiredService<ILiveBus>();
        using var dashboard = new Heard(bus, LiveTopics.Dashboard).Start();
        var board = (await studio.Pipelines.GetDealAsync(owner, deal, Ct)).BoardId;
        var won = (await studio.Pipelines.GetSettingsAsync(owner, board, Ct)).Stages.Single(s => s.Kind == StageKind.Won).Id;
        await studio.Pipelines.MoveDealAsync(owner, deal, won, ct: Ct);

        var message = await dashboard.TakeAsync(DomainEventPublisher.DealCallbackChanged);
        Assert.Equal(DashboardParts.Tasks, DashboardViews.PartsMovedBy([message])); // the overdue calls are patched
        Assert.Equal(0, (await dashboards.GetAsync(owner, Ct)).OverdueCalls);
        await Eventually.TrueAsync(() => shown.Any(b => b.Unseen == 0), "The responsible's badge without the won deal's reminder", TimeSpan.FromSeconds(15));
        Assert.Equal(0, await Tasks(studio).UnseenCountAsync(manager, Ct));
    }
}
