using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Studio.Domain.Clients;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Seed;
using static Microsoft.Playwright.Assertions;
using Studio.Tests.Browser.Pages;

namespace Studio.Tests.Browser.Clients;

/// <summary>A call campaign made on the tasks page from a filtered set of clients, its calls live in another executor's pool.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CampaignBrowserTests(StudioAppFixture app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ManagerCreatesACampaignForFilteredClients_TwoExecutors_CallsShowInTheOtherExecutorsPoolLive_AndOneIsTaken()
    {
        var organisation = app.Services.GetRequiredService<OrganisationService>();
        var branch = (await organisation.ListBranchesAsync(await app.EmployeeIdAsync("owner@studio.demo"), Ct)).First().Id;
        var tag = Guid.NewGuid().ToString("N")[..8];
        async Task<(Guid Id, string Email, string Name)> PersonAsync(string who)
        {
            var email = $"{who}-{tag}@studio.test";
            var name = $"{who} {tag}";
            return (await organisation.CreateEmployeeWithAccountAsync(name, email, EmployeeRole.Manager, [branch], DemoSeeder.Password, Ct), email, name);
        }
        var manager = await PersonAsync("planner");
        var first = await PersonAsync("caller-a");
        var second = await PersonAsync("caller-b");
        var clients = app.Services.GetRequiredService<ClientService>();
        for (var i = 0; i < 3; i++)
            await clients.CreateAsync(manager.Id, new ClientInput($"Зебра{tag} {i}", [$"+38050{Random.Shared.Next(1000000, 9999999)}"], null, null, null, branch,
                null, null, [], ContactChannels.None, null, new Dictionary<Guid, string?>()), duplicatesSeen: true, Ct);

        var callerPage = await app.SignedInPageAsync(second.Email);
        await callerPage.GotoAsync($"{app.BaseUrl}/tasks");
        await Interactive.WaitAsync(callerPage);
        await Expect(callerPage.GetByTestId("tasks-empty")).ToBeVisibleAsync();
        var callerUrl = callerPage.Url;

        var page = await app.SignedInPageAsync(manager.Email);
        await page.GotoAsync($"{app.BaseUrl}/tasks");
        await Interactive.WaitAsync(page);
        await page.GetByTestId("campaign-new").ClickAsync();
        var dialog = page.GetByTestId("campaign-dialog");
        await dialog.GetByTestId("campaign-title").FillAsync($"Zebra calls {tag}");
        await dialog.GetByTestId("campaign-executors").Locator(".mud-select").First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = first.Name }).ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = second.Name }).ClickAsync();
        await page.Keyboard.PressAsync("Tab");
        await dialog.GetByTestId("campaign-search").FillAsync($"зебра{tag}");
        await Expect(dialog.GetByTestId("campaign-count")).ToHaveAttributeAsync("data-count", "3", new() { Timeout = 15_000 });
        await Expect(dialog.GetByTestId("campaign-preview-row")).ToHaveCountAsync(3);
        await page.GetByTestId("campaign-save").ClickAsync();
        await Expect(page.GetByTestId("campaign-dialog")).ToHaveCountAsync(0);

        // The planner lands on the campaign's calls: three, in the pool.
        await Expect(page.GetByTestId("task-chip").And(page.Locator("[data-key=campaign]"))).ToBeVisibleAsync();
        await Expect(page.GetByTestId("task-take-pool")).ToHaveCountAsync(3);

        // The other executor sees the campaign and its three calls in the shared pool without reloading, and takes one.
        var progress = callerPage.GetByTestId("campaign-progress");
        await Expect(progress).ToHaveAttributeAsync("data-total", "3", new() { Timeout = 5_000 });
        await Expect(callerPage.GetByTestId("task-take-pool")).ToHaveCountAsync(3);
        await callerPage.GetByTestId("task-take-pool").First.ClickAsync();
        await Expect(callerPage.GetByTestId("task-take-pool")).ToHaveCountAsync(2);
        await Expect(callerPage.GetByTestId("task-row")).ToHaveCountAsync(4); // the campaign and its three calls, one now theirs
        Assert.Equal(callerUrl, callerPage.Url);

    }
}
