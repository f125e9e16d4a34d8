using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Pipelines;
using Studio.Web.Pipelines.Settings;
using Studio.Web.Resources;
using static Microsoft.Playwright.Assertions;
using Studio.Tests.Browser.Pages;

namespace Studio.Tests.Browser.Pipelines;

/// <summary>The public web form seen from a manager's open board: the lead's card shows up by itself.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LeadFormLiveTests(StudioAppFixture app)
{
    private const string Sales = "demo-sales";
    private const string Start = "Нові";

    [Fact]
    public async Task PostLead_ManagerHasTheBoardOpen_CardAppearsInStartWithoutReload()
    {
        var boardId = await app.BoardIdAsync(Sales);
        var board = new BoardPage(await app.SignedInPageAsync("manager1@studio.demo"), app.BaseUrl);
        await board.OpenAsync(boardId);
        await board.WaitForCardsAsync();
        var url = board.Page.Url;
        var name = "Заявка з сайту " + Guid.NewGuid().ToString("N")[..6];

        using var http = new HttpClient();
        var response = await http.PostAsJsonAsync($"{app.BaseUrl}/api/forms/{Sales}/leads",
            new { name, phone = "+380 67 555 90 01", comment = "Хочу на пробне заняття", utm_source = "instagram" },
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var dealId = body.GetProperty("dealId").GetGuid();
        var card = board.CardIn(Start, dealId);
        await Expect(card).ToBeVisibleAsync(new() { Timeout = 5_000 });
        await Expect(card).ToContainTextAsync(name);
        Assert.Equal(url, board.Page.Url);
    }

    [Fact]
    public async Task BoardSettings_OwnerSavesAnAllowedSite_FormAddressAndSnippetShownAndSiteKept()
    {
        var ct = TestContext.Current.CancellationToken;
        var owner = await app.EmployeeIdAsync("owner@studio.demo");
        var boardId = await app.BoardIdAsync(Sales);
        var formUrl = $"{app.BaseUrl}/api/forms/{Sales}/leads";
        var page = await app.SignedInPageAsync("owner@studio.demo");
        await page.GotoAsync($"{app.BaseUrl}/settings/boards/{boardId}");
        await Interactive.WaitAsync(page);

        await Expect(page.GetByTestId("form-url")).ToHaveTextAsync(formUrl);
        await Expect(page.GetByTestId("form-snippet")).ToContainTextAsync($"<form method=\"post\" action=\"{formUrl}\"");
        await page.GetByLabel("Sites allowed to post from a browser, one per line").FillAsync("https://Dance-Studio.example/\nhttps://www.dance-studio.example");
        await page.GetByTestId("save-origins").ClickAsync();
        await Expect(page.GetByText("Allowed sites saved.")).ToBeVisibleAsync();

        var settings = await app.Services.GetRequiredService<PipelineService>().GetSettingsAsync(owner, boardId, ct);
        Assert.Equal(["https://dance-studio.example", "https://www.dance-studio.example"], settings.AllowedOrigins);
    }

    /// <summary>
    /// The settings page's fetch() snippet pasted into another site: the browser asks first (CORS
    /// preflight with the Idempotency-Key header), the board answers for its allowed site, the lead is
    /// saved and the visitor is thanked. http://localhost:port is another origin than http://127.0.0.1:port.
    /// </summary>
    [Fact]
    public async Task FetchSnippet_OnAnAllowedSite_SendsTheLeadAndThanksTheVisitor()
    {
        var ct = TestContext.Current.CancellationToken;
        var site = app.BaseUrl.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        var owner = await app.EmployeeIdAsync("owner@studio.demo");
        var online = await app.BoardIdAsync("demo-online");
        await app.Services.GetRequiredService<PipelineService>().SetAllowedOriginsAsync(owner, online, [site], ct: ct);
        var text = app.Services.GetRequiredService<IStringLocalizer<SharedResource>>();
        var snippet = FormSnippets.FetchForm($"{app.BaseUrl}/api/forms/demo-online/leads", text);
        // The "other site" is Studio on another host name; its page is written here, so Studio's own CSP (which rightly
        // refuses a foreign inline script on a Studio page) is not the site's: bypassed for this page only.
        var context = await app.Browser.NewContextAsync(new() { BypassCSP = true });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{site}/health");
        await page.SetContentAsync($"<html><body>{snippet}</body></html>");
        var name = "Сайт Fetch " + Guid.NewGuid().ToString("N")[..6];

        await page.Locator("input[name=name]").FillAsync(name);
        await page.Locator("input[name=phone]").FillAsync("067 555 90 02");
        await page.Locator("textarea[name=comment]").FillAsync("Дзвоніть після 18:00");
        await page.Locator("button[type=submit]").ClickAsync();

        await Expect(page.Locator("body")).ToContainTextAsync(text["WebForm.Thanks"].Value, new() { Timeout = 5_000 });
        await Expect(page.Locator("#studio-lead")).ToHaveCountAsync(0);
        var factory = app.Services.GetRequiredService<IDbContextFactory<StudioDbContext>>();
        await using var db = factory.CreateDbContext();
        var deal = await (from d in db.Deals join c in db.Clients on d.ClientId equals c.Id
                          where c.FullName == name select new { d.BoardId, d.Id }).SingleAsync(ct);
        Assert.Equal(online, deal.BoardId);
        Assert.Equal("Дзвоніть після 18:00", await db.DealNotes.Where(n => n.DealId == deal.Id).Select(n => n.Text).SingleAsync(ct));
        await context.CloseAsync();
    }
}
