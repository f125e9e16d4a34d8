using System.Globalization;
using System.Resources;
using Microsoft.Playwright;

namespace Studio.Tests.Browser.Pages;

/// <summary>
/// What every screen's page object shares: the page, the app's address, and the words of the screen's language read
/// from the app's own resources, so role and label locators name things as the person sees them (in English or
/// Ukrainian) and follow a changed wording.
/// </summary>
public abstract class Screen(IPage page, string baseUrl, string culture)
{
    private static readonly ResourceManager Words = new("Studio.Web.Resources.SharedResource", typeof(Studio.Web.Resources.SharedResource).Assembly);

    public IPage Page => page;
    protected string BaseUrl => baseUrl;

    /// <summary>The screen's word for a resource key, in the screen's language.</summary>
    public string Text(string key) =>
        Words.GetString(key, CultureInfo.GetCultureInfo(culture)) ?? throw new KeyNotFoundException($"No resource {key}.");

    /// <summary>Opens an address of the app and waits until the circuit is attached (clicks before it are lost).</summary>
    protected async Task GoAsync(string path)
    {
        await page.GotoAsync(baseUrl + path);
        await Interactive.WaitAsync(page);
    }

    /// <summary>A button by its accessible name (its text or aria-label), given as a resource key.</summary>
    public ILocator Button(string key, bool exact = true) => page.GetByRole(AriaRole.Button, new() { Name = Text(key), Exact = exact });

    /// <summary>A form field by its label, given as a resource key.</summary>
    public ILocator Field(string key) => page.GetByLabel(Text(key), new() { Exact = true });

    /// <summary>The screen's heading.</summary>
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Level = 1 });

    public ILocator Dialog => page.GetByRole(AriaRole.Dialog);
}

public static class Interactive
{
    /// <summary>
    /// Clicks sent before the circuit is attached are lost: wait for the layout's marker. A hidden span with no meaning
    /// to a person, so no role can name it: data-testid.
    /// </summary>
    public static Task WaitAsync(IPage page) =>
        page.Locator("[data-testid=interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
}
