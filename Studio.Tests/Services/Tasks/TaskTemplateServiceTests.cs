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

/// <summary>The task templates dictionary on every database: results, a used result stays, the owner's rights, the version seen.</summary>
public sealed class TaskTemplateServiceTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static TaskTemplateService Templates(TestStudio studio) => studio.Services.GetRequiredService<TaskTemplateService>();
    private static TaskService Tasks(TestStudio studio) => studio.Services.GetRequiredService<TaskService>();

    [Theory, DatabaseData]
    public async Task CreateAsync_WithResults_ListedInOrderWithTheirFieldsForEveryone_AndPublished(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var teacher = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var heard = new TaskCompletionSource<LiveMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var _ = studio.Services.GetRequiredService<ILiveBus>().Subscribe(LiveTopics.Dictionaries, m => { heard.TrySetResult(m); return Task.CompletedTask; });

        var id = await Templates(studio).CreateAsync(owner, "  Call after trial ", TaskKind.PersonalCall,
            [new("Thinking", FollowUp: FollowUp.PersonalCall), new("Will come", ResultField.Date, FollowUp: FollowUp.BookTrial),
             new("Refused", ResultField.Choice, ["Price", "Time", "Price"])], Ct);

        var t = Assert.Single(await Templates(studio).ListAsync(teacher, ct: Ct));
        Assert.Equal((id, "Call after trial", TaskKind.PersonalCall, false), (t.Id, t.Name, t.Kind, t.IsArchived));
        Assert.Equal(["Thinking", "Will come", "Refused"], t.Results.Select(r => r.Name));
        Assert.Equal((FollowUp.PersonalCall, ResultField.Date, FollowUp.BookTrial), (t.Results[0].FollowUp, t.Results[1].Field, t.Results[1].FollowUp));
        Assert.Equal(["Price", "Time"], t.Results[2].Choices);
        var message = await heard.Task.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.Equal((TaskTemplateService.Kind, id), (message.Kind, message.Id));

        var noChoices = await Assert.ThrowsAsync<DomainException>(() => Templates(studio).CreateAsync(owner, "Survey", TaskKind.Client, [new("Answer", ResultField.Choice)], Ct));
        var duplicate = await Assert.ThrowsAsync<DomainException>(() => Templates(studio).CreateAsync(owner, "CALL AFTER TRIAL", TaskKind.Client, ct: Ct));
        Assert.Equal(("Error.Task.Choices", "Error.Duplicate"), (noChoices.Code, duplicate.Code));
    }

    [Theory, DatabaseData]
    public async Task UpdateAsync_RenamesAddsAndRemovesResults_ArchiveHidesFromActiveList(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var id = await Templates(studio).CreateAsync(owner, "Follow-up", TaskKind.Client, [new("Done"), new("No answer")], Ct);
        var t = Assert.Single(await Templates(studio).ListAsync(owner, ct: Ct));

        await Templates(studio).UpdateAsync(owner, id, t.Version, "Follow-up call", [t.Results[1].Id], [new("Call later", ResultField.Date)], Ct);
        var edited = Assert.Single(await Templates(studio).ListAsync(owner, ct: Ct));
        Assert.Equal("Follow-up call", edited.Name);
        Assert.Equal(["Done", "Call later"], edited.Results.Select(r => r.Name));
        Assert.NotEqual(t.Version, edited.Version);

        var added = await Templates(studio).AddResultAsync(owner, id, edited.Version, new ResultInput("Wrong number"), Ct);
        var withAdded = Assert.Single(await Templates(studio).ListAsync(owner, ct: Ct));
        Assert.Contains(withAdded.Results, r => r.Id == added && r.Name == "Wrong number");
        await Templates(studio).RemoveResultAsync(owner, id, withAdded.Version, added, Ct);
        Assert.DoesNotContain((await Templates(studio).ListAsync(owner, ct: Ct))[0].Results, r => r.Id == added);

        await Templates(studio).ArchiveAsync(owner, id, true, Ct);
        Assert.Empty(await Templates(studio).ListAsync(owner, includeArchived: false, Ct));
        Assert.True(Assert.Single(await Templates(studio).ListAsync(owner, ct: Ct)).IsArchived);
        await Templates(studio).ArchiveAsync(owner, id, false, Ct);
        Assert.Single(await Templates(studio).ListAsync(owner, includeArchived: false, Ct));
    }

    [Theory, DatabaseData]
    public async Task RemoveResult_ATaskEndedWithIt_RefusedSayingHowMany_ResultKept(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var client = await studio.AddClientAsync(owner);
        var id = await Templates(studio).CreateAsync(owner, "Call", TaskKind.PersonalCall, [new("Reached"), new("Not reached")], Ct);
        var reached = (await Templates(studio).ListAsync(owner, ct: Ct))[0].Results[0];
        var task = await Tasks(studio).CreateAsync(owner, new NewTask(TaskKind.PersonalCall, id, null, null, [owner], ClientId: client), Ct);
        var v = (await Tasks(studio).GetAsync(owner, task, Ct)).Version;
        await Tasks(studio).ChangeStatusAsync(owner, task, v, TaskState.Done, null, reached.Id, ct: Ct);

        var t = Assert.Single(await Templates(studio).ListAsync(owner, ct: Ct));
        Assert.Equal((1, 0), (t.Results[0].Used, t.Results[1].Used));
        var refused = await Assert.ThrowsAsync<DomainException>(() => Templates(studio).RemoveResultAsync(owner, id, t.Version, reached.Id, Ct));

        Assert.Equal("Error.Task.ResultInUse", refused.Code);
        Assert.Equal(["Reached", 1], refused.Args);
        Assert.Equal(2, Assert.Single(await Templates(studio).ListAsync(owner, ct: Ct)).Results.Count);
    }

    [Theory, DatabaseData]
    public async Task Changes_ByANonOwner_Refused_AndAStaleVersion_IsAConflict(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        await Assert.ThrowsAsync<AccessDeniedException>(() => Templates(studio).CreateAsync(manager, "Mine", TaskKind.Internal, ct: Ct));
        var id = await Templates(studio).CreateAsync(owner, "Check", TaskKind.Internal, ct: Ct);
        var seen = Assert.Single(await Templates(studio).ListAsync(manager, ct: Ct)).Version;
        await Assert.ThrowsAsync<AccessDeniedException>(() => Templates(studio).RenameAsync(manager, id, seen, "Theirs", Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Templates(studio).AddResultAsync(manager, id, seen, new("OK"), Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Templates(studio).ArchiveAsync(manager, id, true, Ct));

        await Templates(studio).AddResultAsync(owner, id, seen, new("OK"), Ct); // someone else saved first
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Templates(studio).RenameAsync(owner, id, seen, "Check again", Ct));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Templates(studio).UpdateAsync(owner, id, seen, "Check", [], [new("Not OK")], Ct));
        var t = Assert.Single(await Templates(studio).ListAsync(owner, ct: Ct));
        Assert.Equal(("Check", 1), (t.Name, t.Results.Count));
    }
}
