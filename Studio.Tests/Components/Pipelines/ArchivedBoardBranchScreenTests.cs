using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Extensions;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Live;
using Studio.Infrastructure.Pipelines;
using Studio.Infrastructure.Tasks;
using Studio.Tests.Infrastructure;
using Studio.Web.Organisation;
using Studio.Web.Pipelines;

namespace Studio.Tests.Components.Pipelines;

/// <summary>
/// Archived boards and branches on the board's screens (issue 17, item 18), in English and Ukrainian: an archived branch is no
/// choice in the board's filter nor the deal's branch picker, yet a deal already in it shows it "(archived)" and keeps it when
/// saved; an archived board's page is read-only (no drag, no new deal, a banner with Restore for the owner), and so is its drawer.
/// </summary>
public sealed class ArchivedBoardBranchScreenTests(Databases databases) : MudComponentTest
{
    private TestStudio _studio = default!;
    private Guid _owner, _deal, _podil;
    private TestBoard _board = default!;
    private IRenderedComponent<MudPopoverProvider> _popovers = default!;

    public override async ValueTask InitializeAsync()
    {
        _studio = await StartStudioAsync(databases, typeof(PipelineService), typeof(ClientService), typeof(BoardViews), typeof(TaskService),
            typeof(PresenceTracker), typeof(Studio.Infrastructure.Reports.BoardReports), typeof(ILiveBus));
        Ctx.Services.AddScoped<CircuitConnection>();
        _owner = await _studio.AddEmployeeAsync(EmployeeRole.Owner);
        _board = await _studio.AddBoardAsync(_owner);
        await _studio.AddBoardAsync(_owner);
        _deal = await _studio.AddDealAsync(_owner, _board); // in Main, the only branch yet
        _podil = await _studio.Organisation.SaveBranchAsync(_owner, null, Guid.Empty, "Podil", null, "Europe/Kyiv", Ct);
        SignIn(_owner, EmployeeRole.Owner);
        _popovers = Ctx.Render<MudPopoverProvider>();
    }

    private async Task ArchiveMainAsync()
    {
        var main = (await _studio.Organisation.ListBranchesAsync(_owner, includeArchived: true, Ct)).Single(b => b.Id == _studio.BranchId);
        await _studio.Organisation.ArchiveBranchAsync(_owner, main.Id, main.Version, true, Ct);
    }

    private async Task ArchiveBoardAsync()
    {
        var version = (await _studio.Pipelines.ListBoardsAsync(_owner, Ct)).Single(b => b.Id == _board.Id).Version;
        await _studio.Pipelines.ArchiveBoardAsync(_owner, _board.Id, version, archived: true, Ct);
    }

    private async Task<BoardSnapshot> SnapshotAsync() => (await _studio.Pipelines.LoadSnapshotAsync(_board.Id, 1, Ct))!;

    [Theory]
    [InlineData("en", "Main (archived)")]
    [InlineData("uk", "Main (в архіві)")]
    public async Task ArchivedBranch_NotOfferedByTheBoard_ButNamedOnTheDealInIt_WhichKeepsItWhenSaved(string culture, string own)
    {
        UseCulture(culture);
        await ArchiveMainAsync();
        var snapshot = await SnapshotAsync();

        var filters = Ctx.Render<BoardFilters>(p => p.Add(c => c.Snapshot, snapshot).Add(c => c.Filter, BoardFilter.None));
        Assert.Equal(["", _podil.ToString()], filters.FindAll("select[data-testid=filter-branch] option").Select(o => o.GetAttribute("value")));

        var drawer = Ctx.Render<DealDrawer>(p => p.Add(c => c.DealId, _deal).Add(c => c.Snapshot, snapshot));
        drawer.WaitForElement("[data-testid=save-deal-details]");
        var branch = drawer.FindComponents<MudSelect<Guid>>().Single(s => s.Instance.GetState(x => x.Value) == _studio.BranchId);
        await drawer.InvokeAsync(() => branch.Instance.OpenMenu());
        _popovers.WaitForAssertion(() => Assert.Equal([own, "Podil"], _popovers.FindAll(".mud-popover-open .mud-list-item").Select(i => i.TextContent.Trim())));
        await drawer.InvokeAsync(() => branch.Instance.CloseMenu());

        drawer.FindComponents<MudTextField<string>>().Single(t => Equals(t.Instance.UserAttributes.GetValueOrDefault("data-testid"), "deal-title"))
            .Find("input").Input("Kept");
        await drawer.InvokeAsync(() => drawer.Find("[data-testid=save-deal-details]").Click());

        drawer.WaitForAssertion(() => Assert.Equal(("Kept", _studio.BranchId), Saved()));
        (string?, Guid) Saved()
        {
            var d = _studio.Pipelines.GetDealAsync(_owner, _deal, Ct).GetAwaiter().GetResult();
            return (d.Title, d.BranchId);
        }
    }

    [Theory]
    [InlineData("en", "This board is archived", "Restore", "Read-only")]
    [InlineData("uk", "Ця воронка в архіві", "Відновити", "Лише для перегляду")]
    public async Task ArchivedBoardPage_ReadOnly_NoDragNoNewDeal_BannerWithRestore_AndItsDrawerChangesNothing(string culture, string banner, string restore,
        string readOnly)
    {
        UseCulture(culture);
        await ArchiveBoardAsync();

        Ctx.Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        var page = Ctx.Render<BoardPage>(p => p.Add(c => c.BoardId, _board.Id));
        page.WaitForElement("[data-testid=board-archived-banner]");
        Assert.Contains(banner, page.Find("[data-testid=board-archived-banner]").TextContent);
        Assert.Equal(restore, page.Find("[data-testid=board-restore]").TextContent.Trim());
        Assert.Equal("false", page.Find(".deal-card").GetAttribute("draggable"));
        Assert.Empty(page.FindAll("[data-testid=new-deal]"));

        var archived = await SnapshotAsync();
        var drawer = Ctx.Render<DealDrawer>(p => p.Add(c => c.DealId, _deal).Add(c => c.Snapshot, archived));
        drawer.WaitForElement("[data-testid=deal-read-only]");
        Assert.Contains(readOnly, drawer.Find("[data-testid=deal-read-only]").TextContent);
        Assert.Empty(drawer.FindAll("[data-testid=save-deal-details], [data-testid=win-deal], [data-testid=add-note]"));

        await page.InvokeAsync(() => page.Find("[data-testid=board-restore]").Click());
        page.WaitForAssertion(() =>
        {
            Assert.Empty(page.FindAll("[data-testid=board-archived-banner]"));
            Assert.Equal("true", page.Find(".deal-card").GetAttribute("draggable"));
            Assert.Single(page.FindAll("[data-testid=new-deal]"));
        });
    }
}
