using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using Studio.Infrastructure.Persistence;
using Studio.Tests.Infrastructure;
using Studio.Tests.Web;
using Studio.Web.Resources;
using Studio.Tests.Browser.Pages;

namespace Studio.Tests.Browser.Host;

/// <summary>
/// Issue 13, item 6, in Chromium: when a screen's circuit fails the visitor is told so (the #blazor-error-ui bar, in
/// their language, with a way to reload), and a far date in the schedule's address shows today's schedule instead
/// of breaking the live page.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CircuitErrorBrowserTests(StudioAppFixture fixture, Databases databases)
{
    [Fact]
    public async Task CircuitFails_ErrorBarShownInUkrainian_WithReload()
    {
        // A test-only stand-in for the app's texts that fails for one text of the signed-in layout: the way a bug in a
        // screen fails its circuit. Registered by this test's own app only.
        await using var app = await RealApp.StartAsync(databases, DatabaseProvider.Sqlite, "Development",
            services: s => s.AddTransient<IStringLocalizer<SharedResource>, LayoutFailingLocalizer>());
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "uk-UA" });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();

        await page.GotoAsync($"{app.BaseUrl}/account/login");
        await page.Locator("#email").FillAsync(app.OwnerEmail);
        await page.Locator("#password").FillAsync(TestStudio.Password);
        await page.Locator("button[type=submit]").ClickAsync();
        var bar = page.Locator("#blazor-error-ui");
        await bar.WaitForAsync(new() { State = WaitForSelectorState.Visible });

        Assert.Contains("сталася помилка", await bar.InnerTextAsync());
        Assert.Equal("Перезавантажити", await bar.Locator(".reload").InnerTextAsync());
        await context.DisposeAsync();
    }

    [Fact]
    public async Task ScheduleAddress_DateAtTheCalendarsEnd_ShowsTodayAndStaysLive()
    {
        var page = await fixture.SignedInPageAsync("manager1@studio.demo");

        // Ready is the circuit attached (the layout's marker), not the load event: that waits for every script, style and
        // font of the page, which on a busy machine is what ran out of time. "Next" moves in the page (no document loads).
        await page.GotoAsync($"{fixture.BaseUrl}/schedule?date=9999-12-31", new() { WaitUntil = WaitUntilState.Commit });
        await Interactive.WaitAsync(page);
        await page.GetByTestId("schedule-title").WaitForAsync();
        await page.GetByTestId("next").ClickAsync();
        // The page replaces its address in place (history.replaceState): poll the address rather than wait for a navigation
        // event, with the patience of the first minutes of a full run, when every test class starts at once.
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("[?&]date=(?!9999)[0-9]{4}-"), new() { Timeout = 30_000 });

        Assert.False(await page.Locator("#blazor-error-ui").IsVisibleAsync());
        Assert.DoesNotContain("9999", page.Url);
        Assert.DoesNotContain("10000", page.Url);
        await page.Context.DisposeAsync();
    }

    private sealed class LayoutFailingLocalizer(IStringLocalizerFactory factory) : IStringLocalizer<SharedResource>
    {
        private readonly IStringLocalizer _inner = factory.Create(typeof(SharedResource));

        public LocalizedString this[string name] =>
            name == "Nav.Menu" ? throw new InvalidOperationException("A test-only failure in the layout.") : _inner[name];

        public LocalizedString this[string name, params object[] arguments] => _inner[name, arguments];

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => _inner.GetAllStrings(includeParentCultures);
    }
}
