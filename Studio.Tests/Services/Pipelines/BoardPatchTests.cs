using Microsoft.Extensions.DependencyInjection;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Pipelines;
using Studio.Tests.Infrastructure;
using Studio.Infrastructure.Clients;

namespace Studio.Tests.Services.Pipelines;

/// <summary>
/// The board's read model patches instead of reloading (ADR-008): after each kind of change the snapshot
/// patched from the named deal's rows equals one loaded whole, on both databases.
/// </summary>
public sealed class BoardPatchTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static void AssertSame(BoardSnapshot fresh, BoardSnapshot patched)
    {
        Assert.Equal(fresh.Deals, patched.Deals); // same cards in the same order (DealCard compares everything it shows)
        Assert.Equal(fresh.CountedMoves, patched.CountedMoves);
        Assert.Equal(fresh.Stages, patched.Stages);
        Assert.Equal(fresh.Tags, patched.Tags);
        Assert.True(fresh.MemberIds.SetEquals(patched.MemberIds));
        Assert.Equal(fresh.People.OrderBy(p => p.Key), patched.People.OrderBy(p => p.Key));
    }

    [Theory, DatabaseData]
    public async Task Patch_AfterEachKindOfChange_EqualsAFreshLoad(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var board = await studio.AddBoardAsync(owner, manager);
        var pipelines = studio.Pipelines;
        var tag = await studio.Services.GetRequiredService<DictionaryService>().CreateTagAsync(owner, "VIP", "#FFB300", Ct);
        // Several deals entering their stage at the same instant (a fake clock): the order must not depend on the database.
        var deals = new List<Guid>();
        for (var i = 0; i < 6; i++) deals.Add(await studio.AddDealAsync(manager, board, 100 * i));
        var current = (await pipelines.LoadSnapshotAsync(board.Id, 1, Ct))!;
        long sequence = 1;

        async Task Check(Guid dealId, string what)
        {
            var patched = await pipelines.PatchSnapshotAsync(current, [dealId], ++sequence, Ct);
            var fresh = (await pipelines.LoadSnapshotAsync(board.Id, sequence, Ct))!;
            try { AssertSame(fresh, patched); }
            catch (Exception e) { throw new Xunit.Sdk.XunitException($"After {what}: {e.Message}"); }
            current = patched;
        }

        studio.Clock.Advance(TimeSpan.FromMinutes(1));
        var lead = await studio.AddDealAsync(manager, board, 50);
        await Check(lead, "a new deal");

        studio.Clock.Advance(TimeSpan.FromMinutes(1));
        await pipelines.MoveDealAsync(manager, deals[1], board.Stage("Trial"), null, Ct);
        await Check(deals[1], "a move into a trial stage (a counted move)");

        var details = await pipelines.GetDealAsync(manager, deals[2], Ct);
        await pipelines.UpdateDealAsync(manager, new DealEdit(deals[2], details.Version, 777, "Ballet", manager, null, details.BranchId, [tag],
            new Dictionary<string, string>(), studio.Clock.GetUtcNow().UtcDateTime.AddHours(3)), Ct);
        await Check(deals[2], "an edit (amount, title, responsible, tag, call-back)");

        await pipelines.MoveDealAsync(manager, deals[3], board.Won, null, Ct);
        await Check(deals[3], "a win (the card leaves the board, the move counts)");

        await pipelines.MoveDealAsync(manager, deals[4], board.Lost, board.Reason("No time"), Ct);
        await Check(deals[4], "a loss");

        studio.Clock.Advance(TimeSpan.FromMinutes(1));
        await pipelines.MoveDealAsync(manager, deals[4], board.Start, null, Ct);
        await Check(deals[4], "a lost deal taken back to the start");

        Assert.Equal(6, current.Deals.Count);
        Assert.Equal([deals[4], deals[1], lead], current.Deals.Take(3).Select(d => d.Id)); // the newest in their stage first
    }

    [Theory, DatabaseData]
    public async Task Feed_MovesAndLeads_AreServedByPatchesThatEqualAFreshLoad(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var board = await studio.AddBoardAsync(owner, manager);
        var deal = await studio.AddDealAsync(manager, board);
        var views = studio.BoardViews;
        var trial = board.Stage("Trial");
        var seen = new TaskCompletionSource<BoardSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        Guid? lead = null;
        using var watch = await views.WatchAsync(board.Id, s =>
        {
            if (lead is { } id && s.Deals.Any(d => d.Id == id) && s.Deals.Any(d => d.Id == deal && d.StageId == trial)) seen.TrySetResult(s);
            return Task.CompletedTask;
        }, Ct);

        await studio.Pipelines.MoveDealAsync(manager, deal, trial, null, Ct);
        lead = await studio.AddDealAsync(manager, board);

        var shown = await seen.Task.WaitAsync(TimeSpan.FromSeconds(15), Ct);
        var fresh = (await studio.Pipelines.LoadSnapshotAsync(board.Id, long.MaxValue, Ct))!;
        AssertSame(fresh, shown);
        Assert.Equal(1, views.Loads - views.Patches); // the first load only; the move and the lead were patched in
    }
}
