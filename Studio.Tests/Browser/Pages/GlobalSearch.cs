using Microsoft.Playwright;

namespace Studio.Tests.Browser.Pages;

/// <summary>
/// The search in the app bar: a combobox with a listbox of options, both named "Search clients and deals". An option is
/// found by the client or deal it opens (data-client-id / data-deal-id: its text is a name several may share).
/// </summary>
public sealed class GlobalSearch(IPage page, string baseUrl, string culture = "en") : Screen(page, baseUrl, culture)
{
    public ILocator Input => Page.GetByRole(AriaRole.Combobox, new() { Name = Text("Search.Label"), Exact = true });

    public ILocator Results => Page.GetByRole(AriaRole.Listbox, new() { Name = Text("Search.Label"), Exact = true });

    /// <summary>The options that open a client.</summary>
    public ILocator ClientHits => Results.GetByRole(AriaRole.Option).And(Page.Locator("[data-client-id]"));

    public ILocator DealHit(Guid dealId) => Results.GetByRole(AriaRole.Option).And(Page.Locator($"[data-deal-id=\"{dealId}\"]"));
}
