using Microsoft.Extensions.DependencyInjection;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Pipelines;
using Studio.Tests.Infrastructure;

namespace Studio.Tests.Services.Clients;

/// <summary>The client's open card lists their deals; another manager's edit of a deal's amount shows on it without a reload.</summary>
public sealed class ClientCardDealsLiveTests(Databases databases)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, DatabaseData]
    public async Task OpenCard_AnotherManagerEditsTheDealsAmount_TheCardsDealShowsTheNewAmount(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var board = await studio.AddBoardAsync(owner, manager);
        var dealId = await studio.AddDealAsync(manager, board, 1000m);
        var deal = await studio.Pipelines.GetDealAsync(manager, dealId, Ct);
        var cards = studio.Services.GetRequiredService<ClientCardViews>();
        var seen = new SemaphoreSlim(0);
        using var watch = await cards.WatchCardAsync(owner, deal.ClientId, _ => { seen.Release(); return Task.CompletedTask; }, Ct);
        Assert.Equal(1000m, watch.Current!.Card.Deals.Single(d => d.Id == dealId).Amount);

        await studio.Pipelines.UpdateDealAsync(manager, new DealEdit(deal.Id, deal.Version, 2500m, deal.Title, deal.ResponsibleId, deal.SourceId,
            deal.BranchId, deal.TagIds, new Dictionary<string, string>(deal.CustomFields), deal.CallbackAt), Ct);

        var deadline = DateTime.UtcNow + Patience;
        while (watch.Current!.Card.Deals.Single(d => d.Id == dealId).Amount != 2500m && DateTime.UtcNow < deadline)
            await seen.WaitAsync(TimeSpan.FromMilliseconds(200), Ct);
        Assert.Equal(2500m, watch.Current!.Card.Deals.Single(d => d.Id == dealId).Amount);
    }
}
