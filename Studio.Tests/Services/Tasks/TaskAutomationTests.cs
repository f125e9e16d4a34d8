using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Studio.Domain.Billing;
using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Domain.Schedule;
using Studio.Domain.Tasks;
using Studio.Domain.Pipelines;
using Studio.Infrastructure.Live;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Pipelines;
using Studio.Infrastructure.Schedule;
using Studio.Infrastructure.Tasks;
using Studio.Tests.Infrastructure;

namespace Studio.Tests.Services.Tasks;

/// <summary>What finishing a call with a result starts: the next call ("Thinking") or the trial lesson ("Booked a trial").</summary>
public sealed class FollowUpTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Setup(TestStudio Studio, Guid Owner, Guid Manager, Guid Teacher, Guid Client, Guid TrialType, Guid Room,
        TaskTemplate Template, TaskResult Thinking, TaskResult Booked, Guid TaskId)
    {
        public TaskService Tasks => Studio.Services.GetRequiredService<TaskService>();
    }

    private async Task<Setup> ArrangeAsync(DatabaseProvider provider)
    {
        var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var teacher = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var client = await studio.AddClientAsync(manager);
        var trial = await studio.AddLessonTypeAsync(owner, LessonKind.Individual, trial: true);
        var room = await studio.AddRoomAsync(owner);
        var template = new TaskTemplate("First call", TaskKind.PersonalCall);
        var thinking = template.AddResult("Thinking", ResultField.None, followUp: FollowUp.PersonalCall);
        var booked = template.AddResult("Booked a trial", ResultField.Date, followUp: FollowUp.BookTrial);
        await studio.ReadAsync(async db => { db.TaskTemplates.Add(template); return await db.SaveChangesAsync(Ct); });
        var id = await studio.Services.GetRequiredService<TaskService>().CreateAsync(manager,
            new NewTask(TaskKind.PersonalCall, template.Id, null, "Asked about hip-hop", [manager], ClientId: client, Phone: "+380671112233"), Ct);
        return new(studio, owner, manager, teacher, client, trial, room, template, thinking, booked, id);
    }

    [Theory, DatabaseData]
    public async Task Thinking_MakesTheNextCallToTheSameClientAtTheTimeGiven(DatabaseProvider provider)
    {
        var s = await ArrangeAsync(provider);
        await using var studio = s.Studio;
        var task = await s.Tasks.GetAsync(s.Manager, s.TaskId, Ct);
        var callAt = studio.Clock.GetUtcNow().UtcDateTime.AddDays(3);

        var past = await Assert.ThrowsAsync<DomainException>(() => s.Tasks.ChangeStatusAsync(s.Manager, s.TaskId, task.Version, TaskState.Done, null,
            s.Thinking.Id, null, new FollowUpInput(CallAt: studio.Clock.GetUtcNow().UtcDateTime.AddMinutes(-1)), Ct));
        Assert.Equal("Error.Task.FollowUpPast", past.Code);
        Assert.Equal(TaskState.Read, (await s.Tasks.GetAsync(s.Manager, s.TaskId, Ct)).Status); // refused whole
        await s.Tasks.ChangeStatusAsync(s.Manager, s.TaskId, task.Version, TaskState.Done, "Will think till Friday", s.Thinking.Id, null,
            new FollowUpInput(CallAt: callAt), Ct);

        var all = await studio.ReadAsync(db => db.Tasks.AsNoTracking().Where(t => t.ClientId == s.Client).ToListAsync(Ct));
        Assert.Equal(2, all.Count);
        var next = Assert.Single(all, t => t.Id != s.TaskId);
        Assert.Equal((TaskKind.PersonalCall, s.Template.Id, callAt, callAt, "+380671112233"), (next.Kind, next.TemplateId, next.Deadline, next.RemindAt, next.Phone));
        Assert.Equal([s.Manager], next.ExecutorIds);
        Assert.NotEqual(TaskState.Done, next.Status);
    }

    [Theory, DatabaseData]
    public async Task BookedATrial_BooksTheLessonWithTheClientAndKeepsItsDayAsTheResult(DatabaseProvider provider)
    {
        var s = await ArrangeAsync(provider);
        await using var studio = s.Studio;
        var task = await s.Tasks.GetAsync(s.Manager, s.TaskId, Ct);
        var start = studio.Today.AddDays(2).ToDateTime(new TimeOnly(17, 0));

        var missing = await Assert.ThrowsAsync<DomainException>(() =>
            s.Tasks.ChangeStatusAsync(s.Manager, s.TaskId, task.Version, TaskState.Done, null, s.Booked.Id, "2026-11-25", ct: Ct));
        Assert.Equal("Error.Task.TrialRequired", missing.Code);
        await s.Tasks.ChangeStatusAsync(s.Manager, s.TaskId, task.Version, TaskState.Done, null, s.Booked.Id, null,
            new FollowUpInput(Trial: new TrialBooking(studio.BranchId, s.TrialType, start, s.Teacher, s.Room)), Ct);

        var done = await s.Tasks.GetAsync(s.Manager, s.TaskId, Ct);
        Assert.Equal((TaskState.Done, s.Booked.Id, start.ToString("yyyy-MM-dd")), (done.Status, done.ResultId, done.ResultValue));
        var lesson = await studio.ReadAsync(db => db.Lessons.AsNoTracking().SingleAsync(Ct));
        Assert.Equal((s.TrialType, s.Teacher, s.Room), (lesson.TypeId, lesson.TeacherId, lesson.RoomId));
        Assert.Equal([s.Client], lesson.Participants.Select(p => p.ClientId));
    }

    [Theory, DatabaseData]
    public async Task BookedATrial_SlotTaken_NothingChanges(DatabaseProvider provider)
    {
        var s = await ArrangeAsync(provider);
        await using var studio = s.Studio;
        await studio.BookAsync(s.Owner, s.TrialType, s.Teacher, null, 17, dayOffset: 2);
        var task = await s.Tasks.GetAsync(s.Manager, s.TaskId, Ct);

        var taken = await Assert.ThrowsAsync<SlotTakenException>(() => s.Tasks.ChangeStatusAsync(s.Manager, s.TaskId, task.Version, TaskState.Done,
            null, s.Booked.Id, null, new FollowUpInput(Trial: new TrialBooking(studio.BranchId, s.TrialType,
                studio.Today.AddDays(2).ToDateTime(new TimeOnly(17, 30)), s.Teacher, s.Room)), Ct));

        Assert.NotEmpty(taken.Clashes);
        Assert.Equal(TaskState.Read, (await s.Tasks.GetAsync(s.Manager, s.TaskId, Ct)).Status);
        Assert.Equal(1, await studio.ReadAsync(db => db.Lessons.CountAsync(Ct)));
    }
}

/// <summary>Entering a board stage with a task template makes the deal's responsible a task, due in so many hours.</summary>
public sealed class StageTaskTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<TaskTemplate> TemplateAsync(TestStudio studio, string name, TaskKind kind)
    {
        var template = new TaskTemplate(name, kind);
        await studio.ReadAsync(async db => { db.TaskTemplates.Add(template); return await db.SaveChangesAsync(Ct); });
        return template;
    }

    private static async Task<TestBoard> AutomateAsync(TestStudio studio, Guid owner, TestBoard board, string stage, Guid? templateId, int? hours)
    {
        var stages = board.Settings.Stages.Select(s => new StageInput(s.Id, s.Name, s.Colour, s.TimeLimitDays, s.CountsAsTrial,
            s.Name == stage ? templateId : s.AutoTaskTemplateId, s.Name == stage ? hours : s.AutoTaskDueHours)).ToList();
        await studio.Pipelines.SaveSettingsAsync(owner, board.Id, board.Settings.Version, board.Settings.Name, stages,
            board.Settings.LossReasons.Select(r => r.Name).ToList(), board.Settings.MemberIds, Ct);
        return new TestBoard(await studio.Pipelines.GetSettingsAsync(owner, board.Id, Ct));
    }

    [Theory, DatabaseData]
    public async Task MoveDealAsync_IntoAnAutomatedStage_MakesOneTaskForTheResponsibleDueInNHours(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var call = await TemplateAsync(studio, "Confirm the trial", TaskKind.PersonalCall);
        var board = await AutomateAsync(studio, owner, await studio.AddBoardAsync(owner, manager), "Trial", call.Id, 4);
        Assert.Equal((call.Id, 4), (board.Settings.Stages.Single(s => s.Name == "Trial").AutoTaskTemplateId, board.Settings.Stages.Single(s => s.Name == "Trial").AutoTaskDueHours));
        var deal = await studio.AddDealAsync(manager, board);

        await studio.Pipelines.MoveDealAsync(owner, deal, board.Stage("Call"), ct: Ct); // not automated
        Assert.Equal(0, await studio.ReadAsync(db => db.Tasks.CountAsync(Ct)));
        var heard = new List<string>();
        using (studio.Services.GetRequiredService<ILiveBus>().Subscribe(LiveTopics.Board(board.Id), m => { lock (heard) heard.Add(m.Kind); return Task.CompletedTask; }))
        {
            await studio.Pipelines.MoveDealAsync(owner, deal, board.Stage("Trial"), ct: Ct);
            await Eventually.TrueAsync(() => { lock (heard) return heard.Count > 0; }, "the board heard nothing of the move");
            await Task.Delay(300, Ct); // a second message for the same card would arrive here
        }
        // One message for the card: the move reads it again, its new task with it (two would render every watching board twice).
        Assert.Equal([nameof(DealMoved)], heard);

        var task = await studio.ReadAsync(db => db.Tasks.AsNoTracking().SingleAsync(Ct));
        var dealRow = await studio.ReadAsync(db => db.Deals.AsNoTracking().SingleAsync(d => d.Id == deal, Ct));
        Assert.Equal((TaskKind.PersonalCall, call.Id, owner, dealRow.ClientId), (task.Kind, task.TemplateId, task.AuthorId, task.ClientId));
        Assert.Equal((deal, board.Id), (task.DealId, task.BoardId)); // the deal's next step: its card no longer warns
        Assert.Equal(1, (await studio.Pipelines.LoadSnapshotAsync(board.Id, 0, Ct))!.Deals.Single(d => d.Id == deal).OpenTasks);
        Assert.Equal([manager], task.ExecutorIds); // the deal's responsible: the manager who made it
        Assert.Equal(studio.Clock.GetUtcNow().UtcDateTime.AddHours(4), task.Deadline);
        Assert.Equal(1, await studio.ReadAsync(db => db.TaskNotices.CountAsync(n => n.EmployeeId == manager, Ct)));
    }

    [Theory, DatabaseData]
    public async Task SaveSettingsAsync_BadAutomation_RefusedAndNothingSaved(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var call = await TemplateAsync(studio, "Call", TaskKind.PersonalCall);
        var board = await studio.AddBoardAsync(owner);

        var lost = await Assert.ThrowsAsync<DomainException>(() => AutomateAsync(studio, owner, board, board.Settings.Stages.Single(s => s.Kind == StageKind.Lost).Name, call.Id, 2));
        var hours = await Assert.ThrowsAsync<DomainException>(() => AutomateAsync(studio, owner, board, "Call", call.Id, -1));
        await Assert.ThrowsAsync<NotFoundException>(() => AutomateAsync(studio, owner, board, "Call", Guid.NewGuid(), 2));

        Assert.Equal(("Error.Stage.AutoTask", "Error.Stage.AutoTask"), (lost.Code, hours.Code));
        Assert.All((await studio.Pipelines.GetSettingsAsync(owner, board.Id, Ct)).Stages, s => Assert.Null(s.AutoTaskTemplateId));
    }

    [Theory, DatabaseData]
    public async Task WebFormLead_IntoAnAutomatedStart_TheBoardsMembersGetTheCall(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var (m1, m2) = (await studio.AddEmployeeAsync(EmployeeRole.Manager), await studio.AddEmployeeAsync(EmployeeRole.Manager));
        var call = await TemplateAsync(studio, "Call the new lead", TaskKind.PersonalCall);
        var board = await studio.AddBoardAsync(owner, m1, m2);
        board = await AutomateAsync(studio, owner, board, board.Settings.Stages.Single(s => s.Kind == StageKind.Start).Name, call.Id, 1);

        await studio.Services.GetRequiredService<LeadIntakeService>().TakeAsync(board.Settings.FormKey,
            new LeadForm("Olena", "067 555 12 34", null, null, null), null, Ct);

        var task = await studio.ReadAsync(db => db.Tasks.AsNoTracking().SingleAsync(Ct));
        Assert.Equal(owner, task.AuthorId);
        Assert.Equal(new[] { m1, m2 }.Order(), task.ExecutorIds.Order());
        Assert.Equal("+380675551234", task.Phone);
        Assert.Equal(3, await studio.ReadAsync(db => db.TaskNotices.CountAsync(Ct))); // both managers and the owner: nobody acted
    }
}

/// <summary>"Pass ending": one call task per pass, for the client's responsible, once — even with two nodes.</summary>
public sealed class PassEndingTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, DatabaseData]
    public async Task RunAsync_LastVisitOrEndingSoon_OneCallPerPassOnceAcrossTwoNodes(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var group = await studio.AddLessonTypeAsync(owner);
        var single = await studio.Billing.SavePlanAsync(owner, null, null, "One visit", 1, 30, 200m, [group], Ct);
        var month = await studio.Billing.SavePlanAsync(owner, null, null, "Month", 8, 30, 1200m, [group], Ct);
        var (a, b, c) = (await studio.AddClientAsync(manager, "Anna"), await studio.AddClientAsync(manager, "Borys"), await studio.AddClientAsync(manager, "Clara"));
        await studio.Billing.SellPassAsync(manager, a, single, null, null, PaymentMethod.Cash, null, Ct); // down to its last visit at once
        await studio.Billing.SellPassAsync(manager, b, month, null, null, PaymentMethod.Cash, null, Ct);  // ends in 30 days
        await studio.Billing.SellPassAsync(manager, c, month, null, null, PaymentMethod.Cash, null, Ct);
        await using var otherNode = TestStudio.BuildServices(studio.Provider, studio.ConnectionString, studio.Clock);
        var (first, second) = (studio.Services.GetRequiredService<PassEndingCalls>(), otherNode.GetRequiredService<PassEndingCalls>());

        var made = await Task.WhenAll(first.RunAsync(Ct), second.RunAsync(Ct));
        Assert.Equal(1, made.Sum());
        var call = await studio.ReadAsync(db => db.Tasks.AsNoTracking().SingleAsync(Ct));
        Assert.Equal((TaskKind.PersonalCall, a), (call.Kind, call.ClientId));
        Assert.Equal([manager], call.ExecutorIds); // no responsible on the client: who sold the pass
        Assert.Equal(owner, call.AuthorId);

        // 27 days on, the month passes end within 3 days; Clara has already bought the next one.
        await studio.Billing.SellPassAsync(manager, c, month, studio.Today.AddDays(29), null, PaymentMethod.Cash, null, Ct);
        studio.Clock.Advance(TimeSpan.FromDays(27));
        Assert.Equal(1, (await Task.WhenAll(first.RunAsync(Ct), second.RunAsync(Ct))).Sum());
        Assert.Equal(0, await first.RunAsync(Ct));
        var clients = await studio.ReadAsync(db => db.Tasks.Select(t => t.ClientId).ToListAsync(Ct));
        Assert.Equal(new Guid?[] { a, b }.Order(), clients.Order());
    }

    [Theory, DatabaseData]
    public async Task RunAsync_DaysSetting_ZeroMeansOnlyTheLastVisit(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var group = await studio.AddLessonTypeAsync(owner);
        var month = await studio.Billing.SavePlanAsync(owner, null, null, "Month", 8, 30, 1200m, [group], Ct);
        var client = await studio.AddClientAsync(owner);
        await studio.Billing.SellPassAsync(owner, client, month, null, null, PaymentMethod.Cash, null, Ct);
        await studio.Organisation.SetPassEndingDaysAsync(owner, 0, Ct);
        var calls = studio.Services.GetRequiredService<PassEndingCalls>();

        studio.Clock.Advance(TimeSpan.FromDays(28));
        Assert.Equal(0, await calls.RunAsync(Ct));
        studio.Clock.Advance(TimeSpan.FromDays(1)); // the last day
        Assert.Equal(1, await calls.RunAsync(Ct));
        await Assert.ThrowsAsync<DomainException>(() => studio.Organisation.SetPassEndingDaysAsync(owner, 61, Ct));
    }
}
