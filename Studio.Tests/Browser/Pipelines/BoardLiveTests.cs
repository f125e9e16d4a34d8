using Xunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Studio.Infrastructure.Pipelines;
using static Microsoft.Playwright.Assertions;
using Studio.Tests.Browser.Pages;

namespace Studio.Tests.Browser.Pipelines;

[Collection(BrowserCollection.Name)]
public sealed class BoardLiveTests(StudioAppFixture app)
{
    private const string Sales = "demo-sales";

    [Fact]
    public async Task DragCard_TwoManagersOnOneBoard_OtherSeesMoveWithoutReload()
    {
        var boardId = await app.BoardIdAsync(Sales);
        var first = new BoardPage(await app.SignedInPageAsync("manager1@studio.demo"), app.BaseUrl);
        var second = new BoardPage(await app.SignedInPageAsync("manager2@studio.demo"), app.BaseUrl);
        await first.OpenAsync(boardId);
        await second.OpenAsync(boardId);

        var dealId = await first.FirstCardInAsync("Дзвінок");
        await Expect(second.CardIn("Дзвінок", dealId)).ToBeVisibleAsync();
        var secondUrl = second.Page.Url;

        await first.DragAsync(dealId, "Презентація");

        await Expect(first.CardIn("Презентація", dealId)).ToBeVisibleAsync();
        await Expect(second.CardIn("Презентація", dealId)).ToBeVisibleAsync(new() { Timeout = 5_000 });
        await Expect(second.CardIn("Дзвінок", dealId)).ToHaveCountAsync(0);
        Assert.Equal(secondUrl, second.Page.Url);

        var owner = await app.EmployeeIdAsync("owner@studio.demo");
        var deal = await app.Services.GetRequiredService<PipelineService>().GetDealAsync(owner, dealId, TestContext.Current.CancellationToken);
        Assert.Equal("Презентація", deal.History[0].ToStage);
        Assert.Equal("Андрій Шевченко", deal.History[0].ByName);
    }

    [Fact]
    public async Task ShiftArrows_OnAFocusedCard_MoveItAColumnOnAndBack_ForBothManagers_AndSaved()
    {
        var boardId = await app.BoardIdAsync(Sales);
        var first = new BoardPage(await app.SignedInPageAsync("manager1@studio.demo"), app.BaseUrl);
        var second = new BoardPage(await app.SignedInPageAsync("manager2@studio.demo"), app.BaseUrl);
        try
        {
            await first.OpenAsync(boardId);
            await second.OpenAsync(boardId);
            var dealId = await first.FirstCardInAsync("Договір підписано");
            await Expect(second.CardIn("Договір підписано", dealId)).ToBeVisibleAsync();
            var owner = await app.EmployeeIdAsync("owner@studio.demo");
            var pipelines = app.Services.GetRequiredService<PipelineService>();

            await first.Card(dealId).FocusAsync();
            await first.Page.Keyboard.PressAsync("Shift+ArrowRight");

            await Expect(first.CardIn("Оплачено", dealId)).ToBeVisibleAsync();
            await Expect(second.CardIn("Оплачено", dealId)).ToBeVisibleAsync(new() { Timeout = 5_000 });
            await Expect(second.CardIn("Договір підписано", dealId)).ToHaveCountAsync(0);
            var moved = await pipelines.GetDealAsync(owner, dealId, TestContext.Current.CancellationToken);
            Assert.Equal("Оплачено", moved.History[0].ToStage);
            Assert.Equal("Андрій Шевченко", moved.History[0].ByName);

            // The card is a new element in its new column: focus it again and step back.
            await first.CardIn("Оплачено", dealId).FocusAsync();
            await first.Page.Keyboard.PressAsync("Shift+ArrowLeft");

            await Expect(first.CardIn("Договір підписано", dealId)).ToBeVisibleAsync();
            await Expect(second.CardIn("Договір підписано", dealId)).ToBeVisibleAsync(new() { Timeout = 5_000 });
            await Expect(second.CardIn("Оплачено", dealId)).ToHaveCountAsync(0);
            var back = await pipelines.GetDealAsync(owner, dealId, TestContext.Current.CancellationToken);
            Assert.Equal("Договір підписано", back.History[0].ToStage);
            Assert.Equal("Оплачено", back.History[1].ToStage);
        }
        finally
        {
            await first.Page.Context.CloseAsync();
            await second.Page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task DropOnWonAndLost_LostAsksReason_BothLeaveEveryBoard()
    {
        var boardId = await app.BoardIdAsync(Sales);
        var first = new BoardPage(await app.SignedInPageAsync("manager1@studio.demo"), app.BaseUrl);
        var second = new BoardPage(await app.SignedInPageAsync("manager2@studio.demo"), app.BaseUrl);
        await first.OpenAsync(boardId);
        await second.OpenAsync(boardId);

        var won = await first.FirstCardInAsync("Договір узгоджено");
        await first.DragAsync(won, "Успішно");
        await Expect(second.Card(won)).ToHaveCountAsync(0, new() { Timeout = 5_000 });

        var lost = await first.FirstCardInAsync("Необроблені");
        await first.DragAsync(lost, "Відмова");
        var dialog = first.LostDialog;
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(first.ConfirmLost).ToBeDisabledAsync();
        await dialog.GetByText("Дорого").ClickAsync();
        await first.ConfirmLost.ClickAsync();
        await Expect(second.Card(lost)).ToHaveCountAsync(0, new() { Timeout = 5_000 });
        await Expect(first.Card(lost)).ToHaveCountAsync(0);

        var owner = await app.EmployeeIdAsync("owner@studio.demo");
        var pipelines = app.Services.GetRequiredService<PipelineService>();
        var wonDeal = await pipelines.GetDealAsync(owner, won, TestContext.Current.CancellationToken);
        var lostDeal = await pipelines.GetDealAsync(owner, lost, TestContext.Current.CancellationToken);
        Assert.Equal("Успішно", wonDeal.History[0].ToStage);
        Assert.Equal("Відмова", lostDeal.History[0].ToStage);
        Assert.Equal("Дорого", lostDeal.History[0].LossReason);
    }

    [Fact]
    public async Task LostCancelled_CardStaysWhereItWas()
    {
        var boardId = await app.BoardIdAsync(Sales);
        var board = new BoardPage(await app.SignedInPageAsync("manager2@studio.demo"), app.BaseUrl);
        await board.OpenAsync(boardId);
        var dealId = await board.FirstCardInAsync("Презентація");

        await board.DragAsync(dealId, "Відмова");
        await board.LostDialog.GetByRole(AriaRole.Button, new() { Name = board.Text("Common.Cancel"), Exact = true }).ClickAsync();

        await Expect(board.CardIn("Презентація", dealId)).ToBeVisibleAsync();
    }

    [Fact]
    public async Task OpenBoard_ManagerNotMember_SeesNoBoardAndNoCards()
    {
        var boardId = await app.BoardIdAsync(Sales);
        var page = await app.SignedInPageAsync("manager3@studio.demo");
        var board = new BoardPage(page, app.BaseUrl);
        await Expect(board.BoardLink("Продажі")).ToHaveCountAsync(0);
        await Expect(board.BoardLink("Онлайн-школа")).ToHaveCountAsync(1);

        await board.OpenAsync(boardId);

        await Expect(board.Forbidden).ToBeVisibleAsync();
        await Expect(board.Cards).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task OpenBoard_SecondManagerArrives_PresenceShowsThemLive()
    {
        var boardId = await app.BoardIdAsync(Sales);
        var first = new BoardPage(await app.SignedInPageAsync("manager1@studio.demo"), app.BaseUrl);
        await first.OpenAsync(boardId);
        var manager2 = await app.EmployeeIdAsync("manager2@studio.demo");
        var avatar = first.Page.Locator($"[data-testid=presence-avatar][data-employee-id=\"{manager2}\"]");
        // A test just before may have closed manager2's window; on a loaded machine their leaving can take a few seconds.
        await Expect(avatar).ToHaveCountAsync(0, new() { Timeout = 15_000 });

        var second = new BoardPage(await app.SignedInPageAsync("manager2@studio.demo"), app.BaseUrl);
        await second.OpenAsync(boardId);
        await Expect(avatar).ToHaveCountAsync(1, new() { Timeout = 5_000 });

        await second.Page.Context.CloseAsync();
        await Expect(avatar).ToHaveCountAsync(0, new() { Timeout = 20_000 });
    }
}

[Collection(BrowserCollection.Name)]
public sealed class DealEditingTests(StudioAppFixture app)
{
    [Fact]
    public async Task QuickAdd_NewClientInStart_CardAppearsOnTheOtherManagersBoard()
    {
        var boardId = await app.BoardIdAsync("demo-sales");
        var first = new BoardPage(await app.SignedInPageAsync("manager1@studio.demo"), app.BaseUrl);
        var second = new BoardPage(await app.SignedInPageAsync("manager2@studio.demo"), app.BaseUrl);
        await first.OpenAsync(boardId);
        await second.OpenAsync(boardId);

        await first.QuickAddName.FillAsync("Квітка Тестова");
        await first.QuickAddPhone.FillAsync("050 765 43 21");
        await first.QuickAddPhone.PressAsync("Enter");

        var card = second.Column("Нові").Locator(".deal-card", new() { HasText = "Квітка Тестова" });
        await Expect(card).ToBeVisibleAsync(new() { Timeout = 5_000 });
    }

    [Fact]
    public async Task SaveDeal_TwoManagersEditSameDeal_SecondIsToldAndNothingOverwritten()
    {
        var boardId = await app.BoardIdAsync("demo-sales");
        var first = new BoardPage(await app.SignedInPageAsync("manager1@studio.demo"), app.BaseUrl);
        var second = new BoardPage(await app.SignedInPageAsync("manager2@studio.demo"), app.BaseUrl);
        await first.OpenAsync(boardId);
        var dealId = await first.FirstCardInAsync("Договір підписано");
        await second.OpenAsync(boardId);

        await first.Card(dealId).ClickAsync();
        await second.Card(dealId).ClickAsync();
        var firstDrawer = new DealDrawer(first.Page, app.BaseUrl);
        var secondDrawer = new DealDrawer(second.Page, app.BaseUrl);
        await firstDrawer.Title.FillAsync("First manager's title");
        await secondDrawer.Title.FillAsync("Second manager's title");

        await firstDrawer.Save.ClickAsync();
        await Expect(firstDrawer.Saved).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await secondDrawer.Save.ClickAsync();

        await Expect(secondDrawer.Error).ToContainTextAsync("Someone else saved this first");
        await Expect(secondDrawer.Title).ToHaveValueAsync("First manager's title");
        var owner = await app.EmployeeIdAsync("owner@studio.demo");
        var deal = await app.Services.GetRequiredService<PipelineService>().GetDealAsync(owner, dealId, TestContext.Current.CancellationToken);
        Assert.Equal("First manager's title", deal.Title);
    }
}
