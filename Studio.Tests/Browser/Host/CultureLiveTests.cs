using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Studio.Infrastructure.Live;
using static Microsoft.Playwright.Assertions;
using Studio.Tests.Browser.Pages;

namespace Studio.Tests.Browser.Host;

/// <summary>
/// Pages open in Ukrainian stay Ukrainian whoever makes them redraw: the clock, a colleague working in English, a web-form lead
/// posted with an English request.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CultureLiveTests(StudioAppFixture app)
{
    private const string Sales = "demo-sales";
    private static readonly LocatorAssertionsToHaveAttributeOptions Live = new() { Timeout = 5_000 };

    /// <summary>A signed-in browser (English sign-in form) that then chooses Українська the way the language menu does.</summary>
    private async Task<IPage> UkrainianAsync(string email, string path)
    {
        var page = await app.SignedInPageAsync(email);
        await page.GotoAsync($"{app.BaseUrl}/culture/uk?redirectUri={Uri.EscapeDataString(path)}");
        await Interactive.WaitAsync(page);
        return page;
    }

    /// <summary>Runs a publisher's work in English (as a background job or another person's request would), leaving the test's culture alone.</summary>
    private static async Task InEnglish(Func<Task> work)
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("en");
        await work();
    }

    private static async Task AssertUkrainianAsync(IPage schedule, IPage board, IPage dashboard)
    {
        await Expect(schedule.GetByTestId("today")).ToHaveTextAsync("Сьогодні");
        await Expect(schedule.Locator("h1")).ToHaveTextAsync("Розклад");
        await Expect(board.GetByTestId("board-figures")).ToContainTextAsync("пробних");
        await Expect(board.GetByTestId("board-figures")).ToContainTextAsync("успішних");
        await Expect(dashboard.Locator("[data-testid=dashboard-tile][data-kind=new-leads]")).ToContainTextAsync("Нові ліди");
    }

    [Fact]
    public async Task UkrainianPages_ClockTickEnglishColleagueAndWebFormLead_StayUkrainian()
    {
        var ct = TestContext.Current.CancellationToken;
        var boardId = await app.BoardIdAsync(Sales);
        var schedule = await UkrainianAsync("owner@studio.demo", "/schedule");
        var dashboard = await schedule.Context.NewPageAsync();
        await dashboard.GotoAsync($"{app.BaseUrl}/dashboard");
        await Interactive.WaitAsync(dashboard);
        var board = new BoardPage(await UkrainianAsync("manager1@studio.demo", $"/boards/{boardId}"), app.BaseUrl);
        await board.WaitForCardsAsync();
        var english = new BoardPage(await app.SignedInPageAsync("manager2@studio.demo"), app.BaseUrl);
        await english.OpenAsync(boardId);
        await AssertUkrainianAsync(schedule, board.Page, dashboard);
        var scheduleTitle = await schedule.GetByTestId("schedule-title").TextContentAsync();

        // The clock ticks (published as the node's ticker does, in its own culture).
        var bus = app.Services.GetRequiredService<ILiveBus>();
        await InEnglish(() => bus.PublishAsync(new LiveMessage(LiveTopics.Clock, "Tick")));
        await Task.Delay(1_000, ct);
        await AssertUkrainianAsync(schedule, board.Page, dashboard);
        await Expect(schedule.GetByTestId("schedule-title")).ToHaveTextAsync(scheduleTitle!);

        // A lead from the web form, posted by a browser that speaks English.
        var sequence = await dashboard.GetByTestId("dashboard-tiles").GetAttributeAsync("data-sequence");
        using var http = new HttpClient();
        http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-US");
        HttpResponseMessage response = null!;
        await InEnglish(async () => response = await http.PostAsJsonAsync($"{app.BaseUrl}/api/forms/{Sales}/leads",
            new { name = "Мовний лід " + Guid.NewGuid().ToString("N")[..6], phone = "+380 67 555 92 01" }, ct));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var dealId = (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("dealId").GetGuid();
        await Expect(board.CardIn("Нові", dealId)).ToBeVisibleAsync(new() { Timeout = 5_000 });
        await Expect(dashboard.GetByTestId("dashboard-tiles")).Not.ToHaveAttributeAsync("data-sequence", sequence!, Live);
        await AssertUkrainianAsync(schedule, board.Page, dashboard);

        // The Ukrainian manager opens the deal; a colleague in English moves it on.
        await board.Card(dealId).ClickAsync();
        var drawer = board.Page.GetByTestId("deal-drawer");
        await Expect(drawer).ToContainTextAsync("Етап: Нові");
        await english.Card(dealId).WaitForAsync();
        await english.DragAsync(dealId, "Необроблені");

        await Expect(drawer).ToContainTextAsync("Етап: Необроблені", new() { Timeout = 5_000 });
        await Expect(board.CardIn("Необроблені", dealId)).ToBeVisibleAsync(new() { Timeout = 5_000 });
        // The move changes no figure of the dashboard, so the dashboard renders nothing for it (ADR-008).
        await Expect(drawer.GetByTestId("win-deal")).ToHaveTextAsync("Успішно");
        await AssertUkrainianAsync(schedule, board.Page, dashboard);
        // The English colleague's own screen stays English.
        await Expect(english.Page.GetByTestId("board-figures")).ToContainTextAsync("trials");

    }
}
