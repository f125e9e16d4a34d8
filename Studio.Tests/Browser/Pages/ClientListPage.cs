using Microsoft.Playwright;

namespace Studio.Tests.Browser.Pages;

/// <summary>The client list: its search field by label, the table by role, a client by the link that opens its card.</summary>
public sealed class ClientListPage(IPage page, string baseUrl, string culture = "en") : Screen(page, baseUrl, culture)
{
    /// <summary>Opens the list, with a query (q=…) when given.</summary>
    public Task OpenAsync(string query = "") => GoAsync("/clients" + (query.Length > 0 ? "?" + query : ""));

    public ILocator Search => Field("Client.Search");

    public ILocator Table => Page.GetByRole(AriaRole.Table);

    /// <summary>The links that open the clients shown: one per row.</summary>
    public ILocator ClientLinks => Table.GetByRole(AriaRole.Link);

    /// <summary>The row of a client (found by the client it shows, which no role says).</summary>
    public ILocator Row(Guid clientId) => Table.GetByRole(AriaRole.Row).Filter(new() { Has = Page.Locator($"a[href='/clients/{clientId}']") });

    public ILocator ColumnHeader(int index) => Table.GetByRole(AriaRole.Columnheader).Nth(index);
}
