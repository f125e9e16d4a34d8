using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Pipelines;
using Studio.Tests.Infrastructure;

namespace Studio.Tests.Services.Pipelines;

/// <summary>
/// One way to open a deal, through each of its doors (the desk's new-deal dialog, the board's quick add, the web form), on
/// every database: the same branch rule (a chosen archived branch is refused, an unchosen one is never archived) and exactly
/// one entered move per new deal.
/// </summary>
public sealed class OpenDealTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static LeadIntakeService Leads(TestStudio studio) => studio.Services.GetRequiredService<LeadIntakeService>();

    /// <summary>A second, open branch ("B", after "Main" by name), and "Main" (the test studio's, where everyone works) archived.</summary>
    private static async Task<Guid> ArchiveMainAsync(TestStudio studio, Guid owner)
    {
        var other = await studio.Organisation.SaveBranchAsync(owner, null, Guid.Empty, "B branch", null, "Europe/Kyiv", Ct);
        await studio.ReadAsync(async db =>
        {
            (await db.Branches.SingleAsync(b => b.Id == studio.BranchId, Ct)).Archive(true);
            return await db.SaveChangesAsync(Ct);
        });
        return other;
    }

    [Theory, DatabaseData]
    public async Task Desk_ArchivedBranchChosen_RefusedWithBranchArchivedAndSavesNothing(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var board = await studio.AddBoardAsync(owner, manager);
        var client = await studio.AddClientAsync(manager);
        await ArchiveMainAsync(studio, owner);

        foreach (var input in new[]
        {
            new NewDeal(board.Id, null, "Ivan Petrenko", "067 123 45 67", null, studio.BranchId, null, null, 0m, null),
            new NewDeal(board.Id, client, null, null, null, studio.BranchId, null, null, 0m, null),
        })
        {
            var ex = await Assert.ThrowsAsync<DomainException>(() => studio.Pipelines.CreateDealAsync(manager, input, Ct));
            Assert.Equal("Error.Branch.Archived", ex.Code);
        }

        Assert.Equal((1, 0, 0), await studio.ReadAsync(async db =>
            (await db.Clients.CountAsync(Ct), await db.Deals.CountAsync(Ct), await db.DealMoves.CountAsync(Ct))));
    }

    [Theory, DatabaseData]
    public async Task QuickAdd_ActorsOnlyBranchArchived_ClientAndDealGoToAnOpenBranch(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var board = await studio.AddBoardAsync(owner, manager);
        var open = await ArchiveMainAsync(studio, owner);

        // The board's quick add: a name and a phone, nothing chosen.
        var dealId = await studio.Pipelines.CreateDealAsync(manager, new NewDeal(board.Id, null, "Ivan", "067 123 45 67", null, null, manager, null, 0, null), Ct);

        var deal = await studio.Pipelines.GetDealAsync(manager, dealId, Ct);
        Assert.Equal((open, open), (deal.BranchId, await studio.ReadAsync(db => db.Clients.Where(c => c.Id == deal.ClientId).Select(c => c.BranchId).SingleAsync(Ct))));
    }

    [Theory, DatabaseData]
    public async Task WebForm_ClientOfAnArchivedBranch_DealGoesToAnOpenBranch(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var board = await studio.AddBoardAsync(owner);
        var client = await studio.AddClientAsync(owner, "Olena Koval"); // +380671000001, in Main
        var open = await ArchiveMainAsync(studio, owner);

        var taken = await Leads(studio).TakeAsync(board.Settings.FormKey, new LeadForm("Olena", "+380671000001", null, null, null), null, Ct);

        Assert.Equal(client, taken.ClientId);
        Assert.Equal(open, (await studio.Pipelines.GetDealAsync(owner, taken.DealId, Ct)).BranchId);
    }

    [Theory, DatabaseData]
    public async Task EveryDoor_NewDeal_HasExactlyOneEnteredMoveIntoStart(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var board = await studio.AddBoardAsync(owner, manager);
        var client = await studio.AddClientAsync(manager);

        Guid[] deals =
        [
            await studio.Pipelines.CreateDealAsync(manager, new NewDeal(board.Id, client, null, null, null, null, null, null, 100m, "Desk",
                TestStudio.StartTime.UtcDateTime.AddDays(1)), Ct),
            await studio.Pipelines.CreateDealAsync(manager, new NewDeal(board.Id, null, "Quick", "067 765 43 21", null, null, manager, null, 0, null), Ct),
            (await Leads(studio).TakeAsync(board.Settings.FormKey, new LeadForm("Web", "067 111 22 33", null, null, null), null, Ct)).DealId,
        ];

        var moves = await studio.ReadAsync(db => db.DealMoves.AsNoTracking().ToListAsync(Ct));
        Assert.Equal(deals.Order(), moves.Select(m => m.DealId).Order());
        Assert.All(moves, m => Assert.Equal(((Guid?)null, board.Start), (m.FromStageId, m.ToStageId)));
    }
}
