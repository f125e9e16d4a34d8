using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Studio.Domain.Clients;
using Studio.Domain.Schedule;
using Studio.Infrastructure.Billing;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Schedule;
using static Microsoft.Playwright.Assertions;
using Studio.Tests.Browser.Pages;

namespace Studio.Tests.Browser.Billing;

[Collection(BrowserCollection.Name)]
public sealed class SellPassBrowserTests(StudioAppFixture app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A lesson type, a plan covering it and a client of their own, so no other test's data matters.</summary>
    private async Task<(Guid ClientId, string Plan)> ArrangeAsync()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var owner = await app.EmployeeIdAsync("owner@studio.demo");
        var manager = await app.EmployeeIdAsync("manager1@studio.demo");
        Guid branchId;
        await using (var db = app.Services.GetRequiredService<IDbContextFactory<StudioDbContext>>().CreateDbContext())
            branchId = await db.Branches.OrderBy(b => b.Name).Select(b => b.Id).FirstAsync(Ct);
        var type = await app.Services.GetRequiredService<LessonTypeService>().SaveTypeAsync(owner, null, null, $"Sell test {tag}", 60, LessonKind.Group, false, "#42A5F5", 1, Ct);
        var plan = $"Eight visits {tag}";
        await app.Services.GetRequiredService<BillingService>().SavePlanAsync(owner, null, null, plan, 8, 30, 1200m, [type], Ct);
        var phone = $"+38050{Random.Shared.Next(1000000, 9999999)}";
        var client = await app.Services.GetRequiredService<ClientService>().CreateAsync(manager, new ClientInput($"Buyer {tag}", [phone], null, null, null,
            branchId, null, null, [], ContactChannels.None, null, new Dictionary<Guid, string?>()), duplicatesSeen: true, Ct);
        return (client, plan);
    }

    [Fact]
    public async Task SellPass_OnTheClientCard_ShowsWithVisitsLeft_AndAppearsLiveOnAnotherOpenCard()
    {
        var (clientId, plan) = await ArrangeAsync();
        var seller = await app.SignedInPageAsync("manager1@studio.demo");
        var watcher = await app.SignedInPageAsync("manager2@studio.demo");
        await watcher.GotoAsync($"{app.BaseUrl}/clients/{clientId}");
        await Interactive.WaitAsync(watcher);
        await Expect(watcher.GetByTestId("client-passes")).ToContainTextAsync("No passes yet.");
        await seller.GotoAsync($"{app.BaseUrl}/clients/{clientId}");
        await Interactive.WaitAsync(seller);

        await seller.GetByTestId("sell-pass").ClickAsync();
        var dialog = seller.GetByTestId("sell-pass-dialog");
        await dialog.Locator(".mud-select").First.ClickAsync();
        await seller.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = plan }).ClickAsync();
        await Expect(dialog.GetByTestId("sell-amount")).ToHaveValueAsync("1200");
        await dialog.GetByTestId("sell-method").GetByText("Card").ClickAsync();
        await seller.GetByTestId("confirm-sell").ClickAsync();

        var sold = seller.Locator($"[data-testid=pass-row][data-pass-name='{plan}']");
        await Expect(sold.GetByTestId("pass-visits")).ToHaveTextAsync("8 of 8 left", new() { Timeout = 5_000 });
        await Expect(sold).ToHaveAttributeAsync("data-state", "Active");
        var live = watcher.Locator($"[data-testid=pass-row][data-pass-name='{plan}']");
        await Expect(live.GetByTestId("pass-visits")).ToHaveTextAsync("8 of 8 left", new() { Timeout = 5_000 });
        await Expect(watcher.GetByTestId("timeline")).ToContainTextAsync(plan, new() { Timeout = 5_000 });

    }
}

[Collection(BrowserCollection.Name)]
public sealed class PaymentsPageBrowserTests(StudioAppFixture app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Payments_FilteredByKindInTheAddress_ChipRemovable_ExportHasTheFilteredRows()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var owner = await app.EmployeeIdAsync("owner@studio.demo");
        var manager = await app.EmployeeIdAsync("manager3@studio.demo");
        var billing = app.Services.GetRequiredService<BillingService>();
        var good = await billing.SaveGoodAsync(owner, null, null, $"Water {tag}", 25m, Ct);
        var page = await app.SignedInPageAsync("manager3@studio.demo");
        await page.GotoAsync($"{app.BaseUrl}/payments?kind=Good&employee={manager}");
        await Interactive.WaitAsync(page);
        await Expect(page.GetByTestId("filter-chips")).ToContainTextAsync("Goods");

        // A sale elsewhere shows on the open list.
        await billing.SellGoodsAsync(manager, null, null, [new GoodsLine(good, 3)], Studio.Domain.Billing.PaymentMethod.Online, null, Ct);

        var row = page.Locator("tr").Filter(new() { HasText = $"Water {tag} ×3" });
        await Expect(row).ToContainTextAsync("75", new() { Timeout = 5_000 });
        await Expect(row).ToContainTextAsync("Online");
        await Expect(page.GetByTestId("payments-summary")).ToContainTextAsync("payment(s)");

        var csv = await page.Context.APIRequest.GetAsync(await page.GetByTestId("export-csv").GetAttributeAsync("href") ?? "");
        Assert.Equal(200, csv.Status);
        var text = await csv.TextAsync();
        Assert.Contains($"Water {tag} ×3", text);
        Assert.DoesNotContain("Eight visits", text);
        var xlsx = await page.Context.APIRequest.GetAsync(await page.GetByTestId("export-xlsx").GetAttributeAsync("href") ?? "");
        Assert.Equal("PK", System.Text.Encoding.ASCII.GetString((await xlsx.BodyAsync())[..2]));

        await page.GetByTestId("filter-chips").Locator(".mud-chip").Filter(new() { HasText = "Goods" }).Locator("button").ClickAsync();
        await Expect(page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("kind="));
    }
}
