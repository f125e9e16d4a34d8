using Microsoft.EntityFrameworkCore;
using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Tests.Infrastructure;

namespace Studio.Tests.Services.Organisation;

/// <summary>Branches, rooms and staff: the owner's to change, on every database.</summary>
public sealed class OrganisationServiceTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, DatabaseData]
    public async Task SaveBranchAndRoom_ManagerOrTeacher_AccessDeniedAndNothingSaved(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var teacher = await studio.AddEmployeeAsync(EmployeeRole.Teacher);

        foreach (var actor in new[] { manager, teacher })
        {
            await Assert.ThrowsAsync<AccessDeniedException>(() => studio.Organisation.SaveBranchAsync(actor, null, Guid.Empty, "Obolon", null, "Europe/Kyiv", Ct));
            await Assert.ThrowsAsync<AccessDeniedException>(() => studio.Organisation.SaveRoomAsync(actor, studio.BranchId, null, Guid.Empty, "Hall 3", 10, Ct));
            await Assert.ThrowsAsync<AccessDeniedException>(() => studio.Organisation.CreateEmployeeAsync(actor, "New Person", "new@studio.test",
                EmployeeRole.Manager, [studio.BranchId], "long-enough-password", Ct));
        }

        Assert.Equal((1, 0, 2), await studio.ReadAsync(async db =>
            (await db.Branches.CountAsync(Ct), await db.Rooms.CountAsync(Ct), await db.Employees.CountAsync(Ct))));
    }

    [Theory, DatabaseData]
    public async Task SaveRoomAsync_SameNameInBranch_RefusedAsDuplicate(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        await studio.Organisation.SaveRoomAsync(owner, studio.BranchId, null, Guid.Empty, "Hall 1", 20, Ct);

        var ex = await Assert.ThrowsAsync<DomainException>(() => studio.Organisation.SaveRoomAsync(owner, studio.BranchId, null, Guid.Empty, " Hall 1 ", 5, Ct));

        Assert.Equal("Error.Duplicate", ex.Code);
        Assert.Equal(1, await studio.ReadAsync(db => db.Rooms.CountAsync(Ct)));
    }

    [Theory, DatabaseData]
    public async Task SaveBranchAsync_StaleVersion_ConflictAndFirstEditKept(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var branch = (await studio.Organisation.ListBranchesAsync(owner, Ct)).Single();

        await studio.Organisation.SaveBranchAsync(owner, branch.Id, branch.Version, "Podil", "Sahaidachnoho 25", "Europe/Kyiv", Ct);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            studio.Organisation.SaveBranchAsync(owner, branch.Id, branch.Version, "Podil-2", null, "Europe/Kyiv", Ct));

        Assert.Equal("Podil", (await studio.Organisation.ListBranchesAsync(owner, Ct)).Single().Name);
    }

    [Theory, DatabaseData]
    public async Task SaveBranchAsync_UnknownTimeZone_Refused(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);

        var ex = await Assert.ThrowsAsync<DomainException>(() => studio.Organisation.SaveBranchAsync(owner, null, Guid.Empty, "Lviv", null, "Mars/Olympus", Ct));

        Assert.Equal("Error.TimeZone", ex.Code);
    }

    [Theory, DatabaseData]
    public async Task CreateEmployeeAsync_ShortPasswordOrTakenEmail_RefusedAndNoHalfSavedAccount(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var before = await studio.ReadAsync(async db => (await db.Employees.CountAsync(Ct), await db.Users.CountAsync(Ct)));

        var shortPassword = await Assert.ThrowsAsync<DomainException>(() => studio.Organisation.CreateEmployeeAsync(owner, "Anna Koval",
            "anna@studio.test", EmployeeRole.Manager, [studio.BranchId], "short", Ct));
        var taken = await Assert.ThrowsAsync<DomainException>(() => studio.Organisation.CreateEmployeeAsync(owner, "Anna Koval",
            "OWNER1@studio.test", EmployeeRole.Manager, [studio.BranchId], "long-enough-password", Ct));

        Assert.Equal(("Error.Identity", "Error.EmailTaken"), (shortPassword.Code, taken.Code));
        Assert.Equal(before, await studio.ReadAsync(async db => (await db.Employees.CountAsync(Ct), await db.Users.CountAsync(Ct))));
    }

    [Theory, DatabaseData]
    public async Task UpdateEmployeeAsync_OwnerDemotesOrDisablesSelf_Refused(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var me = (await studio.Organisation.FindEmployeeAsync(owner, owner, Ct))!;

        var demote = await Assert.ThrowsAsync<DomainException>(() =>
            studio.Organisation.UpdateEmployeeAsync(owner, owner, me.Version, me.FullName, EmployeeRole.Manager, [], true, Ct));
        var disable = await Assert.ThrowsAsync<DomainException>(() =>
            studio.Organisation.UpdateEmployeeAsync(owner, owner, me.Version, me.FullName, EmployeeRole.Owner, [], false, Ct));

        Assert.Equal(("Error.OwnAccount", "Error.OwnAccount"), (demote.Code, disable.Code));
        Assert.Equal((EmployeeRole.Owner, true), ((await studio.Organisation.FindEmployeeAsync(owner, owner, Ct))!.Role, (await studio.Organisation.FindEmployeeAsync(owner, owner, Ct))!.IsActive));
    }

    [Theory, DatabaseData]
    public async Task UpdateEmployeeAsync_Disable_NewSecurityStampSoOpenSessionsEnd(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var stamp = await studio.ReadAsync(db => db.Users.Where(u => u.Id == manager).Select(u => u.SecurityStamp).SingleAsync(Ct));

        await studio.DisableAsync(owner, manager);

        Assert.NotEqual(stamp, await studio.ReadAsync(db => db.Users.Where(u => u.Id == manager).Select(u => u.SecurityStamp).SingleAsync(Ct)));
        Assert.False((await studio.Organisation.FindEmployeeAsync(owner, manager, Ct))!.IsActive);
    }
    [Theory, DatabaseData]
    public async Task UpdateOrganisationAsync_CountryNotAnIsoCode_RefusedAndNothingSaved(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var before = await studio.Organisation.GetOrganisationAsync(Ct);

        foreach (var (country, code) in new[] { ("XX", "Error.Country"), ("qq", "Error.Country"), ("U1", "Error.Country"),
                     ("Ukraine", "Error.TooLong"), ("", "Error.Required") })
        {
            var ex = await Assert.ThrowsAsync<DomainException>(() =>
                studio.Organisation.UpdateOrganisationAsync(owner, before.Version, "Renamed", country, "Europe/Kyiv", Ct));
            Assert.Equal(code, ex.Code);
        }

        Assert.Equal(before, await studio.Organisation.GetOrganisationAsync(Ct));
    }

    [Theory, DatabaseData]
    public async Task UpdateOrganisationAsync_LowerCaseCountryAndKnownZone_SavedUpperCase(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var before = await studio.Organisation.GetOrganisationAsync(Ct);

        await studio.Organisation.UpdateOrganisationAsync(owner, before.Version, "Ruh", "pl", "Europe/Warsaw", Ct);

        var after = await studio.Organisation.GetOrganisationAsync(Ct);
        Assert.Equal(("Ruh", "PL", "Europe/Warsaw"), (after.Name, after.Country, after.TimeZoneId));
    }

    [Theory, DatabaseData]
    public async Task UpdateOrganisationAsync_UnknownTimeZone_Refused(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var before = await studio.Organisation.GetOrganisationAsync(Ct);

        var unknown = await Assert.ThrowsAsync<DomainException>(() =>
            studio.Organisation.UpdateOrganisationAsync(owner, before.Version, "Ruh", "UA", "Europe/Atlantis", Ct));
        var empty = await Assert.ThrowsAsync<DomainException>(() =>
            studio.Organisation.UpdateOrganisationAsync(owner, before.Version, "Ruh", "UA", " ", Ct));

        Assert.Equal(("Error.TimeZone", "Error.Required"), (unknown.Code, empty.Code));
        Assert.Equal(before, await studio.Organisation.GetOrganisationAsync(Ct));
    }
}
