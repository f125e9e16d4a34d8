using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Tasks;
using Studio.Tests.Infrastructure;

namespace Studio.Tests.Services.Tasks;

/// <summary>Adding clients to a saved campaign and taking them out: calls made the same way, duplicates skipped, done calls kept, rights.</summary>
public sealed class CampaignClientsTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static TaskService Tasks(TestStudio studio) => studio.Services.GetRequiredService<TaskService>();

    private static Task<List<(Guid Client, TaskState Status, bool Pool, List<Guid> Executors)>> CallsAsync(TestStudio studio, Guid campaign) =>
        studio.ReadAsync(async db => (await db.Tasks.Include(t => t.Executors).Where(t => t.ParentId == campaign).ToListAsync(Ct))
            .Select(t => (t.ClientId!.Value, t.Status, t.InPool, t.ExecutorIds.ToList())).ToList());

    [Theory, DatabaseData]
    public async Task Add_MakesCallsLikeTheCampaigns_SkippingClientsAlreadyInIt(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var (a, b) = (await studio.AddEmployeeAsync(EmployeeRole.Manager), await studio.AddEmployeeAsync(EmployeeRole.Manager));
        var olena = await studio.AddClientAsync(manager, "Olena Ballet");
        var ivan = await studio.AddClientAsync(manager, "Ivan Ballet");
        var taras = await studio.AddClientAsync(manager, "Taras Hiphop");
        var pooled = await Tasks(studio).CreateCampaignAsync(manager, null, "Autumn", [a, b], [olena], Ct);
        var assigned = await Tasks(studio).CreateCampaignAsync(manager, null, "Winter", [a], [olena], Ct);

        var byFilter = await Tasks(studio).AddCampaignClientsAsync(manager, pooled, new ClientQuery(Search: "ballet"), Ct);
        var oneByOne = await Tasks(studio).AddCampaignClientsAsync(manager, assigned, [taras, olena], Ct);

        Assert.Equal((1, 1), (byFilter.Added, byFilter.Skipped));
        Assert.Equal((1, 1), (oneByOne.Added, oneByOne.Skipped));
        var pool = await CallsAsync(studio, pooled);
        Assert.Equal(new HashSet<Guid> { olena, ivan }, pool.Select(c => c.Client).ToHashSet());
        Assert.All(pool, c => Assert.True(c.Pool));
        var mine = await CallsAsync(studio, assigned);
        Assert.Equal(new HashSet<Guid> { olena, taras }, mine.Select(c => c.Client).ToHashSet());
        Assert.All(mine, c => Assert.Equal([a], c.Executors));
        var row = (await Tasks(studio).ListAsync(a, new TaskFilter { Kind = TaskKind.CallCampaign }, Ct)).Items.Single(r => r.Id == pooled);
        Assert.Equal(2, row.CallsTotal);
    }

    [Theory, DatabaseData]
    public async Task Remove_CancelsOpenCalls_KeepsDoneOnes_AndTheClientCanBeAddedAgain(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var caller = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var olena = await studio.AddClientAsync(manager, "Olena");
        var ivan = await studio.AddClientAsync(manager, "Ivan");
        var campaign = await Tasks(studio).CreateCampaignAsync(manager, null, "Autumn", [caller], [olena, ivan], Ct);
        var ivansCall = await studio.ReadAsync(db => db.Tasks.SingleAsync(t => t.ParentId == campaign && t.ClientId == ivan, Ct));
        await Tasks(studio).ChangeStatusAsync(caller, ivansCall.Id, ivansCall.Version, TaskState.Done, null, ct: Ct);

        var removed = await Tasks(studio).RemoveCampaignClientsAsync(manager, campaign, [olena, ivan], Ct);

        Assert.Equal((1, 1), (removed.Cancelled, removed.KeptDone));
        var calls = await CallsAsync(studio, campaign);
        Assert.Equal(TaskState.Cancelled, calls.Single(c => c.Client == olena).Status);
        Assert.Equal(TaskState.Done, calls.Single(c => c.Client == ivan).Status);
        var clients = await Tasks(studio).CampaignClientsAsync(manager, campaign, Ct);
        Assert.Equal([("Ivan", TaskState.Done), ("Olena", TaskState.Cancelled)], clients.Select(c => (c.Name, c.Status)));

        var again = await Tasks(studio).AddCampaignClientsAsync(manager, campaign, [olena], Ct);
        Assert.Equal(1, again.Added);
        Assert.Equal(TaskState.New, (await Tasks(studio).CampaignClientsAsync(manager, campaign, Ct)).Single(c => c.ClientId == olena).Status);
    }

    [Theory, DatabaseData]
    public async Task ChangingClients_ByATeacher_IsAccessDenied_AndChangesNothing(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var teacher = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var olena = await studio.AddClientAsync(manager, "Olena");
        var ivan = await studio.AddClientAsync(manager, "Ivan");
        var campaign = await Tasks(studio).CreateCampaignAsync(manager, null, "Autumn", [manager], [olena], Ct);

        await Assert.ThrowsAsync<AccessDeniedException>(() => Tasks(studio).AddCampaignClientsAsync(teacher, campaign, [ivan], Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Tasks(studio).RemoveCampaignClientsAsync(teacher, campaign, [olena], Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Tasks(studio).CampaignClientsAsync(teacher, campaign, Ct));

        var calls = await CallsAsync(studio, campaign);
        Assert.Equal((olena, false), (Assert.Single(calls).Client, calls[0].Status == TaskState.Cancelled));
        Assert.Equal("Error.Task.NoClients", (await Assert.ThrowsAsync<DomainException>(() => Tasks(studio).AddCampaignClientsAsync(manager, campaign, [Guid.NewGuid()], Ct))).Code);
    }
}
