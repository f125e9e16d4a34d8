using System.Globalization;
using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Reports;
using Studio.Tests.Infrastructure;
using Studio.Web.Reports;
using Studio.Web.Organisation;

namespace Studio.Tests.Components.Reports;

/// <summary>The Boards tab over the real services (SQLite): the figures, tables and exports for the board in the address, and the live diagram.</summary>
public sealed class BoardsReportTabTests(Databases databases) : MudComponentTest
{
    private TestStudio _studio = default!;
    private Guid _owner, _manager;
    private TestBoard _board = default!, _other = default!;

    public override async ValueTask InitializeAsync()
    {
        _studio = await StartStudioAsync(databases, typeof(BoardReports), typeof(StageFlowViews));
        _owner = await _studio.AddEmployeeAsync(EmployeeRole.Owner);
        _manager = await _studio.AddEmployeeAsync(EmployeeRole.Manager);
        _other = await _studio.AddBoardAsync(_owner, _manager);
        _board = await _studio.AddBoardAsync(_owner, _manager);
        SignIn(_manager, EmployeeRole.Manager);
    }

    [Fact]
    public async Task Render_BoardInTheAddress_FiguresTablesExports_AndTheDiagramFollowsMovedCards()
    {
        var won = await _studio.AddDealAsync(_manager, _board);
        var lost = await _studio.AddDealAsync(_manager, _board);
        await _studio.Pipelines.MoveDealAsync(_manager, won, _board.Stage("Trial"), ct: Ct);
        await _studio.Pipelines.MoveDealAsync(_manager, won, _board.Won, ct: Ct);
        await _studio.Pipelines.MoveDealAsync(_manager, lost, _board.Lost, _board.Reason("No time"), Ct);
        var today = _studio.Today;
        Ctx.Services.GetRequiredService<NavigationManager>().NavigateTo($"/reports?tab=boards&board={_board.Id}");

        var cut = Ctx.Render<BoardsReportTab>(p => p.Add(c => c.From, today).Add(c => c.To, today));

        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("[data-testid=board-totals]").GetAttribute("data-wins")), TimeSpan.FromSeconds(5));
        var totals = cut.Find("[data-testid=board-totals]");
        Assert.Equal(("1", "1"), (totals.GetAttribute("data-trials"), totals.GetAttribute("data-losses")));
        Assert.Contains("No time", cut.Find("[data-testid=board-losses-table]").TextContent);
        var exports = cut.FindAll("[data-testid=export-csv]").Select(a => a.GetAttribute("href")!).ToList();
        Assert.Contains(exports, h => h.StartsWith("/reports/export/board-conversion.csv?") && h.Contains($"board={_board.Id}"));
        Assert.Equal(4, exports.Count);

        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find($"[data-testid=flow][data-from='{_board.Start}'][data-to='{_board.Stage("Trial")}']").GetAttribute("data-count")),
            TimeSpan.FromSeconds(5));

        // Another manager moves two more cards from Start to Trial: the open diagram shows it without a reload.
        var third = await _studio.AddDealAsync(_owner, _board);
        var fourth = await _studio.AddDealAsync(_owner, _board);
        await _studio.Pipelines.MoveDealAsync(_owner, third, _board.Stage("Trial"), ct: Ct);
        await _studio.Pipelines.MoveDealAsync(_owner, fourth, _board.Stage("Trial"), ct: Ct);

        cut.WaitForAssertion(() => Assert.Equal("3", cut.Find($"[data-testid=flow][data-from='{_board.Start}'][data-to='{_board.Stage("Trial")}']").GetAttribute("data-count")),
            TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Render_NoBoardInTheAddress_TheFirstBoardByName_WithAnEmptyDiagram()
    {
        var today = _studio.Today;

        var cut = Ctx.Render<BoardsReportTab>(p => p.Add(c => c.From, today).Add(c => c.To, today));

        cut.WaitForAssertion(() => Assert.Equal(_other.Id.ToString(), cut.Find("[data-testid=stage-flow-live]").GetAttribute("data-board")), TimeSpan.FromSeconds(5));
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=stage-flow-empty]")), TimeSpan.FromSeconds(5));
        Assert.Equal("0", cut.Find("[data-testid=board-totals]").GetAttribute("data-wins"));
    }

    [Fact]
    public async Task Render_SourceTagsAndBranch_CountOnlyThoseDeals_AndTheExportsCarryThem()
    {
        var dictionaries = _studio.Services.GetRequiredService<Studio.Infrastructure.Clients.DictionaryService>();
        var instagram = await dictionaries.CreateSourceAsync(_owner, "Instagram", Ct);
        var vip = await dictionaries.CreateTagAsync(_owner, "VIP", "#FFB300", Ct);
        var tagged = await _studio.AddDealAsync(_manager, _board);
        var other = await _studio.AddDealAsync(_manager, _board);
        var d = await _studio.Pipelines.GetDealAsync(_owner, tagged, Ct);
        await _studio.Pipelines.UpdateDealAsync(_owner, new Studio.Infrastructure.Pipelines.DealEdit(d.Id, d.Version, d.Amount, d.Title, d.ResponsibleId,
            instagram, d.BranchId, [vip], d.CustomFields, d.CallbackAt), Ct);
        await _studio.Pipelines.MoveDealAsync(_manager, tagged, _board.Won, ct: Ct);
        await _studio.Pipelines.MoveDealAsync(_manager, other, _board.Won, ct: Ct);
        var today = _studio.Today;
        Ctx.Services.GetRequiredService<NavigationManager>().NavigateTo($"/reports?tab=boards&board={_board.Id}&source={instagram}&tags={vip}");

        var cut = Ctx.Render<BoardsReportTab>(p => p.Add(c => c.From, today).Add(c => c.To, today).Add(c => c.BranchId, _studio.BranchId));

        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("[data-testid=board-totals]").GetAttribute("data-wins")), TimeSpan.FromSeconds(5));
        var link = cut.FindAll("[data-testid=export-csv]").Select(a => a.GetAttribute("href")!).First(h => h.Contains("board-outcomes"));
        Assert.Contains($"source={instagram}", link);
        Assert.Contains($"tags={vip}", link);
        Assert.Contains($"branch={_studio.BranchId}", link);
        Assert.NotNull(cut.Find("[data-testid=report-source]"));
        Assert.NotNull(cut.Find("[data-testid=report-tags]"));

        // Another branch: neither deal is in it.
        cut.Render(p => p.Add(c => c.BranchId, Guid.NewGuid()));
        cut.WaitForAssertion(() => Assert.Equal("0", cut.Find("[data-testid=board-totals]").GetAttribute("data-wins")), TimeSpan.FromSeconds(5));
    }

    [Theory]
    [InlineData("en", "(archived)")]
    [InlineData("uk", "(в архіві)")]
    public async Task Render_ArchivedBoard_StillReadable_MarkedArchived_AndNotTheDefault(string culture, string mark)
    {
        UseCulture(culture);
        var settings = await _studio.Pipelines.GetSettingsAsync(_owner, _other.Id, Ct);
        await _studio.Pipelines.ArchiveBoardAsync(_owner, _other.Id, settings.Version, true, Ct);
        var today = _studio.Today;

        // No board in the address: the first active one, though the archived one comes first by name.
        var first = Ctx.Render<BoardsReportTab>(p => p.Add(c => c.From, today).Add(c => c.To, today));
        first.WaitForAssertion(() => Assert.Equal(_board.Id.ToString(), first.Find("[data-testid=stage-flow-live]").GetAttribute("data-board")), TimeSpan.FromSeconds(5));
        Assert.DoesNotContain(mark, BoardPicker(first).Markup);

        // The archived board picked in the address: its report, its name with the mark.
        Ctx.Services.GetRequiredService<NavigationManager>().NavigateTo($"/reports?tab=boards&board={_other.Id}");
        var cut = Ctx.Render<BoardsReportTab>(p => p.Add(c => c.From, today).Add(c => c.To, today));
        cut.WaitForAssertion(() => Assert.Equal(_other.Id.ToString(), cut.Find("[data-testid=stage-flow-live]").GetAttribute("data-board")), TimeSpan.FromSeconds(5));
        Assert.Contains($"{settings.Name} {mark}", BoardPicker(cut).Markup);

        // The picker lists it after the active board.
        var boards = await _studio.Services.GetRequiredService<BoardReports>().BoardsAsync(_owner, Ct);
        Assert.Equal([(_board.Id, false), (_other.Id, true)], boards.Select(b => (b.Id, b.IsArchived)));
    }

    private static IRenderedComponent<MudBlazor.MudSelect<Guid>> BoardPicker(IRenderedComponent<BoardsReportTab> cut) =>
        cut.FindComponents<MudBlazor.MudSelect<Guid>>().Single(s => Equals(s.Instance.UserAttributes.GetValueOrDefault("data-testid"), "report-board"));
}
