using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Studio.Domain.Organisation;
using Studio.Domain.Schedule;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Schedule;
using Studio.Infrastructure.Seed;
using static Microsoft.Playwright.Assertions;
using Studio.Tests.Browser.Pages;

namespace Studio.Tests.Browser.Organisation;

/// <summary>The top bar's branch moves every screen at once and is kept across a reload and a new tab.</summary>
[Collection(BrowserCollection.Name)]
public sealed class BranchSwitcherTests(StudioAppFixture app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Arranged(BranchView First, BranchView Second, Guid TeacherId, Guid LessonInFirst, Guid LessonInSecond);

    /// <summary>A new teacher of both branches with one lesson today (late, in a room of its own) in each branch.</summary>
    private async Task<Arranged> ArrangeAsync()
    {
        var organisation = app.Services.GetRequiredService<OrganisationService>();
        var schedule = app.Services.GetRequiredService<ScheduleService>();
        var owner = await app.EmployeeIdAsync("owner@studio.demo");
        var branches = (await organisation.ListBranchesAsync(await app.EmployeeIdAsync("owner@studio.demo"), Ct)).OrderBy(b => b.Name, StringComparer.Ordinal).ToList();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var teacher = await organisation.CreateEmployeeWithAccountAsync($"Філія Вчитель {tag}", $"branch-{tag}@studio.test", EmployeeRole.Teacher,
            [branches[0].Id, branches[1].Id], DemoSeeder.Password, Ct);
        var type = await app.Services.GetRequiredService<LessonTypeService>().SaveTypeAsync(owner, null, null, $"Філія {tag}", 30, LessonKind.Group, false, "#5C6BC0", 1, Ct);
        async Task<Guid> BookAsync(BranchView branch, int hour)
        {
            var room = await organisation.SaveRoomAsync(owner, branch.Id, null, Guid.Empty, $"Кімната {tag}", 10, Ct);
            var today = await schedule.TodayAsync(branch.Id, Ct);
            return await schedule.BookAsync(owner, new LessonDraft(branch.Id, type, today.ToDateTime(new TimeOnly(hour, 0)), null, room, teacher, null, []), Ct);
        }
        return new(branches[0], branches[1], teacher, await BookAsync(branches[0], 5), await BookAsync(branches[1], 6));
    }

    private static ILocator Lesson(IPage page, Guid id) => page.Locator($"[data-testid=lesson][data-lesson-id='{id}']");

    private static async Task SwitchAsync(IPage page, string branch)
    {
        await page.GetByTestId("branch-switcher").GetByRole(AriaRole.Combobox, new() { Name = "Branch", Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = branch });
    }

    /// <summary>The schedule shows one branch: its lessons, its name beside the title, and the top bar says the same.</summary>
    private static async Task ShowsAsync(IPage page, Arranged a, BranchView shown)
    {
        var (on, off) = shown.Id == a.First.Id ? (a.LessonInFirst, a.LessonInSecond) : (a.LessonInSecond, a.LessonInFirst);
        await Expect(Lesson(page, on)).ToHaveCountAsync(1);
        await Expect(Lesson(page, off)).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("schedule-branch")).ToHaveTextAsync(shown.Name);
        await Expect(page.GetByTestId("branch-switcher")).ToHaveAttributeAsync("data-branch-shown", shown.Id.ToString());
        await Expect(page.GetByTestId("branch-switcher").GetByRole(AriaRole.Combobox, new() { Name = "Branch", Exact = true }).Locator("option:checked")).ToHaveTextAsync(shown.Name);
    }

    [Fact]
    public async Task BranchSwitcher_OwnerSwitchesOnTheSchedule_ShowsThatBranchAtOnceAndKeepsItOnReloadAndInANewTab()
    {
        var a = await ArrangeAsync();
        var page = await app.SignedInPageAsync("owner@studio.demo");
        await page.GotoAsync($"{app.BaseUrl}/schedule?teacher={a.TeacherId}");
        await Interactive.WaitAsync(page);

        // "All branches" on a one-branch screen: the first branch, and the top bar says so.
        await ShowsAsync(page, a, a.First);

        await SwitchAsync(page, a.Second.Name);
        await ShowsAsync(page, a, a.Second);

        await page.ReloadAsync();
        await Interactive.WaitAsync(page);
        await ShowsAsync(page, a, a.Second);

        var tab = await page.Context.NewPageAsync();
        await tab.GotoAsync($"{app.BaseUrl}/schedule?teacher={a.TeacherId}");
        await Interactive.WaitAsync(tab);
        await ShowsAsync(tab, a, a.Second);

        // And back: the first branch at once again.
        await SwitchAsync(tab, a.First.Name);
        await ShowsAsync(tab, a, a.First);
    }

    [Fact]
    public async Task BranchSwitcher_ManagerPicksABranch_ClientsListFollowsIt()
    {
        var organisation = app.Services.GetRequiredService<OrganisationService>();
        var branches = (await organisation.ListBranchesAsync(await app.EmployeeIdAsync("owner@studio.demo"), Ct)).OrderBy(b => b.Name, StringComparer.Ordinal).ToList();
        var page = await app.SignedInPageAsync("owner@studio.demo");
        await page.GotoAsync($"{app.BaseUrl}/clients");
        await Interactive.WaitAsync(page);
        await Expect(page.GetByTestId("branch-switcher").GetByRole(AriaRole.Combobox, new() { Name = "Branch", Exact = true }).Locator("option:checked")).ToHaveTextAsync("All branches");

        await SwitchAsync(page, branches[1].Name);

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"branch={branches[1].Id}"));
        await Expect(page.GetByTestId("client-filter-chips")).ToContainTextAsync(branches[1].Name);
        await page.ReloadAsync();
        await Interactive.WaitAsync(page);
        await page.GotoAsync($"{app.BaseUrl}/clients");
        await Interactive.WaitAsync(page);
        await Expect(page.GetByTestId("client-filter-chips")).ToContainTextAsync(branches[1].Name);
    }
}
