using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using Studio.Tests.Browser.Pages;

namespace Studio.Tests.Browser.Host;

/// <summary>
/// The main screens in Chromium under the app's Content-Security-Policy, in English and in Ukrainian: the browser
/// reports no violation (the <c>securitypolicyviolation</c> event, or a console message naming the policy), every
/// document came with the policy, and the circuit works under it (clicks change the screen).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CspBrowserTests(StudioAppFixture app)
{
    private const string ReportViolations = """
        document.addEventListener('securitypolicyviolation', e =>
            window.studioCspViolation(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber} ${e.sample || ''}`), true);
        """;

    [Theory]
    [InlineData("en", "Sign in", "Schedule")]
    [InlineData("uk", "Увійти", "Розклад")]
    public async Task MainScreens_UnderThePolicy_NoViolations_AndTheCircuitWorks(string culture, string signIn, string schedule)
    {
        var violations = new List<string>();
        var documents = new List<(string Url, string? Policy)>();
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new() { Width = 1440, Height = 900 }, Locale = "en-US" });
        context.SetDefaultTimeout(15_000);
        await context.ExposeFunctionAsync("studioCspViolation", (string v) => { lock (violations) violations.Add(v); });
        await context.AddInitScriptAsync(ReportViolations);
        var page = await context.NewPageAsync();
        page.Console += (_, m) => { if (m.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) lock (violations) violations.Add("console: " + m.Text); };
        page.Response += (_, r) => { if (r.Request.ResourceType == "document") lock (documents) documents.Add((r.Url, r.Headers.GetValueOrDefault("content-security-policy"))); };
        try
        {
            // Sign-in, in the chosen language, through its own form.
            await page.GotoAsync($"{app.BaseUrl}/culture/{culture}?redirectUri={Uri.EscapeDataString("/account/login?returnUrl=/boards")}");
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = signIn })).ToBeVisibleAsync();
            await page.Locator("#email").FillAsync("owner@studio.demo");
            await page.Locator("#password").FillAsync(Studio.Infrastructure.Seed.DemoSeeder.Password);
            await page.GetByRole(AriaRole.Button, new() { Name = signIn }).ClickAsync();
            await Interactive.WaitAsync(page);

            // Board with the deal drawer open: a click over the circuit opens it.
            var board = new BoardPage(page, app.BaseUrl);
            await board.OpenAsync(await app.BoardIdAsync("demo-sales"));
            await board.WaitForCardsAsync();
            await page.Locator(".deal-card").First.ClickAsync();
            await Expect(page.GetByTestId("deal-drawer")).ToBeVisibleAsync();

            // Schedule: the next-period button moves the title.
            await page.GotoAsync($"{app.BaseUrl}/schedule");
            await Interactive.WaitAsync(page);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = schedule, Level = 1 })).ToBeVisibleAsync();
            var title = await page.GetByTestId("schedule-title").InnerTextAsync();
            await page.GetByTestId("next").ClickAsync();
            await Expect(page.GetByTestId("schedule-title")).Not.ToHaveTextAsync(title);

            await page.GotoAsync($"{app.BaseUrl}/dashboard");
            await Interactive.WaitAsync(page);
            await Expect(page.GetByTestId("dashboard-tiles")).ToBeVisibleAsync();

            // Reports: MudBlazor's charts.
            await page.GotoAsync($"{app.BaseUrl}/reports");
            await Interactive.WaitAsync(page);
            await Expect(page.Locator(".mud-chart").First).ToBeVisibleAsync();

            await page.GotoAsync($"{app.BaseUrl}/clients");
            await Interactive.WaitAsync(page);
            await Expect(page.Locator("table tbody tr").First).ToBeVisibleAsync();

            // Settings, and a MudBlazor popover (the time zone list) opened over the circuit.
            await page.GotoAsync($"{app.BaseUrl}/settings/organisation");
            await Interactive.WaitAsync(page);
            await page.Locator("input[data-testid=org-time-zone], [data-testid=org-time-zone] input").First.ClickAsync();
            await Expect(page.Locator(".mud-popover-open [data-testid=time-zone-option]").First).ToBeVisibleAsync();

            await page.GotoAsync($"{app.BaseUrl}/settings/dictionaries");
            await Interactive.WaitAsync(page);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

            lock (violations) Assert.True(violations.Count == 0, string.Join("\n", violations));
            lock (documents)
            {
                Assert.True(documents.Count >= 8, string.Join("\n", documents.Select(d => d.Url)));
                Assert.All(documents, d =>
                {
                    Assert.False(d.Policy is null, d.Url + " came without a Content-Security-Policy");
                    SecurityHeadersTests.AssertPolicy(d.Policy, d.Url);
                });
            }
        }
        finally
        {
            await context.CloseAsync();
        }
    }
}
