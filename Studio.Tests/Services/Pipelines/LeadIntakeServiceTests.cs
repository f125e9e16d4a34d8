using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Domain.Pipelines;
using Studio.Infrastructure.Live;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Pipelines;
using Studio.Tests.Infrastructure;
using Studio.Domain.Clients;

namespace Studio.Tests.Services.Pipelines;

/// <summary>The public web form's use case on every database: find or create, one transaction, races, receipts.</summary>
public sealed class LeadIntakeServiceTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static LeadIntakeService Leads(TestStudio studio) => studio.Services.GetRequiredService<LeadIntakeService>();

    private static Task<(int Clients, int Deals, int Moves, int Notes, int Receipts)> CountsAsync(TestStudio studio) =>
        studio.ReadAsync(async db => (await db.Clients.CountAsync(Ct), await db.Deals.CountAsync(Ct), await db.DealMoves.CountAsync(Ct),
            await db.DealNotes.CountAsync(Ct), await db.LeadReceipts.CountAsync(Ct)));

    [Theory, DatabaseData]
    public async Task TakeAsync_NewPhone_CreatesClientAndDealInStartWithNoteAndUtmByWebForm(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var board = await studio.AddBoardAsync(owner);

        var taken = await Leads(studio).TakeAsync(board.Settings.FormKey,
            new LeadForm(" Olena Koval ", "067 555 12 34", "Olena@Mail.Test", "Wants a trial on Saturday", "Billboard",
                UtmSource: "google", UtmCampaign: "spring"), null, Ct);

        Assert.False(taken.Replayed);
        var deal = await studio.Pipelines.GetDealAsync(owner, taken.DealId, Ct);
        Assert.Equal((taken.ClientId, "Olena Koval", "+380675551234", "olena@mail.test"),
            (deal.ClientId, deal.ClientName, deal.ClientPhone, deal.ClientEmail));
        Assert.Equal((board.Start, (Guid?)null, (Guid?)null, studio.BranchId, 0m),
            (deal.StageId, deal.ResponsibleId, deal.SourceId, deal.BranchId, deal.Amount));
        Assert.Equal(new Dictionary<string, string> { ["utm_source"] = "google", ["utm_campaign"] = "spring", ["source"] = "Billboard" },
            deal.CustomFields);
        var created = Assert.Single(deal.History);
        Assert.Equal((null, "Start", "Web form", true), (created.FromStage, created.ToStage, created.ByName, created.ByWebForm));
        var note = Assert.Single(deal.Notes);
        Assert.Equal(("Wants a trial on Saturday", "Web form", true), (note.Text, note.ByName, note.ByWebForm));
        var stored = await studio.ReadAsync(db => db.Deals.AsNoTracking().SingleAsync(d => d.Id == taken.DealId, Ct));
        Assert.Equal(WebForm.ActorId, stored.CreatedById);
        var client = await studio.ReadAsync(db => db.Clients.AsNoTracking().SingleAsync(Ct));
        Assert.Equal(((Guid?)null, (Guid?)null, studio.BranchId), (client.ResponsibleId, client.SourceId, client.BranchId));
        Assert.Equal((1, 1, 1, 1, 0), await CountsAsync(studio));
    }

    [Theory, DatabaseData]
    public async Task TakeAsync_KnownSourceInOtherCase_SetsSourceOnDealAndClient(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var board = await studio.AddBoardAsync(owner);
        var source = new LeadSource("Інстаграм");
        await studio.ReadAsync(async db => { db.LeadSources.Add(source); return await db.SaveChangesAsync(Ct); });

        var taken = await Leads(studio).TakeAsync(board.Settings.FormKey,
            new LeadForm("Ivan", null, "ivan@mail.test", null, "ІНСТАГРАМ"), null, Ct);

        var deal = await studio.Pipelines.GetDealAsync(owner, taken.DealId, Ct);
        Assert.Equal(source.Id, deal.SourceId);
        Assert.Empty(deal.CustomFields);
        Assert.Equal(source.Id, await studio.ReadAsync(db => db.Clients.Select(c => c.SourceId).SingleAsync(Ct)));
    }

    [Theory, DatabaseData]
    public async Task TakeAsync_PhoneOfExistingClientInOtherFormat_PutsDealOnThatClient(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var board = await studio.AddBoardAsync(owner);
        var first = await studio.Pipelines.GetDealAsync(owner, await studio.AddDealAsync(owner, board), Ct); // +380671000001

        var taken = await Leads(studio).TakeAsync(board.Settings.FormKey,
            new LeadForm("Someone Else Typed", "+38 (067) 100-00-01", "new@mail.test", null, null), null, Ct);

        Assert.Equal(first.ClientId, taken.ClientId);
        Assert.Equal((1, 2), await studio.ReadAsync(async db => (await db.Clients.CountAsync(Ct), await db.Deals.CountAsync(Ct))));
        Assert.Null(await studio.ReadAsync(db => db.Clients.Select(c => c.Email).SingleAsync(Ct))); // the desk's card is left alone
    }

    [Theory, DatabaseData]
    public async Task TakeAsync_EmailOfExistingClient_PutsDealOnThatClient(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var board = await studio.AddBoardAsync(owner);
        var dealId = await studio.Pipelines.CreateDealAsync(owner,
            new NewDeal(board.Id, null, "Maria", null, "maria@mail.test", null, null, null, 0m, null), Ct);
        var clientId = (await studio.Pipelines.GetDealAsync(owner, dealId, Ct)).ClientId;

        var taken = await Leads(studio).TakeAsync(board.Settings.FormKey, new LeadForm("Maria", null, "MARIA@mail.test", null, null), null, Ct);

        Assert.Equal(clientId, taken.ClientId);
        Assert.Equal(1, await studio.ReadAsync(db => db.Clients.CountAsync(Ct)));
    }

    [Theory, DatabaseData]
    public async Task TakeAsync_BadFields_NamesEachFieldAndSavesNothing(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var board = await studio.AddBoardAsync(owner);

        var bad = await Assert.ThrowsAsync<LeadFormInvalidException>(() => Leads(studio).TakeAsync(board.Settings.FormKey,
            new LeadForm("  ", "12", "x@", new string('c', 4001), null, UtmTerm: new string('t', 201)), new string('k', 101), Ct));
        var neither = await Assert.ThrowsAsync<LeadFormInvalidException>(() => Leads(studio).TakeAsync(board.Settings.FormKey,
            new LeadForm(new string('n', 161), "", null, null, new string('s', 201)), null, Ct));

        Assert.Equal(["Idempotency-Key", "comment", "email", "name", "phone", "utm_term"], bad.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["email", "name", "phone", "source"], neither.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal((0, 0, 0, 0, 0), await CountsAsync(studio));
    }

    [Theory, DatabaseData]
    public async Task TakeAsync_UnknownOrArchivedBoardKey_ThrowsNotFoundAndSavesNothing(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var board = await studio.AddBoardAsync(owner);
        await studio.ReadAsync(async db =>
        {
            (await db.Boards.SingleAsync(b => b.Id == board.Id, Ct)).Archive(true);
            return await db.SaveChangesAsync(Ct);
        });
        var lead = new LeadForm("Ivan", "0671234567", null, null, null);

        await Assert.ThrowsAsync<NotFoundException>(() => Leads(studio).TakeAsync("no-such-key", lead, null, Ct));
        await Assert.ThrowsAsync<NotFoundException>(() => Leads(studio).TakeAsync(board.Settings.FormKey, lead, null, Ct));

        Assert.Equal((0, 0, 0, 0, 0), await CountsAsync(studio));
    }

    [Theory, DatabaseData]
    public async Task TakeAsync_FiftyAtOnceWithOnePhone_MakesOneClientAndFiftyDeals(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var board = await studio.AddBoardAsync(owner);
        var leads = Leads(studio);
        // The same number as different people type it.
        string[] spellings = ["+380 67 555 12 34", "067 555 12 34", "(067) 555-12-34", "380675551234"];

        var taken = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() =>
            leads.TakeAsync(board.Settings.FormKey, new LeadForm($"Visitor {i}", spellings[i % spellings.Length], null, $"Lead {i}", null), null, Ct), Ct)));

        Assert.Single(taken.Select(t => t.ClientId).Distinct());
        Assert.Equal(50, taken.Select(t => t.DealId).Distinct().Count());
        Assert.Equal((1, 50, 50, 50, 0), await CountsAsync(studio));
    }

    [Theory, DatabaseData]
    public async Task TakeAsync_FiftyAtOnceWithOneIdempotencyKey_MakesOneDealAndAnswersItToAll(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var board = await studio.AddBoardAsync(owner);
        var leads = Leads(studio);

        // Different phones, so only the key (not the phone's lock) keeps them apart.
        var taken = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() =>
            leads.TakeAsync(board.Settings.FormKey, new LeadForm("Visitor", $"+38067{2000000 + i}", null, "Hello", null), "submit-7f3a", Ct), Ct)));

        var first = Assert.Single(taken, t => !t.Replayed);
        Assert.All(taken, t => Assert.Equal((first.DealId, first.ClientId), (t.DealId, t.ClientId)));
        Assert.Equal((1, 1, 1, 1, 1), await CountsAsync(studio));
    }

    [Theory, DatabaseData]
    public async Task TakeAsync_SameKeyOnAnotherBoard_MakesItsOwnDeal(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var sales = await studio.AddBoardAsync(owner);
        var webinar = await studio.AddBoardAsync(owner);
        var lead = new LeadForm("Ivan", "0671234567", null, null, null);

        var a = await Leads(studio).TakeAsync(sales.Settings.FormKey, lead, "key-1", Ct);
        var again = await Leads(studio).TakeAsync(sales.Settings.FormKey, lead, "key-1", Ct);
        var b = await Leads(studio).TakeAsync(webinar.Settings.FormKey, lead, "key-1", Ct);

        Assert.Equal((a.DealId, true), (again.DealId, again.Replayed));
        Assert.NotEqual(a.DealId, b.DealId);
        Assert.Equal((1, 2, 2, 0, 2), await CountsAsync(studio));
    }

    [Theory, DatabaseData]
    public async Task TakeAsync_Committed_TellsTheBoardDealCreated(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var board = await studio.AddBoardAsync(owner);
        var heard = new TaskCompletionSource<LiveMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var _ = studio.Services.GetRequiredService<ILiveBus>().Subscribe(LiveTopics.Board(board.Id), m =>
        {
            if (m.Kind == nameof(DealCreated)) heard.TrySetResult(m);
            return Task.CompletedTask;
        });

        var taken = await Leads(studio).TakeAsync(board.Settings.FormKey, new LeadForm("Ivan", "0671234567", null, "Hi", null), null, Ct);

        Assert.Equal(taken.DealId, (await heard.Task.WaitAsync(TimeSpan.FromSeconds(5), Ct)).Id);
    }

    [Theory, DatabaseData]
    public async Task SetAllowedOriginsAsync_Owner_SavesThemNormalisedForTheForm(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var board = await studio.AddBoardAsync(owner);

        var saved = await studio.Pipelines.SetAllowedOriginsAsync(owner, board.Id,
            ["https://Studio.Example/", "https://studio.example:443", " http://localhost:8080 ", ""], ct: Ct);

        Assert.Equal(["https://studio.example", "http://localhost:8080"], saved);
        Assert.Equal(saved, (await studio.Pipelines.GetSettingsAsync(owner, board.Id, Ct)).AllowedOrigins);
        Assert.Equal(saved, await Leads(studio).AllowedOriginsAsync(board.Settings.FormKey, Ct));
        Assert.Empty(await Leads(studio).AllowedOriginsAsync("no-such-key", Ct));
    }

    [Theory, DatabaseData]
    public async Task SetAllowedOriginsAsync_ManagerOrBadOrigin_RefusedAndNothingChanges(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var board = await studio.AddBoardAsync(owner, manager);

        await Assert.ThrowsAsync<AccessDeniedException>(() => studio.Pipelines.SetAllowedOriginsAsync(manager, board.Id, ["https://a.example"], ct: Ct));
        var bad = await Assert.ThrowsAsync<DomainException>(() =>
            studio.Pipelines.SetAllowedOriginsAsync(owner, board.Id, ["https://a.example", "https://a.example/form"], ct: Ct));

        Assert.Equal("Error.Origin", bad.Code);
        Assert.Empty((await studio.Pipelines.GetSettingsAsync(owner, board.Id, Ct)).AllowedOrigins);
    }

    [Theory, DatabaseData]
    public async Task SetAllowedOriginsAsync_BoardSavedElsewhereSinceLoaded_ThrowsConflictAndKeepsTheirs(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var board = await studio.AddBoardAsync(owner);
        await studio.Pipelines.SetAllowedOriginsAsync(owner, board.Id, ["https://theirs.example"], board.Settings.Version, Ct);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            studio.Pipelines.SetAllowedOriginsAsync(owner, board.Id, ["https://mine.example"], board.Settings.Version, Ct));

        Assert.Equal(["https://theirs.example"], (await studio.Pipelines.GetSettingsAsync(owner, board.Id, Ct)).AllowedOrigins);
    }

    [Theory, DatabaseData]
    public async Task TakeAsync_NulOrControlCharacterInAnyField_RefusedNamingEachFieldSameOnEveryDatabase(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var board = await studio.AddBoardAsync(owner);

        var bad = await Assert.ThrowsAsync<LeadFormInvalidException>(() => Leads(studio).TakeAsync(board.Settings.FormKey,
            new LeadForm("Olena\0Koval", "067 555 12 34", "ol\u0001ena@mail.test", "Call\0me", "Bill\u001Bboard",
                UtmSource: "goo\u007Fgle", UtmCampaign: "spr\u0085ing"), "key\u0007", Ct));

        Assert.Equal(new[] { "comment", "email", LeadForm.IdempotencyKeyField, "name", "source", "utm_campaign", "utm_source" }.Order(StringComparer.Ordinal),
            bad.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("control characters", bad.Errors["name"].Single());
        Assert.Equal((0, 0, 0, 0, 0), await CountsAsync(studio));
    }

    [Theory, DatabaseData]
    public async Task TakeAsync_CommentWithLineBreaksAndTabs_KeptAsSent(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var board = await studio.AddBoardAsync(owner);

        var taken = await Leads(studio).TakeAsync(board.Settings.FormKey,
            new LeadForm("Olena", "067 555 12 35", null, "Saturday?\r\n\tAfter ten", null), null, Ct);

        var deal = await studio.Pipelines.GetDealAsync(owner, taken.DealId, Ct);
        Assert.Equal("Saturday?\r\n\tAfter ten", Assert.Single(deal.Notes).Text);
    }
}
