using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Tests.Infrastructure;

namespace Studio.Tests.Services.Organisation;

/// <summary>Locked sign-in accounts: the owner sees them and unlocks them; nobody else may (ADR-006).</summary>
public sealed class AccountLockTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, DatabaseData]
    public async Task UnlockAccount_Owner_LockAndWaitsGone_ManagerRefusedAndLockKept(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var teacher = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var until = studio.Clock.GetUtcNow().AddMinutes(15);
        string email;
        using (var scope = studio.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByIdAsync(teacher.ToString()))!;
            email = user.Email!;
            await users.SetLockoutEndDateAsync(user, until);
            await users.AccessFailedAsync(user);
        }
        var throttle = studio.Services.GetRequiredService<SignInThrottle>();
        for (var i = 0; i < throttle.Limits.FreeFailures; i++) throttle.Failed(email, "10.0.0.7");
        var seen = (await studio.Organisation.ListEmployeesAsync(owner, ct: Ct)).ToDictionary(e => e.Id, e => e.LockedUntil);

        await Assert.ThrowsAsync<AccessDeniedException>(() => studio.Organisation.UnlockAccountAsync(manager, teacher, Ct));
        var afterManager = (await studio.Organisation.ListEmployeesAsync(owner, ct: Ct)).Single(e => e.Id == teacher).LockedUntil;
        var waitAfterManager = throttle.WaitBefore(email, "10.0.0.7");
        await studio.Organisation.UnlockAccountAsync(owner, teacher, Ct);
        var afterOwner = (await studio.Organisation.ListEmployeesAsync(owner, ct: Ct)).Single(e => e.Id == teacher).LockedUntil;

        Assert.Equal(until, seen[teacher]);
        Assert.Equal((DateTimeOffset?)null, seen[owner]);
        Assert.Equal(until, afterManager);
        Assert.NotNull(waitAfterManager);
        Assert.Null(afterOwner);
        Assert.Null(throttle.WaitBefore(email, "10.0.0.7"));
        Assert.Equal(0, await studio.ReadAsync(db => db.Users.Where(u => u.Id == teacher).Select(u => u.AccessFailedCount).SingleAsync(Ct)));
    }

    [Theory, DatabaseData]
    public async Task ListEmployees_LockThatHasEnded_NotShownAsLocked(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var teacher = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        using (var scope = studio.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            await users.SetLockoutEndDateAsync((await users.FindByIdAsync(teacher.ToString()))!, studio.Clock.GetUtcNow().AddMinutes(15));
        }

        studio.Clock.Advance(TimeSpan.FromMinutes(16));

        Assert.Null((await studio.Organisation.ListEmployeesAsync(teacher, ct: Ct)).Single(e => e.Id == teacher).LockedUntil);
    }
}

/// <summary>The counts behind the sign-in waits, on a fake clock.</summary>
public sealed class SignInThrottleTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 5, 10, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Failed_FromOneAddress_WaitDoublesAfterTheFreeFailures_OtherAddressFree_SuccessForgets()
    {
        var throttle = new SignInThrottle(_clock, new SignInLimits());
        var waits = new List<TimeSpan?>();
        for (var i = 0; i < 6; i++)
        {
            throttle.Failed("anna@studio.test", "10.0.0.1");
            waits.Add(throttle.WaitBefore("anna@studio.test", "10.0.0.1"));
        }
        var other = throttle.WaitBefore("anna@studio.test", "10.0.0.2");
        throttle.Succeeded("anna@studio.test", "10.0.0.1");

        Assert.Equal([null, null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(40)], waits);
        Assert.Null(other);
        Assert.Null(throttle.WaitBefore("anna@studio.test", "10.0.0.1"));
    }

    [Fact]
    public void Failed_ManyTimesFromOneAddress_WaitStopsAtTheMaximum_AccountNotLockedBelowTheCount()
    {
        var throttle = new SignInThrottle(_clock, new SignInLimits { FailuresPerAddress = 1000 });
        var locks = Enumerable.Range(0, 49).Count(_ => throttle.Failed("anna@studio.test", "10.0.0.1"));

        Assert.Equal(0, locks);
        Assert.Equal(TimeSpan.FromMinutes(15), throttle.WaitBefore("anna@studio.test", "10.0.0.1"));
        Assert.True(throttle.Failed("anna@studio.test", "10.0.0.1")); // the 50th within the hour
    }

    [Fact]
    public void Failed_FromTenAddresses_LocksTheAccount_NineDoNot()
    {
        var throttle = new SignInThrottle(_clock, new SignInLimits());
        var locks = Enumerable.Range(1, 10).Select(i => throttle.Failed("anna@studio.test", $"10.0.0.{i}")).ToList();

        Assert.Equal([.. Enumerable.Repeat(false, 9), true], locks);
    }

    [Fact]
    public void AddressKey_IPv6ByItsNetwork_IPv4AsItIs()
    {
        Assert.Equal(SignInThrottle.AddressKey(IPAddress.Parse("2001:db8:1:2:aaaa::1")), SignInThrottle.AddressKey(IPAddress.Parse("2001:db8:1:2:bbbb::9")));
        Assert.NotEqual(SignInThrottle.AddressKey(IPAddress.Parse("2001:db8:1:2::1")), SignInThrottle.AddressKey(IPAddress.Parse("2001:db8:1:3::1")));
        Assert.Equal("10.1.2.3", SignInThrottle.AddressKey(IPAddress.Parse("::ffff:10.1.2.3")));
    }
}
