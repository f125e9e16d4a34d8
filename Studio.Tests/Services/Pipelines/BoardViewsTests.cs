using Studio.Domain.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Pipelines;
using Studio.Tests.Infrastructure;

namespace Studio.Tests.Services.Pipelines;

/// <summary>The node's live read model: a change costs one load per node, however many screens watch.</summary>
public sealed class BoardViewsTests(Databases databases)
{
    private const int Watchers = 20;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, DatabaseData]
    public async Task WatchAsync_TwentyWatchersAndOneMove_EveryWatcherSeesItFromOneLoad(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var board = await studio.AddBoardAsync(owner, manager);
        var deal = await studio.AddDealAsync(manager, board);
        var target = board.Stage("Trial");
        var views = studio.BoardViews;
        var seen = Enumerable.Range(0, Watchers)
            .Select(_ => new TaskCompletionSource<BoardSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();

        var watches = await Task.WhenAll(Enumerable.Range(0, Watchers).Select(i => views.WatchAsync(board.Id, snapshot =>
        {
            if (snapshot.Deals.Any(d => d.Id == deal && d.StageId == target)) seen[i].TrySetResult(snapshot);
            return Task.CompletedTask;
        }, Ct)));
        try
        {
            Assert.Equal(1, views.Loads); // twenty screens opened the board: one load
            Assert.Equal(Watchers, views.Watchers(board.Id));
            Assert.All(watches, w => Assert.Equal(board.Start, w.Current!.Deals.Single(d => d.Id == deal).StageId));
            var loadsBefore = views.Loads;

            await studio.Pipelines.MoveDealAsync(manager, deal, target, null, Ct);

            var snapshots = await Task.WhenAll(seen.Select(s => s.Task)).WaitAsync(Patience, Ct);
            await Task.Delay(TimeSpan.FromMilliseconds(300), Ct); // a late extra load would show here
            var loads = views.Loads - loadsBefore;
            Assert.InRange(loads, 1, 2);
            Assert.InRange(snapshots.Distinct(ReferenceEqualityComparer.Instance).Count(), 1, (int)loads); // shared, not one per screen
            Assert.All(watches, w => Assert.Equal(target, w.Current!.Deals.Single(d => d.Id == deal).StageId));
        }
        finally
        {
            foreach (var watch in watches) watch.Dispose();
        }
        Assert.Equal(0, views.Watchers(board.Id));
    }
    [Theory, DatabaseData]
    public async Task WatchAsync_TagRecoloured_BoardReloadsWithTheNewColour(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var board = await studio.AddBoardAsync(owner);
        var dictionaries = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<Studio.Infrastructure.Clients.DictionaryService>(studio.Services);
        var tag = await dictionaries.CreateTagAsync(owner, "VIP", "#FFB300", Ct);
        var recoloured = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var watch = await studio.BoardViews.WatchAsync(board.Id, snapshot =>
        {
            if (snapshot.Tags.Any(t => t.Id == tag && t.Colour == "#E53935")) recoloured.TrySetResult();
            return Task.CompletedTask;
        }, Ct);
        var version = (await dictionaries.ListTagsAsync(owner, Ct)).Single().Version;

        await dictionaries.UpdateTagAsync(owner, tag, version, "VIP", "#E53935", Ct);

        await recoloured.Task.WaitAsync(Patience, Ct);
    }
}
