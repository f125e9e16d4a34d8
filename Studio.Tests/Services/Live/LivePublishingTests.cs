using Studio.Domain.Common;
using System.Collections.Concurrent;
using System.Reflection;
using System.Reflection.Emit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Studio.Domain.Organisation;
using Studio.Domain.Schedule;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Billing;
using Studio.Infrastructure.Live;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Schedule;
using Studio.Infrastructure.Tasks;
using Studio.Tests.Infrastructure;
using Studio.Infrastructure.Clients;

namespace Studio.Tests.Services.Live;

/// <summary>
/// One live pipeline: a data change leaves only as a domain event, published by <see cref="DomainEventPublisher"/> after commit.
/// The node's own signals (presence, the clock) are the only other voices on the bus.
/// </summary>
public sealed class OnePublisherTests
{
    /// <summary>Who may call <see cref="ILiveBus.PublishAsync"/>: the publisher of domain events and the node's two signals that are no data.</summary>
    private static readonly Type[] Publishers = [typeof(DomainEventPublisher), typeof(PresenceTracker), typeof(ClockTicker)];

    [Fact]
    public void PublishAsync_CalledFromInfrastructureOrWeb_OnlyByThePublisherPresenceAndClock()
    {
        var callers = new[] { typeof(DomainEventPublisher).Assembly, typeof(Studio.Web.Components.Shared.LiveFollow).Assembly }
            .SelectMany(a => a.GetTypes())
            .Where(t => Methods(t).Any(m => Calls(m).Any(IsPublish)))
            .Select(Outermost).Distinct().ToList();

        // The scan sees the publisher itself, so it would see any other caller too.
        Assert.Contains(typeof(DomainEventPublisher), callers);
        Assert.Empty(callers.Except(Publishers).Select(t => t.FullName));
    }

    [Fact]
    public void Constructors_TakingTheBus_OnlyTheLivePlumbingAndReadModelsThatListen()
    {
        var takers = typeof(DomainEventPublisher).Assembly.GetTypes()
            .Where(t => t.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
                .Any(c => c.GetParameters().Any(p => p.ParameterType == typeof(ILiveBus))))
            .ToList();

        Assert.Contains(typeof(DomainEventPublisher), takers);
        // The organisation's settings are a node cache that only listens (it publishes nothing: the test above would see it).
        Assert.Empty(takers.Where(t => t.Namespace != typeof(ILiveBus).Namespace && !IsSharedFeed(t) && t != typeof(OrganisationSettingsSource))
            .Select(t => t.FullName));
    }

    private static bool IsSharedFeed(Type t)
    {
        for (var b = t.BaseType; b is not null; b = b.BaseType)
            if (b.IsGenericType && b.GetGenericTypeDefinition() == typeof(SharedFeeds<,>)) return true;
        return false;
    }

    private static bool IsPublish(MethodBase m) =>
        m.Name == nameof(ILiveBus.PublishAsync) && m.DeclaringType is { } d && typeof(ILiveBus).IsAssignableFrom(d);

    /// <summary>The type a lambda's closure or an async method's state machine was written in.</summary>
    private static Type Outermost(Type t)
    {
        while (t.DeclaringType is { } outer) t = outer;
        return t;
    }

    private static IEnumerable<MethodBase> Methods(Type t)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        return t.GetMethods(all).Cast<MethodBase>().Concat(t.GetConstructors(all));
    }

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).GroupBy(o => o.Value).ToDictionary(g => g.Key, g => g.First());

    /// <summary>Every method a method's body calls, creates with or takes as a delegate, read from its IL.</summary>
    private static IEnumerable<MethodBase> Calls(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null) yield break;
        var typeArgs = method.DeclaringType is { IsGenericType: true } dt ? dt.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var i = 0; i < il.Length;)
        {
            var value = il[i] == 0xFE ? unchecked((short)(0xFE00 | il[i + 1])) : il[i];
            var op = OpCodesByValue[value];
            i += op.Size;
            if (op.OperandType == OperandType.InlineMethod)
            {
                MethodBase? callee = null;
                try { callee = method.Module.ResolveMethod(BitConverter.ToInt32(il, i), typeArgs, methodArgs); }
                catch (ArgumentException) { }
                if (callee is not null) yield return callee;
            }
            i += op.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, i),
                _ => 4,
            };
        }
    }
}

/// <summary>
/// Each change of a dictionary, the catalogue, a task template, a lesson type, a reminder or a notice is heard once committed,
/// as the screens listen for it (topic, kind, id), and a change that changes nothing is not heard at all.
/// </summary>
public sealed class LivePublishingTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, DatabaseData]
    public async Task Tag_CreatedRenamedDeleted_Heard_SameNameAndColourAgain_Silent(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var dict = studio.Services.GetRequiredService<DictionaryService>();
        using var ear = new Ear(studio, LiveTopics.Dictionaries);

        var tag = await ear.HearsAsync(() => dict.CreateTagAsync(owner, "VIP", "#FFB300", Ct), id => [new(LiveTopics.Dictionaries, DictionaryKinds.Tags, id)]);
        await ear.SilentAsync(async () => await dict.UpdateTagAsync(owner, tag, await VersionAsync(studio, tag), " VIP ", "#ffb300", Ct));
        await ear.HearsAsync(async () => await dict.UpdateTagAsync(owner, tag, await VersionAsync(studio, tag), "Gold", "#FFB300", Ct),
            [new(LiveTopics.Dictionaries, DictionaryKinds.Tags, tag)]);
        // A delete is its own transaction: heard at commit, though the tag is gone from the change tracker by then.
        await ear.HearsAsync(async () => await dict.DeleteTagAsync(owner, tag, await VersionAsync(studio, tag), null, Ct),
            [new(LiveTopics.Dictionaries, DictionaryKinds.Tags, tag)]);
    }

    [Theory, DatabaseData]
    public async Task SourceStatusField_SavedWithNoChange_Silent_DeletedHeard(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var dict = studio.Services.GetRequiredService<DictionaryService>();
        var source = await dict.CreateSourceAsync(owner, "Site", Ct);
        var status = await dict.CreateStatusAsync(owner, "Lead", true, "#90A4AE", Ct);
        var field = await dict.CreateCustomFieldAsync(owner, "Level", Studio.Domain.Common.CustomFieldKind.Choice, ["A", "B"], Ct);
        using var ear = new Ear(studio, LiveTopics.Dictionaries);

        await ear.SilentAsync(async () =>
        {
            await dict.RenameSourceAsync(owner, source, (await dict.ListSourcesAsync(owner, Ct)).Single().Version, "Site", Ct);
            await dict.UpdateStatusAsync(owner, status, (await dict.ListStatusesAsync(owner, Ct)).Single().Version, "Lead", true, "#90A4AE", Ct);
            await dict.UpdateCustomFieldAsync(owner, field, (await dict.ListCustomFieldsAsync(owner, Ct)).Single().Version, "Level", ["A", "B"], Ct);
        });
        await ear.HearsAsync(async () =>
        {
            await dict.DeleteSourceAsync(owner, source, (await dict.ListSourcesAsync(owner, Ct)).Single().Version, null, Ct);
            await dict.DeleteStatusAsync(owner, status, (await dict.ListStatusesAsync(owner, Ct)).Single().Version, null, Ct);
            await dict.DeleteCustomFieldAsync(owner, field, (await dict.ListCustomFieldsAsync(owner, Ct)).Single().Version, false, Ct);
        }, [new(LiveTopics.Dictionaries, DictionaryKinds.Sources, source), new(LiveTopics.Dictionaries, DictionaryKinds.Statuses, status),
            new(LiveTopics.Dictionaries, DictionaryKinds.CustomFields, field)]);
    }

    [Theory, DatabaseData]
    public async Task PlanAndGood_AddedAndArchived_Heard_SavedOrArchivedAgainUnchanged_Silent(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var type = await studio.AddLessonTypeAsync(owner);
        using var ear = new Ear(studio, LiveTopics.Dictionaries);

        var plan = await ear.HearsAsync(() => studio.Billing.SavePlanAsync(owner, null, null, "8 visits", 8, 30, 1200m, [type], Ct),
            id => [new(LiveTopics.Dictionaries, BillingService.PlansKind, id)]);
        var good = await ear.HearsAsync(() => studio.Billing.SaveGoodAsync(owner, null, null, "Water", 20m, Ct),
            id => [new(LiveTopics.Dictionaries, BillingService.GoodsKind, id)]);
        await ear.SilentAsync(async () =>
        {
            await studio.Billing.SavePlanAsync(owner, plan, null, "8 visits ", 8, 30, 1200m, [type, type], Ct);
            await studio.Billing.SaveGoodAsync(owner, good, null, "Water", 20.00m, Ct);
            await studio.Billing.ArchivePlanAsync(owner, plan, false, Ct);
        });
        await ear.HearsAsync(async () =>
        {
            await studio.Billing.ArchivePlanAsync(owner, plan, true, Ct);
            await studio.Billing.ArchiveGoodAsync(owner, good, true, Ct);
        }, [new(LiveTopics.Dictionaries, BillingService.PlansKind, plan), new(LiveTopics.Dictionaries, BillingService.GoodsKind, good)]);
        await ear.SilentAsync(() => studio.Billing.ArchiveGoodAsync(owner, good, true, Ct));
    }

    [Theory, DatabaseData]
    public async Task TaskTemplate_ResultAdded_Heard_RenamedToItsOwnName_SilentAndVersionKept(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var templates = studio.Services.GetRequiredService<TaskTemplateService>();
        using var ear = new Ear(studio, LiveTopics.Dictionaries);
        var id = await ear.HearsAsync(() => templates.CreateAsync(owner, "Call after trial", TaskKind.Client, [new("Done")], Ct),
            t => [new(LiveTopics.Dictionaries, TaskTemplateService.Kind, t)]);
        var seen = (await templates.ListAsync(owner, ct: Ct)).Single().Version;

        await ear.SilentAsync(() => templates.RenameAsync(owner, id, seen, "Call after trial", Ct));
        Assert.Equal(seen, (await templates.ListAsync(owner, ct: Ct)).Single().Version);

        await ear.HearsAsync(() => templates.AddResultAsync(owner, id, seen, new("No answer"), Ct), [new(LiveTopics.Dictionaries, TaskTemplateService.Kind, id)]);
        Assert.NotEqual(seen, (await templates.ListAsync(owner, ct: Ct)).Single().Version); // results are rows of their own; the template still moves on
    }

    [Theory, DatabaseData]
    public async Task LessonType_Changed_HeardBySchedulesAndPickers_SavedUnchanged_Silent(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        using var ear = new Ear(studio, LiveTopics.Dictionaries, LiveTopics.ScheduleAll);
        var type = await ear.HearsAsync(() => studio.LessonTypes.SaveTypeAsync(owner, null, null, "Yoga", 60, LessonKind.Group, false, "#42A5F5", 1, Ct),
            id => [new(LiveTopics.ScheduleAll, LessonTypeService.LessonTypesKind, id), new(LiveTopics.Dictionaries, LessonTypeService.LessonTypesKind, id)]);

        await ear.SilentAsync(async () =>
        {
            await studio.LessonTypes.SaveTypeAsync(owner, type, null, "Yoga", 60, LessonKind.Group, false, "#42a5f5", 1, Ct);
            await studio.LessonTypes.ArchiveTypeAsync(owner, type, false, Ct);
        });
        await ear.HearsAsync(() => studio.LessonTypes.SaveTypeAsync(owner, type, null, "Yoga", 90, LessonKind.Group, false, "#42A5F5", 1, Ct),
            [new(LiveTopics.ScheduleAll, LessonTypeService.LessonTypesKind, type), new(LiveTopics.Dictionaries, LessonTypeService.LessonTypesKind, type)]);
    }

    [Theory, DatabaseData]
    public async Task Reminder_Fired_HeardByEachExecutor_NothingDue_Silent(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var tasks = studio.Services.GetRequiredService<TaskService>();
        var reminders = studio.Services.GetRequiredService<Reminders>();
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var (anna, boris) = (await studio.AddEmployeeAsync(EmployeeRole.Manager), await studio.AddEmployeeAsync(EmployeeRole.Manager));
        var now = studio.Clock.GetUtcNow().UtcDateTime;
        var task = await tasks.CreateAsync(manager, new NewTask(TaskKind.Internal, null, "Order mats", null, [anna, boris], RemindAt: now.AddMinutes(10)), Ct);
        using var ear = new Ear(studio, LiveTopics.Tasks(anna), LiveTopics.Tasks(boris));

        await ear.SilentAsync(() => reminders.RunAsync(Ct)); // not due yet
        studio.Clock.Advance(TimeSpan.FromMinutes(11));
        await ear.HearsAsync(() => reminders.RunAsync(Ct), [new(LiveTopics.Tasks(anna), Reminders.Fired, task), new(LiveTopics.Tasks(boris), Reminders.Fired, task)]);
        await ear.SilentAsync(() => reminders.RunAsync(Ct)); // fired once
    }

    [Theory, DatabaseData]
    public async Task Notices_Seen_HeardOnTheirOwnersTopic_SeenAgain_Silent(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var tasks = studio.Services.GetRequiredService<TaskService>();
        var author = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var executor = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var first = await tasks.CreateAsync(author, new NewTask(TaskKind.Internal, null, "Order mats", null, [executor]), Ct);
        var second = await tasks.CreateAsync(author, new NewTask(TaskKind.Internal, null, "Fix the door", null, [executor]), Ct);
        var notices = await tasks.UnseenAsync(executor, ct: Ct);
        using var ear = new Ear(studio, LiveTopics.Tasks(executor), LiveTopics.Tasks(author));

        // The indicator's panel closes on the second task's notice: seen, and heard by the executor's own screens.
        await ear.HearsAsync(() => tasks.SeeAsync(executor, [.. notices.Where(n => n.TaskId == second).Select(n => n.Id)], Ct),
            [new(LiveTopics.Tasks(executor), TaskService.NoticesSeen, second)]);
        await ear.SilentAsync(() => tasks.SeeAsync(author, [.. notices.Select(n => n.Id)], Ct)); // not the author's to see

        // Opening the first task reads it (heard by everyone on it as a task change) and sees its notice.
        await ear.HearsAsync(() => tasks.GetAsync(executor, first, Ct), [new(LiveTopics.Tasks(executor), TaskService.NoticesSeen, first),
            new(LiveTopics.Tasks(executor), nameof(TaskChanged), first), new(LiveTopics.Tasks(author), nameof(TaskChanged), first),
            new(LiveTopics.Dashboard, nameof(TaskChanged), first)]);
        await ear.SilentAsync(() => tasks.GetAsync(executor, first, Ct));
        await ear.SilentAsync(() => tasks.SeeAsync(executor, [.. notices.Select(n => n.Id)], Ct)); // all seen already
    }

    [Theory, DatabaseData]
    public async Task Absence_Removed_Heard_ThoughItsRowIsGoneFromTheChangeTrackerOnceSaved(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var teacher = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        using var ear = new Ear(studio, LiveTopics.ScheduleAll);
        var absence = await ear.HearsAsync(() => studio.Availability.AddAbsenceAsync(teacher,
                new(teacher, AbsenceKind.Weekly, null, null, [DayOfWeek.Tuesday], new TimeOnly(9, 0), new TimeOnly(14, 0), "School"), Ct),
            _ => [new(LiveTopics.ScheduleAll, nameof(AbsenceChanged), teacher)]);

        await ear.HearsAsync(() => studio.Availability.RemoveAbsenceAsync(teacher, absence, Ct), [new(LiveTopics.ScheduleAll, nameof(AbsenceChanged), teacher)]);
    }

    private static Task<Guid> VersionAsync(TestStudio studio, Guid tagId) =>
        studio.ReadAsync(db => db.Tags.Where(t => t.Id == tagId).Select(t => t.Version).SingleAsync(Ct));

    /// <summary>
    /// Listens on some topics and counts everything the node's bus publishes. A change is heard when exactly the messages
    /// expected were published by the time the call returned (the publisher publishes before the save returns) and each
    /// reached a subscriber; silent when the call published nothing at all.
    /// </summary>
    /// <summary>
    /// A drawer saved with nothing changed keeps the deal's version and tells no one, so another manager's drawer open on the
    /// same version saves its own change without a false conflict (and that change is heard).
    /// </summary>
    [Theory, DatabaseData]
    public async Task Deal_SavedUnchanged_VersionKeptAndSilent_OtherDrawerThenSavesWithoutConflict(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var board = await studio.AddBoardAsync(owner, manager);
        var dealId = await studio.AddDealAsync(manager, board);
        await studio.Pipelines.UpdateDealAsync(manager, Edit(await studio.Pipelines.GetDealAsync(manager, dealId, Ct), 1500m,
            new() { ["Level"] = "Beginner" }), Ct);
        var opened = await studio.Pipelines.GetDealAsync(manager, dealId, Ct); // both drawers open on this version
        using var ear = new Ear(studio, LiveTopics.Board(board.Id), LiveTopics.Deal(dealId), LiveTopics.Dashboard, LiveTopics.Client(opened.ClientId));

        await ear.SilentAsync(() => studio.Pipelines.UpdateDealAsync(owner, Edit(opened, opened.Amount, new(opened.CustomFields)), Ct));
        Assert.Equal(opened.Version, (await studio.Pipelines.GetDealAsync(owner, dealId, Ct)).Version);

        await ear.HearsAsync(() => studio.Pipelines.UpdateDealAsync(manager, Edit(opened, 2000m, new(opened.CustomFields)), Ct),
            [new(LiveTopics.Board(board.Id), nameof(Studio.Domain.Pipelines.DealUpdated), dealId),
                new(LiveTopics.Deal(dealId), nameof(Studio.Domain.Pipelines.DealUpdated), dealId),
                new(LiveTopics.Client(opened.ClientId), nameof(Studio.Domain.Pipelines.DealUpdated), dealId)]); // the client's card lists the deal's amount
        Assert.Equal(2000m, (await studio.Pipelines.GetDealAsync(owner, dealId, Ct)).Amount);
    }

    /// <summary>The owner saves the board's settings screen as it was loaded: the board keeps its version and no one hears of it.</summary>
    [Theory, DatabaseData]
    public async Task Board_SettingsSavedUnchanged_VersionKeptAndSilent(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var board = await studio.AddBoardAsync(owner, manager);
        var s = board.Settings;
        using var ear = new Ear(studio, LiveTopics.Board(board.Id), LiveTopics.Dashboard, LiveTopics.Dictionaries);

        await ear.SilentAsync(() => studio.Pipelines.SaveSettingsAsync(owner, board.Id, s.Version, s.Name,
            [.. s.Stages.Select(x => new Studio.Infrastructure.Pipelines.StageInput(x.Id, x.Name, x.Colour, x.TimeLimitDays, x.CountsAsTrial))],
            [.. s.LossReasons.Select(r => r.Name.ToUpperInvariant())], s.MemberIds, Ct));

        Assert.Equal(s.Version, (await studio.Pipelines.GetSettingsAsync(owner, board.Id, Ct)).Version);
    }

    private static Studio.Infrastructure.Pipelines.DealEdit Edit(Studio.Infrastructure.Pipelines.DealDetails deal, decimal amount,
        Dictionary<string, string> fields) =>
        new(deal.Id, deal.Version, amount, deal.Title, deal.ResponsibleId, deal.SourceId, deal.BranchId, deal.TagIds, fields, deal.CallbackAt);

    private sealed class Ear : IDisposable
    {
        private readonly InProcessLiveBus _bus;
        private readonly List<IDisposable> _subscriptions;
        private readonly HashSet<string> _topics;
        private readonly ConcurrentQueue<LiveMessage> _heard = new();
        private readonly SemaphoreSlim _arrived = new(0);

        public Ear(TestStudio studio, params string[] topics)
        {
            _bus = studio.Services.GetRequiredService<InProcessLiveBus>();
            _topics = [.. topics];
            _subscriptions = [.. topics.Select(t => _bus.Subscribe(t, m => { _heard.Enqueue(m); _arrived.Release(); return Task.CompletedTask; }))];
        }

        public async Task HearsAsync(Func<Task> change, LiveMessage[] expected)
        {
            var before = _bus.Published;
            await change();
            Assert.Equal(expected.Length, _bus.Published - before);
            await ArriveAsync(expected);
        }

        public async Task<Guid> HearsAsync(Func<Task<Guid>> change, Func<Guid, LiveMessage[]> expected)
        {
            var before = _bus.Published;
            var id = await change();
            var messages = expected(id);
            Assert.Equal(messages.Length, _bus.Published - before);
            await ArriveAsync(messages);
            return id;
        }

        public async Task SilentAsync(Func<Task> change)
        {
            var before = _bus.Published;
            await change();
            Assert.Equal(0, _bus.Published - before);
        }

        private async Task ArriveAsync(LiveMessage[] expected)
        {
            // Only the messages on the topics listened to arrive here; the others were counted above.
            var listened = expected.Where(m => _topics.Contains(m.Topic)).ToList();
            while (!listened.All(_heard.Contains))
                Assert.True(await _arrived.WaitAsync(TimeSpan.FromSeconds(10), Ct),
                    $"Not heard: {string.Join(", ", listened.Where(m => !_heard.Contains(m)))}; heard: {string.Join(", ", _heard)}");
        }

        public void Dispose()
        {
            foreach (var s in _subscriptions) s.Dispose();
            _arrived.Dispose();
        }
    }
}
