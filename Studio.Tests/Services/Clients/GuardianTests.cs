using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Studio.Domain.Clients;
using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Pipelines;
using Studio.Infrastructure.Search;
using Studio.Infrastructure.Tasks;
using Studio.Tests.Infrastructure;

namespace Studio.Tests.Services.Clients;

/// <summary>Parents and guardians of a client (issue 17.14) on every database: saved, checked, versioned, in the timeline, found by phone.</summary>
public sealed class GuardianTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ClientService Clients(TestStudio s) => s.Services.GetRequiredService<ClientService>();

    private static ClientInput Input(string name, string? phone, DateOnly? birth, params Guardian[] guardians) =>
        new(name, phone is null ? [] : [phone], null, birth, null, null, null, null, [], ContactChannels.None, null, new Dictionary<Guid, string?>(),
            guardians);

    private static ClientInput From(ClientCard c, IReadOnlyList<Guardian>? guardians) =>
        new(c.FullName, c.Phones, c.Email, c.BirthDate, c.City, c.BranchId, c.SourceId, c.ResponsibleId, c.TagIds, c.Channels, c.Notes,
            c.CustomFields.ToDictionary(kv => kv.Key, kv => (string?)kv.Value), guardians);

    private static Guardian Mother(string phone, string name = "Олена Коваль") => new(name, "Mother", [phone], null, new ContactChannels(Telegram: "@olena"));

    [Theory, DatabaseData]
    public async Task CreateAndUpdate_Guardians_SavedNormalisedVersionedAndInTheTimeline(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var svc = Clients(studio);

        // A child with no phone of their own: the mother's is enough.
        var id = await svc.CreateAsync(manager, Input("Марко Коваль", null, new DateOnly(2016, 5, 1), Mother("067 123 45 67")), ct: Ct);
        var card = await svc.GetCardAsync(manager, id, Ct);
        var mother = Assert.Single(card.Guardians);
        Assert.Equal(("Олена Коваль", "Mother", "+380671234567", "@olena"), (mother.Name, mother.Relation, Assert.Single(mother.Phones), mother.Channels.Telegram));
        Assert.Equal(mother, card.Contact); // a child: calls go to the first guardian

        studio.Clock.Advance(TimeSpan.FromMinutes(5));
        var father = new Guardian("Іван Коваль", "тато", ["+38 050 111 22 33", "050 111 22 33"], "Ivan@Mail.Test", ContactChannels.None, IsContact: true);
        await svc.UpdateAsync(manager, id, card.Version, From(card, [mother, father]), ct: Ct);

        var after = await svc.GetCardAsync(manager, id, Ct);
        Assert.NotEqual(card.Version, after.Version);
        Assert.Equal(["Олена Коваль", "Іван Коваль"], after.Guardians.Select(g => g.Name));
        Assert.Equal(["+380501112233"], after.Guardians[1].Phones); // the same number typed twice, kept once
        Assert.Equal(("ivan@mail.test", "тато"), (after.Guardians[1].Email, after.Guardians[1].Relation));
        Assert.Equal("Іван Коваль", after.Contact?.Name); // the contact person goes first, whatever the order

        // The old version is a conflict, never a silent overwrite of the guardians.
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => svc.UpdateAsync(manager, id, card.Version, From(card, []), ct: Ct));
        // An edit leaving the guardians out (null) keeps them; the same guardians again change nothing.
        await svc.UpdateAsync(manager, id, after.Version, From(after, null) with { City = "Київ" }, ct: Ct);
        var kept = await svc.GetCardAsync(manager, id, Ct);
        Assert.Equal(2, kept.Guardians.Count);

        var lines = (await svc.GetTimelineAsync(manager, id, Ct)).Where(e => e.Kind == TimelineKind.Guardians).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Contains("Іван Коваль +380501112233 ivan@mail.test", lines[0].Text);
        Assert.Equal("Олена Коваль +380671234567", lines[1].Text);
        Assert.NotNull(lines[0].By);
    }

    [Theory, DatabaseData]
    public async Task Save_BadGuardian_RefusedWithItsFieldAndNothingSaved(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var svc = Clients(studio);

        var noContact = await Assert.ThrowsAsync<DomainException>(() =>
            svc.CreateAsync(manager, Input("Марко", "+380671110000", null, new Guardian("Олена", "Mother", [], null, ContactChannels.None)), ct: Ct));
        Assert.Equal(("Error.GuardianContact", "Олена"), (noContact.Code, noContact.Args[0]));
        var noName = await Assert.ThrowsAsync<DomainException>(() =>
            svc.CreateAsync(manager, Input("Марко", "+380671110000", null, new Guardian(" ", null, ["0671234567"], null, ContactChannels.None)), ct: Ct));
        Assert.Equal(("Error.Required", "GuardianName"), (noName.Code, noName.Args[0]));
        var badPhone = await Assert.ThrowsAsync<DomainException>(() =>
            svc.CreateAsync(manager, Input("Марко", "+380671110000", null, Mother("12")), ct: Ct));
        Assert.Equal("Error.Phone", badPhone.Code);
        var tooMany = await Assert.ThrowsAsync<DomainException>(() => svc.CreateAsync(manager,
            Input("Марко", "+380671110000", null, Mother("0671000001", "A"), Mother("0671000002", "B"), Mother("0671000003", "C"), Mother("0671000004", "D")), ct: Ct));
        Assert.Equal(("Error.TooMany", "Guardians"), (tooMany.Code, tooMany.Args[0]));
        // Neither the client's nor a guardian's contact: refused as before.
        var none = await Assert.ThrowsAsync<DomainException>(() => svc.CreateAsync(manager, Input("Марко", null, null), ct: Ct));
        Assert.Equal("Error.PhoneOrEmail", none.Code);

        Assert.Equal(0, await studio.ReadAsync(db => db.Clients.CountAsync(Ct)));
        Assert.Equal(0, await studio.ReadAsync(db => db.Set<ClientGuardianPhone>().CountAsync(Ct)));
    }

    [Theory, DatabaseData]
    public async Task Search_ParentsPhone_FindsTheChildInTheListAndTheTopSearch(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var svc = Clients(studio);
        var child = await svc.CreateAsync(manager, Input("Марко Коваль", "+380501230000", new DateOnly(2015, 1, 1), Mother("067 123 45 67")), ct: Ct);
        await svc.CreateAsync(manager, Input("Інший Клієнт", "+380509990000", null), ct: Ct);

        foreach (var search in new[] { "+380671234567", "(067) 123-45-67", "123 45 67" })
            Assert.Equal(child, Assert.Single((await svc.ListAsync(manager, new ClientQuery(Search: search), Ct)).Rows).Id);
        var top = await studio.Services.GetRequiredService<GlobalSearch>().SearchAsync(manager, "0671234567", ct: Ct);
        Assert.Equal(child, Assert.Single(top.Clients).Id);

        // The guardian removed: their phone no longer finds the child.
        var card = await svc.GetCardAsync(manager, child, Ct);
        await svc.UpdateAsync(manager, child, card.Version, From(card, []), ct: Ct);
        Assert.Empty((await svc.ListAsync(manager, new ClientQuery(Search: "0671234567"), Ct)).Rows);
    }

    [Theory, DatabaseData]
    public async Task LeadIntake_ParentsPhone_PutsTheDealOnTheChild(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var board = await studio.AddBoardAsync(owner);
        var child = await Clients(studio).CreateAsync(owner, Input("Марко Коваль", null, new DateOnly(2015, 1, 1), Mother("067 123 45 67")), ct: Ct);

        var taken = await studio.Services.GetRequiredService<LeadIntakeService>().TakeAsync(board.Settings.FormKey,
            new LeadForm("Олена", "+38 (067) 123-45-67", null, "Про сина", null), null, Ct);

        Assert.Equal(child, taken.ClientId);
        Assert.Equal(1, await studio.ReadAsync(db => db.Clients.CountAsync(Ct)));
    }

    [Theory, DatabaseData]
    public async Task TaskDetails_ChildsCall_NamesTheGuardianToCallAndAnAdultsNone(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var svc = Clients(studio);
        var child = await svc.CreateAsync(manager, Input("Марко", null, new DateOnly(2015, 1, 1), Mother("0671234567")), ct: Ct);
        var adult = await svc.CreateAsync(manager, Input("Олег", "+380501230000", new DateOnly(1990, 1, 1), Mother("0671234568")), ct: Ct);
        var tasks = studio.Services.GetRequiredService<TaskService>();

        async Task<Guardian?> CallGuardianAsync(Guid clientId)
        {
            var id = await tasks.CreateAsync(manager, new NewTask(TaskKind.PersonalCall, null, "Call", null, [manager], ClientId: clientId), Ct);
            return (await tasks.GetAsync(manager, id, Ct)).CallGuardian;
        }

        Assert.Equal("Олена Коваль", (await CallGuardianAsync(child))?.Name);
        Assert.Null(await CallGuardianAsync(adult)); // an adult is called themself unless a guardian is marked the contact person
    }
}
