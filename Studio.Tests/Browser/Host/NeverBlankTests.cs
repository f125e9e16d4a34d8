using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using Studio.Tests.Browser.Pages;

namespace Studio.Tests.Browser.Host;

/// <summary>A full page load paints the app's shell at once, and what was being typed outlives a reload.</summary>
[Collection(BrowserCollection.Name)]
public sealed class NeverBlankTests(StudioAppFixture app)
{
    [Fact]
    public async Task FullPageLoad_ShellIsPaintedBeforeTheCircuit_AndMakesWayForTheLayout()
    {
        var page = await app.SignedInPageAsync("manager1@studio.demo");
        var boardId = await app.BoardIdAsync("demo-sales");

        // What the page shows at DOMContentLoaded is recorded by the page itself, at that moment: a fast circuit may be
        // interactive before the test could look.
        await page.AddInitScriptAsync("""
            document.addEventListener('DOMContentLoaded', () => {
                const bar = document.querySelector('[data-testid=app-shell-bar]');
                const interactive = document.querySelector('[data-testid=interactive]') !== null;
                if (!bar) { window.__firstPaint = 'no shell'; return; }
                const r = bar.getBoundingClientRect();
                window.__firstPaint = `${getComputedStyle(bar).visibility !== 'hidden' && r.height > 0 && r.width > 0} ${interactive}`;
            });
            """);
        var response = await page.GotoAsync($"{app.BaseUrl}/boards/{boardId}", new() { WaitUntil = WaitUntilState.DOMContentLoaded });

        // The server's first HTML already has the shell; at DOMContentLoaded it is on screen and the circuit is not there yet.
        Assert.Contains("data-testid=\"app-shell-bar\"", await response!.TextAsync());
        Assert.Equal("true false", await page.EvaluateAsync<string>("() => window.__firstPaint"));

        await Interactive.WaitAsync(page);
        await Expect(page.GetByTestId("app-shell")).ToBeHiddenAsync();
        await Expect(page.GetByTestId("global-search-input")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task TypedInDrawerAndNewDealDialog_PageReloaded_TextIsStillThere()
    {
        var boardId = await app.BoardIdAsync("demo-online");
        var board = new BoardPage(await app.SignedInPageAsync("manager3@studio.demo"), app.BaseUrl);
        var page = board.Page;
        await board.OpenAsync(boardId);
        await board.WaitForCardsAsync();
        var card = page.Locator(".deal-card").Last;
        var dealId = Guid.Parse((await card.GetAttributeAsync("data-deal-id"))!);

        // The drawer: a title and a note typed, nothing saved, then the circuit is gone (reload).
        await card.ClickAsync();
        var drawer = page.GetByTestId("deal-drawer");
        await drawer.GetByLabel("Title").FillAsync("Wants the Saturday group");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Notes" }).ClickAsync();
        await page.GetByTestId("note-text").FillAsync("Call back after 6 pm");
        await page.WaitForFunctionAsync("() => Object.keys(sessionStorage).some(k => k.startsWith('studio-draft:deal-drawer') && sessionStorage.getItem(k).includes('after 6 pm'))");
        await page.ReloadAsync();
        await Interactive.WaitAsync(page);

        Assert.Contains($"deal={dealId}", page.Url);
        await Expect(drawer.GetByLabel("Title")).ToHaveValueAsync("Wants the Saturday group");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Notes" }).ClickAsync();
        await Expect(page.GetByTestId("note-text")).ToHaveValueAsync("Call back after 6 pm");

        // Closing is cancelling: the draft goes, and the drawer opens clean.
        await page.GetByTestId("deal-drawer-close").ClickAsync();
        await board.Card(dealId).ClickAsync();
        await Expect(drawer.GetByTestId("deal-client-link")).ToBeVisibleAsync();
        await Expect(drawer.GetByLabel("Title")).Not.ToHaveValueAsync("Wants the Saturday group");
        await page.GetByTestId("deal-drawer-close").ClickAsync();

        // The new-deal dialog: a name and a phone typed, reload, open it again.
        await page.GetByTestId("new-deal").First.ClickAsync();
        await page.GetByTestId("new-client-name").FillAsync("Марта Draft-Test");
        await page.GetByTestId("new-client-phone").FillAsync("067 555 12 34");
        await page.WaitForFunctionAsync("() => Object.keys(sessionStorage).some(k => k.startsWith('studio-draft:new-deal') && sessionStorage.getItem(k).includes('555 12 34'))");
        await page.ReloadAsync();
        await Interactive.WaitAsync(page);
        await page.GetByTestId("new-deal").First.ClickAsync();

        await Expect(page.GetByTestId("new-client-name")).ToHaveValueAsync("Марта Draft-Test");
        await Expect(page.GetByTestId("new-client-phone")).ToHaveValueAsync("067 555 12 34");
        await page.GetByTestId("cancel-deal").ClickAsync();
    }

    [Fact]
    public async Task TaskDialogFromTheDealsTasksTab_PageReloaded_TitleIsStillThere_CancelDropsIt()
    {
        var boardId = await app.BoardIdAsync("demo-online");
        var board = new BoardPage(await app.SignedInPageAsync("manager2@studio.demo"), app.BaseUrl);
        var page = board.Page;
        await board.OpenAsync(boardId);
        await board.WaitForCardsAsync();
        await page.Locator(".deal-card").Nth(1).ClickAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Tasks" }).ClickAsync();

        await page.GetByTestId("client-task-new").ClickAsync();
        await page.GetByTestId("task-title").FillAsync("Send the timetable");
        await page.GetByTestId("task-title").PressAsync("Tab");
        await page.WaitForFunctionAsync("() => Object.keys(sessionStorage).some(k => k.startsWith('studio-draft:task-new') && sessionStorage.getItem(k).includes('Send the timetable'))");
        await page.ReloadAsync();
        await Interactive.WaitAsync(page);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Tasks" }).ClickAsync();
        await page.GetByTestId("client-task-new").ClickAsync();

        await Expect(page.GetByTestId("task-title")).ToHaveValueAsync("Send the timetable");
        await page.GetByTestId("task-cancel").ClickAsync();
        await Expect(page.GetByTestId("task-dialog")).ToHaveCountAsync(0);
        await page.GetByTestId("client-task-new").ClickAsync();
        await Expect(page.GetByTestId("task-title")).ToHaveValueAsync("");
        await page.GetByTestId("task-cancel").ClickAsync();
    }
}
