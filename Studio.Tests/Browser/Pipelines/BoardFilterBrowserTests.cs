using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Studio.Infrastructure.Persistence;
using static Microsoft.Playwright.Assertions;
using Studio.Tests.Browser.Pages;

namespace Studio.Tests.Browser.Pipelines;

/// <summary>
/// The board's filters as a manager uses them: pick a responsible employee, the board shows only their cards, the choice
/// is in the address (a reload keeps it) and shows as a chip that takes it off again; the same in Ukrainian.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BoardFilterBrowserTests(StudioAppFixture app)
{
    private const string Sales = "demo-sales";

    /// <summary>The cards the board shows: the sum of its columns' counts.</summary>
    private static async Task<int> ShownAsync(IPage page)
    {
        var counts = await page.GetByTestId("column-count").AllTextContentsAsync();
        return counts.Sum(c => int.Parse(c.Trim(), System.Globalization.CultureInfo.InvariantCulture));
    }

    private async Task<(int All, int Theirs, string Name, Guid Id)> ExpectedAsync(Guid boardId, string email)
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<StudioDbContext>>();
        await using var db = factory.CreateDbContext();
        var employee = await db.Employees.SingleAsync(e => e.Email == email);
        var open = db.Deals.Where(d => d.BoardId == boardId && d.ClosedAt == null);
        return (await open.CountAsync(), await open.CountAsync(d => d.ResponsibleId == employee.Id), employee.FullName, employee.Id);
    }

    [Theory]
    [InlineData("en", "Employee", "All")]
    [InlineData("uk", "Працівник", "Усі")]
    public async Task PickEmployee_BoardShowsTheirCards_KeptOnReload_ChipTakesItOff(string culture, string label, string any)
    {
        var boardId = await app.BoardIdAsync(Sales);
        var (all, theirs, name, id) = await ExpectedAsync(boardId, "manager2@studio.demo");
        Assert.True(theirs > 0 && theirs < all, "the demo board has cards of manager2 and of others");

        var page = await app.SignedInPageAsync("manager1@studio.demo");
        try
        {
            await page.GotoAsync($"{app.BaseUrl}/culture/{culture}?redirectUri={Uri.EscapeDataString($"/boards/{boardId}")}");
            await Interactive.WaitAsync(page);
            var board = new BoardPage(page, app.BaseUrl);
            await board.WaitForCardsAsync();
            Assert.Equal(all, await ShownAsync(page));
            var select = page.GetByLabel(label, new() { Exact = true });
            await Expect(select.Locator("option:checked")).ToHaveTextAsync(any);

            await select.SelectOptionAsync(new SelectOptionValue { Label = name });

            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"employee={id}"));
            await Expect(page.GetByTestId("column-count").First).ToBeVisibleAsync();
            await page.WaitForFunctionAsync(
                "n => [...document.querySelectorAll('[data-testid=column-count]')].reduce((s, e) => s + parseInt(e.textContent), 0) === n", theirs);
            var chip = page.Locator(".filter-chip", new() { HasText = name });
            await Expect(chip).ToBeVisibleAsync();

            await page.ReloadAsync();
            await Interactive.WaitAsync(page);
            await Expect(page.GetByLabel(label, new() { Exact = true }).Locator("option:checked")).ToHaveTextAsync(name);
            Assert.Equal(theirs, await ShownAsync(page));

            await page.Locator(".filter-chip", new() { HasText = name }).ClickAsync();
            await Expect(page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("employee="));
            await page.WaitForFunctionAsync(
                "n => [...document.querySelectorAll('[data-testid=column-count]')].reduce((s, e) => s + parseInt(e.textContent), 0) === n", all);
            await Expect(page.GetByLabel(label, new() { Exact = true }).Locator("option:checked")).ToHaveTextAsync(any);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
