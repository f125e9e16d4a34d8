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
}
