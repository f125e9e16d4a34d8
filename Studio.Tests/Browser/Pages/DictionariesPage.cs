using Microsoft.Playwright;

namespace Studio.Tests.Browser.Pages;

/// <summary>
/// The owner's dictionaries: one tab each. A row is a plain block (no table or list role) found by its entry's name,
/// so by data-testid=dict-row and data-name; the buttons in it and the dialogs by role and name.
/// </summary>
public sealed class DictionariesPage(IPage page, string baseUrl, string culture = "en") : Screen(page, baseUrl, culture)
{
    public async Task OpenAsync(string tab = "sources")
    {
        await GoAsync($"/settings/dictionaries?tab={tab}");
        await Page.Locator("[data-testid=dict-row]").First.WaitForAsync();
    }

    public ILocator Row(string name) => Page.Locator($"[data-testid=dict-row][data-name=\"{name}\"]");

    public ILocator Remove(string name) => Row(name).GetByRole(AriaRole.Button, new() { Name = Text("Common.Remove"), Exact = true });
}
