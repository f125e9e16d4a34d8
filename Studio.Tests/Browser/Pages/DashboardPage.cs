using Microsoft.Playwright;

namespace Studio.Tests.Browser.Pages;

/// <summary>The owner's dashboard: each tile is a link named "figure: value" that goes where the figure comes from.</summary>
public sealed class DashboardPage(IPage page, string baseUrl, string culture = "en") : Screen(page, baseUrl, culture)
{
    public Task OpenAsync() => GoAsync("/dashboard");

    /// <summary>The dashboard's link in the navigation.</summary>
    public ILocator NavLink => Page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = Text("Nav.Dashboard"), Exact = true });

    /// <summary>The tiles' links (one per figure).</summary>
    public ILocator Tiles => Page.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex(@"^.+: \d+$") });

    /// <summary>A figure's tile link, named by the figure's resource key, e.g. Dashboard.NewLeads.</summary>
    public ILocator Tile(string key) =>
        Page.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex($"^{System.Text.RegularExpressions.Regex.Escape(Text(key))}: ") });

    /// <summary>How a tile's figure last moved ("+1"), shown beside it.</summary>
    public ILocator Delta(string key, string delta) => Tile(key).GetByText(delta, new() { Exact = true });

    /// <summary>A per-board line under a tile (kind e.g. new-leads-board), found by where it goes.</summary>
    public ILocator Line(string kind, string href) => Page.Locator($"[data-kind={kind}][href='{href}']");

    /// <summary>The figure a tile shows, read from its accessible name.</summary>
    public async Task<int> ValueAsync(string key)
    {
        var label = await Tile(key).GetAttributeAsync("aria-label");
        var figure = label![(label!.LastIndexOf(':') + 2)..];
        return int.Parse(figure.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Expects the figure's tile to say the value: its accessible name is "figure: value", and while the number's last move
    /// shows beside it, that too ("New leads: 3 +1").
    /// </summary>
    public Task ExpectValueAsync(string key, int value, float timeout = 5_000) =>
        Assertions.Expect(Tile(key)).ToHaveAccessibleNameAsync(
            new System.Text.RegularExpressions.Regex($"^{System.Text.RegularExpressions.Regex.Escape($"{Text(key)}: {value}")}( [+−][0-9]+)?$"),
            new() { Timeout = timeout });
}
