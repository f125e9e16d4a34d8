using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Tasks;
using Studio.Infrastructure.Persistence;
using Studio.Tests.Infrastructure;

namespace Studio.Tests.Services.Tasks;

/// <summary>Deleting a task: its author or the owner only; Undo brings it back as it was.</summary>
public sealed class TaskDeleteTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static TaskService Tasks(TestStudio studio) => studio.Services.GetRequiredService<TaskService>();

    [Theory, DatabaseData]
    public async Task DeleteAsync_AManagerWhoIsNotTheAuthor_RefusedAndTheTaskStays(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var author = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var executor = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var other = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var id = await Tasks(studio).CreateAsync(author, new NewTask(TaskKind.Internal, null, "Order mats", null, [executor]), Ct);

        await Assert.ThrowsAsync<AccessDeniedException>(() => Tasks(studio).DeleteAsync(executor, id, Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Tasks(studio).DeleteAsync(other, id, Ct));

        Assert.Equal(1, await studio.ReadAsync(db => db.Tasks.CountAsync(Ct)));
    }

    [Theory, DatabaseData]
    public async Task DeleteAsync_ByTheOwner_GoneWithItsNotices_UndoBringsItBackAsItWas(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var author = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var executor = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var client = await studio.AddClientAsync(author);
        var id = await Tasks(studio).CreateAsync(author, new NewTask(TaskKind.PersonalCall, null, "Call about the trial", "Wants Saturdays", [executor],
            studio.Clock.GetUtcNow().UtcDateTime.AddDays(1), Priority: TaskPriority.High, ClientId: client, Phone: "+380671112233"), Ct);
        var opened = await Tasks(studio).GetAsync(executor, id, Ct);
        await Tasks(studio).ChangeStatusAsync(executor, id, opened.Version, TaskState.InProgress, "Calling at noon", ct: Ct);
        var before = await Tasks(studio).GetAsync(author, id, Ct);

        var deleted = await Tasks(studio).DeleteAsync(owner, id, Ct);

        Assert.Equal(0, await studio.ReadAsync(db => db.Tasks.CountAsync(Ct)));
        Assert.Equal(0, await studio.ReadAsync(db => db.TaskNotices.CountAsync(Ct)));
        await Assert.ThrowsAsync<NotFoundException>(() => Tasks(studio).GetAsync(author, id, Ct));

        await Tasks(studio).RestoreDeletedAsync(owner, deleted, Ct);
        await Tasks(studio).RestoreDeletedAsync(owner, deleted, Ct); // a second click changes nothing

        var back = await Tasks(studio).GetAsync(author, id, Ct);
        Assert.Equal((before.Title, before.Description, before.Status, before.Priority, before.Deadline, before.ClientId, before.Phone),
            (back.Title, back.Description, back.Status, back.Priority, back.Deadline, back.ClientId, back.Phone));
        Assert.Equal(before.ExecutorIds, back.ExecutorIds);
        Assert.Equal(before.History.Select(h => (h.From, h.To, h.Note)), back.History.Select(h => (h.From, h.To, h.Note)));
    }

    [Theory, DatabaseData]
    public async Task DeleteAsync_ACallCampaign_Refused(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var client = await studio.AddClientAsync(manager);
        var campaign = await Tasks(studio).CreateCampaignAsync(owner, null, "Spring", [manager], [client], ct: Ct);

        var refused = await Assert.ThrowsAsync<DomainException>(() => Tasks(studio).DeleteAsync(owner, campaign, Ct));

        Assert.Equal("Error.Task.DeleteCampaign", refused.Code);
        Assert.Equal(2, await studio.ReadAsync(db => db.Tasks.CountAsync(Ct)));
    }
}
