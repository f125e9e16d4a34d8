using Microsoft.EntityFrameworkCore;
using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Pipelines;
using Studio.Infrastructure.Persistence;
using Studio.Tests.Infrastructure;

namespace Studio.Tests.Services.Pipelines;

/// <summary>What a deal may point at, and what a note may not disturb.</summary>
public sealed class PipelineServiceIntegrityTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, DatabaseData]
    public async Task AddNoteAsync_WhileAnotherEditsTheDeal_TheirSaveStillSucceeds(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var board = await studio.AddBoardAsync(owner, manager);
        var dealId = await studio.AddDealAsync(owner, board);
        var opened = await studio.Pipelines.GetDealAsync(manager, dealId, Ct);

        await studio.Pipelines.AddNoteAsync(owner, dealId, "Called, asked to ring back", null, Ct);
        await studio.Pipelines.UpdateDealAsync(manager, new DealEdit(dealId, opened.Version, 2500m, "Edited", manager, null,
            opened.BranchId, [], new Dictionary<string, string>(), null), Ct);

        var deal = await studio.Pipelines.GetDealAsync(owner, dealId, Ct);
        Assert.Equal((2500m, "Edited"), (deal.Amount, deal.Title));
        Assert.Equal("Called, asked to ring back", Assert.Single(deal.Notes).Text);
    }

    [Theory, DatabaseData]
    public async Task CreateDealAsync_UnknownOrForbiddenReferences_RefusedByNameAndNothingSaved(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var teacher = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var outsider = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var board = await studio.AddBoardAsync(owner);

        var cases = new (string Field, NewDeal Input)[]
        {
            ("Branch", new NewDeal(board.Id, null, "Ivan", "0671234567", null, Guid.NewGuid(), null, null, 0m, null)),
            ("Source", new NewDeal(board.Id, null, "Ivan", "0671234567", null, null, null, Guid.NewGuid(), 0m, null)),
            ("Responsible", new NewDeal(board.Id, null, "Ivan", "0671234567", null, null, teacher, null, 0m, null)),
            ("Responsible", new NewDeal(board.Id, null, "Ivan", "0671234567", null, null, outsider, null, 0m, null)),
            ("Responsible", new NewDeal(board.Id, null, "Ivan", "0671234567", null, null, Guid.NewGuid(), null, 0m, null)),
        };
        foreach (var (field, input) in cases)
        {
            var ex = await Assert.ThrowsAsync<DomainException>(() => studio.Pipelines.CreateDealAsync(owner, input, Ct));
            Assert.Equal(("Error.Unknown", field), (ex.Code, (string)ex.Args[0]));
        }
        Assert.Equal((0, 0), await studio.ReadAsync(async db => (await db.Clients.CountAsync(Ct), await db.Deals.CountAsync(Ct))));
    }

    [Theory, DatabaseData]
    public async Task UpdateDealAsync_UnknownTag_RefusedAndDealUnchanged(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var board = await studio.AddBoardAsync(owner);
        var dealId = await studio.AddDealAsync(owner, board, 1000m);
        var opened = await studio.Pipelines.GetDealAsync(owner, dealId, Ct);

        var ex = await Assert.ThrowsAsync<DomainException>(() => studio.Pipelines.UpdateDealAsync(owner,
            new DealEdit(dealId, opened.Version, 9000m, null, owner, null, opened.BranchId, [Guid.NewGuid()], new Dictionary<string, string>(), null), Ct));

        Assert.Equal(("Error.Unknown", "Tags"), (ex.Code, (string)ex.Args[0]));
        Assert.Equal(1000m, (await studio.Pipelines.GetDealAsync(owner, dealId, Ct)).Amount);
    }

    [Theory, DatabaseData]
    public async Task SaveSettingsAsync_ReasonRemovedThenAdded_OrderStaysDistinct(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var board = await studio.AddBoardAsync(owner);
        var s = board.Settings;
        var stages = s.Stages.Select(x => new StageInput(x.Id, x.Name, x.Colour, x.TimeLimitDays, x.CountsAsTrial)).ToList();

        await studio.Pipelines.SaveSettingsAsync(owner, board.Id, s.Version, s.Name, stages, ["No time", "Moved away"], [], Ct);

        var reasons = await studio.ReadAsync(db => db.Set<Studio.Domain.Pipelines.LossReason>().Where(r => r.BoardId == board.Id)
            .Select(r => new { r.Name, r.Order }).ToListAsync(Ct));
        Assert.Equal(reasons.Count, reasons.Select(r => r.Order).Distinct().Count());
        Assert.Equal(["No time", "Moved away"], reasons.OrderBy(r => r.Order).Select(r => r.Name));
    }
}
