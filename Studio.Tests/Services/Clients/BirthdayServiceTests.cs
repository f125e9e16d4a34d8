using Microsoft.Extensions.DependencyInjection;
using Studio.Domain.Clients;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Reports;
using Studio.Tests.Infrastructure;
using Studio.Infrastructure.Dashboard;

namespace Studio.Tests.Services.Clients;

/// <summary>Birthdays this week on every database (issue 17.16): the studio's zone decides the week, a year end inside it, 29 February, rights.</summary>
public sealed class BirthdayServiceTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<Guid> AddAsync(TestStudio studio, Guid actor, string name, DateOnly birth, int n) =>
        studio.Services.GetRequiredService<ClientService>().CreateAsync(actor, new ClientInput(name, [$"+38050{2000000 + n}"], null, birth, null,
            studio.BranchId, null, null, [], ContactChannels.None, null, new Dictionary<Guid, string?>()), duplicatesSeen: true, Ct);

    private static BirthdayService Birthdays(TestStudio s) => s.Services.GetRequiredService<BirthdayService>();

    [Theory, DatabaseData]
    public async Task ThisWeek_KyivsWeekAcrossTheYearEnd_ThenALeapDayInAYearWithoutOne(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var newYear = await AddAsync(studio, manager, "Ірина Новорічна", new(1990, 1, 2), 1);
        var child = await AddAsync(studio, manager, "Марко Малий", new(2018, 12, 28), 2);
        await AddAsync(studio, manager, "Петро Минулий", new(1985, 12, 21), 3);      // in the UTC week, not Kyiv's
        await AddAsync(studio, manager, "Ольга Наступна", new(1985, 1, 4), 4);       // the week after
        var leap = await AddAsync(studio, manager, "Лея Високосна", new(2000, 2, 29), 5);
        await AddAsync(studio, manager, "Березень Перший", new(2001, 3, 1), 6);
        var archived = await AddAsync(studio, manager, "Архів Грудневий", new(1970, 12, 30), 7);
        await studio.Services.GetRequiredService<ClientService>().ArchiveAsync(manager, archived, true, Ct);

        // Sunday 27 December 22:30 UTC is Monday 28 December 00:30 in Kyiv: the studio's new week, Monday to Sunday (uk-UA).
        studio.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 27, 22, 30, 0, TimeSpan.Zero));
        var week = await Birthdays(studio).ThisWeekAsync(manager, ct: Ct);

        Assert.Equal((new DateOnly(2026, 12, 28), new DateOnly(2026, 12, 28), new DateOnly(2027, 1, 3)), (week.Today, week.From, week.To));
        Assert.Equal([(child, new DateOnly(2026, 12, 28), 8, true), (newYear, new DateOnly(2027, 1, 2), 37, false)],
            week.Rows.Select(r => (r.ClientId, r.Day, r.Turns, r.IsChild)));
        Assert.Equal(2, (await studio.Services.GetRequiredService<DashboardReads>().LoadAsync(1, Ct)).Birthdays);

        // Friday 26 February 2027: no 29th this year, so Leya's birthday is kept on Sunday the 28th; 1 March is next week.
        studio.Clock.SetUtcNow(new DateTimeOffset(2027, 2, 26, 10, 0, 0, TimeSpan.Zero));
        week = await Birthdays(studio).ThisWeekAsync(owner, ct: Ct);

        var only = Assert.Single(week.Rows);
        Assert.Equal((leap, new DateOnly(2027, 2, 28), 27), (only.ClientId, only.Day, only.Turns));
        Assert.Equal(1, (await studio.Services.GetRequiredService<DashboardReads>().LoadAsync(2, Ct)).Birthdays);
        Assert.Empty((await Birthdays(studio).ThisWeekAsync(owner, Guid.NewGuid(), Ct)).Rows);   // another branch has none
    }

    [Theory, DatabaseData]
    public async Task ThisWeek_ATeacher_IsRefusedAsOnTheClientList(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var teacher = await studio.AddEmployeeAsync(EmployeeRole.Teacher);

        await Assert.ThrowsAsync<AccessDeniedException>(() => Birthdays(studio).ThisWeekAsync(teacher, ct: Ct));
    }
}
