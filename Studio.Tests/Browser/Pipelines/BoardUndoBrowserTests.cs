using Xunit;
using Microsoft.Extensions.DependencyInjection;
using Studio.Infrastructure.Pipelines;
using static Microsoft.Playwright.Assertions;
using Studio.Tests.Browser.Pages;

namespace Studio.Tests.Browser.Pipelines;

/// <summary>Undo on the board cannot hurt: it never overwrites another manager's later move.</summary>
[Collection(BrowserCollection.Name)]
public sealed class BoardUndoBrowserTests(StudioAppFixture app)
{
    [Fact]
    public async Task Undo_AnotherManagerMovedTheCardSince_RefusedWithTheMessage_CardStaysWhereTheyPutIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var boardId = await app.BoardIdAsync("demo-sales");
        var pipelines = app.Services.GetRequiredService<PipelineService>();
        var a = new BoardPage(await app.SignedInPageAsync("manager1@studio.demo"), app.BaseUrl);
        var b = new BoardPage(await app.SignedInPageAsync("manager2@studio.demo"), app.BaseUrl);
        await a.OpenAsync(boardId);
        await b.OpenAsync(boardId);
        var dealId = await pipelines.CreateDealAsync(await app.EmployeeIdAsync("manager1@studio.demo"),
            new NewDeal(boardId, null, "Undo Probe", "+380679990017", null, null, null, null, 500m, null), ct);
        await Expect(a.CardIn("Нові", dealId)).ToBeVisibleAsync();
        await Expect(b.CardIn("Нові", dealId)).ToBeVisibleAsync();

        await a.DragAsync(dealId, "Необроблені");
        await Expect(a.Undo).ToBeVisibleAsync();
        await Expect(b.CardIn("Необроблені", dealId)).ToBeVisibleAsync();
        await b.DragAsync(dealId, "Дзвінок");
        await Expect(a.CardIn("Дзвінок", dealId)).ToBeVisibleAsync(); // A sees B's move live, Undo still on offer

        await a.Undo.ClickAsync();

        await Expect(a.Snackbar("Error.Undo.ChangedSince")).ToBeVisibleAsync();
        await Expect(a.CardIn("Дзвінок", dealId)).ToBeVisibleAsync();
        await Expect(b.CardIn("Дзвінок", dealId)).ToBeVisibleAsync();
        var owner = await app.EmployeeIdAsync("owner@studio.demo");
        var deal = await pipelines.GetDealAsync(owner, dealId, ct);
        Assert.Equal("Дзвінок", deal.History[0].ToStage); // B's move is the last: nothing after it
        var won = (await pipelines.GetSettingsAsync(owner, boardId, ct)).Stages.Single(s => s.Kind == Studio.Domain.Pipelines.StageKind.Won).Id;
        await pipelines.MoveDealAsync(owner, dealId, won, ct: ct); // off the shared board, out of other tests' way
    }

    [Fact]
    public async Task WonFromTheDrawer_InUkrainian_UndoPutsTheCardBackOnBothBoards()
    {
        var ct = TestContext.Current.CancellationToken;
        var boardId = await app.BoardIdAsync("demo-sales");
        var pipelines = app.Services.GetRequiredService<PipelineService>();
        var manager = await app.EmployeeIdAsync("manager1@studio.demo");
        var dealId = await pipelines.CreateDealAsync(manager, new NewDeal(boardId, null, "Drawer Undo Probe", "+380679990018", null, null, null, null, 700m, null), ct);
        var stages = (await pipelines.GetSettingsAsync(await app.EmployeeIdAsync("owner@studio.demo"), boardId, ct)).Stages;
        var call = stages.Single(s => s.Name == "Дзвінок").Id;
        await pipelines.MoveDealAsync(manager, dealId, call, ct: ct);
        var page = await app.SignedInPageAsync("manager1@studio.demo");
        await page.GotoAsync($"{app.BaseUrl}/culture/uk?redirectUri={Uri.EscapeDataString($"/boards/{boardId}")}");
        await Interactive.WaitAsync(page);
        var a = new BoardPage(page, app.BaseUrl, "uk");
        var b = new BoardPage(await app.SignedInPageAsync("manager2@studio.demo"), app.BaseUrl);
        await b.OpenAsync(boardId);
        await Expect(a.CardIn("Дзвінок", dealId)).ToBeVisibleAsync();

        await a.Card(dealId).ClickAsync();
        var drawer = new DealDrawer(a.Page, app.BaseUrl, "uk");
        await drawer.Win.ClickAsync();
        await Expect(b.Card(dealId)).ToHaveCountAsync(0); // won: off the open columns on the other board
        await a.Undo.ClickAsync(); // "Скасувати", the Ukrainian word

        await Expect(a.CardIn("Дзвінок", dealId)).ToBeVisibleAsync();
        await Expect(b.CardIn("Дзвінок", dealId)).ToBeVisibleAsync();
        var deal = await pipelines.GetDealAsync(manager, dealId, ct);
        Assert.Equal(call, deal.StageId);
        Assert.Equal("Дзвінок", deal.History[0].ToStage); // the way back is in its history
        var won = stages.Single(s => s.Kind == Studio.Domain.Pipelines.StageKind.Won).Id;
        await pipelines.MoveDealAsync(manager, dealId, won, ct: ct); // off the shared board, out of other tests' way
    }
}
