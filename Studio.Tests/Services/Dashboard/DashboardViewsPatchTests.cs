using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Studio.Domain.Clients;
using Studio.Domain.Organisation;
using Studio.Domain.Pipelines;
using Studio.Domain.Reports;
using Studio.Domain.Schedule;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Live;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Reports;
using Studio.Infrastructure.Tasks;
using Studio.Tests.Infrastructure;
using Studio.Infrastructure.Dashboard;
using Studio.Domain.Dashboard;

namespace Studio.Tests.Services.Dashboard;

/// <summary>
/// The dashboard's read model patches instead of reloading (ADR-008 §4, issue 14): after each kind of change, the
/// snapshot patched from the messages the change really published equals one loaded whole, on both databases, and reads
/// only what the change can move.
/// </summary>
public sealed class DashboardViewsPatchTests(Databases databases)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DashboardReads Reads(TestStudio studio) => studio.Services.GetRequiredService<DashboardReads>();
    private static TaskService Tasks(TestStudio studio) => studio.Services.GetRequiredService<TaskService>();
    private static DateTime Now(TestStudio studio) => studio.Clock.GetUtcNow().UtcDateTime;

    private static void AssertSame(DashboardSnapshot fresh, DashboardSnapshot patched)
    {
        Assert.Equal(fresh.Day, patched.Day);
        Assert.Equal(fresh.Lessons, patched.Lessons);
        Assert.Equal((fresh.NewLeads, fresh.Wins, fresh.OverdueCalls, fresh.StaleDeals), (patched.NewLeads, patched.Wins, patched.OverdueCalls, patched.StaleDeals));
        Assert.Equal(fresh.Boards, patched.Boards);   // same lines in the same order (records compare every value)
        Assert.Equal(fresh.Staff, patched.Staff);
        Assert.Equal(fresh.NextChangeAt, patched.NextChangeAt);
        Assert.True(fresh.SameFigures(patched));
    }

    /// <summary>What the real publisher sends to the dashboard's topics, heard on the real bus.</summary>
    private sealed class Heard : IDisposable
    {
        private readonly ConcurrentQueue<LiveMessage> _messages = new();
        private readonly IDisposable[] _subscriptions;

        public Heard(ILiveBus bus) => _subscriptions =
            [.. new[] { LiveTopics.Dashboard, LiveTopics.Boards }.Select(t => bus.Subscribe(t, m => { _messages.Enqueue(m); return Task.CompletedTask; }))];

        /// <summary>The messages of one change: waits for one of <paramref name="kind"/>, then lets its siblings arrive.</summary>
        public async Task<List<LiveMessage>> TakeAsync(string kind)
        {
            await Eventually.TrueAsync(() => _messages.Any(m => m.Kind == kind), $"A {kind} message", Patience);
            await Task.Delay(150, Ct); // the change's other messages were published with it
            var taken = new List<LiveMessage>();
            while (_messages.TryDequeue(out var m)) taken.Add(m);
            return taken;
        }

        public void Dispose()
        {
            foreach (var s in _subscriptions) s.Dispose();
        }
    }

    [Theory, DatabaseData]
    public async Task Patch_AfterEachKindOfChange_EqualsAFreshLoad(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var teacher = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var board = await studio.AddBoardAsync(owner, manager);
        var other = await studio.AddBoardAsync(owner, manager);
        var client = await studio.AddClientAsync(manager);
        var room = await studio.AddRoomAsync(owner);
        var type = await studio.AddLessonTypeAsync(owner);
        var p = studio.Pipelines;

        // Eight days ago: two deals put on Trial (7-day limit), one left in it (stale today), one on the other board.
        var stale = await studio.AddDealAsync(manager, board);
        await p.MoveDealAsync(manager, stale, board.Stage("Trial"), null, Ct);
        var staleElsewhere = await studio.AddDealAsync(manager, other);
        await p.MoveDealAsync(manager, staleElsewhere, other.Stage("Trial"), null, Ct);
        var old = await studio.AddDealAsync(manager, board);
        studio.Clock.Advance(TimeSpan.FromDays(8));

        var reads = Reads(studio);
        var counter = studio.Services.GetRequiredService<CommandCounter>();
        using var heard = new Heard(studio.Services.GetRequiredService<ILiveBus>());
        var current = await reads.LoadAsync(1, Ct);
        long sequence = 1;
        Assert.Equal(2, current.StaleDeals);

        async Task Check(string kind, string what, DashboardParts expected, int commands)
        {
            var messages = await heard.TakeAsync(kind);
            var parts = DashboardViews.PartsMovedBy(messages);
            Assert.Equal(expected, parts);
            var name = $"patch {Guid.NewGuid():N}";
            DashboardSnapshot? patched;
            using (CommandCounter.ReadModel(name))
                patched = await reads.PatchAsync(current, parts!.Value, DashboardViews.DealsNamedBy(messages), ++sequence, Ct);
            Assert.NotNull(patched);
            var fresh = await reads.LoadAsync(++sequence, Ct);
            try
            {
                Assert.False(fresh.SameFigures(current), "the change moved no figure: it would not show a skipped part");
                AssertSame(fresh, patched);
            }
            catch (Exception e) { throw new Xunit.Sdk.XunitException($"After {what}: {e.Message}"); }
            Assert.Equal(commands, counter.ByReadModel.GetValueOrDefault(name));
            var reused = patched.Reuse(current);
            // Parts the change could not move keep their instances, so their tiles do not render.
            if (!expected.HasFlag(DashboardParts.Deals)) Assert.Same(current.Boards, reused.Boards);
            if (!expected.HasFlag(DashboardParts.Lessons)) Assert.Same(current.Lessons, reused.Lessons);
            current = reused;
        }

        await studio.AddDealAsync(manager, board);
        await Check(nameof(DealCreated), "a web-form lead", DashboardParts.Deals, 1);

        await p.MoveDealAsync(manager, stale, board.Stage("Contract"), null, Ct);
        await Check(nameof(DealMoved), "a stale deal moved on", DashboardParts.Deals, 1);

        await p.MoveDealAsync(manager, old, board.Won, null, Ct);
        await Check(nameof(DealMoved), "an old deal won today", DashboardParts.Deals, 1);

        await p.MoveDealAsync(manager, old, board.Start, null, Ct);
        await Check(nameof(DealMoved), "a win undone", DashboardParts.Deals, 1);

        // A new board is structural (the feed loads whole on it); a patch from a snapshot that does not know it yet reads its name.
        var newBoard = await studio.AddBoardAsync(owner, manager);
        Assert.Null(DashboardViews.PartsMovedBy(await heard.TakeAsync(nameof(BoardChanged))));
        await studio.AddDealAsync(manager, newBoard);
        await Check(nameof(DealCreated), "a lead on a board the snapshot does not know (its name read too)", DashboardParts.Deals, 2);

        var call = await Tasks(studio).CreateAsync(manager, new NewTask(TaskKind.PersonalCall, null, "Call back", null, [manager], Now(studio).AddMinutes(-5),
            ClientId: client), Ct);
        await Check(nameof(TaskChanged), "an overdue call", DashboardParts.Tasks, 3); // calls, deals' callbacks (issue 17.5), staff tasks

        await Tasks(studio).CreateAsync(owner, new NewTask(TaskKind.PersonalCall, null, "Ahead", null, [teacher], Now(studio).AddHours(2), ClientId: client), Ct);
        await Check(nameof(TaskChanged), "a call ahead (the next deadline)", DashboardParts.Tasks, 3);

        await Tasks(studio).CreateAsync(manager, new NewTask(TaskKind.Client, null, "For the owner", null, [owner], Now(studio).AddHours(-1), ClientId: client), Ct);
        await Check(nameof(TaskChanged), "a task on the owner (someone busy not among the staff: names read too)", DashboardParts.Tasks, 4);

        await Tasks(studio).ChangeStatusAsync(manager, call, (await Tasks(studio).GetAsync(manager, call, Ct)).Version, TaskState.Done, null, ct: Ct);
        await Check(nameof(TaskChanged), "a call done", DashboardParts.Tasks, 3);

        var lesson = await studio.BookAsync(owner, type, teacher, room, 18);
        await Check(nameof(LessonChanged), "a lesson booked today", DashboardParts.Lessons | DashboardParts.Debtors, 3);

        await studio.Schedule.MarkHeldAsync(owner, lesson, (await studio.Schedule.GetLessonAsync(owner, lesson, Ct)).Lesson.Version, [], null, Ct);
        await Check(nameof(LessonChanged), "a lesson held", DashboardParts.Lessons | DashboardParts.Debtors, 3);

        var cancelled = await studio.BookAsync(owner, type, teacher, room, 20);
        await Check(nameof(LessonChanged), "another lesson", DashboardParts.Lessons | DashboardParts.Debtors, 3);
        await studio.Schedule.CancelAsync(owner, cancelled, (await studio.Schedule.GetLessonAsync(owner, cancelled, Ct)).Lesson.Version, "Ill", ct: Ct);
        await Check(nameof(LessonChanged), "a lesson cancelled", DashboardParts.Lessons | DashboardParts.Debtors, 3);

        // A visit owed moves the debtors with the lessons; the pass sold for it pays it (a payment: the debtors alone).
        var owing = await studio.BookAsync(owner, type, teacher, room, 21, 0, 0, client);
        await Check(nameof(LessonChanged), "a lesson booked for a client", DashboardParts.Lessons | DashboardParts.Debtors, 3);
        await studio.Schedule.MarkHeldAsync(owner, owing, (await studio.Schedule.GetLessonAsync(owner, owing, Ct)).Lesson.Version, [new(client, true, false)], null, Ct);
        await Check(nameof(LessonChanged), "a visit owed", DashboardParts.Lessons | DashboardParts.Debtors, 3);
        Assert.Equal(1, current.Debtors);
        var plan = await studio.Billing.SavePlanAsync(owner, null, null, "4 visits", 4, 30, 800m, [type], Ct);
        await studio.Billing.SellPassAsync(manager, client, plan, null, null, Studio.Domain.Billing.PaymentMethod.Cash, ct: Ct);
        await Check(nameof(Studio.Domain.Billing.PaymentRecorded), "a pass sold pays the owed visit", DashboardParts.Debtors, 1);
        Assert.Equal(0, current.Debtors);

        // A client's birthday set this week: the birthdays alone.
        var clients = studio.Services.GetRequiredService<ClientService>();
        var card = await clients.GetCardAsync(manager, client, Ct);
        await clients.UpdateAsync(manager, client, card.Version, new ClientInput(card.FullName, [.. card.Phones], card.Email, studio.Today.AddYears(-30),
            null, studio.BranchId, null, null, [], ContactChannels.None, null, new Dictionary<Guid, string?>()), ct: Ct);
        await Check(nameof(ClientUpdated), "a birthday this week", DashboardParts.Birthdays, 1);
        Assert.Equal(1, current.Birthdays);

        Assert.Equal((2, 0, 0, 1), (current.NewLeads, current.Wins, current.OverdueCalls, current.StaleDeals));
        Assert.Equal(new LessonsToday(0, 2, 1), current.Lessons);
        Assert.Contains(current.Staff, s => s.Id == owner);
    }

    [Theory, DatabaseData]
    public async Task Patch_OnceTheClockCouldHaveMovedAFigure_LeavesItToAWholeLoad(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var board = await studio.AddBoardAsync(owner, manager);
        var deal = await studio.AddDealAsync(manager, board);
        await studio.Pipelines.MoveDealAsync(manager, deal, board.Stage("Trial"), null, Ct);
        var reads = Reads(studio);
        var current = await reads.LoadAsync(1, Ct);
        Assert.True(current.NextChangeAt <= Now(studio).AddDays(7));

        // Past its next change (midnight comes first) a kept part may be out of date: no patch.
        studio.Clock.Advance(current.NextChangeAt - Now(studio) + TimeSpan.FromMinutes(1));
        var lead = await studio.AddDealAsync(manager, board);

        Assert.Null(await reads.PatchAsync(current, DashboardParts.Deals, [lead], 2, Ct));
        // A snapshot without its rows cannot be patched either.
        Assert.Null(await reads.PatchAsync(current with { Rows = null }, DashboardParts.Deals, [lead], 2, Ct));
    }

    [Fact]
    public void PartsMovedBy_EachKindOfMessage()
    {
        LiveMessage On(string kind) => new(LiveTopics.Dashboard, kind, Guid.NewGuid());
        Assert.Equal(DashboardParts.Deals, DashboardViews.PartsMovedBy([On(nameof(DealCreated)), On(nameof(DealMoved))]));
        Assert.Equal(DashboardParts.Deals | DashboardParts.Tasks, DashboardViews.PartsMovedBy([On(nameof(DealCreated)), On(nameof(TaskChanged))]));
        Assert.Equal(DashboardParts.Lessons | DashboardParts.Debtors, DashboardViews.PartsMovedBy([On(nameof(LessonChanged))]));
        Assert.Equal(DashboardParts.Debtors, DashboardViews.PartsMovedBy([On("PaymentRecorded"), On("ClientStatusChanged")]));
        Assert.Equal(DashboardParts.None, DashboardViews.PartsMovedBy([On("ClientStatusChanged")]));
        Assert.Equal(DashboardParts.Birthdays, DashboardViews.PartsMovedBy([On(nameof(ClientCreated)), On(nameof(ClientUpdated))]));
        Assert.Equal(DashboardParts.Birthdays | DashboardParts.Debtors, DashboardViews.PartsMovedBy([On(nameof(ClientArchived))]));
        Assert.Equal(DashboardParts.Birthdays | DashboardParts.Debtors, DashboardViews.PartsMovedBy([On(nameof(ClientMerged))]));
        // Only a birthday is told to the dashboard: a client created or edited without one sends it nothing.
        Assert.DoesNotContain(DomainEventPublisher.ToMessages(new ClientCreated(Guid.NewGuid())), m => m.Topic == LiveTopics.Dashboard);
        Assert.DoesNotContain(DomainEventPublisher.ToMessages(new ClientUpdated(Guid.NewGuid())), m => m.Topic == LiveTopics.Dashboard);
        // Structural, time-driven or unknown: a whole load.
        Assert.Null(DashboardViews.PartsMovedBy([On(nameof(DealCreated)), new(LiveTopics.Boards, nameof(BoardChanged), Guid.NewGuid())]));
        Assert.Null(DashboardViews.PartsMovedBy([new(LiveTopics.Clock, "Tick")]));
        Assert.Null(DashboardViews.PartsMovedBy([On("SomethingNew")]));
        Assert.Null(DashboardViews.PartsMovedBy([new(LiveTopics.Dashboard, nameof(DealMoved))])); // names no deal
    }

    [Theory, DatabaseData]
    public async Task Feed_ALeadAMoveAndALesson_AreServedByPatchesThatEqualAFreshLoad(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var teacher = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var board = await studio.AddBoardAsync(owner, manager);
        var room = await studio.AddRoomAsync(owner);
        var type = await studio.AddLessonTypeAsync(owner);
        var views = studio.Services.GetRequiredService<DashboardViews>();
        DashboardSnapshot? latest = null;
        using var watch = await studio.Services.GetRequiredService<DashboardService>().WatchAsync(owner, s =>
        {
            Volatile.Write(ref latest, s);
            return Task.CompletedTask;
        }, Ct);
        var before = watch.Current!;

        async Task<DashboardSnapshot> SeenAsync(Func<DashboardSnapshot, bool> seen)
        {
            await Eventually.TrueAsync(() => Volatile.Read(ref latest) is { } s && seen(s), "Seeing the change", Patience);
            await Task.Delay(200, Ct); // a late extra read would land here
            return Volatile.Read(ref latest)!;
        }

        var deal = await studio.AddDealAsync(manager, board);
        await studio.Pipelines.MoveDealAsync(manager, deal, board.Won, null, Ct);
        var afterDeals = await SeenAsync(s => s.NewLeads == 1 && s.Wins == 1);
        await studio.BookAsync(owner, type, teacher, room, 18);
        var shown = await SeenAsync(s => s.Lessons.Planned == 1);

        AssertSame(await Reads(studio).LoadAsync(long.MaxValue, Ct), shown);
        Assert.Equal(1, views.Loads - views.Patches); // the first load only; the lead, the move and the lesson were patched in
        Assert.Same(afterDeals.Boards, shown.Boards); // a lesson does not touch the boards' lines
        Assert.NotSame(before.Boards, shown.Boards);
    }
}
