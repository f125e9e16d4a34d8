using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Studio.Domain.Pipelines;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Seed;
using Studio.Tests.Infrastructure;

namespace Studio.Tests.Services.Seed;

public sealed class DemoSeederTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, DatabaseData]
    public async Task SeedAsync_EmptyDatabase_SeedsTheDemoStudioOnlyOnce(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider, empty: true);
        var seeder = studio.Services.GetRequiredService<DemoSeeder>();

        Assert.True(await seeder.SeedAsync(Ct));
        var seeded = await CountAsync(studio);
        Assert.False(await seeder.SeedAsync(Ct));

        Assert.Equal((Employees: 8, Accounts: 8, Boards: 2, Clients: 60, Deals: 150, Branches: 2), seeded);
        Assert.Equal(seeded, await CountAsync(studio));
    }

    [Theory, DatabaseData]
    public async Task SeedAsync_EmptyDatabase_AccountsSignInAndSeeTheirBoards(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider, empty: true);
        await studio.Services.GetRequiredService<DemoSeeder>().SeedAsync(Ct);
        var people = (await studio.Organisation.ListEmployeesAsync(ct: Ct)).ToDictionary(e => e.Email, e => e.Id);

        using (var scope = studio.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            foreach (var account in DemoSeeder.Accounts)
            {
                var user = await users.FindByEmailAsync(account.Email);
                Assert.NotNull(user);
                Assert.True(await users.CheckPasswordAsync(user, DemoSeeder.Password), $"{account.Email} cannot sign in.");
            }
        }

        async Task<string[]> BoardsOf(string email) =>
            [.. (await studio.Pipelines.ListBoardsAsync(people[email], Ct)).Select(b => b.Name).Order()];
        Assert.Equal(["Онлайн-школа", "Продажі"], await BoardsOf("owner@studio.demo"));
        Assert.Equal(["Продажі"], await BoardsOf("manager1@studio.demo"));
        Assert.Equal(["Онлайн-школа", "Продажі"], await BoardsOf("manager2@studio.demo"));
        Assert.Equal(["Онлайн-школа"], await BoardsOf("manager3@studio.demo"));
        Assert.Empty(await BoardsOf("teacher1@studio.demo"));
    }

    [Theory, DatabaseData]
    public async Task SeedAsync_EmptyDatabase_CallbacksShowEveryColourAndPhonesAreE164(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider, empty: true);
        await studio.Services.GetRequiredService<DemoSeeder>().SeedAsync(Ct);
        var now = studio.Clock.GetUtcNow().UtcDateTime;

        var callbacks = await studio.ReadAsync(db => db.Deals.Where(d => d.ClosedAt == null).Select(d => d.CallbackAt).ToListAsync(Ct));
        var phones = await studio.ReadAsync(db => db.Clients.Select(c => c.Phone).ToListAsync(Ct));

        Assert.Equal(Enum.GetValues<CallbackState>().ToHashSet(), callbacks.Select(c => CallbackColour.At(c, now)).ToHashSet());
        Assert.All(phones, p => Assert.Equal(p, Phones.Normalise(p, "UA")));
    }

    private static Task<(int Employees, int Accounts, int Boards, int Clients, int Deals, int Branches)> CountAsync(TestStudio studio) =>
        studio.ReadAsync(async db => (
            await db.Employees.CountAsync(Ct), await db.Users.CountAsync(Ct), await db.Boards.CountAsync(Ct),
            await db.Clients.CountAsync(Ct), await db.Deals.CountAsync(Ct), await db.Branches.CountAsync(Ct)));
}
