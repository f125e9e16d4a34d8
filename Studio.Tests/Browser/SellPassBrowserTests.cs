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

namespace Studio.Tests.Browser;

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
        var type = await app.Services.GetRequiredService<ScheduleService>().SaveTypeAsync(owner, null, null, $"Sell test {tag}", 60, LessonKind.Group, false, "#42A5F5", 1, Ct);
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

        await seller.Context.CloseAsync();
        await watcher.Context.CloseAsync();
    }
}
