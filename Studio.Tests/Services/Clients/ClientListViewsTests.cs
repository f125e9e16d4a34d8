using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Studio.Domain.Clients;
using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Tests.Infrastructure;

namespace Studio.Tests.Services.Clients;

/// <summary>
/// The node's live feed of client rows (issue 14): a change to a client costs one read on the node whatever the number of
/// open lists, every list gets the same rows, and a list places them in memory exactly as the database would list them.
/// </summary>
public sealed class ClientListViewsTests(Databases databases)
{
    private const int Watchers = 20;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ClientService Clients(TestStudio s) => s.Services.GetRequiredService<ClientService>();

    private static ClientInput Input(ClientCard c, string? name = null, string? phone = null) =>
        new(name ?? c.FullName, phone is null ? c.Phones : [phone], c.Email, c.BirthDate, c.City, c.BranchId, c.SourceId, c.ResponsibleId, c.TagIds,
            c.Channels, c.Notes, c.CustomFields.ToDictionary(kv => kv.Key, kv => (string?)kv.Value));

    [Theory, DatabaseData]
    public async Task WatchList_TwentyListsAndOneEdit_OneReadOnTheNode_EveryListGetsTheSameRow(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var client = await studio.AddClientAsync(manager, "Анна Коваль");
        var views = studio.Services.GetRequiredService<ClientListViews>();
        var counter = studio.Services.GetRequiredService<CommandCounter>();
        var seen = Enumerable.Range(0, Watchers).Select(_ => new TaskCompletionSource<ClientListChange>(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var watches = await Task.WhenAll(Enumerable.Range(0, Watchers).Select(i => Clients(studio).WatchListAsync(manager, changes =>
        {
            foreach (var c in changes.Changes.Where(c => c.Id == client && c.Entry?.Row.Phone == "+380671112233")) seen[i].TrySetResult(c);
            return Task.CompletedTask;
        }, Ct)));
        try
        {
            var loads = views.Loads;
            var commands = counter.ByReadModel.GetValueOrDefault(nameof(ClientListViews));
            var card = await Clients(studio).GetCardAsync(manager, client, Ct);

            await Clients(studio).UpdateAsync(manager, client, card.Version, Input(card, phone: "067 111 22 33"), ct: Ct);

            var changes = await Task.WhenAll(seen.Select(s => s.Task)).WaitAsync(Patience, Ct);
            await Task.Delay(300, Ct); // a late extra read would show here
            Assert.Equal(1, views.Loads - loads); // one read on the node, not one per list
            Assert.Equal(1, counter.ByReadModel.GetValueOrDefault(nameof(ClientListViews)) - commands); // in one command
            Assert.Single(changes.Distinct(ReferenceEqualityComparer.Instance)); // the same instance for every list
            Assert.Equal("Анна Коваль", changes[0].Entry!.Row.FullName);
        }
        finally
        {
            foreach (var w in watches) w.Dispose();
        }
    }

    [Theory, DatabaseData]
    public async Task WatchList_ATeacher_IsRefused(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var teacher = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        await Assert.ThrowsAsync<AccessDeniedException>(() => Clients(studio).WatchListAsync(teacher, _ => Task.CompletedTask, Ct));
    }

    [Theory, DatabaseData]
    public async Task Match_EveryFilterAndOrder_PlacesClientsAsTheDatabaseListsThem(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var dictionaries = studio.Services.GetRequiredService<Studio.Infrastructure.Clients.DictionaryService>();
        var tag = await dictionaries.CreateTagAsync(owner, "VIP", "#FFB300", Ct);
        var names = new[] { "Анна Коваль", "анна бондар", "Bench Client 1", "Bench Client 10", "Bench Client 1 x", "Ольга Ярова", "Zoe", "Ігор Бойко", "Єва" };
        var ids = new List<Guid>();
        foreach (var n in names) ids.Add(await studio.AddClientAsync(manager, n));
        var card = await Clients(studio).GetCardAsync(manager, ids[1], Ct);
        await Clients(studio).UpdateAsync(manager, ids[1], card.Version, Input(card) with { TagIds = [tag], ResponsibleId = manager }, ct: Ct);
        await Clients(studio).ArchiveAsync(manager, ids[5], true, Ct);
        var phone = (await Clients(studio).GetCardAsync(manager, ids[3], Ct)).Phones[0];
        var all = await studio.Services.GetRequiredService<ClientListViews>().ReadAsync(ids, Ct);

        ClientQuery[] queries =
        [
            new(), new(Descending: true), new(Sort: ClientSort.Created), new(Sort: ClientSort.Created, Descending: true), new(Archived: true),
            new(Search: "анна"), new(Search: "ANNA"), new(Search: phone), new(Search: phone[^5..]), new(TagId: tag), new(ResponsibleId: manager),
            new(BranchId: studio.BranchId), new(BranchId: Guid.NewGuid()),
        ];
        foreach (var query in queries)
        {
            var page = await Clients(studio).ListAsync(manager, query with { PageSize = 200 }, Ct);
            var inMemory = all.Values.Where(page.Match!.Matches).Select(e => e.Row).Order(page.Match).Select(r => r.Id).ToList();
            Assert.True(page.Rows.Select(r => r.Id).SequenceEqual(inMemory), $"{query}: database {string.Join(", ", page.Rows.Select(r => r.FullName))}"
                + $" / in memory {string.Join(", ", inMemory.Select(i => all[i].Row.FullName))}");
        }
    }

    private static ClientRow Row(string name, int n) =>
        new(new Guid($"00000000-0000-0000-0000-{n:D12}"), name, null, null, null, null, null, Guid.Empty, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), false, name.ToLowerInvariant());

    private static ClientListChange Change(string kind, ClientRow row, bool merged = false) => new(row.Id, kind, new ClientListEntry(row, [], [], merged));

    [Fact]
    public void Apply_WhatAListExpects_OfNewEditedArchivedAndMergedClients()
    {
        var match = new ClientMatch(new ClientQuery(), null, null, null);
        var page = new[] { Row("b", 1), Row("d", 2), Row("f", 3) };

        // Nothing on this page: the same instance, the same total.
        var (rows, total) = match.Apply(page, 10, 0, 3, [Change(nameof(ClientUpdated), Row("x", 9))]);
        Assert.Same(page, rows);
        Assert.Equal(10, total);

        // An edited shown client: swapped in place.
        var edited = Row("d", 2) with { Phone = "+380671112233" };
        (rows, total) = match.Apply(page, 10, 0, 3, [Change(nameof(ClientUpdated), edited)]);
        Assert.Equal([page[0], edited, page[2]], rows);
        Assert.Equal(10, total);

        // A new client that belongs on the first page: in place, counted, the last row goes on to the next page.
        (rows, total) = match.Apply(page, 10, 0, 3, [Change(nameof(ClientCreated), Row("c", 7))]);
        Assert.Equal(["b", "c", "d"], rows.Select(r => r.FullName));
        Assert.Equal(11, total);

        // A new client of a later page: only counted.
        (rows, total) = match.Apply(page, 10, 0, 3, [Change(nameof(ClientCreated), Row("z", 7))]);
        Assert.Same(page, rows);
        Assert.Equal(11, total);

        // On the last page, a new client after its last row is shown there.
        (rows, total) = match.Apply(page, 9, 2, 4, [Change(nameof(ClientCreated), Row("z", 7))]);
        Assert.Equal(["b", "d", "f", "z"], rows.Select(r => r.FullName));

        // A shown client archived: leaves the page and the total. One archived on another page: only the total.
        (rows, total) = match.Apply(page, 10, 0, 3, [Change(nameof(ClientArchived), Row("d", 2) with { IsArchived = true })]);
        Assert.Equal(["b", "f"], rows.Select(r => r.FullName));
        Assert.Equal(9, total);
        (rows, total) = match.Apply(page, 10, 0, 3, [Change(nameof(ClientArchived), Row("x", 9) with { IsArchived = true })]);
        Assert.Same(page, rows);
        Assert.Equal(9, total);

        // A duplicate merged away from another page: the total.
        (rows, total) = match.Apply(page, 10, 0, 3, [Change(nameof(ClientMerged), Row("x", 9) with { IsArchived = true }, merged: true)]);
        Assert.Equal(9, total);

        // A client of another page renamed into this one: shown in place (the total as it was).
        (rows, total) = match.Apply(page, 10, 0, 3, [Change(nameof(ClientUpdated), Row("e", 9))]);
        Assert.Equal(["b", "d", "e"], rows.Select(r => r.FullName));
        Assert.Equal(10, total);

        // A shown client renamed past the page's end: it leaves for a later page.
        (rows, total) = match.Apply(page, 10, 0, 3, [Change(nameof(ClientUpdated), Row("y", 1))]);
        Assert.Equal(["d", "f"], rows.Select(r => r.FullName));
        Assert.Equal(10, total);
    }
}
