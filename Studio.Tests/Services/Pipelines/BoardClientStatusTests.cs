using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Live;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Pipelines;
using Studio.Tests.Infrastructure;

namespace Studio.Tests.Services.Pipelines;

/// <summary>
/// Won and Lost reach the client (issue 17.11): a board may name the client status a won or a lost deal gives its client; closing the
/// deal changes the client's status in the same save, with the usual status history line. Statuses are checked when the board is saved.
/// </summary>
public sealed class BoardClientStatusTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Arranged(TestStudio Studio, Guid Owner, Guid Manager, TestBoard Board, Guid Lead, Guid Active, Guid Refused);

    private async Task<Arranged> ArrangeAsync(DatabaseProvider provider)
    {
        var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var statuses = studio.Services.GetRequiredService<DictionaryService>();
        var lead = await statuses.CreateStatusAsync(owner, "Lead", true, "#90A4AE", Ct);
        var active = await statuses.CreateStatusAsync(owner, "Active", true, "#43A047", Ct);
        var refused = await statuses.CreateStatusAsync(owner, "Refused", true, "#E53935", Ct);
        var board = await studio.AddBoardAsync(owner, manager);
        return new(studio, owner, manager, board, lead, active, refused);
    }

    private static Task SaveAsync(Arranged a, ClientStatusesOnClose? statuses, Guid? version = null)
    {
        var s = a.Board.Settings;
        return a.Studio.Pipelines.SaveSettingsAsync(a.Owner, s.Id, version ?? s.Version, s.Name,
            [.. s.Stages.Select(x => new StageInput(x.Id, x.Name, x.Colour, x.TimeLimitDays, x.CountsAsTrial))],
            [.. s.LossReasons.Select(r => r.Name)], s.MemberIds, new BoardSaveOptions { ClientStatuses = statuses }, Ct);
    }

    private static async Task<(Guid Deal, Guid Client, Guid? Status)> DealAsync(Arranged a)
    {
        var deal = await a.Studio.AddDealAsync(a.Manager, a.Board);
        var client = await a.Studio.ReadAsync(db => db.Deals.Where(d => d.Id == deal).Select(d => d.ClientId).SingleAsync(Ct));
        return (deal, client, await StatusAsync(a, client));
    }

    private static Task<Guid?> StatusAsync(Arranged a, Guid client) =>
        a.Studio.ReadAsync(db => db.Clients.Where(c => c.Id == client).Select(c => c.StatusId).SingleAsync(Ct));

    [Theory, DatabaseData]
    public async Task MoveDealAsync_IntoWon_TheBoardsWonStatusReachesTheClientWithAHistoryLine(DatabaseProvider provider)
    {
        var a = await ArrangeAsync(provider);
        await using var _ = a.Studio;
        await SaveAsync(a, new(a.Active, a.Refused));
        Assert.Equal(new ClientStatusesOnClose(a.Active, a.Refused), (await a.Studio.Pipelines.GetSettingsAsync(a.Owner, a.Board.Id, Ct)).ClientStatuses);
        var (deal, client, before) = await DealAsync(a);
        Assert.NotEqual(a.Active, before);
        a.Studio.Clock.Advance(TimeSpan.FromMinutes(5));
        var heard = new List<string>();
        using var card = a.Studio.Services.GetRequiredService<ILiveBus>().Subscribe(LiveTopics.Client(client), m =>
        {
            lock (heard) heard.Add(m.Kind);
            return Task.CompletedTask;
        });

        await a.Studio.Pipelines.MoveDealAsync(a.Manager, deal, a.Board.Won, null, Ct);

        Assert.Equal(a.Active, await StatusAsync(a, client));
        var change = await a.Studio.ReadAsync(db => db.ClientStatusChanges.Where(c => c.ClientId == client && c.ToStatusId == a.Active).SingleAsync(Ct));
        Assert.Equal((before, a.Manager, a.Studio.Clock.GetUtcNow().UtcDateTime), (change.FromStatusId, change.ById, change.At));
        // An open client card hears it through the usual event.
        await Eventually.TrueAsync(() => { lock (heard) return heard.Contains(nameof(Studio.Domain.Clients.ClientStatusChanged)); }, "the client's card told");
    }

    [Theory, DatabaseData]
    public async Task MoveDealAsync_IntoLost_TheBoardsLostStatusReachesTheClient(DatabaseProvider provider)
    {
        var a = await ArrangeAsync(provider);
        await using var _ = a.Studio;
        await SaveAsync(a, new(a.Active, a.Refused));
        var (deal, client, _) = await DealAsync(a);

        await a.Studio.Pipelines.MoveDealAsync(a.Manager, deal, a.Board.Lost, a.Board.Reason("No time"), Ct);

        Assert.Equal(a.Refused, await StatusAsync(a, client));
        Assert.Equal(1, await a.Studio.ReadAsync(db => db.ClientStatusChanges.CountAsync(c => c.ClientId == client && c.ToStatusId == a.Refused, Ct)));
    }

    [Theory, DatabaseData]
    public async Task MoveDealAsync_BoardSetsNone_TheClientsStatusIsLeftAlone(DatabaseProvider provider)
    {
        var a = await ArrangeAsync(provider);
        await using var _ = a.Studio;
        await SaveAsync(a, new(null, null));
        var (won, wonClient, wonBefore) = await DealAsync(a);
        var (lost, lostClient, lostBefore) = await DealAsync(a);
        var changes = await a.Studio.ReadAsync(db => db.ClientStatusChanges.CountAsync(Ct));

        await a.Studio.Pipelines.MoveDealAsync(a.Manager, won, a.Board.Won, null, Ct);
        await a.Studio.Pipelines.MoveDealAsync(a.Manager, lost, a.Board.Lost, a.Board.Reason("No time"), Ct);

        Assert.Equal((wonBefore, lostBefore), (await StatusAsync(a, wonClient), await StatusAsync(a, lostClient)));
        Assert.Equal(changes, await a.Studio.ReadAsync(db => db.ClientStatusChanges.CountAsync(Ct)));
    }

    [Theory, DatabaseData]
    public async Task SaveSettingsAsync_DeletedOrUnknownStatus_RefusedAndNothingSaved(DatabaseProvider provider)
    {
        var a = await ArrangeAsync(provider);
        await using var _ = a.Studio;
        var dictionary = a.Studio.Services.GetRequiredService<DictionaryService>();
        var gone = await dictionary.CreateStatusAsync(a.Owner, "Gone", true, "#000000", Ct);
        var entry = (await dictionary.ListStatusesAsync(a.Owner, Ct)).Single(s => s.Id == gone);
        await dictionary.DeleteStatusAsync(a.Owner, gone, entry.Version, ct: Ct);

        var deleted = await Assert.ThrowsAsync<DomainException>(() => SaveAsync(a, new(gone, a.Refused)));
        var unknown = await Assert.ThrowsAsync<DomainException>(() => SaveAsync(a, new(a.Active, Guid.NewGuid())));

        Assert.Equal(("Error.Unknown", "Error.Unknown"), (deleted.Code, unknown.Code));
        var after = await a.Studio.Pipelines.GetSettingsAsync(a.Owner, a.Board.Id, Ct);
        Assert.Equal((new ClientStatusesOnClose(null, null), a.Board.Settings.Version), (after.ClientStatuses, after.Version));
    }

    [Theory, DatabaseData]
    public async Task SaveSettingsAsync_WithoutStatusesGiven_LeavesTheBoardsChoiceAsItWas(DatabaseProvider provider)
    {
        var a = await ArrangeAsync(provider);
        await using var _ = a.Studio;
        await SaveAsync(a, new(a.Active, a.Refused));
        var s = await a.Studio.Pipelines.GetSettingsAsync(a.Owner, a.Board.Id, Ct);

        await a.Studio.Pipelines.SaveSettingsAsync(a.Owner, s.Id, s.Version, "Renamed",
            [.. s.Stages.Select(x => new StageInput(x.Id, x.Name, x.Colour, x.TimeLimitDays, x.CountsAsTrial))], [.. s.LossReasons.Select(r => r.Name)],
            s.MemberIds, Ct);

        Assert.Equal(new ClientStatusesOnClose(a.Active, a.Refused), (await a.Studio.Pipelines.GetSettingsAsync(a.Owner, a.Board.Id, Ct)).ClientStatuses);
    }

    [Theory, DatabaseData]
    public async Task UndoMoveAsync_OutOfWon_TheClientGoesBackToItsStatusAndTheHistoryLineGoes(DatabaseProvider provider)
    {
        var a = await ArrangeAsync(provider);
        await using var _ = a.Studio;
        await SaveAsync(a, new(a.Active, a.Refused));
        var (deal, client, before) = await DealAsync(a);
        var changes = await a.Studio.ReadAsync(db => db.ClientStatusChanges.CountAsync(c => c.ClientId == client, Ct));
        a.Studio.Clock.Advance(TimeSpan.FromMinutes(5));
        var undo = await a.Studio.Pipelines.MoveDealAsync(a.Manager, deal, a.Board.Won, null, Ct);
        Assert.Equal(a.Active, await StatusAsync(a, client));

        await a.Studio.Pipelines.UndoMoveAsync(a.Manager, undo!, Ct);

        Assert.Equal(before, await StatusAsync(a, client));
        Assert.Equal(changes, await a.Studio.ReadAsync(db => db.ClientStatusChanges.CountAsync(c => c.ClientId == client, Ct)));
    }

    [Theory, DatabaseData]
    public async Task UndoMoveAsync_SomeoneSetTheClientsStatusSince_TheirStatusStands(DatabaseProvider provider)
    {
        var a = await ArrangeAsync(provider);
        await using var _ = a.Studio;
        await SaveAsync(a, new(a.Active, a.Refused));
        var (deal, client, _) = await DealAsync(a);
        a.Studio.Clock.Advance(TimeSpan.FromMinutes(5));
        var undo = await a.Studio.Pipelines.MoveDealAsync(a.Manager, deal, a.Board.Lost, a.Board.Reason("No time"), Ct);
        a.Studio.Clock.Advance(TimeSpan.FromSeconds(3));
        await a.Studio.Services.GetRequiredService<ClientService>().ChangeStatusAsync(a.Owner, client, a.Lead, Ct);

        await a.Studio.Pipelines.UndoMoveAsync(a.Manager, undo!, Ct);

        Assert.Equal(a.Board.Start, await a.Studio.ReadAsync(db => db.Deals.Where(d => d.Id == deal).Select(d => d.StageId).SingleAsync(Ct)));
        Assert.Equal(a.Lead, await StatusAsync(a, client));
        Assert.Equal(1, await a.Studio.ReadAsync(db => db.ClientStatusChanges.CountAsync(c => c.ClientId == client && c.ToStatusId == a.Refused, Ct)));
    }
}
