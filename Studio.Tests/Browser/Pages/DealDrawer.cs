using Microsoft.Playwright;

namespace Studio.Tests.Browser.Pages;

/// <summary>
/// A deal's side drawer over the board. The drawer is a block of the page, not a dialog or landmark, so no role names it:
/// its root is data-testid=deal-drawer; everything in it is found by role and label.
/// </summary>
public sealed class DealDrawer(IPage page, string baseUrl, string culture = "en") : Screen(page, baseUrl, culture)
{
    public ILocator Root => Page.GetByTestId("deal-drawer");

    /// <summary>The client's name at the top: a link to the client's card (titled "Open the client's card").</summary>
    public ILocator ClientLink => Root.GetByRole(AriaRole.Link).And(Page.GetByTitle(Text("Deal.OpenClient"), new() { Exact = true }));

    public ILocator Title => Root.GetByLabel(Text("Field.Title"), new() { Exact = true });

    public ILocator Save => Root.GetByRole(AriaRole.Button, new() { Name = Text("Common.Save"), Exact = true });

    public ILocator Close => Root.GetByRole(AriaRole.Button, new() { Name = Text("Common.Close"), Exact = true });

    /// <summary>
    /// The save's error. Found by data-testid: by role it could not be told from the drawer's other alerts in a run
    /// (GetByRole(Alert) with its text found nothing), and the error presentation is being unified elsewhere.
    /// </summary>
    public ILocator Error => Root.GetByTestId("form-error");

    /// <summary>The "Saved" snackbar.</summary>
    public ILocator Saved => Page.GetByText(Text("Common.Saved"), new() { Exact = true });

    /// <summary>"Won": closes the deal as won from the drawer.</summary>
    public ILocator Win => Root.GetByRole(AriaRole.Button, new() { Name = Text("Deal.Win"), Exact = true });
}
