using Microsoft.Playwright;

namespace Studio.Tests.Browser.Pages;

/// <summary>The reports: a tab per report chosen by the address; the funnel table found by its column headers.</summary>
public sealed class ReportsPage(IPage page, string baseUrl, string culture = "en") : Screen(page, baseUrl, culture)
{
    /// <summary>Opens a tab (general, funnels, boards, staff) with the rest of the query (period, board…).</summary>
    public Task OpenAsync(string tab, string query = "") => GoAsync($"/reports?tab={tab}" + (query.Length > 0 ? "&" + query : ""));

    /// <summary>The funnel table: the one with a "Transitions" column.</summary>
    public ILocator FunnelTable => Page.GetByRole(AriaRole.Table).Filter(new()
    {
        Has = Page.GetByRole(AriaRole.Columnheader, new() { Name = Text("Reports.Transitions"), Exact = true }),
    });

    /// <summary>The funnel's status rows (the body's rows: those with cells, not headers); each carries its figures.</summary>
    public ILocator FunnelRows => FunnelTable.GetByRole(AriaRole.Row).Filter(new() { Has = Page.GetByRole(AriaRole.Cell) });
}
