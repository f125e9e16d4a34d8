using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Pipelines;
using static Microsoft.Playwright.Assertions;
using Studio.Tests.Browser.Pages;

namespace Studio.Tests.Browser.Pipelines;

/// <summary>
/// A task set in a deal's drawer is the deal's next step (issue 17.2): typed in the dialog by one manager, saved with the deal,
/// and another manager's board drops the card's "no next step" warning without a reload.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DealTaskBrowserTests(StudioAppFixture app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TaskTypedInTheDrawer_SavedWithTheDeal_TheOtherManagersCardLosesItsWarning()
    {
        var boardId = await app.BoardIdAsync("demo-sales");
        var manager = await app.EmployeeIdAsync("manager1@studio.demo");
        var name = "Наступний крок " + Guid.NewGuid().ToString("N")[..6];
        var dealId = await app.Services.GetRequiredService<PipelineService>().CreateDealAsync(manager,
            new NewDeal(boardId, null, name, $"+38067{Random.Shared.Next(1_000_000, 9_999_999)}", null, null, null, null, 500, null), Ct);

        var watcher = new BoardPage(await app.SignedInPageAsync("manager2@studio.demo"), app.BaseUrl);
        await watcher.OpenAsync(boardId);
        await watcher.WaitForCardsAsync();
        await Expect(watcher.Card(dealId).Locator(".no-next-step")).ToHaveCountAsync(1);

        var board = new BoardPage(await app.SignedInPageAsync("manager1@studio.demo"), app.BaseUrl);
        await board.OpenAsync(boardId);
        await board.WaitForCardsAsync();
        await board.Card(dealId).ClickAsync();
        var drawer = board.Page.GetByTestId("deal-drawer");
        await Expect(drawer).ToContainTextAsync(name);
        await drawer.Locator(".mud-tab", new() { HasTextString = "Tasks" }).ClickAsync(); // MudBlazor 9 gives its tabs no tab role; the demo managers read English
        await drawer.GetByTestId("client-task-new").ClickAsync();
        var dialog = board.Page.GetByRole(AriaRole.Dialog);
        await dialog.Locator("input[data-testid=task-title]").FillAsync("Передзвонити щодо пробного");
        await dialog.GetByTestId("task-me").ClickAsync();
        await dialog.GetByTestId("task-save").ClickAsync();
        await Expect(board.Page.GetByTestId("task-dialog")).ToHaveCountAsync(0);

        // The other manager's card: the warning gone, the open task counted, no reload.
        await Expect(watcher.Card(dealId).Locator(".no-next-step")).ToHaveCountAsync(0, new() { Timeout = 5_000 });
        await Expect(watcher.Card(dealId).Locator(".open-tasks")).ToHaveTextAsync("☑ 1");
        await Expect(drawer.GetByTestId("client-task")).ToContainTextAsync("Передзвонити щодо пробного");

        await using var db = app.Services.GetRequiredService<IDbContextFactory<StudioDbContext>>().CreateDbContext();
        var saved = await db.Tasks.AsNoTracking().SingleAsync(t => t.DealId == dealId, Ct);
        Assert.Equal(("Передзвонити щодо пробного", boardId), (saved.Title, saved.BoardId!.Value));
        Assert.Equal([manager], saved.ExecutorIds);
    }
}
