using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Domain.Pipelines;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Pipelines;
using Studio.Tests.Infrastructure;

namespace Studio.Tests.Services.Pipelines;

/// <summary>The owner's board settings, saved in one go, on every database.</summary>
public sealed class PipelineServiceSettingsTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, DatabaseData]
    public async Task CreateBoardAsync_Owner_SavesStagesReasonsAndMembers(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);

        var board = await studio.AddBoardAsync(owner, manager, Guid.NewGuid()); // an id that is nobody is dropped

        var s = board.Settings;
        Assert.Equal(["Start", "Call", "Trial", "Contract", "Won", "Lost"], s.Stages.Select(x => x.Name));
        Assert.Equal([StageKind.Start, StageKind.Open, StageKind.Open, StageKind.Open, StageKind.Won, StageKind.Lost], s.Stages.Select(x => x.Kind));
        Assert.Equal((7, true), (s.Stages[2].TimeLimitDays, s.Stages[2].CountsAsTrial));
        Assert.Equal(["Too expensive", "No time"], s.LossReasons.Select(r => r.Name));
        Assert.Equal([manager], s.MemberIds);
        Assert.Equal(24, s.FormKey.Length);
    }

    [Theory, DatabaseData]
    public async Task SaveSettingsAsync_RemovingStageThatHoldsDeals_ThrowsStageHasDealsAndChangesNothing(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var board = await studio.AddBoardAsync(owner);
        var deal = await studio.AddDealAsync(owner, board);
        await studio.Pipelines.MoveDealAsync(owner, deal, board.Stage("Call"), null, Ct);
        var s = board.Settings;

        var ex = await Assert.ThrowsAsync<DomainException>(() => studio.Pipelines.SaveSettingsAsync(owner, board.Id, s.Version,
            "Renamed", Inputs(s.Stages.Where(x => x.Name != "Call")), ["Too expensive", "No time"], [], Ct));

        Assert.Equal("Error.StageHasDeals", ex.Code);
        Assert.Equal(["Call", 1], ex.Args);
        var after = await studio.Pipelines.GetSettingsAsync(owner, board.Id, Ct);
        Assert.Equal(s.Stages.Select(x => x.Name), after.Stages.Select(x => x.Name));
        Assert.Equal((s.Name, s.Version), (after.Name, after.Version));
    }

    [Theory, DatabaseData]
    public async Task SaveSettingsAsync_RemoveReorderAddAndRename_SavesTheNewBoard(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var board = await studio.AddBoardAsync(owner);
        var deal = await studio.AddDealAsync(owner, board);
        await studio.Pipelines.MoveDealAsync(owner, deal, board.Stage("Trial"), null, Ct);
        var s = board.Settings;
        var byName = s.Stages.ToDictionary(x => x.Name);
        IReadOnlyList<StageInput> stages =
        [
            Input(byName["Start"]) with { Name = "New" },
            Input(byName["Trial"]) with { TimeLimitDays = 14 },
            Input(byName["Call"]),
            new StageInput(null, "Payment", "#81C784", null, false),
            Input(byName["Won"]),
            Input(byName["Lost"]),
        ];

        await studio.Pipelines.SaveSettingsAsync(owner, board.Id, s.Version, "Sales 2027", stages, ["No time", "Moved away"], [manager], Ct);

        var after = await studio.Pipelines.GetSettingsAsync(owner, board.Id, Ct);
        Assert.Equal("Sales 2027", after.Name);
        Assert.Equal(["New", "Trial", "Call", "Payment", "Won", "Lost"], after.Stages.Select(x => x.Name));
        Assert.Equal(14, after.Stages[1].TimeLimitDays);
        Assert.Equal(byName["Trial"].Id, after.Stages[1].Id);
        Assert.Equal(["No time", "Moved away"], after.LossReasons.Select(r => r.Name));
        Assert.Equal([manager], after.MemberIds);
        Assert.NotEqual(s.Version, after.Version);
        Assert.Equal(byName["Trial"].Id, (await studio.Pipelines.GetDealAsync(owner, deal, Ct)).StageId);
        Assert.Single(await studio.Pipelines.ListBoardsAsync(manager, Ct));
    }

    [Theory, DatabaseData]
    public async Task SaveSettingsAsync_StaleVersion_ThrowsConflictAndChangesNothing(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var board = await studio.AddBoardAsync(owner);
        var s = board.Settings;
        await studio.Pipelines.SaveSettingsAsync(owner, board.Id, s.Version, "First", Inputs(s.Stages), ["No time"], [], Ct);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            studio.Pipelines.SaveSettingsAsync(owner, board.Id, s.Version, "Second", Inputs(s.Stages), ["Too expensive"], [], Ct));

        var after = await studio.Pipelines.GetSettingsAsync(owner, board.Id, Ct);
        Assert.Equal("First", after.Name);
        Assert.Equal(["No time"], after.LossReasons.Select(r => r.Name));
    }

    [Theory, DatabaseData]
    public async Task SaveSettingsAsync_RemovingReasonADealWasLostFor_ThrowsReasonInUse(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var board = await studio.AddBoardAsync(owner);
        var deal = await studio.AddDealAsync(owner, board);
        await studio.Pipelines.MoveDealAsync(owner, deal, board.Lost, board.Reason("Too expensive"), Ct);
        var s = board.Settings;

        var ex = await Assert.ThrowsAsync<DomainException>(() =>
            studio.Pipelines.SaveSettingsAsync(owner, board.Id, s.Version, s.Name, Inputs(s.Stages), ["No time"], [], Ct));

        Assert.Equal("Error.ReasonInUse", ex.Code);
        Assert.Equal(2, (await studio.Pipelines.GetSettingsAsync(owner, board.Id, Ct)).LossReasons.Count);
    }

    private static StageInput Input(StageView s) => new(s.Id, s.Name, s.Colour, s.TimeLimitDays, s.CountsAsTrial);

    private static IReadOnlyList<StageInput> Inputs(IEnumerable<StageView> stages) => [.. stages.Select(Input)];
}
