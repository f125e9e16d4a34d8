using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Studio.Infrastructure.Organisation;
using static Microsoft.Playwright.Assertions;
using Studio.Tests.Browser.Pages;

namespace Studio.Tests.Browser.Host;

/// <summary>Screens that read well and answer at once: organisation settings, quick add, refused pages, the user menu.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ScreensBrowserTests(StudioAppFixture app)
{
    private const string Owner = "owner@studio.demo";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OrganisationSettings_TypedNamePickedZoneAndDays_OneClickSavesAllOfItOnce()
    {
        var organisation = app.Services.GetRequiredService<OrganisationService>();
        var before = await organisation.GetOrganisationAsync(Ct);
        var settings = new OrganisationSettingsPage(await app.SignedInPageAsync(Owner), app.BaseUrl);
        var page = settings.Page;
        try
        {
            await settings.OpenAsync();

            // The time zone is picked from the list, found by part of a city's name.
            var zone = settings.TimeZone;
            await zone.ClickAsync();
            await zone.FillAsync("warsaw");
            await settings.ZoneOption("Europe/Warsaw").ClickAsync();
            await Expect(zone).ToHaveValueAsync("Europe/Warsaw");

            await settings.PassEndingDays.FillAsync("9");
            // Typed and saved at once, without leaving the field first.
            await settings.Name.FillAsync(before.Name + " (renamed)");
            await settings.Save.ClickAsync();

            await Expect(settings.Snackbars).ToHaveCountAsync(1);
            var after = await organisation.GetOrganisationAsync(Ct);
            Assert.Equal((before.Name + " (renamed)", "Europe/Warsaw", 9), (after.Name, after.TimeZoneId, after.PassEndingDays));

            // One save: one new version of the organisation, and no second "saved".
            await page.WaitForTimeoutAsync(500);
            Assert.Equal(after.Version, (await organisation.GetOrganisationAsync(Ct)).Version);
            await Expect(settings.Snackbars).ToHaveCountAsync(1);
        }
        finally
        {
            var now = await organisation.GetOrganisationAsync(Ct);
            var owner = await app.EmployeeIdAsync(Owner);
            await organisation.UpdateOrganisationAsync(owner, now.Version, before.Name, before.Country, before.TimeZoneId, before.PassEndingDays, Ct);
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task QuickAdd_PhoneWithoutName_SaysSoBesideTheFieldAndAddsNothing()
    {
        var boardId = await app.BoardIdAsync("demo-sales");
        var board = new BoardPage(await app.SignedInPageAsync("manager2@studio.demo"), app.BaseUrl);
        await board.OpenAsync(boardId);
        await board.WaitForCardsAsync();
        var cards = await board.Cards.CountAsync();

        await board.QuickAddPhone.FillAsync("050 111 22 33");
        await board.QuickAddPhone.PressAsync("Enter");

        var error = board.QuickAddError;
        await Expect(error).ToHaveTextAsync("Enter a name to add a client.");
        await Expect(board.QuickAddName).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(board.QuickAddName).ToHaveAccessibleDescriptionAsync("Enter a name to add a client."); // the message is the field's description
        await Expect(board.Cards).ToHaveCountAsync(cards);

        // Typing a name clears the message.
        await board.QuickAddName.FillAsync("Остап");
        await Expect(error).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task TeacherOpensReports_RefusedInsideTheAppShell_WithTheWayHome()
    {
        var reports = new ReportsPage(await app.SignedInPageAsync("teacher2@studio.demo"), app.BaseUrl);
        var page = reports.Page;
        await reports.OpenAsync("general");

        var main = page.GetByRole(AriaRole.Main);
        await Expect(main.GetByRole(AriaRole.Heading, new() { Name = "You have no access to this page", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Banner)).ToBeVisibleAsync(); // inside the app shell: its bar is there
        await Expect(main.GetByRole(AriaRole.Link, new() { Name = reports.Text("Nav.Home"), Exact = true })).ToHaveAttributeAsync("href", "/");
    }

    [Fact]
    public async Task UserMenu_IsAButtonNamedAfterThePerson_AndOpens()
    {
        var page = await app.SignedInPageAsync("manager3@studio.demo");
        await page.GotoAsync($"{app.BaseUrl}/clients");
        await Interactive.WaitAsync(page);

        var menu = page.GetByRole(AriaRole.Button, new() { Name = "Account: Ігор Ткаченко" });
        await Expect(menu).ToHaveCountAsync(1);
        await menu.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
    }
}
