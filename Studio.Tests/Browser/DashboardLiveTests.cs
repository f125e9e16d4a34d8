using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Studio.Infrastructure.Pipelines;
using static Microsoft.Playwright.Assertions;

namespace Studio.Tests.Browser;

/// <summary>The owner's live dashboard: their home after sign-in, and its tiles move by themselves as leads come and deals are won.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardLiveTests(StudioAppFixture app)
{
    private const string Owner = "owner@studio.demo";
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(5);

    private static ILocator Tile(IPage page, string kind) => page.Locator($"[data-testid=dashboard-tile][data-kind={kind}]");

    private static async Task<int> ValueAsync(IPage page, string kind) =>
        int.Parse((await Tile(page, kind).GetAttributeAsync("data-value"))!);

    [Fact]
    public async Task OwnerSignsIn_LandsOnTheDashboard_ManagerKeepsTheBoards()
    {
        var owner = await app.SignedInPageAsync(Owner);
        await owner.GotoAsync($"{app.BaseUrl}/");
        await owner.WaitForURLAsync($"{app.BaseUrl}/dashboard");
        await Expect(owner.GetByTestId("dashboard-tile")).ToHaveCountAsync(5);
        await Expect(owner.Locator("a[href='/dashboard']")).ToBeVisibleAsync();   // the nav link
        await owner.Context.CloseAsync();

        var manager = await app.SignedInPageAsync("manager1@studio.demo");
        await manager.GotoAsync($"{app.BaseUrl}/");
        await manager.WaitForURLAsync($"{app.BaseUrl}/boards");
        await Expect(manager.Locator("a[href='/dashboard']")).ToHaveCountAsync(0);
        await manager.GotoAsync($"{app.BaseUrl}/dashboard");
        await Expect(manager.GetByTestId("dashboard-tile")).ToHaveCountAsync(0);
        await manager.Context.CloseAsync();
    }

    [Fact]
    public async Task WebFormLeadAndAWonDeal_OwnerWatching_NewLeadsAndWinsGoUpWithoutReload()
    {
        var ct = TestContext.Current.CancellationToken;
        var pipelines = app.Services.GetRequiredService<PipelineService>();
        var ownerId = await app.EmployeeIdAsync(Owner);
        var boardId = await pipelines.CreateBoardAsync(ownerId, "Dashboard live " + Guid.NewGuid().ToString("N")[..6],
            [new StageInput(null, "Call", "#4FC3F7", null, false)], ["No time"], [], ct: ct);
        var board = await pipelines.GetSettingsAsync(ownerId, boardId, ct);
        var page = await app.SignedInPageAsync(Owner);
        await page.GotoAsync($"{app.BaseUrl}/dashboard");
        await Interactive.WaitAsync(page);
        await Expect(Tile(page, "new-leads")).ToBeVisibleAsync();
        var (leads, wins) = (await ValueAsync(page, "new-leads"), await ValueAsync(page, "wins"));
        var url = page.Url;

        // A lead from the board's public web form.
        using var http = new HttpClient();
        var response = await http.PostAsJsonAsync($"{app.BaseUrl}/api/forms/{board.FormKey}/leads",
            new { name = "Лід для панелі " + Guid.NewGuid().ToString("N")[..6], phone = "+380 67 555 91 01" }, ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var dealId = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(ct)).GetProperty("dealId").GetGuid();

        await Expect(Tile(page, "new-leads")).ToHaveAttributeAsync("data-value", $"{leads + 1}", new() { Timeout = (float)Live.TotalMilliseconds });
        await Expect(Tile(page, "new-leads").GetByTestId("dashboard-delta")).ToHaveTextAsync("+1");
        await Expect(page.Locator($"[data-kind=new-leads-board][href='/boards/{boardId}?period=today']")).ToHaveAttributeAsync("data-value", "1");

        // The deal is won.
        await pipelines.MoveDealAsync(ownerId, dealId, board.Stages.Single(s => s.Kind == Studio.Domain.Pipelines.StageKind.Won).Id, null, ct);

        await Expect(Tile(page, "wins")).ToHaveAttributeAsync("data-value", $"{wins + 1}", new() { Timeout = (float)Live.TotalMilliseconds });
        Assert.Equal($"{leads + 1}", await Tile(page, "new-leads").GetAttributeAsync("data-value"));
        Assert.Equal(url, page.Url);   // no reload, no navigation
        await page.Context.CloseAsync();
    }
}
