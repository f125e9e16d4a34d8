using Microsoft.Extensions.DependencyInjection;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Tests.Infrastructure;

namespace Studio.Tests.Services.Clients;

/// <summary>The node's live read model of client cards (issue 14): tabs showing one client to one person cost one read per change.</summary>
public sealed class ClientCardViewsTests(Databases databases)
{
    private const int Watchers = 10;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, DatabaseData]
    public async Task WatchCard_TenTabsAndOneNote_OneReadOnTheNode_UnchangedPartsKeepTheirInstances(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var client = await studio.AddClientAsync(manager, "Анна Коваль");
        var clients = studio.Services.GetRequiredService<ClientService>();
        await clients.AddNoteAsync(manager, client, "The first note", Ct);
        var views = studio.Services.GetRequiredService<ClientCardViews>();
        var seen = Enumerable.Range(0, Watchers).Select(_ => new TaskCompletionSource<ClientCardSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var watches = await Task.WhenAll(Enumerable.Range(0, Watchers).Select(i => views.WatchCardAsync(manager, client, s =>
        {
            if (s.Timeline.Any(e => e.Text == "Call back on Monday")) seen[i].TrySetResult(s);
            return Task.CompletedTask;
        }, Ct)));
        try
        {
            Assert.Equal(1, views.Loads); // ten tabs opened it: one read
            var before = watches[0].Current!;
            var loads = views.Loads;

            await clients.AddNoteAsync(manager, client, "Call back on Monday", Ct);

            var shown = await Task.WhenAll(seen.Select(s => s.Task)).WaitAsync(Patience, Ct);
            await Task.Delay(300, Ct);
            Assert.Equal(1, views.Loads - loads);
            Assert.Single(shown.Distinct(ReferenceEqualityComparer.Instance));
            Assert.Same(before.Card, shown[0].Card); // a note changes no field of the card
            Assert.Same(before.Timeline.Single(e => e.Text == "The first note"), shown[0].Timeline.Single(e => e.Text == "The first note"));
        }
        finally
        {
            foreach (var w in watches) w.Dispose();
        }
    }

    [Theory, DatabaseData]
    public async Task WatchCard_ATeacher_IsRefused(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var teacher = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var client = await studio.AddClientAsync(manager);
        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            studio.Services.GetRequiredService<ClientCardViews>().WatchCardAsync(teacher, client, _ => Task.CompletedTask, Ct));
    }
}
