using System.Collections.Concurrent;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Studio.Infrastructure.Persistence;
using Studio.Tests.Browser.Pages;

namespace Studio.Tests.Browser.Host;

/// <summary>
/// Every main screen once, checked by axe-core: no critical and no serious violations.
/// Some screens are visited in Ukrainian, the others in English. With STUDIO_SCREENSHOTS=/some/dir set,
/// each screen is visited at 1440×900, 768×1024 and 390×844 in both languages instead, checked each
/// time, and a PNG of every visit is saved there for a person to look at (STUDIO_SCREENSHOT_SCREENS=a,b limits that to some screens).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(StudioAppFixture app)
{
    private const string Owner = "owner@studio.demo";
    private const string Manager = "manager1@studio.demo";
    private const string Teacher = "teacher1@studio.demo";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly (int Width, int Height)[] Sizes = [(1440, 900), (768, 1024), (390, 844)];

    public static TheoryData<string> Screens => new(
        "sign-in", "dashboard", "board-with-deal", "clients", "client-card", "schedule-day", "schedule-week", "my-day",
        "tasks-my", "tasks-all", "tasks-current", "payments", "reports-general", "reports-funnels", "reports-boards",
        "reports-staff", "settings-organisation", "settings-staff", "settings-boards", "settings-dictionaries", "birthdays", "debtors");

    /// <summary>Which account sees the screen, in which language by default, where it is and what shows it is ready.</summary>
    private async Task<(string? Email, string Culture, string Path, string Ready)> ScreenAsync(string screen) => screen switch
    {
        "sign-in" => (null, "uk", "/account/login", "#email"),
        "dashboard" => (Owner, "en", "/dashboard", "[data-testid=interactive]"),
        "board-with-deal" => (Manager, "uk", $"/boards/{await app.BoardIdAsync("demo-sales")}?deal={await DealAsync()}", "[data-testid=deal-drawer]"),
        "clients" => (Manager, "en", "/clients", "table tbody tr"),
        "client-card" => (Manager, "uk", $"/clients/{await ClientAsync()}", "[data-testid=client-card]"),
        "schedule-day" => (Manager, "en", "/schedule", "[data-testid=schedule-toolbar]"),
        "schedule-week" => (Manager, "uk", "/schedule?view=week", "[data-testid=schedule-toolbar]"),
        "my-day" => (Teacher, "uk", "/my-day", "[data-testid=interactive]"),
        "tasks-my" => (Manager, "en", "/tasks", "[data-testid=task-filters]"),
        "tasks-all" => (Owner, "uk", "/tasks?scope=all", "[data-testid=task-filters]"),
        "tasks-current" => (Manager, "en", "/tasks/current", "[data-testid=interactive]"),
        "payments" => (Owner, "uk", "/payments", "[data-testid=interactive]"),
        "reports-general" => (Owner, "en", "/reports", "[data-testid=report-tabs]"),
        "reports-funnels" => (Owner, "uk", "/reports?tab=funnels", "[data-testid=report-tabs]"),
        "reports-boards" => (Owner, "en", "/reports?tab=boards", "[data-testid=report-tabs]"),
        "reports-staff" => (Owner, "uk", "/reports?tab=staff", "[data-testid=report-tabs]"),
        "settings-organisation" => (Owner, "en", "/settings/organisation", "[data-testid=interactive]"),
        "settings-staff" => (Owner, "uk", "/settings/staff", "[data-testid=interactive]"),
        "settings-boards" => (Owner, "en", "/settings/boards", "[data-testid=interactive]"),
        "settings-dictionaries" => (Owner, "uk", "/settings/dictionaries", "[data-testid=interactive]"),
        "birthdays" => (Manager, "uk", "/clients/birthdays", "[data-testid=birthdays-week]"),
        "debtors" => (Manager, "en", "/clients/debtors", "[data-testid=debtors-table], [data-testid=debtors-empty]"),
        _ => throw new ArgumentOutOfRangeException(nameof(screen), screen, null),
    };

    [Theory]
    [MemberData(nameof(Screens))]
    public async Task MainScreen_HasNoCriticalOrSeriousAxeViolations(string screen)
    {
        var (email, culture, path, ready) = await ScreenAsync(screen);
        var shots = Environment.GetEnvironmentVariable("STUDIO_SCREENSHOTS");
        // STUDIO_SCREENSHOT_SCREENS=board-with-deal,tasks-my limits the sizes-and-languages pass to those screens.
        var only = Environment.GetEnvironmentVariable("STUDIO_SCREENSHOT_SCREENS")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (only is { Length: > 0 } && !only.Contains(screen)) shots = null;
        var variants = string.IsNullOrWhiteSpace(shots)
            ? [(culture, 1440, 900)]
            : Sizes.SelectMany(s => new[] { ("en", s.Width, s.Height), ("uk", s.Width, s.Height) }).ToArray();

        var problems = new List<string>();
        foreach (var (lang, width, height) in variants)
        {
            var page = await OpenAsync(email, lang, width, height);
            try
            {
                await page.GotoAsync(app.BaseUrl + path);
                if (email is not null) await Interactive.WaitAsync(page);
                await page.Locator(ready).First.WaitForAsync(new() { State = WaitForSelectorState.Attached });
                await SettleAsync(page);

                if (!string.IsNullOrWhiteSpace(shots))
                {
                    Directory.CreateDirectory(shots);
                    await page.ScreenshotAsync(new() { Path = Path.Combine(shots, $"{screen}-{lang}-{width}x{height}.png"), FullPage = true });
                }

                var result = await page.RunAxe();
                problems.AddRange(result.Violations
                    .Where(v => v.Impact is "critical" or "serious")
                    .Select(v => $"[{lang} {width}x{height}] {v.Impact} {v.Id}: {v.Help}\n" + string.Join("\n",
                        v.Nodes.Take(6).Select(n => $"    {n.Target} — {Short(n.Html)}\n      {Why(n)}"))));
            }
            finally
            {
                await page.Context.CloseAsync();
            }
        }

        Assert.True(problems.Count == 0, $"{screen} ({path}): {problems.Count} critical/serious axe violation(s):\n" + string.Join("\n", problems));
    }

    /// <summary>Signed-in cookies per account, so that each screen does not sign in again.</summary>
    private static readonly ConcurrentDictionary<string, string> SignedIn = new();

    /// <summary>A fresh context (signed in as the account, if any) with the language cookie set.</summary>
    private async Task<IPage> OpenAsync(string? email, string culture, int width, int height)
    {
        string? state = null;
        if (email is not null && !SignedIn.TryGetValue(app.BaseUrl + email, out state))
        {
            var first = await app.SignedInPageAsync(email);
            state = await first.Context.StorageStateAsync();
            await first.Context.CloseAsync();
            SignedIn[app.BaseUrl + email] = state;
        }
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new() { Width = width, Height = height }, Locale = "en-US", StorageState = state,
        });
        context.SetDefaultTimeout(15_000);
        await context.AddCookiesAsync([new Cookie { Name = ".AspNetCore.Culture", Value = $"c={culture}|uic={culture}", Url = app.BaseUrl }]);
        return await context.NewPageAsync();
    }

    /// <summary>Waits until skeletons and progress bars are gone and animations had time to finish.</summary>
    private static async Task SettleAsync(IPage page)
    {
        try
        {
            await page.WaitForFunctionAsync("() => !document.querySelector('.mud-skeleton, .mud-progress-linear, .mud-progress-circular')",
                null, new() { Timeout = 2_000 });
        }
        catch (TimeoutException)
        {
            // A screen may keep a spinner on purpose; check what it shows now.
        }
        await page.WaitForTimeoutAsync(150);
    }

    private static string Why(AxeResultNode node) =>
        string.Join("; ", (node.Any ?? []).Concat(node.All ?? []).Concat(node.None ?? []).Select(c => c.Message).Distinct());

    private static string Short(string? html) =>
        html is null ? "" : html.Length <= 160 ? html : html[..160] + "…";

    private async Task<Guid> DealAsync()
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<StudioDbContext>>();
        await using var db = factory.CreateDbContext();
        var board = await app.BoardIdAsync("demo-sales");
        return await db.Deals.Where(d => d.BoardId == board && d.ClosedAt == null && d.CallbackAt != null)
            .OrderBy(d => d.CallbackAt).Select(d => d.Id).FirstAsync(Ct);
    }

    private async Task<Guid> ClientAsync()
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<StudioDbContext>>();
        await using var db = factory.CreateDbContext();
        return await db.Clients.OrderBy(c => c.SearchKey).Select(c => c.Id).FirstAsync(Ct);
    }
}
