using Microsoft.Extensions.DependencyInjection;
using Studio.Domain.Clients;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Tests.Infrastructure;

namespace Studio.Tests.Services.Organisation;

/// <summary>
/// Reads that return people's data (clients' names, phones and e-mails; colleagues' e-mails and sign-in locks) are
/// public endpoints of a Blazor Server app: each takes the actor and answers only what the rights table allows.
/// </summary>
public sealed class ReadRightsTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string Phone = "+380501234567";

    private static async Task<Guid> ClientWithPhoneAsync(TestStudio studio, Guid actorId) =>
        await studio.Services.GetRequiredService<ClientService>().CreateAsync(actorId, new ClientInput("Ганна Шевчук", [Phone],
            "hanna@example.test", null, null, studio.BranchId, null, null, [], ContactChannels.None, null, new Dictionary<Guid, string?>()), ct: Ct);

    [Theory, DatabaseData]
    public async Task FindDuplicatesAsync_Manager_GetsTheClient_TeacherRefused(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var teacher = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var client = await ClientWithPhoneAsync(studio, owner);
        var clients = studio.Services.GetRequiredService<ClientService>();

        var found = await clients.FindDuplicatesAsync(manager, "050 123 45 67", null, Ct);

        Assert.Equal([client], found.Select(c => c.Id));
        await Assert.ThrowsAsync<AccessDeniedException>(() => clients.FindDuplicatesAsync(teacher, "050 123 45 67", null, Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => clients.FindDuplicatesAsync(teacher, null, "hanna@example.test", Ct));
    }

    [Theory, DatabaseData]
    public async Task FindDuplicatesAsync_SwitchedOffManager_Refused(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        await ClientWithPhoneAsync(studio, owner);
        await studio.DisableAsync(owner, manager);

        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            studio.Services.GetRequiredService<ClientService>().FindDuplicatesAsync(manager, Phone, null, Ct));
    }

    [Theory, DatabaseData]
    public async Task GetLookupsAsync_Teacher_GetsColleagues_SwitchedOffOrUnknownRefused(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var teacher = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var gone = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        await studio.DisableAsync(owner, gone);
        var clients = studio.Services.GetRequiredService<ClientService>();

        var lookups = await clients.GetLookupsAsync(teacher, Ct);

        Assert.Equal(new[] { owner, teacher }.Order(), lookups.People.Select(p => p.Id).Order());
        await Assert.ThrowsAsync<AccessDeniedException>(() => clients.GetLookupsAsync(gone, Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => clients.GetLookupsAsync(Guid.NewGuid(), Ct));
    }

    [Theory, DatabaseData]
    public async Task OrganisationReads_SwitchedOffOrUnknownActor_Refused(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var teacher = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var gone = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        await studio.DisableAsync(owner, gone);
        var organisation = studio.Organisation;

        Assert.Equal([studio.BranchId], (await organisation.ListBranchesAsync(teacher, Ct)).Select(b => b.Id));
        Assert.Equal(EmployeeRole.Owner, (await organisation.FindEmployeeAsync(teacher, owner, Ct))!.Role);
        Assert.Contains(await organisation.ListEmployeesAsync(teacher, ct: Ct), e => e.Id == owner);
        foreach (var stranger in new[] { gone, Guid.NewGuid() })
        {
            await Assert.ThrowsAsync<AccessDeniedException>(() => organisation.ListBranchesAsync(stranger, Ct));
            await Assert.ThrowsAsync<AccessDeniedException>(() => organisation.FindEmployeeAsync(stranger, owner, Ct));
            await Assert.ThrowsAsync<AccessDeniedException>(() => organisation.ListEmployeesAsync(stranger, includeInactive: true, Ct));
        }
    }

    [Theory, DatabaseData]
    public async Task AccountHolderAsync_SwitchedOffEmployee_TellsTheSignInTheyAreInactive(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        await studio.DisableAsync(owner, manager);

        var holder = await studio.Organisation.AccountHolderAsync(manager, Ct);

        Assert.Equal((EmployeeRole.Manager, false), (holder!.Role, holder.IsActive));
        Assert.Null(await studio.Organisation.AccountHolderAsync(Guid.NewGuid(), Ct));
    }
}
