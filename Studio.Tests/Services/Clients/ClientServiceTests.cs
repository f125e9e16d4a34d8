using Microsoft.EntityFrameworkCore;
using Studio.Domain.Clients;
using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Pipelines;
using Studio.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Studio.Tests.Services.Clients;

/// <summary>The clients feature on every database: list, duplicates, statuses, merge, rights.</summary>
public sealed class ClientServiceTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ClientInput Input(string name, string? phone = null, string? email = null, Guid? source = null) =>
        new(name, phone is null ? [] : [phone], email, null, null, null, source, null, [], ContactChannels.None, null, new Dictionary<Guid, string?>());

    private static ClientService Clients(TestStudio s) => s.Services.GetRequiredService<ClientService>();

    [Theory, DatabaseData]
    public async Task ListAsync_SearchByPhoneInAnyFormatOrCyrillicNameAnyCase_FindsTheClient(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var svc = Clients(studio);
        var olena = await svc.CreateAsync(manager, Input("Олена Коваленко", "067 123 45 67"), ct: Ct);
        await svc.CreateAsync(manager, Input("Тарас Шевчук", "+380 50 111 22 33", "taras@mail.test"), ct: Ct);

        foreach (var search in new[] { "+380671234567", "0671234567", "(067) 123-45-67", "олена", "КОВАЛЕНКО", "лена ков" })
        {
            var page = await svc.ListAsync(manager, new ClientQuery(Search: search), Ct);
            Assert.Equal(olena, Assert.Single(page.Rows).Id);
        }
        Assert.Equal("Тарас Шевчук", Assert.Single((await svc.ListAsync(manager, new ClientQuery(Search: "TARAS@mail"), Ct)).Rows).FullName);
    }

    [Theory, DatabaseData]
    public async Task ListAsync_FiltersSortAndPages_InTheDatabase(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var svc = Clients(studio);
        var source = await studio.ReadAsync(async db => { var s = new LeadSource("Instagram"); db.LeadSources.Add(s); await db.SaveChangesAsync(Ct); return s.Id; });
        for (var i = 0; i < 30; i++)
        {
            studio.Clock.Advance(TimeSpan.FromHours(1));
            await svc.CreateAsync(manager, Input($"Client {i:00}", $"+38067{1000000 + i}", source: i % 3 == 0 ? source : null), ct: Ct);
        }

        var bySource = await svc.ListAsync(manager, new ClientQuery(SourceId: source, PageSize: 4, Page: 1), Ct);
        var newest = await svc.ListAsync(manager, new ClientQuery(Sort: ClientSort.Created, Descending: true, PageSize: 3), Ct);

        Assert.Equal(10, bySource.Total);
        Assert.Equal(["Client 12", "Client 15", "Client 18", "Client 21"], bySource.Rows.Select(r => r.FullName));
        Assert.Equal(["Client 29", "Client 28", "Client 27"], newest.Rows.Select(r => r.FullName));
    }

    [Theory, DatabaseData]
    public async Task CreateAsync_SamePhoneAsAnother_ShowsTheMatchFirstThenSavesWhenSeen(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var svc = Clients(studio);
        var first = await svc.CreateAsync(manager, Input("Олена Коваленко", "067 123 45 67"), ct: Ct);

        var dup = await Assert.ThrowsAsync<PossibleDuplicateException>(() => svc.CreateAsync(manager, Input("Олена К.", "+380671234567"), ct: Ct));
        Assert.Equal(first, Assert.Single(dup.Matches).Id);
        Assert.Equal(1, await studio.ReadAsync(db => db.Clients.CountAsync(Ct)));

        await svc.CreateAsync(manager, Input("Олена К.", "+380671234567"), duplicatesSeen: true, ct: Ct);
        Assert.Equal(2, await studio.ReadAsync(db => db.Clients.CountAsync(Ct)));
    }

    [Theory, DatabaseData]
    public async Task CreateAsync_BadInput_RefusedByFieldAndNothingSaved(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var svc = Clients(studio);

        var cases = new (string Code, ClientInput Input)[]
        {
            ("Error.Required", Input("  ", "0671234567")),
            ("Error.PhoneOrEmail", Input("Anna")),
            ("Error.Phone", Input("Anna", "12")),
            ("Error.Email", Input("Anna", null, "not-an-email")),
            ("Error.TooLong", Input(new string('a', 161), "0671234567")),
        };
        foreach (var (code, input) in cases)
            Assert.Equal(code, (await Assert.ThrowsAsync<DomainException>(() => svc.CreateAsync(manager, input, ct: Ct))).Code);
        Assert.Equal(0, await studio.ReadAsync(db => db.Clients.CountAsync(Ct)));
    }

    [Theory, DatabaseData]
    public async Task ChangeStatusAsync_EveryChange_RecordedFromToWhenWho(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var svc = Clients(studio);
        var (lead, trial) = await studio.ReadAsync(async db =>
        {
            var l = new ClientStatus("Lead", 0, true, "#90A4AE");
            var t = new ClientStatus("Trial", 1, true, "#FFB74D");
            db.ClientStatuses.AddRange(l, t);
            await db.SaveChangesAsync(Ct);
            return (l.Id, t.Id);
        });
        var client = await svc.CreateAsync(manager, Input("Anna", "0671234567"), ct: Ct);
        studio.Clock.Advance(TimeSpan.FromDays(1));

        await svc.ChangeStatusAsync(manager, client, trial, Ct);
        await svc.ChangeStatusAsync(manager, client, trial, Ct);

        var changes = await studio.ReadAsync(db => db.ClientStatusChanges.Where(c => c.ClientId == client).OrderBy(c => c.At).ToListAsync(Ct));
        Assert.Equal([((Guid?)null, lead), (lead, trial)], changes.Select(c => (c.FromStatusId, c.ToStatusId)));
        Assert.Equal((manager, TestStudio.StartTime.UtcDateTime.AddDays(1)), (changes[1].ById, changes[1].At));
    }

    [Theory, DatabaseData]
    public async Task MergeAsync_Owner_MovesDealsNotesHistoryAndPhonesToTheClientKept(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var svc = Clients(studio);
        var board = await studio.AddBoardAsync(owner);
        var keep = await svc.CreateAsync(owner, Input("Олена Коваленко", "067 123 45 67"), ct: Ct);
        var dup = await svc.CreateAsync(owner, Input("Олена", "050 765 43 21", "olena@mail.test"), ct: Ct);
        var deal = await studio.Pipelines.CreateDealAsync(owner, new NewDeal(board.Id, dup, null, null, null, null, null, null, 500m, null), Ct);
        await svc.AddNoteAsync(owner, dup, "Prefers evenings", Ct);

        await svc.MergeAsync(owner, keep, dup, Ct);

        var card = await svc.GetCardAsync(owner, keep, Ct);
        Assert.Equal(["+380671234567", "+380507654321"], card.Phones);
        Assert.Equal("olena@mail.test", card.Email);
        Assert.Equal(deal, Assert.Single(card.Deals).Id);
        var timeline = await svc.GetTimelineAsync(owner, keep, Ct);
        Assert.Contains(timeline, e => e.Kind == TimelineKind.Note && e.Text == "Prefers evenings");
        var gone = await svc.GetCardAsync(owner, dup, Ct);
        Assert.Equal((true, keep), (gone.IsArchived, gone.MergedIntoId));
        Assert.DoesNotContain((await svc.ListAsync(owner, new ClientQuery(Search: "050 765 43 21"), Ct)).Rows, r => r.Id == dup);
    }

    [Theory, DatabaseData]
    public async Task MergeAsync_Manager_AccessDenied(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var svc = Clients(studio);
        var a = await svc.CreateAsync(manager, Input("A", "0671234567"), ct: Ct);
        var b = await svc.CreateAsync(manager, Input("B", "0671234568"), ct: Ct);

        await Assert.ThrowsAsync<AccessDeniedException>(() => svc.MergeAsync(manager, a, b, Ct));
        Assert.Null((await svc.GetCardAsync(manager, b, Ct)).MergedIntoId);
    }

    [Theory, DatabaseData]
    public async Task ListAndCard_Teacher_AccessDenied(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var teacher = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var svc = Clients(studio);
        var client = await svc.CreateAsync(manager, Input("A", "0671234567"), ct: Ct);

        await Assert.ThrowsAsync<AccessDeniedException>(() => svc.ListAsync(teacher, new ClientQuery(), Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => svc.GetCardAsync(teacher, client, Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => svc.CreateAsync(teacher, Input("B", "0671234568"), ct: Ct));
    }

    [Theory, DatabaseData]
    public async Task UpdateAsync_StaleVersion_ConflictAndNothingOverwritten(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var svc = Clients(studio);
        var id = await svc.CreateAsync(manager, Input("Anna", "0671234567"), ct: Ct);
        var opened = await svc.GetCardAsync(manager, id, Ct);

        await svc.UpdateAsync(manager, id, opened.Version, Input("Anna First", "0671234567"), ct: Ct);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => svc.UpdateAsync(manager, id, opened.Version, Input("Anna Second", "0671234567"), ct: Ct));

        Assert.Equal("Anna First", (await svc.GetCardAsync(manager, id, Ct)).FullName);
    }
}
