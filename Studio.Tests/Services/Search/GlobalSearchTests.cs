using Microsoft.Extensions.DependencyInjection;
using Studio.Domain.Clients;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Pipelines;
using Studio.Infrastructure.Search;
using Studio.Tests.Infrastructure;

namespace Studio.Tests.Services.Search;

/// <summary>The top bar's search on every database: clients by name or phone, their deals on the boards the actor may see.</summary>
public sealed class GlobalSearchTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record World(TestStudio Studio, Guid Owner, Guid Manager, Guid Olena, Guid DealOnMine, Guid DealOnOther);

    /// <summary>Олена has a deal on the manager's board and one on a board the manager is not a member of.</summary>
    private static async Task<World> ArrangeAsync(TestStudio studio)
    {
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var mine = await studio.AddBoardAsync(owner, manager);
        var other = await studio.AddBoardAsync(owner);
        var clients = studio.Services.GetRequiredService<ClientService>();
        var olena = await clients.CreateAsync(manager, new ClientInput("Олена Коваленко", ["067 123 45 67"], null, null, null, studio.BranchId,
            null, null, [], ContactChannels.None, null, new Dictionary<Guid, string?>()), ct: Ct);
        await studio.AddClientAsync(manager, "Тарас Шевчук");
        var onMine = await studio.Pipelines.CreateDealAsync(manager, new NewDeal(mine.Id, olena, null, null, null, null, null, null, 500, null), Ct);
        var onOther = await studio.Pipelines.CreateDealAsync(owner, new NewDeal(other.Id, olena, null, null, null, null, null, null, 700, null), Ct);
        return new World(studio, owner, manager, olena, onMine, onOther);
    }

    [Theory, DatabaseData]
    public async Task SearchAsync_NameInAnotherCase_FindsTheClientAndOnlyDealsOnTheManagersBoards(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var w = await ArrangeAsync(studio);
        var search = studio.Services.GetRequiredService<GlobalSearch>();

        var manager = await search.SearchAsync(w.Manager, "оЛЕНА", ct: Ct);
        var owner = await search.SearchAsync(w.Owner, "КОВАЛЕНКО", ct: Ct);

        Assert.Equal(w.Olena, Assert.Single(manager.Clients).Id);
        var deal = Assert.Single(manager.Deals);
        Assert.Equal(w.DealOnMine, deal.Id);
        Assert.Equal("Олена Коваленко", deal.ClientName);
        Assert.Equal(500m, deal.Amount);
        Assert.Equal(new[] { w.DealOnMine, w.DealOnOther }.Order(), owner.Deals.Select(d => d.Id).Order());
    }

    [Theory, DatabaseData]
    public async Task SearchAsync_PhoneTypedInAnotherFormatOrAFragment_FindsTheClientAndTheDeal(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var w = await ArrangeAsync(studio);
        var search = studio.Services.GetRequiredService<GlobalSearch>();

        foreach (var typed in new[] { "+380671234567", "(067) 123-45-67", "123 45 67", "067 123" })
        {
            var found = await search.SearchAsync(w.Manager, typed, ct: Ct);
            Assert.True(found.Clients.Count == 1 && found.Clients[0].Id == w.Olena, $"'{typed}' should find the client");
            Assert.Equal(w.DealOnMine, Assert.Single(found.Deals).Id);
        }
    }

    [Theory, DatabaseData]
    public async Task SearchAsync_ManagerOfNoBoardOrTeacher_SeesNoDealsOrIsRefused(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var w = await ArrangeAsync(studio);
        var outsider = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var teacher = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var search = studio.Services.GetRequiredService<GlobalSearch>();

        var found = await search.SearchAsync(outsider, "олена", ct: Ct);

        Assert.Equal(w.Olena, Assert.Single(found.Clients).Id);
        Assert.Empty(found.Deals);
        await Assert.ThrowsAsync<AccessDeniedException>(() => search.SearchAsync(teacher, "олена", ct: Ct));
    }
}
