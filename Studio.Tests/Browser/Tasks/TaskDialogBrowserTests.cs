using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Seed;
using static Microsoft.Playwright.Assertions;
using Studio.Tests.Browser.Pages;

namespace Studio.Tests.Browser.Tasks;

/// <summary>The new-task dialog on /tasks, live into the executor's browser.</summary>
[Collection(BrowserCollection.Name)]
public sealed class TaskDialogBrowserTests(StudioAppFixture app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(Guid Id, string Email, string Name)> NewManagerAsync(string who)
    {
        var organisation = app.Services.GetRequiredService<OrganisationService>();
        var branch = (await organisation.ListBranchesAsync(await app.EmployeeIdAsync("owner@studio.demo"), Ct)).First().Id;
        var tag = Guid.NewGuid().ToString("N")[..8];
        var (email, name) = ($"{who}-{tag}@studio.test", $"{who} {tag}");
        return (await organisation.CreateEmployeeWithAccountAsync(name, email, EmployeeRole.Manager, [branch], DemoSeeder.Password, Ct), email, name);
    }

    [Fact]
    public async Task ManagerCreatesATaskForAnother_InTheDialog_TheirIndicatorLightsWithoutReload_AndTheTaskOpens()
    {
        var manager = await NewManagerAsync("setter");
        var executor = await NewManagerAsync("doer");
        var executorPage = await app.SignedInPageAsync(executor.Email);
        await executorPage.GotoAsync($"{app.BaseUrl}/schedule");
        await Interactive.WaitAsync(executorPage);
        var bell = executorPage.GetByTestId("task-indicator");
        await Expect(bell).ToHaveAttributeAsync("data-unread", "0");
        var url = executorPage.Url;

        var page = await app.SignedInPageAsync(manager.Email);
        await page.GotoAsync($"{app.BaseUrl}/tasks");
        await Interactive.WaitAsync(page);
        await page.GetByTestId("task-new").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByTestId("task-save")).ToBeEnabledAsync();
        await dialog.Locator("input[data-testid=task-title]").FillAsync("Bring the new speakers");
        await dialog.GetByTestId("task-executors").ClickAsync();
        await page.Locator($".mud-popover-open [data-testid=executor-option][data-id='{executor.Id}']").ClickAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(dialog.Locator($"[data-testid=task-executor][data-id='{executor.Id}']")).ToHaveCountAsync(1);
        await dialog.GetByTestId("task-save").ClickAsync();

        // The new task opens in the drawer; the executor's indicator lights in the other browser.
        await Expect(page.GetByTestId("task-dialog")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("task-drawer")).ToContainTextAsync("Bring the new speakers");
        Assert.Contains("task=", page.Url);
        await Expect(bell).ToHaveAttributeAsync("data-unread", "1", new() { Timeout = 5_000 });
        Assert.Equal(url, executorPage.Url);

    }
}
