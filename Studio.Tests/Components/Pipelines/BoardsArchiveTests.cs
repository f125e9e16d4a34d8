using Bunit;
using MudBlazor;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Live;
using Studio.Infrastructure.Pipelines;
using Studio.Tests.Infrastructure;
using Studio.Web.Pipelines;
using Studio.Web.Pipelines.Settings;

namespace Studio.Tests.Components.Pipelines;

/// <summary>
/// Archiving a board from the board settings list (issue 17, item 18) over the real services: a board with open deals asks
/// first (in English and Ukrainian), then shows as archived; an open boards list drops it live, and it comes back on restore.
/// </summary>
public sealed class BoardsArchiveTests(Databases databases) : MudComponentTest
{
    private TestStudio _studio = default!;
    private Guid _owner;
    private TestBoard _board = default!;

    public override async ValueTask InitializeAsync()
    {
        _studio = await StartStudioAsync(databases, typeof(PipelineService), typeof(ILiveBus));
        _owner = await _studio.AddEmployeeAsync(EmployeeRole.Owner);
        _board = await _studio.AddBoardAsync(_owner);
        await _studio.AddBoardAsync(_owner);
        await _studio.AddDealAsync(_owner, _board);
        SignIn(_owner, EmployeeRole.Owner);
        Ctx.Render<MudPopoverProvider>();
    }

    [Theory]
    [InlineData("en", "1 deals are still open on it", "Archive", "archived", "Restore")]
    [InlineData("uk", "На ній ще відкритих угод: 1", "В архів", "в архіві", "Відновити")]
    public async Task ArchiveWithOpenDeals_AsksFirst_ThenArchivedAndGoneFromTheBoardsListLive(string culture, string asked, string yes, string badge, string restore)
    {
        UseCulture(culture);
        var dialogs = Ctx.Render<MudDialogProvider>();
        var boards = Ctx.Render<Boards>();
        boards.WaitForAssertion(() => Assert.Equal(2, boards.FindAll("[data-testid=board-link]").Count));
        var settings = Ctx.Render<BoardsSettingsPage>();
        settings.WaitForAssertion(() => Assert.Equal(2, settings.FindAll("[data-testid=board-archive]").Count));
        var row = settings.FindAll("tr").Single(r => r.TextContent.Contains("Board 1"));

        await settings.InvokeAsync(() => row.QuerySelector("[data-testid=board-archive]")!.Click());
        dialogs.WaitForAssertion(() => Assert.Contains(asked, dialogs.Markup));
        await dialogs.InvokeAsync(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == yes).Click());

        settings.WaitForAssertion(() => Assert.Equal(badge, settings.Find("[data-testid=board-archived]").TextContent.Trim()));
        Assert.True((await _studio.Pipelines.ListBoardsAsync(_owner, Ct)).Single(b => b.Id == _board.Id).IsArchived);
        boards.WaitForAssertion(() => Assert.Single(boards.FindAll("[data-testid=board-link]")));

        var archivedRow = settings.FindAll("tr").Single(r => r.TextContent.Contains("Board 1"));
        Assert.Equal(restore, archivedRow.QuerySelector("[data-testid=board-archive]")!.TextContent.Trim());
        await settings.InvokeAsync(() => archivedRow.QuerySelector("[data-testid=board-archive]")!.Click());
        boards.WaitForAssertion(() => Assert.Equal(2, boards.FindAll("[data-testid=board-link]").Count));
    }
}
