using Microsoft.Extensions.DependencyInjection;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Tests.Infrastructure;

namespace Studio.Tests.Services.Clients;

/// <summary>
/// The client screens' pickers, live (issue 14): a new tag costs one read on the node however many client lists and cards
/// are open, every screen gets the same lookups, and a person who may not see the studio gets nothing.
/// </summary>
public sealed class ClientLookupsViewsTests(Databases databases)
{
    private const int Screens = 20;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, DatabaseData]
    public async Task WatchLookups_TwentyScreensAndANewTag_OneReadOnTheNode_EveryScreenGetsTheSameLookups(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var clients = studio.Services.GetRequiredService<ClientService>();
        var views = studio.Services.GetRequiredService<ClientLookupsViews>();
        var counter = studio.Services.GetRequiredService<CommandCounter>();
        var seen = Enumerable.Range(0, Screens).Select(_ => new TaskCompletionSource<ClientLookups>(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var watches = await Task.WhenAll(Enumerable.Range(0, Screens).Select(i => clients.WatchLookupsAsync(i % 2 == 0 ? manager : owner, s =>
        {
            if (s.Lookups.Tags.Any(t => t.Name == "Діти")) seen[i].TrySetResult(s.Lookups);
            return Task.CompletedTask;
        }, Ct)));
        try
        {
            Assert.Equal(1, views.Loads); // twenty screens opened: one read
            Assert.All(watches, w => Assert.Same(watches[0].Current, w.Current));
            var loads = views.Loads;
            var commands = counter.ByReadModel.GetValueOrDefault(nameof(ClientLookupsViews));

            await studio.Services.GetRequiredService<DictionaryService>().CreateTagAsync(owner, "Діти", "#FFB300", Ct);

            var lookups = await Task.WhenAll(seen.Select(s => s.Task)).WaitAsync(Patience, Ct);
            await Task.Delay(300, Ct); // a late extra read would show here
            Assert.Equal(1, views.Loads - loads); // one read on the node, not one per screen
            Assert.Equal(6, counter.ByReadModel.GetValueOrDefault(nameof(ClientLookupsViews)) - commands); // the six pickers, once
            Assert.Single(lookups.Distinct(ReferenceEqualityComparer.Instance));
            Assert.Equal((await clients.GetLookupsAsync(manager, Ct)).Tags, lookups[0].Tags); // what a fresh read gives
        }
        finally
        {
            foreach (var w in watches) w.Dispose();
        }
    }

    [Theory, DatabaseData]
    public async Task WatchLookups_SwitchedOffOrUnknownPerson_Refused(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        await studio.DisableAsync(owner, manager);
        var clients = studio.Services.GetRequiredService<ClientService>();

        await Assert.ThrowsAsync<AccessDeniedException>(() => clients.WatchLookupsAsync(manager, _ => Task.CompletedTask, Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => clients.WatchLookupsAsync(Guid.NewGuid(), _ => Task.CompletedTask, Ct));
        Assert.Equal(0, studio.Services.GetRequiredService<ClientLookupsViews>().Watchers(ClientListScope.Studio));
    }
}
