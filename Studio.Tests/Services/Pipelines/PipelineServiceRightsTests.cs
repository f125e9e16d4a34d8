using Microsoft.EntityFrameworkCore;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Pipelines;
using Studio.Tests.Infrastructure;

namespace Studio.Tests.Services.Pipelines;

/// <summary>
/// The rights rules of the pipeline use cases, one test per rule, on every database. The
/// services are public endpoints in a Blazor Server app: what the screen shows proves nothing.
/// </summary>
public sealed class PipelineServiceRightsTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, DatabaseData]
    public async Task ListBoardsAsync_Owner_SeesEveryBoard(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var withMember = await studio.AddBoardAsync(owner, manager);
        var withoutMembers = await studio.AddBoardAsync(owner);

        var boards = await studio.Pipelines.ListBoardsAsync(owner, Ct);

        Assert.Equal(new[] { withMember.Id, withoutMembers.Id }.Order(), boards.Select(b => b.Id).Order());
    }

    [Theory, DatabaseData]
    public async Task ListBoardsAsync_Manager_SeesOnlyBoardsTheyAreMemberOf(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var other = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var theirs = await studio.AddBoardAsync(owner, manager, other);
        await studio.AddBoardAsync(owner, other);
        await studio.AddBoardAsync(owner);

        var boards = await studio.Pipelines.ListBoardsAsync(manager, Ct);

        Assert.Equal([theirs.Id], boards.Select(b => b.Id));
    }

    [Theory, DatabaseData]
    public async Task EnsureCanSeeAsync_ManagerNotMember_ThrowsAccessDenied(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var member = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var outsider = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var board = await studio.AddBoardAsync(owner, member);

        await studio.Pipelines.EnsureCanSeeAsync(member, board.Id, Ct);
        await Assert.ThrowsAsync<AccessDeniedException>(() => studio.Pipelines.EnsureCanSeeAsync(outsider, board.Id, Ct));
    }

    [Theory, DatabaseData]
    public async Task ListBoardsAsync_Teacher_SeesNoBoardEvenAsMember(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var teacher = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var board = await studio.AddBoardAsync(owner, teacher);

        Assert.Empty(await studio.Pipelines.ListBoardsAsync(teacher, Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => studio.Pipelines.EnsureCanSeeAsync(teacher, board.Id, Ct));
    }

    [Theory, DatabaseData]
    public async Task MoveDealAsync_ManagerNotMember_ThrowsAndChangesNothing(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var (owner, outsider, board, deal) = await BoardWithDealAndOutsiderAsync(studio);

        await Assert.ThrowsAsync<AccessDeniedException>(() => studio.Pipelines.MoveDealAsync(outsider, deal, board.Stage("Call"), null, Ct));

        var after = await studio.Pipelines.GetDealAsync(owner, deal, Ct);
        Assert.Equal(board.Start, after.StageId);
        Assert.Single(after.History);
    }

    [Theory, DatabaseData]
    public async Task CreateDealAsync_ManagerNotMember_ThrowsAndSavesNothing(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var (_, outsider, board, _) = await BoardWithDealAndOutsiderAsync(studio);
        var before = await CountRowsAsync(studio);

        await Assert.ThrowsAsync<AccessDeniedException>(() => studio.Pipelines.CreateDealAsync(outsider,
            new NewDeal(board.Id, null, "Sneaky Client", "+380501234567", null, null, null, null, 100m, null), Ct));

        Assert.Equal(before, await CountRowsAsync(studio));
    }

    [Theory, DatabaseData]
    public async Task GetDealAsync_ManagerNotMember_ThrowsAccessDenied(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var (_, outsider, _, deal) = await BoardWithDealAndOutsiderAsync(studio);

        await Assert.ThrowsAsync<AccessDeniedException>(() => studio.Pipelines.GetDealAsync(outsider, deal, Ct));
    }

    [Theory, DatabaseData]
    public async Task UpdateDealAsync_ManagerNotMember_ThrowsAndChangesNothing(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var (owner, outsider, _, deal) = await BoardWithDealAndOutsiderAsync(studio);
        var before = await studio.Pipelines.GetDealAsync(owner, deal, Ct);

        await Assert.ThrowsAsync<AccessDeniedException>(() => studio.Pipelines.UpdateDealAsync(outsider,
            new DealEdit(deal, before.Version, 99_999m, "Mine now", outsider, null, before.BranchId, [],
                new Dictionary<string, string>(), null), Ct));

        var after = await studio.Pipelines.GetDealAsync(owner, deal, Ct);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.Amount, after.Amount);
        Assert.Null(after.Title);
        Assert.Equal(before.ResponsibleId, after.ResponsibleId);
    }

    [Theory, DatabaseData]
    public async Task AddNoteAsync_ManagerNotMember_ThrowsAndAddsNoNote(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var (owner, outsider, _, deal) = await BoardWithDealAndOutsiderAsync(studio);

        await Assert.ThrowsAsync<AccessDeniedException>(() => studio.Pipelines.AddNoteAsync(outsider, deal, "Hello", null, Ct));

        Assert.Empty((await studio.Pipelines.GetDealAsync(owner, deal, Ct)).Notes);
        Assert.Equal(0, await studio.ReadAsync(db => db.DealNotes.CountAsync(Ct)));
    }

    [Theory, DatabaseData]
    public async Task AnyCall_DisabledMember_ThrowsAccessDeniedAndChangesNothing(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var member = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var board = await studio.AddBoardAsync(owner, member);
        var deal = await studio.AddDealAsync(member, board);
        var version = (await studio.Pipelines.GetDealAsync(member, deal, Ct)).Version;
        await studio.DisableAsync(owner, member);
        var before = await CountRowsAsync(studio);

        var calls = new Dictionary<string, Func<Task>>
        {
            ["ListBoardsAsync"] = () => studio.Pipelines.ListBoardsAsync(member, Ct),
            ["EnsureCanSeeAsync"] = () => studio.Pipelines.EnsureCanSeeAsync(member, board.Id, Ct),
            ["GetDealAsync"] = () => studio.Pipelines.GetDealAsync(member, deal, Ct),
            ["CreateDealAsync"] = () => studio.Pipelines.CreateDealAsync(member,
                new NewDeal(board.Id, null, "Late Client", "+380501234567", null, null, null, null, 0m, null), Ct),
            ["MoveDealAsync"] = () => studio.Pipelines.MoveDealAsync(member, deal, board.Stage("Call"), null, Ct),
            ["UpdateDealAsync"] = () => studio.Pipelines.UpdateDealAsync(member,
                new DealEdit(deal, version, 5m, "x", member, null, studio.BranchId, [], new Dictionary<string, string>(), null), Ct),
            ["SetCallbackAsync"] = () => studio.Pipelines.SetCallbackAsync(member, deal, TestStudio.StartTime.UtcDateTime.AddHours(1), Ct),
            ["AddNoteAsync"] = () => studio.Pipelines.AddNoteAsync(member, deal, "Still here", null, Ct),
        };
        foreach (var (name, call) in calls)
        {
            var thrown = await Record.ExceptionAsync(call);
            Assert.True(thrown is AccessDeniedException, $"{name} by a disabled employee threw {thrown?.GetType().Name ?? "nothing"}.");
        }

        Assert.Equal(before, await CountRowsAsync(studio));
        Assert.Equal(version, (await studio.Pipelines.GetDealAsync(owner, deal, Ct)).Version);
    }

    [Theory, DatabaseData]
    public async Task CreateBoardAsync_Manager_ThrowsAccessDenied(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);

        await Assert.ThrowsAsync<AccessDeniedException>(() => studio.Pipelines.CreateBoardAsync(manager, "Mine", [], [], [manager], ct: Ct));

        Assert.Empty(await studio.Pipelines.ListBoardsAsync(owner, Ct));
    }

    [Theory, DatabaseData]
    public async Task SaveSettingsAsync_ManagerMember_ThrowsAndChangesNothing(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var member = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var board = await studio.AddBoardAsync(owner, member);
        var s = board.Settings;

        await Assert.ThrowsAsync<AccessDeniedException>(() => studio.Pipelines.SaveSettingsAsync(member, board.Id, s.Version,
            "Renamed", [.. s.Stages.Select(x => new StageInput(x.Id, x.Name, x.Colour, x.TimeLimitDays, x.CountsAsTrial))],
            [.. s.LossReasons.Select(r => r.Name)], [member], Ct));

        var after = await studio.Pipelines.GetSettingsAsync(owner, board.Id, Ct);
        Assert.Equal(s.Name, after.Name);
        Assert.Equal(s.Version, after.Version);
    }

    [Theory, DatabaseData]
    public async Task RotateFormKeyAsync_ManagerMember_ThrowsAndKeepsKey(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var member = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var board = await studio.AddBoardAsync(owner, member);

        await Assert.ThrowsAsync<AccessDeniedException>(() => studio.Pipelines.RotateFormKeyAsync(member, board.Id, Ct));

        Assert.Equal(board.Settings.FormKey, (await studio.Pipelines.GetSettingsAsync(owner, board.Id, Ct)).FormKey);
    }

    [Theory, DatabaseData]
    public async Task RotateFormKeyAsync_Owner_ReplacesKey(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var board = await studio.AddBoardAsync(owner);

        var key = await studio.Pipelines.RotateFormKeyAsync(owner, board.Id, Ct);

        Assert.NotEqual(board.Settings.FormKey, key);
        Assert.Equal(key, (await studio.Pipelines.GetSettingsAsync(owner, board.Id, Ct)).FormKey);
    }

    private static async Task<(Guid Owner, Guid Outsider, TestBoard Board, Guid Deal)> BoardWithDealAndOutsiderAsync(TestStudio studio)
    {
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var member = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var outsider = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var board = await studio.AddBoardAsync(owner, member);
        await studio.AddBoardAsync(owner, outsider); // the outsider has a board of their own, just not this one
        var deal = await studio.AddDealAsync(member, board);
        return (owner, outsider, board, deal);
    }

    private static Task<(int Clients, int Deals, int Moves, int Notes)> CountRowsAsync(TestStudio studio) =>
        studio.ReadAsync(async db => (
            await db.Clients.CountAsync(Ct), await db.Deals.CountAsync(Ct), await db.DealMoves.CountAsync(Ct), await db.DealNotes.CountAsync(Ct)));
}
