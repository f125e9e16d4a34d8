using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Studio.Domain.Clients;
using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Tasks;
using Studio.Tests.Infrastructure;

namespace Studio.Tests.Services.Tasks;

/// <summary>The task lists' filters and sorting on every database, and call campaigns made from the client list's filters.</summary>
public sealed class TaskListFilterTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static TaskService Tasks(TestStudio studio) => studio.Services.GetRequiredService<TaskService>();

    private sealed record World(Guid Author, Guid B, Guid C, Guid Teacher, Guid Olena, Guid Ivan, Guid Template,
        Guid Urgent, Guid ForOlena, Guid DoneCall, Guid Campaign, IReadOnlyList<Guid> PoolCalls, DateTime Start);

    private static async Task<World> ArrangeAsync(TestStudio studio)
    {
        var tasks = Tasks(studio);
        var author = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var b = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var c = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var teacher = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var olena = await studio.AddClientAsync(author, "Олена Коваль");
        var ivan = await studio.AddClientAsync(author, "Ivan Petrenko");
        var template = new TaskTemplate("Call back", TaskKind.PersonalCall);
        await studio.ReadAsync(async db => { db.TaskTemplates.Add(template); return await db.SaveChangesAsync(Ct); });
        var now = studio.Clock.GetUtcNow().UtcDateTime;
        var urgent = await tasks.CreateAsync(author, new NewTask(TaskKind.Internal, null, "Order mats", null, [b],
            Deadline: now.AddHours(-1), Priority: TaskPriority.High, Urgent: true), Ct);
        studio.Clock.Advance(TimeSpan.FromMinutes(1));
        var forOlena = await tasks.CreateAsync(author, new NewTask(TaskKind.Client, null, "Send the timetable", null, [c],
            Deadline: now.AddDays(2), ClientId: olena), Ct);
        studio.Clock.Advance(TimeSpan.FromMinutes(1));
        var doneCall = await tasks.CreateAsync(c, new NewTask(TaskKind.PersonalCall, template.Id, "Call Ivan", null, [c],
            Deadline: now.AddHours(-2), ClientId: ivan), Ct);
        var v = (await tasks.GetAsync(c, doneCall, Ct)).Version;
        await tasks.ChangeStatusAsync(c, doneCall, v, TaskState.InProgress, null, ct: Ct);
        v = (await tasks.GetAsync(c, doneCall, Ct)).Version;
        await tasks.ChangeStatusAsync(c, doneCall, v, TaskState.Done, "Talked", ct: Ct);
        studio.Clock.Advance(TimeSpan.FromMinutes(1));
        var campaign = await tasks.CreateCampaignAsync(author, null, "November", [b, c], [olena, ivan], Ct);
        var pool = await studio.ReadAsync(db => db.Tasks.Where(t => t.ParentId == campaign).OrderBy(t => t.Id).Select(t => t.Id).ToListAsync(Ct));
        return new(author, b, c, teacher, olena, ivan, template.Id, urgent, forOlena, doneCall, campaign, pool, now);
    }

    private static async Task<HashSet<Guid>> IdsAsync(TestStudio studio, Guid actor, TaskFilter filter) =>
        (await Tasks(studio).ListAsync(actor, filter, Ct)).Items.Select(r => r.Id).ToHashSet();

    [Theory, DatabaseData]
    public async Task ListAsync_EveryFilterNarrowsTheAllList(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var w = await ArrangeAsync(studio);
        var all = new TaskFilter(TaskScope.All);
        HashSet<Guid> Set(params IEnumerable<Guid>[] ids) => ids.SelectMany(x => x).ToHashSet();
        var now = w.Start;

        Assert.Superset(Set([w.Urgent, w.ForOlena, w.DoneCall, w.Campaign], w.PoolCalls), await IdsAsync(studio, w.Author, all));
        Assert.Equal(Set([w.Urgent, w.Campaign]), await IdsAsync(studio, w.Author, all with { ExecutorId = w.B }));
        Assert.Equal(Set([w.DoneCall]), await IdsAsync(studio, w.Author, all with { AuthorId = w.C }));
        Assert.Equal(Set([w.DoneCall], w.PoolCalls), await IdsAsync(studio, w.Author, all with { Kind = TaskKind.PersonalCall }));
        Assert.Equal(Set([w.DoneCall]), await IdsAsync(studio, w.Author, all with { TemplateId = w.Template }));
        Assert.Equal(Set([w.Urgent]), await IdsAsync(studio, w.Author, all with { Priority = TaskPriority.High }));
        Assert.Equal(Set([w.Urgent]), await IdsAsync(studio, w.Author, all with { UrgentOnly = true }));
        Assert.Equal(Set(w.PoolCalls), await IdsAsync(studio, w.Author, all with { ParentId = w.Campaign }));
        Assert.Equal(Set([w.DoneCall]), await IdsAsync(studio, w.Author, all with { Status = TaskState.Done }));
        Assert.Equal(Set([w.ForOlena]), await IdsAsync(studio, w.Author, all with { DeadlineFrom = now, DeadlineBefore = now.AddDays(3) }));
        Assert.Equal(Set([w.Urgent, w.DoneCall]), await IdsAsync(studio, w.Author, all with { DeadlineBefore = now }));
        // Created: the first task at the start, then one a minute.
        var start = w.Start;
        Assert.Equal(Set([w.ForOlena]), await IdsAsync(studio, w.Author, all with { CreatedFrom = start.AddSeconds(30), CreatedBefore = start.AddSeconds(90) }));
        Assert.Equal(Set([w.Campaign], w.PoolCalls), await IdsAsync(studio, w.Author, all with { CreatedFrom = start.AddSeconds(150) }));
        // Filters add up.
        Assert.Equal(Set([w.Urgent]), await IdsAsync(studio, w.Author, all with { ExecutorId = w.B, UrgentOnly = true, AuthorId = w.Author }));
        Assert.Empty(await IdsAsync(studio, w.Author, all with { ExecutorId = w.B, Kind = TaskKind.PersonalCall }));
    }

    [Theory, DatabaseData]
    public async Task ListAsync_ClientSearch_ByNameInAnyCaseOfCyrillic_OrByAPhoneFragment(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var w = await ArrangeAsync(studio);
        var olenaCalls = await studio.ReadAsync(db => db.Tasks.Where(t => t.ParentId == w.Campaign && t.ClientId == w.Olena).Select(t => t.Id).ToListAsync(Ct));
        var forOlena = new HashSet<Guid>([w.ForOlena, .. olenaCalls]);
        var all = new TaskFilter(TaskScope.All);

        Assert.Equal(forOlena, await IdsAsync(studio, w.Author, all with { ClientText = "ОЛЕНА" }));
        Assert.Equal(forOlena, await IdsAsync(studio, w.Author, all with { ClientText = " коваль " }));
        var phone = await studio.ReadAsync(db => db.Clients.Where(c => c.Id == w.Olena).Select(c => c.Phone!).SingleAsync(Ct)); // +38067…
        Assert.Equal(forOlena, await IdsAsync(studio, w.Author, all with { ClientText = phone[^7..] }));
        Assert.Equal(forOlena, await IdsAsync(studio, w.Author, all with { ClientText = "0" + phone[4..6] + " " + phone[6..] }));
        Assert.Empty(await IdsAsync(studio, w.Author, all with { ClientText = "Марина" }));
        // In "my tasks" too: the executor of the Olena task finds it (and the pool calls of the campaign they share).
        Assert.Equal(forOlena, await IdsAsync(studio, w.C, new TaskFilter(TaskScope.Mine) { ClientText = "олена" }));
        Assert.Empty(await IdsAsync(studio, w.B, new TaskFilter(TaskScope.Mine) { ClientText = "ivan", Kind = TaskKind.Client }));
    }

    [Theory, DatabaseData]
    public async Task ListAsync_Overdue_DeadlinePassedAndNotFinished_ByTheInjectedClock(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var w = await ArrangeAsync(studio);
        var overdue = new TaskFilter(TaskScope.All) { OverdueOnly = true };

        Assert.Equal(new HashSet<Guid>([w.Urgent]), await IdsAsync(studio, w.Author, overdue)); // the done call's deadline passed too, but it is done
        studio.Clock.Advance(TimeSpan.FromDays(3));
        Assert.Equal(new HashSet<Guid>([w.Urgent, w.ForOlena]), await IdsAsync(studio, w.Author, overdue));

        // By deadline: the nearest first, no deadline last.
        var sorted = (await Tasks(studio).ListAsync(w.Author, new TaskFilter(TaskScope.All) { Sort = TaskSort.Deadline }, Ct)).Items.Select(r => r.Id).ToList();
        Assert.Equal([w.DoneCall, w.Urgent, w.ForOlena], sorted.Take(3));
    }

    [Theory, DatabaseData]
    public async Task ListAsync_TeacherCannotListAll_FiltersStayOneQueryPlusNames_CampaignRowShowsProgress(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var w = await ArrangeAsync(studio);
        await Assert.ThrowsAsync<AccessDeniedException>(() => Tasks(studio).ListAsync(w.Teacher, new TaskFilter(TaskScope.All) { ClientText = "x" }, Ct));

        var call = w.PoolCalls[0];
        await Tasks(studio).TakeAsync(w.B, call, Ct);
        var v = (await Tasks(studio).GetAsync(w.B, call, Ct)).Version;
        await Tasks(studio).ChangeStatusAsync(w.B, call, v, TaskState.InProgress, null, ct: Ct);
        v = (await Tasks(studio).GetAsync(w.B, call, Ct)).Version;
        await Tasks(studio).ChangeStatusAsync(w.B, call, v, TaskState.Done, null, ct: Ct);

        var counter = studio.Services.GetRequiredService<CommandCounter>();
        var before = counter.Reads;
        var page = await Tasks(studio).ListAsync(w.Author, new TaskFilter(TaskScope.All, Text: "TIME", IncludeFinished: true)
        {
            ClientText = "о", ExecutorId = w.C, AuthorId = w.Author, Priority = TaskPriority.Medium, CreatedFrom = w.Start,
            DeadlineBefore = DateTime.UtcNow.AddYears(5), Sort = TaskSort.Deadline,
        }, Ct);
        Assert.Equal([w.ForOlena], page.Items.Select(r => r.Id));
        // The actor (and their branches), the count, the page (executors joined, progress subqueries), people, clients.
        Assert.Equal(6, counter.Reads - before);

        var campaign = (await Tasks(studio).ListAsync(w.Author, new TaskFilter(TaskScope.All) { Kind = TaskKind.CallCampaign }, Ct)).Items.Single();
        Assert.Equal((w.Campaign, 2, 1), (campaign.Id, campaign.CallsTotal, campaign.CallsFinished));
    }

    [Theory, DatabaseData]
    public async Task CreateCampaignAsync_ByClientFilter_CallsOnlyTheMatchingClients_AllPages(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var (a, b) = (await studio.AddEmployeeAsync(EmployeeRole.Manager), await studio.AddEmployeeAsync(EmployeeRole.Manager));
        var clients = studio.Services.GetRequiredService<ClientService>();
        var ballet = new List<Guid>();
        for (var i = 0; i < 30; i++) ballet.Add(await studio.AddClientAsync(manager, $"Балет {i:00}"));
        await studio.AddClientAsync(manager, "Hip-hop 1");
        await clients.ArchiveAsync(manager, ballet[0], true, Ct);

        var campaign = await Tasks(studio).CreateCampaignAsync(manager, null, "Ballet autumn", [a, b], new ClientQuery(Search: "БАЛЕТ", PageSize: 5), Ct);

        var calls = await studio.ReadAsync(db => db.Tasks.Where(t => t.ParentId == campaign).Select(t => new { t.ClientId, t.Kind, Pool = !t.Executors.Any() }).ToListAsync(Ct));
        Assert.Equal(ballet.Skip(1).ToHashSet(), calls.Select(c => c.ClientId!.Value).ToHashSet()); // 29: not the archived one, not one page
        Assert.All(calls, c => Assert.True(c is { Kind: TaskKind.PersonalCall, Pool: true }));
        var row = (await Tasks(studio).ListAsync(a, new TaskFilter { Kind = TaskKind.CallCampaign }, Ct)).Items.Single();
        Assert.Equal((campaign, 29, 0), (row.Id, row.CallsTotal, row.CallsFinished));

        var none = await Assert.ThrowsAsync<DomainException>(() => Tasks(studio).CreateCampaignAsync(manager, null, "Nobody", [a], new ClientQuery(Search: "zzz"), Ct));
        Assert.Equal("Error.Task.NoClients", none.Code);
    }

    [Theory, DatabaseData]
    public async Task CreateCampaignAsync_ByClientFilter_RefusesTeachersAndMoreThanTheCap(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var teacher = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        await studio.AddClientAsync(owner, "Only one");
        await Assert.ThrowsAsync<AccessDeniedException>(() => Tasks(studio).CreateCampaignAsync(teacher, null, "Mine", [teacher], new ClientQuery(), Ct));

        var now = studio.Clock.GetUtcNow().UtcDateTime;
        await studio.ReadAsync(async db =>
        {
            db.Clients.AddRange(Enumerable.Range(0, TaskService.CampaignMaxClients).Select(i => new Client($"Bulk {i}", null, $"bulk{i}@studio.test", studio.BranchId, null, null, now)));
            return await db.SaveChangesAsync(Ct);
        });
        var tooMany = await Assert.ThrowsAsync<DomainException>(() => Tasks(studio).CreateCampaignAsync(owner, null, "Everyone", [owner], new ClientQuery(), Ct));
        Assert.Equal(("Error.Task.TooManyClients", (object)(TaskService.CampaignMaxClients + 1)), (tooMany.Code, tooMany.Args[0]));
        Assert.Equal(0, await studio.ReadAsync(db => db.Tasks.CountAsync(Ct)));

        // Narrowed to the cap: made.
        var campaign = await Tasks(studio).CreateCampaignAsync(owner, null, "Bulk", [owner], new ClientQuery(Search: "bulk"), Ct);
        Assert.Equal(TaskService.CampaignMaxClients, await studio.ReadAsync(db => db.Tasks.CountAsync(t => t.ParentId == campaign, Ct)));
    }

    [Theory, DatabaseData]
    public async Task ListAsync_ForABranch_ItsClientsTasksAndItsPeoplesErrands_NotTheOtherBranchs(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var tasks = Tasks(studio);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var podil = await studio.Organisation.SaveBranchAsync(owner, null, Guid.Empty, "Podil", null, "Europe/Kyiv", Ct);
        var petro = await studio.Organisation.CreateEmployeeWithAccountAsync("Petro Podil", "petro.tasks@studio.test", EmployeeRole.Manager, [podil],
            TestStudio.Password, Ct);
        var anna = await studio.AddClientAsync(manager, "Anna");
        var olga = await studio.Services.GetRequiredService<ClientService>().CreateAsync(owner, new ClientInput("Olga", ["+380671234568"], null, null, null,
            podil, null, null, [], ContactChannels.None, null, new Dictionary<Guid, string?>()), duplicatesSeen: true, Ct);
        var forAnna = await tasks.CreateAsync(owner, new NewTask(TaskKind.Client, null, "Anna's", null, [petro], ClientId: anna), Ct); // the client's branch wins
        var forOlga = await tasks.CreateAsync(owner, new NewTask(TaskKind.Client, null, "Olga's", null, [manager], ClientId: olga), Ct);
        var errandMain = await tasks.CreateAsync(owner, new NewTask(TaskKind.Internal, null, "Main errand", null, [manager]), Ct);
        var errandPodil = await tasks.CreateAsync(owner, new NewTask(TaskKind.Internal, null, "Podil errand", null, [petro]), Ct);
        var all = new TaskFilter(TaskScope.All);

        Assert.Equal(new HashSet<Guid> { forAnna, errandMain }, await IdsAsync(studio, owner, all with { BranchId = studio.BranchId }));
        Assert.Equal(new HashSet<Guid> { forOlga, errandPodil }, await IdsAsync(studio, owner, all with { BranchId = podil }));
        Assert.Equal(new HashSet<Guid> { forAnna, forOlga, errandMain, errandPodil }, await IdsAsync(studio, owner, all));
    }
}
