using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Tests.Infrastructure;

namespace Studio.Tests.Services.Organisation;

/// <summary>
/// Open sessions are re-checked against one node-wide table: a deactivated employee or a changed security stamp ends the
/// session once the table is older than its limit, and however many circuits ask, the node reads the table once.
/// </summary>
public sealed class SessionValidityTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<string> StampOfAsync(TestStudio studio, Guid userId)
    {
        using var scope = studio.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        return await users.GetSecurityStampAsync((await users.FindByIdAsync(userId.ToString()))!);
    }

    [Theory, DatabaseData]
    public async Task IsValid_ActiveWithItsStamp_Valid_WrongStampUnknownAccountOrNoStamp_NotValid(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var stamp = await StampOfAsync(studio, manager);
        var sessions = studio.Services.GetRequiredService<SessionValidity>();

        Assert.True(await sessions.IsValidAsync(manager, stamp, Ct));
        Assert.False(await sessions.IsValidAsync(manager, "another-stamp", Ct));
        Assert.False(await sessions.IsValidAsync(manager, null, Ct));
        Assert.False(await sessions.IsValidAsync(Guid.NewGuid(), stamp, Ct));
    }

    [Theory, DatabaseData]
    public async Task IsValid_EmployeeDeactivated_SessionEndsOnceTheTableIsOlderThanItsLimit(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var teacher = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var stamp = await StampOfAsync(studio, teacher);
        var sessions = studio.Services.GetRequiredService<SessionValidity>();
        Assert.True(await sessions.IsValidAsync(teacher, stamp, Ct));

        await studio.DisableAsync(owner, teacher);

        // Within the table's age the answer is the table's; past it the node reads again and the session ends,
        // even if the circuit still carries the old stamp.
        Assert.True(await sessions.IsValidAsync(teacher, stamp, Ct));
        studio.Clock.Advance(SessionValidity.MaxAge);
        Assert.False(await sessions.IsValidAsync(teacher, stamp, Ct));
        Assert.False(await sessions.IsValidAsync(teacher, await StampOfAsync(studio, teacher), Ct)); // inactive, whatever the stamp
    }

    [Theory, DatabaseData]
    public async Task IsValid_StampChanged_OldSessionEnds_NewSignInValid(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var old = await StampOfAsync(studio, manager);
        var sessions = studio.Services.GetRequiredService<SessionValidity>();
        Assert.True(await sessions.IsValidAsync(manager, old, Ct));
        using (var scope = studio.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            await users.UpdateSecurityStampAsync((await users.FindByIdAsync(manager.ToString()))!);
        }
        var fresh = await StampOfAsync(studio, manager);

        studio.Clock.Advance(SessionValidity.MaxAge);

        Assert.False(await sessions.IsValidAsync(manager, old, Ct));
        Assert.True(await sessions.IsValidAsync(manager, fresh, Ct));
    }

    [Theory, DatabaseData]
    public async Task IsValid_TwoThousandCircuitsCheckAtOnce_TheNodeReadsOnceInOneCommand(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var people = new List<(Guid Id, string Stamp)>();
        for (var i = 0; i < 4; i++)
        {
            var id = await studio.AddEmployeeAsync(i == 0 ? EmployeeRole.Owner : EmployeeRole.Manager);
            people.Add((id, await StampOfAsync(studio, id)));
        }
        var sessions = studio.Services.GetRequiredService<SessionValidity>();
        var counter = studio.Services.GetRequiredService<CommandCounter>();
        var loads = sessions.Loads;
        var commands = counter.ByReadModel.GetValueOrDefault(nameof(SessionValidity));

        var answers = await Task.WhenAll(Enumerable.Range(0, 2000).Select(i => Task.Run(() =>
            sessions.IsValidAsync(people[i % people.Count].Id, people[i % people.Count].Stamp, Ct), Ct)));

        Assert.All(answers, Assert.True);
        Assert.Equal(1, sessions.Loads - loads);
        Assert.Equal(1, counter.ByReadModel.GetValueOrDefault(nameof(SessionValidity)) - commands);

        studio.Clock.Advance(SessionValidity.MaxAge);
        Assert.True(await sessions.IsValidAsync(people[1].Id, people[1].Stamp, Ct));
        Assert.Equal(2, sessions.Loads - loads); // an old table is read again, once
    }
}
