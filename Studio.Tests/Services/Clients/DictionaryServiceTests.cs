using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Studio.Domain.Clients;
using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Domain.Pipelines;
using Studio.Infrastructure.Live;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Pipelines;
using Studio.Tests.Infrastructure;
using Studio.Infrastructure.Clients;

namespace Studio.Tests.Services.Clients;

/// <summary>The owner's dictionaries on every database: rights, unique names, conflicts, and what a delete does to the things in use.</summary>
public sealed class DictionaryServiceTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static DateTime Now => TestStudio.StartTime.UtcDateTime;

    // ---------- rights: lists for every active employee, changes for the owner ----------

    [Theory, DatabaseData]
    public async Task ListAsync_ManagerOrTeacher_SeeEveryDictionary(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var (owner, dict) = await OwnerAsync(studio);
        await dict.CreateSourceAsync(owner, "Instagram", Ct);
        await dict.CreateTagAsync(owner, "VIP", "#FFB300", Ct);
        await dict.CreateStatusAsync(owner, "Lead", true, "#90A4AE", Ct);
        await dict.CreateCustomFieldAsync(owner, "Child's age", CustomFieldKind.Number, [], Ct);

        foreach (var actor in new[] { await studio.AddEmployeeAsync(EmployeeRole.Manager), await studio.AddEmployeeAsync(EmployeeRole.Teacher) })
        {
            Assert.Equal("Instagram", Assert.Single(await dict.ListSourcesAsync(actor, Ct)).Name);
            Assert.Equal("VIP", Assert.Single(await dict.ListTagsAsync(actor, Ct)).Name);
            Assert.Equal("Lead", Assert.Single(await dict.ListStatusesAsync(actor, Ct)).Name);
            Assert.Equal("Child's age", Assert.Single(await dict.ListCustomFieldsAsync(actor, Ct)).Name);
        }
    }

    [Theory, DatabaseData]
    public async Task ListAsync_DisabledEmployee_AccessDenied(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var (owner, dict) = await OwnerAsync(studio);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        await studio.DisableAsync(owner, manager);

        await Assert.ThrowsAsync<AccessDeniedException>(() => dict.ListSourcesAsync(manager, Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => dict.ListTagsAsync(manager, Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => dict.ListStatusesAsync(manager, Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => dict.ListCustomFieldsAsync(manager, Ct));
    }

    [Theory, DatabaseData]
    public async Task SourceChanges_ManagerOrTeacher_AccessDeniedAndNothingChanged(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var (owner, dict) = await OwnerAsync(studio);
        var site = await dict.CreateSourceAsync(owner, "Site", Ct);
        var radio = await dict.CreateSourceAsync(owner, "Radio", Ct);
        var version = await VersionAsync(studio, db => db.LeadSources, site);

        foreach (var actor in await StaffAsync(studio))
        {
            await Assert.ThrowsAsync<AccessDeniedException>(() => dict.CreateSourceAsync(actor, "Flyer", Ct));
            await Assert.ThrowsAsync<AccessDeniedException>(() => dict.RenameSourceAsync(actor, site, version, "Website", Ct));
            await Assert.ThrowsAsync<AccessDeniedException>(() => dict.DeleteSourceAsync(actor, site, version, null, Ct));
            await Assert.ThrowsAsync<AccessDeniedException>(() => dict.DeleteSourceAsync(actor, site, version, radio, Ct));
        }

        Assert.Equal(["Radio", "Site"], (await dict.ListSourcesAsync(owner, Ct)).Select(s => s.Name));
    }

    [Theory, DatabaseData]
    public async Task TagChanges_ManagerOrTeacher_AccessDeniedAndNothingChanged(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var (owner, dict) = await OwnerAsync(studio);
        var vip = await dict.CreateTagAsync(owner, "VIP", "#FFB300", Ct);
        var version = await VersionAsync(studio, db => db.Tags, vip);

        foreach (var actor in await StaffAsync(studio))
        {
            await Assert.ThrowsAsync<AccessDeniedException>(() => dict.CreateTagAsync(actor, "Kids", "#29B6F6", Ct));
            await Assert.ThrowsAsync<AccessDeniedException>(() => dict.UpdateTagAsync(actor, vip, version, "VIP+", "#000000", Ct));
            await Assert.ThrowsAsync<AccessDeniedException>(() => dict.DeleteTagAsync(actor, vip, version, null, Ct));
        }

        var tag = Assert.Single(await dict.ListTagsAsync(owner, Ct));
        Assert.Equal(("VIP", "#FFB300", version), (tag.Name, tag.Colour, tag.Version));
    }

    [Theory, DatabaseData]
    public async Task StatusChanges_ManagerOrTeacher_AccessDeniedAndNothingChanged(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var (owner, dict) = await OwnerAsync(studio);
        var lead = await dict.CreateStatusAsync(owner, "Lead", true, "#90A4AE", Ct);
        await dict.CreateStatusAsync(owner, "Trial", true, "#FFB74D", Ct);
        var before = await dict.ListStatusesAsync(owner, Ct);
        var version = before[0].Version;

        foreach (var actor in await StaffAsync(studio))
        {
            await Assert.ThrowsAsync<AccessDeniedException>(() => dict.CreateStatusAsync(actor, "Gone", false, "#E53935", Ct));
            await Assert.ThrowsAsync<AccessDeniedException>(() => dict.UpdateStatusAsync(actor, lead, version, "LEAD", false, "#000000", Ct));
            await Assert.ThrowsAsync<AccessDeniedException>(() => dict.MoveStatusAsync(actor, lead, version, 1, Ct));
            await Assert.ThrowsAsync<AccessDeniedException>(() => dict.DeleteStatusAsync(actor, lead, version, null, Ct));
        }

        Assert.Equal(before, await dict.ListStatusesAsync(owner, Ct));
    }

    [Theory, DatabaseData]
    public async Task CustomFieldChanges_ManagerOrTeacher_AccessDeniedAndNothingChanged(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var (owner, dict) = await OwnerAsync(studio);
        var level = await dict.CreateCustomFieldAsync(owner, "Level", CustomFieldKind.Choice, ["Beginner", "Advanced"], Ct);
        await dict.CreateCustomFieldAsync(owner, "Age", CustomFieldKind.Number, [], Ct);
        var version = await VersionAsync(studio, db => db.CustomFields, level);

        foreach (var actor in await StaffAsync(studio))
        {
            await Assert.ThrowsAsync<AccessDeniedException>(() => dict.CreateCustomFieldAsync(actor, "Goal", CustomFieldKind.Text, [], Ct));
            await Assert.ThrowsAsync<AccessDeniedException>(() => dict.UpdateCustomFieldAsync(actor, level, version, "Grade", ["A"], Ct));
            await Assert.ThrowsAsync<AccessDeniedException>(() => dict.MoveCustomFieldAsync(actor, level, version, 1, Ct));
            await Assert.ThrowsAsync<AccessDeniedException>(() => dict.DeleteCustomFieldAsync(actor, level, version, true, Ct));
        }

        var fields = await dict.ListCustomFieldsAsync(owner, Ct);
        Assert.Equal(["Level", "Age"], fields.Select(f => f.Name));
        Assert.Equal(["Beginner", "Advanced"], fields[0].Choices);
    }

    [Theory, DatabaseData]
    public async Task CreateSourceAsync_ManagerWithInvalidName_AccessDeniedBeforeValidation(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var dict = Dictionaries(studio);

        await Assert.ThrowsAsync<AccessDeniedException>(() => dict.CreateSourceAsync(manager, "", Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => dict.CreateTagAsync(manager, "Kids", "not a colour", Ct));
    }

    // ---------- names: unique whatever the case ----------

    [Theory, DatabaseData]
    public async Task CreateAsync_SameNameOtherCase_RefusedAsDuplicateInEveryDictionary(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var (owner, dict) = await OwnerAsync(studio);
        await dict.CreateSourceAsync(owner, "Інстаграм", Ct);
        await dict.CreateTagAsync(owner, "Діти", "#29B6F6", Ct);
        await dict.CreateStatusAsync(owner, "Лід", true, "#90A4AE", Ct);
        await dict.CreateCustomFieldAsync(owner, "Вік дитини", CustomFieldKind.Number, [], Ct);

        var errors = new[]
        {
            await Assert.ThrowsAsync<DomainException>(() => dict.CreateSourceAsync(owner, " ІНСТАГРАМ ", Ct)),
            await Assert.ThrowsAsync<DomainException>(() => dict.CreateTagAsync(owner, "діти", "#000000", Ct)),
            await Assert.ThrowsAsync<DomainException>(() => dict.CreateStatusAsync(owner, "ЛІД", false, "#000000", Ct)),
            await Assert.ThrowsAsync<DomainException>(() => dict.CreateCustomFieldAsync(owner, "вік ДИТИНИ", CustomFieldKind.Text, [], Ct)),
        };

        Assert.All(errors, e => Assert.Equal("Error.Duplicate", e.Code));
        Assert.Equal((1, 1, 1, 1), await studio.ReadAsync(async db => (await db.LeadSources.CountAsync(Ct), await db.Tags.CountAsync(Ct),
            await db.ClientStatuses.CountAsync(Ct), await db.CustomFields.CountAsync(Ct))));
    }

    [Theory, DatabaseData]
    public async Task RenameAsync_ToAnotherEntrysName_RefusedButOwnNameInOtherCaseAllowed(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var (owner, dict) = await OwnerAsync(studio);
        var site = await dict.CreateSourceAsync(owner, "Site", Ct);
        await dict.CreateSourceAsync(owner, "Radio", Ct);
        var version = await VersionAsync(studio, db => db.LeadSources, site);

        var ex = await Assert.ThrowsAsync<DomainException>(() => dict.RenameSourceAsync(owner, site, version, "radio", Ct));
        await dict.RenameSourceAsync(owner, site, version, "SITE", Ct);

        Assert.Equal(("Error.Duplicate", "radio"), (ex.Code, ex.Args[0]));
        Assert.Equal(["Radio", "SITE"], (await dict.ListSourcesAsync(owner, Ct)).Select(s => s.Name));
    }

    // ---------- concurrency ----------

    [Theory, DatabaseData]
    public async Task UpdateTagAsync_StaleVersion_ConflictAndFirstEditKept(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var (owner, dict) = await OwnerAsync(studio);
        var tag = await dict.CreateTagAsync(owner, "VIP", "#FFB300", Ct);
        var seen = await VersionAsync(studio, db => db.Tags, tag);

        await dict.UpdateTagAsync(owner, tag, seen, "VIP", "#E53935", Ct);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => dict.UpdateTagAsync(owner, tag, seen, "Gold", "#FFB300", Ct));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => dict.DeleteTagAsync(owner, tag, seen, null, Ct));

        var kept = Assert.Single(await dict.ListTagsAsync(owner, Ct));
        Assert.Equal(("VIP", "#E53935"), (kept.Name, kept.Colour));
    }

    [Theory, DatabaseData]
    public async Task StatusAndFieldChanges_StaleVersion_Conflict(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var (owner, dict) = await OwnerAsync(studio);
        var lead = await dict.CreateStatusAsync(owner, "Lead", true, "#90A4AE", Ct);
        await dict.CreateStatusAsync(owner, "Trial", true, "#FFB74D", Ct);
        var field = await dict.CreateCustomFieldAsync(owner, "Age", CustomFieldKind.Number, [], Ct);
        await dict.CreateCustomFieldAsync(owner, "Goal", CustomFieldKind.Text, [], Ct);
        var statusSeen = await VersionAsync(studio, db => db.ClientStatuses, lead);
        var fieldSeen = await VersionAsync(studio, db => db.CustomFields, field);
        await dict.UpdateStatusAsync(owner, lead, statusSeen, "LEAD", true, "#90A4AE", Ct);
        await dict.UpdateCustomFieldAsync(owner, field, fieldSeen, "Child's age", [], Ct);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => dict.UpdateStatusAsync(owner, lead, statusSeen, "Lead", false, "#90A4AE", Ct));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => dict.MoveStatusAsync(owner, lead, statusSeen, 1, Ct));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => dict.DeleteStatusAsync(owner, lead, statusSeen, null, Ct));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => dict.MoveCustomFieldAsync(owner, field, fieldSeen, 1, Ct));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => dict.DeleteCustomFieldAsync(owner, field, fieldSeen, true, Ct));

        Assert.Equal(["LEAD", "Trial"], (await dict.ListStatusesAsync(owner, Ct)).Select(s => s.Name));
        Assert.Equal(["Child's age", "Goal"], (await dict.ListCustomFieldsAsync(owner, Ct)).Select(f => f.Name));
    }

    [Theory, DatabaseData]
    public async Task RenameSourceAsync_StaleVersion_ConflictAndFirstEditKept(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var (owner, dict) = await OwnerAsync(studio);
        var site = await dict.CreateSourceAsync(owner, "Site", Ct);
        var seen = await VersionAsync(studio, db => db.LeadSources, site);

        await dict.RenameSourceAsync(owner, site, seen, "Website", Ct);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => dict.RenameSourceAsync(owner, site, seen, "Landing page", Ct));

        Assert.Equal("Website", Assert.Single(await dict.ListSourcesAsync(owner, Ct)).Name);
    }

    // ---------- deleting what is in use ----------

    [Theory, DatabaseData]
    public async Task DeleteSourceAsync_UsedByClientsAndDeals_RefusedNamingHowMany(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var (owner, dict) = await OwnerAsync(studio);
        var site = await dict.CreateSourceAsync(owner, "Site", Ct);
        var board = await studio.AddBoardAsync(owner);
        await AddDealAsync(studio, owner, board, site);                       // a client and a deal
        await AddClientAsync(studio, owner, sourceId: site);                 // one more client
        var version = await VersionAsync(studio, db => db.LeadSources, site);

        var ex = await Assert.ThrowsAsync<DomainException>(() => dict.DeleteSourceAsync(owner, site, version, null, Ct));

        Assert.Equal("Error.InUse", ex.Code);
        Assert.Equal(["Site", 2, 1], ex.Args);
        Assert.Single(await dict.ListSourcesAsync(owner, Ct));
    }

    [Theory, DatabaseData]
    public async Task DeleteSourceAsync_WithReplacement_MovesEveryClientAndDealThenDeletes(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var (owner, dict) = await OwnerAsync(studio);
        var site = await dict.CreateSourceAsync(owner, "Site", Ct);
        var web = await dict.CreateSourceAsync(owner, "Website", Ct);
        var radio = await dict.CreateSourceAsync(owner, "Radio", Ct);
        var board = await studio.AddBoardAsync(owner);
        var deal = await AddDealAsync(studio, owner, board, site);
        var other = await AddClientAsync(studio, owner, sourceId: radio);
        var dealVersion = (await studio.Pipelines.GetDealAsync(owner, deal, Ct)).Version;
        var version = await VersionAsync(studio, db => db.LeadSources, site);

        var moved = await dict.DeleteSourceAsync(owner, site, version, web, Ct);

        Assert.Equal(2, moved);
        Assert.Equal(["Radio", "Website"], (await dict.ListSourcesAsync(owner, Ct)).Select(s => s.Name));
        Assert.Equal(0, await studio.ReadAsync(async db => await db.Clients.CountAsync(c => c.SourceId == site, Ct) + await db.Deals.CountAsync(d => d.SourceId == site, Ct)));
        var details = await studio.Pipelines.GetDealAsync(owner, deal, Ct);
        Assert.Equal(web, details.SourceId);
        Assert.Equal(web, await studio.ReadAsync(db => db.Clients.Where(c => c.Id == details.ClientId).Select(c => c.SourceId).SingleAsync(Ct)));
        Assert.Equal(radio, await studio.ReadAsync(db => db.Clients.Where(c => c.Id == other).Select(c => c.SourceId).SingleAsync(Ct)));
        Assert.NotEqual(dealVersion, details.Version); // an open edit of the deal is told it changed
    }

    [Theory, DatabaseData]
    public async Task DeleteTagAsync_WithReplacement_MovesClientsAndDealsKeepingOneOfEach(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var (owner, dict) = await OwnerAsync(studio);
        var kids = await dict.CreateTagAsync(owner, "Kids", "#29B6F6", Ct);
        var children = await dict.CreateTagAsync(owner, "Children", "#29B6F6", Ct);
        var vip = await dict.CreateTagAsync(owner, "VIP", "#FFB300", Ct);
        var onlyKids = await AddClientAsync(studio, owner, tagIds: [kids, vip]);
        var both = await AddClientAsync(studio, owner, tagIds: [kids, children]);
        var board = await studio.AddBoardAsync(owner);
        var deal = await AddDealAsync(studio, owner, board, null, [kids]);
        var version = await VersionAsync(studio, db => db.Tags, kids);

        var refused = await Assert.ThrowsAsync<DomainException>(() => dict.DeleteTagAsync(owner, kids, version, null, Ct));
        var moved = await dict.DeleteTagAsync(owner, kids, version, children, Ct);

        Assert.Equal(("Error.InUse", 2, 1), (refused.Code, refused.Args[1], refused.Args[2]));
        Assert.Equal(3, moved);
        Assert.Equal(0, await studio.ReadAsync(async db =>
            await db.Set<ClientTag>().CountAsync(t => t.TagId == kids, Ct) + await db.Set<DealTag>().CountAsync(t => t.TagId == kids, Ct)));
        Assert.Equal(new[] { children, vip }.Order(), await TagsOfAsync(studio, onlyKids));
        Assert.Equal([children], await TagsOfAsync(studio, both));
        Assert.Equal([children], (await studio.Pipelines.GetDealAsync(owner, deal, Ct)).TagIds);
        Assert.DoesNotContain(kids, (await dict.ListTagsAsync(owner, Ct)).Select(t => t.Id));
    }

    [Theory, DatabaseData]
    public async Task DeleteAsync_ReplacementIsItselfOrUnknown_RefusedAndNothingMoved(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var (owner, dict) = await OwnerAsync(studio);
        var site = await dict.CreateSourceAsync(owner, "Site", Ct);
        var client = await AddClientAsync(studio, owner, sourceId: site);
        var version = await VersionAsync(studio, db => db.LeadSources, site);

        var self = await Assert.ThrowsAsync<DomainException>(() => dict.DeleteSourceAsync(owner, site, version, site, Ct));
        var unknown = await Assert.ThrowsAsync<DomainException>(() => dict.DeleteSourceAsync(owner, site, version, Guid.NewGuid(), Ct));

        Assert.Equal(("Error.Replacement", "Error.Replacement"), (self.Code, unknown.Code));
        Assert.Equal(site, await studio.ReadAsync(db => db.Clients.Where(c => c.Id == client).Select(c => c.SourceId).SingleAsync(Ct)));
    }

    [Theory, DatabaseData]
    public async Task DeleteStatusAsync_WithHistory_RefusedEvenWithReplacementAndHistoryKept(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var (owner, dict) = await OwnerAsync(studio);
        var lead = await dict.CreateStatusAsync(owner, "Lead", true, "#90A4AE", Ct);
        var trial = await dict.CreateStatusAsync(owner, "Trial", true, "#FFB74D", Ct);
        var gone = await dict.CreateStatusAsync(owner, "Gone", false, "#E53935", Ct);
        await AddClientAsync(studio, owner, statuses: [lead, trial]); // Lead → Trial: Lead is only in the history now
        var version = await VersionAsync(studio, db => db.ClientStatuses, lead);

        var plain = await Assert.ThrowsAsync<DomainException>(() => dict.DeleteStatusAsync(owner, lead, version, null, Ct));
        var replaced = await Assert.ThrowsAsync<DomainException>(() => dict.DeleteStatusAsync(owner, lead, version, gone, Ct));

        Assert.Equal(("Error.StatusHasHistory", "Lead", 2), (plain.Code, plain.Args[0], plain.Args[1]));
        Assert.Equal("Error.StatusHasHistory", replaced.Code);
        Assert.Equal(3, (await dict.ListStatusesAsync(owner, Ct)).Count);
        Assert.Equal(2, await studio.ReadAsync(db => db.ClientStatusChanges.CountAsync(Ct)));
    }

    [Theory, DatabaseData]
    public async Task DeleteStatusAsync_HeldWithoutHistory_RefusedThenReplacementRewritesStatusOnly(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var (owner, dict) = await OwnerAsync(studio);
        var imported = await dict.CreateStatusAsync(owner, "Imported", false, "#90A4AE", Ct);
        var lead = await dict.CreateStatusAsync(owner, "Lead", true, "#42A5F5", Ct);
        var a = await AddClientAsync(studio, owner, statuses: [imported], recordHistory: false);
        var b = await AddClientAsync(studio, owner, statuses: [imported], recordHistory: false);
        var version = await VersionAsync(studio, db => db.ClientStatuses, imported);

        var refused = await Assert.ThrowsAsync<DomainException>(() => dict.DeleteStatusAsync(owner, imported, version, null, Ct));
        var moved = await dict.DeleteStatusAsync(owner, imported, version, lead, Ct);

        Assert.Equal(("Error.StatusInUse", "Imported", 2), (refused.Code, refused.Args[0], refused.Args[1]));
        Assert.Equal(2, moved);
        Assert.Equal([lead, lead], await studio.ReadAsync(db => db.Clients.Where(c => c.Id == a || c.Id == b).Select(c => c.StatusId).ToListAsync(Ct)));
        Assert.Equal(0, await studio.ReadAsync(db => db.ClientStatusChanges.CountAsync(Ct)));
        Assert.Equal(["Lead"], (await dict.ListStatusesAsync(owner, Ct)).Select(s => s.Name));
    }

    [Theory, DatabaseData]
    public async Task DeleteStatusAsync_Unused_Deleted(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var (owner, dict) = await OwnerAsync(studio);
        var lead = await dict.CreateStatusAsync(owner, "Lead", true, "#90A4AE", Ct);
        await dict.CreateStatusAsync(owner, "Trial", true, "#FFB74D", Ct);

        Assert.Equal(0, await dict.DeleteStatusAsync(owner, lead, await VersionAsync(studio, db => db.ClientStatuses, lead), null, Ct));

        Assert.Equal(["Trial"], (await dict.ListStatusesAsync(owner, Ct)).Select(s => s.Name));
    }

    // ---------- order ----------

    [Theory, DatabaseData]
    public async Task MoveStatusAsync_DownAndUp_OrderPersists(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var (owner, dict) = await OwnerAsync(studio);
        var lead = await dict.CreateStatusAsync(owner, "Lead", true, "#90A4AE", Ct);
        await dict.CreateStatusAsync(owner, "Trial", true, "#FFB74D", Ct);
        var regular = await dict.CreateStatusAsync(owner, "Regular", true, "#66BB6A", Ct);

        await dict.MoveStatusAsync(owner, lead, await VersionAsync(studio, db => db.ClientStatuses, lead), 1, Ct);
        await dict.MoveStatusAsync(owner, regular, await VersionAsync(studio, db => db.ClientStatuses, regular), -1, Ct);
        await dict.MoveStatusAsync(owner, regular, await VersionAsync(studio, db => db.ClientStatuses, regular), -1, Ct);
        await dict.MoveStatusAsync(owner, regular, await VersionAsync(studio, db => db.ClientStatuses, regular), -1, Ct); // first already: nothing

        var statuses = await dict.ListStatusesAsync(owner, Ct);
        Assert.Equal(["Regular", "Trial", "Lead"], statuses.Select(s => s.Name));
        Assert.Equal([0, 1, 2], statuses.Select(s => s.Order));
        Assert.Equal(["Regular", "Trial", "Lead"], await studio.ReadAsync(db => db.ClientStatuses.OrderBy(s => s.Order).Select(s => s.Name).ToListAsync(Ct)));
    }

    [Theory, DatabaseData]
    public async Task MoveCustomFieldAsync_Up_OrderPersists(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var (owner, dict) = await OwnerAsync(studio);
        await dict.CreateCustomFieldAsync(owner, "Age", CustomFieldKind.Number, [], Ct);
        var level = await dict.CreateCustomFieldAsync(owner, "Level", CustomFieldKind.Choice, ["Beginner"], Ct);

        await dict.MoveCustomFieldAsync(owner, level, await VersionAsync(studio, db => db.CustomFields, level), -1, Ct);

        Assert.Equal(["Level", "Age"], await studio.ReadAsync(db => db.CustomFields.OrderBy(f => f.Order).Select(f => f.Name).ToListAsync(Ct)));
    }

    // ---------- custom fields ----------

    [Theory, DatabaseData]
    public async Task DeleteCustomFieldAsync_WithValues_RefusedUntilConfirmedThenValuesRemoved(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var (owner, dict) = await OwnerAsync(studio);
        var age = await dict.CreateCustomFieldAsync(owner, "Age", CustomFieldKind.Number, [], Ct);
        var goal = await dict.CreateCustomFieldAsync(owner, "Goal", CustomFieldKind.Text, [], Ct);
        var a = await AddClientAsync(studio, owner, fields: new() { [age] = "7", [goal] = "Stage" });
        var b = await AddClientAsync(studio, owner, fields: new() { [age] = "9" });
        await AddClientAsync(studio, owner, fields: new() { [goal] = "Fun" });
        var version = await VersionAsync(studio, db => db.CustomFields, age);

        var refused = await Assert.ThrowsAsync<DomainException>(() => dict.DeleteCustomFieldAsync(owner, age, version, false, Ct));
        Assert.Equal(("Error.FieldHasValues", "Age", 2), (refused.Code, refused.Args[0], refused.Args[1]));
        Assert.Equal("7", (await FieldsOfAsync(studio, a))[age]);

        var cleared = await dict.DeleteCustomFieldAsync(owner, age, version, true, Ct);

        Assert.Equal(2, cleared);
        Assert.Equal(new Dictionary<Guid, string> { [goal] = "Stage" }, await FieldsOfAsync(studio, a));
        Assert.Empty(await FieldsOfAsync(studio, b));
        Assert.Equal(["Goal"], (await dict.ListCustomFieldsAsync(owner, Ct)).Select(f => f.Name));
    }

    [Theory, DatabaseData]
    public async Task UpdateCustomFieldAsync_RemovesChoiceInUse_RefusedNamingHowMany(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var (owner, dict) = await OwnerAsync(studio);
        var level = await dict.CreateCustomFieldAsync(owner, "Level", CustomFieldKind.Choice, ["Beginner", "Middle", "High"], Ct);
        await AddClientAsync(studio, owner, fields: new() { [level] = "Middle" });
        var version = await VersionAsync(studio, db => db.CustomFields, level);

        var ex = await Assert.ThrowsAsync<DomainException>(() => dict.UpdateCustomFieldAsync(owner, level, version, "Level", ["Beginner", "High"], Ct));
        await dict.UpdateCustomFieldAsync(owner, level, version, "Level", ["Beginner", "MIDDLE"], Ct); // "High" is unused; a new case is the same choice

        Assert.Equal(("Error.ChoiceInUse", "Middle", 1), (ex.Code, ex.Args[0], ex.Args[1]));
        Assert.Equal(["Beginner", "MIDDLE"], Assert.Single(await dict.ListCustomFieldsAsync(owner, Ct)).Choices);
    }

    [Theory, DatabaseData]
    public async Task CreateCustomFieldAsync_ChoiceWithoutChoices_Refused(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var (owner, dict) = await OwnerAsync(studio);

        var ex = await Assert.ThrowsAsync<DomainException>(() => dict.CreateCustomFieldAsync(owner, "Level", CustomFieldKind.Choice, [], Ct));

        Assert.Equal("Error.ChoicesRequired", ex.Code);
        Assert.Empty(await dict.ListCustomFieldsAsync(owner, Ct));
    }

    // ---------- live ----------

    [Theory, DatabaseData]
    public async Task Changes_Committed_PublishedOnTheDictionariesTopic(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var (owner, dict) = await OwnerAsync(studio);
        var heard = new System.Collections.Concurrent.ConcurrentQueue<LiveMessage>();
        var four = new TaskCompletionSource();
        using var _ = studio.Services.GetRequiredService<ILiveBus>().Subscribe(LiveTopics.Dictionaries, m =>
        {
            heard.Enqueue(m);
            if (heard.Count >= 4) four.TrySetResult();
            return Task.CompletedTask;
        });

        var tag = await dict.CreateTagAsync(owner, "VIP", "#FFB300", Ct);
        await Assert.ThrowsAsync<DomainException>(() => dict.CreateTagAsync(owner, "vip", "#FFB300", Ct)); // refused: nothing heard
        await dict.CreateSourceAsync(owner, "Site", Ct);
        await dict.CreateStatusAsync(owner, "Lead", true, "#90A4AE", Ct);
        await dict.DeleteTagAsync(owner, tag, await VersionAsync(studio, db => db.Tags, tag), null, Ct);
        await four.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.Equal([DictionaryKinds.Sources, DictionaryKinds.Statuses, DictionaryKinds.Tags, DictionaryKinds.Tags],
            heard.Select(m => m.Kind).Order());
    }

    // ---------- arranging ----------

    private static DictionaryService Dictionaries(TestStudio studio) => studio.Services.GetRequiredService<DictionaryService>();

    private static async Task<(Guid Owner, DictionaryService Dict)> OwnerAsync(TestStudio studio) =>
        (await studio.AddEmployeeAsync(EmployeeRole.Owner), Dictionaries(studio));

    private static async Task<Guid[]> StaffAsync(TestStudio studio) =>
        [await studio.AddEmployeeAsync(EmployeeRole.Manager), await studio.AddEmployeeAsync(EmployeeRole.Teacher)];

    private static Task<Guid> VersionAsync<T>(TestStudio studio, Func<StudioDbContext, IQueryable<T>> set, Guid id) where T : VersionedEntity =>
        studio.ReadAsync(db => set(db).Where(e => e.Id == id).Select(e => e.Version).SingleAsync(Ct));

    private static int _phones;

    /// <summary>A client written straight to the database, with the statuses given in turn (recorded, unless told otherwise).</summary>
    private static async Task<Guid> AddClientAsync(TestStudio studio, Guid by, Guid? sourceId = null, Guid[]? tagIds = null,
        Dictionary<Guid, string>? fields = null, Guid[]? statuses = null, bool recordHistory = true)
    {
        var n = Interlocked.Increment(ref _phones);
        var client = new Client(new ClientProfile($"Client {n}", [$"+38050{1000000 + n}"], null, null, null, studio.BranchId, sourceId, null,
            tagIds ?? [], ContactChannels.None, null, fields ?? new Dictionary<Guid, string>()), Now.AddDays(-30));
        await using var db = studio.Services.GetRequiredService<IDbContextFactory<StudioDbContext>>().CreateDbContext();
        db.Clients.Add(client);
        var at = Now.AddDays(-20);
        foreach (var status in statuses ?? [])
        {
            var change = client.ChangeStatus(status, by, at = at.AddDays(1));
            if (recordHistory && change is not null) db.ClientStatusChanges.Add(change);
        }
        await db.SaveChangesAsync(Ct);
        return client.Id;
    }

    /// <summary>A deal for a new client, both with the source; the deal also with the tags.</summary>
    private static async Task<Guid> AddDealAsync(TestStudio studio, Guid owner, TestBoard board, Guid? sourceId, Guid[]? tagIds = null)
    {
        var n = Interlocked.Increment(ref _phones);
        var id = await studio.Pipelines.CreateDealAsync(owner,
            new NewDeal(board.Id, null, $"Deal client {n}", $"+38050{1000000 + n}", null, null, null, sourceId, 500m, null), Ct);
        if (tagIds is { Length: > 0 })
        {
            var d = await studio.Pipelines.GetDealAsync(owner, id, Ct);
            await studio.Pipelines.UpdateDealAsync(owner, new DealEdit(id, d.Version, d.Amount, d.Title, d.ResponsibleId, d.SourceId, d.BranchId,
                tagIds, d.CustomFields, d.CallbackAt), Ct);
        }
        return id;
    }

    private static async Task<List<Guid>> TagsOfAsync(TestStudio studio, Guid clientId) =>
        [.. (await studio.ReadAsync(db => db.Set<ClientTag>().Where(t => t.ClientId == clientId).Select(t => t.TagId).ToListAsync(Ct))).Order()];

    private static Task<IReadOnlyDictionary<Guid, string>> FieldsOfAsync(TestStudio studio, Guid clientId) =>
        studio.ReadAsync(db => db.Clients.Where(c => c.Id == clientId).Select(c => c.CustomFields).SingleAsync(Ct));
}
