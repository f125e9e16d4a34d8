using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Pipelines;
using Studio.Infrastructure.Seed;
using Studio.Tests.Browser.Pages;
using static Microsoft.Playwright.Assertions;

namespace Studio.Tests.Browser.Pipelines;

/// <summary>
/// A board's typed deal fields as people use them: the owner adds fields in the board's settings (in Ukrainian), types
/// values into them in a deal's drawer, and the manager watching the board (in English) sees the card's field at once; what
/// was typed is what is saved, and the board's export link gives the typed columns.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DealFieldsBrowserTests(StudioAppFixture app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OwnerAddsFieldsAndTypesValues_ManagersCardShowsIt_SavedAndExported()
    {
        var organisation = app.Services.GetRequiredService<OrganisationService>();
        var pipelines = app.Services.GetRequiredService<PipelineService>();
        var owner = await app.EmployeeIdAsync("owner@studio.demo");
        var branch = (await organisation.ListBranchesAsync(owner, Ct)).First().Id;
        var tag = Guid.NewGuid().ToString("N")[..8];
        var email = $"fields-{tag}@studio.test";
        var manager = await organisation.CreateEmployeeWithAccountAsync($"Fields {tag}", email, EmployeeRole.Manager, [branch], DemoSeeder.Password, Ct);
        var boardId = await pipelines.CreateBoardAsync(owner, $"Fields board {tag}",
            [new StageInput(null, "Call", "#4FC3F7", null, false)], [], [manager], ct: Ct);
        var dealId = await pipelines.CreateDealAsync(owner, new NewDeal(boardId, null, $"Field Client {tag}", "+380671234567", null, null, manager, null, 100m, null), Ct);

        var ownerPage = await app.SignedInPageAsync("owner@studio.demo");
        var managerBoard = new BoardPage(await app.SignedInPageAsync(email), app.BaseUrl);
        try
        {
            // The owner adds two fields in Ukrainian: "Рівень" (text, on the card) and "Вік" (number).
            await ownerPage.GotoAsync($"{app.BaseUrl}/culture/uk?redirectUri={Uri.EscapeDataString($"/settings/boards/{boardId}")}");
            await Interactive.WaitAsync(ownerPage);
            await ownerPage.GetByTestId("add-deal-field").ClickAsync();
            var level = ownerPage.GetByTestId("deal-field-row").Nth(0);
            await level.Locator("input[data-testid=deal-field-name]").FillAsync("Рівень");
            await level.GetByRole(AriaRole.Checkbox).CheckAsync();
            await ownerPage.GetByTestId("add-deal-field").ClickAsync();
            var age = ownerPage.GetByTestId("deal-field-row").Nth(1);
            await age.Locator("input[data-testid=deal-field-name]").FillAsync("Вік");
            await age.GetByTestId("deal-field-kind").ClickAsync();
            await ownerPage.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "Число" }).ClickAsync();
            await ownerPage.GetByTestId("save-board").ClickAsync();
            await Expect(ownerPage.Locator(".mud-snackbar").Filter(new() { HasText = "Збережено" })).ToBeVisibleAsync(new() { Timeout = 15_000 });

            var saved = await ReadAsync(db => db.Boards.Where(b => b.Id == boardId).SelectMany(b => b.Fields)
                .Select(f => new { f.Id, f.Name, f.Kind, f.ShowOnCard }).ToListAsync(Ct));
            var levelField = saved.Single(f => f.Name == "Рівень");
            Assert.Equal((Studio.Domain.Common.CustomFieldKind.Text, true), (levelField.Kind, levelField.ShowOnCard));
            var ageField = saved.Single(f => f.Name == "Вік");
            Assert.Equal((Studio.Domain.Common.CustomFieldKind.Number, false), (ageField.Kind, ageField.ShowOnCard));

            // The manager watches the board (in English); the owner types into the deal's drawer.
            await managerBoard.OpenAsync(boardId);
            await Expect(managerBoard.Card(dealId)).ToBeVisibleAsync();
            var ownerBoard = new BoardPage(ownerPage, app.BaseUrl, "uk");
            await ownerPage.GotoAsync($"{app.BaseUrl}/boards/{boardId}");
            await Interactive.WaitAsync(ownerPage);
            await ownerBoard.Card(dealId).ClickAsync();
            var drawer = new DealDrawer(ownerPage, app.BaseUrl, "uk");
            await Expect(managerBoard.Card(dealId).Locator(".deal-field-chip")).ToHaveCountAsync(0);
            // A number field is a number input: the browser itself takes no words (the service refuses them too: DealFieldsTests).
            Assert.Equal("number", await drawer.Root.Locator("input[data-field='Вік']").GetAttributeAsync("type"));
            await drawer.Root.Locator("input[data-field='Рівень']").FillAsync("B1");
            await drawer.Root.Locator("input[data-field='Вік']").FillAsync("12");
            await drawer.Save.ClickAsync();
            await Expect(drawer.Saved).ToBeVisibleAsync(new() { Timeout = 15_000 });

            await Expect(managerBoard.Card(dealId).Locator(".deal-field-chip")).ToHaveTextAsync("B1", new() { Timeout = 5_000 });
            var values = await ReadAsync(db => db.Deals.Where(d => d.Id == dealId).Select(d => d.FieldValues).SingleAsync(Ct));
            Assert.Equal("B1", values[levelField.Id]);
            Assert.Equal("12", values[ageField.Id]);

            // The board's export link (as the owner's browser has it, with the owner's cookies) gives the typed columns.
            var href = await ownerPage.GetByTestId("export-csv").GetAttributeAsync("href");
            var export = await ownerPage.APIRequest.GetAsync(app.BaseUrl + href);
            Assert.Equal(200, export.Status);
            var csv = await export.TextAsync();
            var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Contains("Рівень", lines[0]);
            Assert.Contains("Вік", lines[0]);
            Assert.Contains(lines, l => l.Contains($"Field Client {tag}") && l.Contains("B1") && l.Contains("12"));
        }
        finally
        {
            await ownerPage.Context.CloseAsync();
            await managerBoard.Page.Context.CloseAsync();
        }
    }

    private async Task<T> ReadAsync<T>(Func<StudioDbContext, Task<T>> read)
    {
        await using var db = app.Services.GetRequiredService<IDbContextFactory<StudioDbContext>>().CreateDbContext();
        return await read(db);
    }
}
