using Microsoft.Playwright;

namespace Studio.Tests.Browser.Pages;

/// <summary>
/// One pipeline board. An open stage is a region named by the stage; cards carry their deal id (a card is found by the
/// deal it shows, which no role or name says). Won and Lost are drop targets with no role of their own, so dropping
/// goes to the stage's drop zone (data-testid=stage-column, named by data-stage).
/// </summary>
public sealed class BoardPage(IPage page, string baseUrl, string culture = "en") : Screen(page, baseUrl, culture)
{
    public async Task OpenAsync(Guid boardId)
    {
        await GoAsync($"/boards/{boardId}");
    }

    /// <summary>Cards shown by the live board (not only prerendered: clicks before the circuit attaches are lost).</summary>
    public async Task WaitForCardsAsync() =>
        await Page.Locator(".board-page[data-live] .deal-card").First.WaitForAsync();

    /// <summary>An open stage's column: the region named by the stage.</summary>
    public ILocator Column(string stage) => Page.GetByRole(AriaRole.Region, new() { Name = stage, Exact = true });

    /// <summary>Where a card is dropped to move it to the stage (open stages and Won/Lost alike).</summary>
    public ILocator DropZone(string stage) => Page.Locator($"[data-testid=stage-column][data-stage=\"{stage}\"]");

    /// <summary>The number of cards a column says it holds.</summary>
    public ILocator CountOf(string stage) => Column(stage).Locator(".column-count");

    public ILocator Cards => Page.Locator(".deal-card");

    public ILocator Card(Guid dealId) => Page.Locator($".deal-card[data-deal-id=\"{dealId}\"]");

    public ILocator CardIn(string stage, Guid dealId) => DropZone(stage).Locator($".deal-card[data-deal-id=\"{dealId}\"]");

    /// <summary>The id of the first card shown in a stage.</summary>
    public async Task<Guid> FirstCardInAsync(string stage)
    {
        var card = DropZone(stage).Locator(".deal-card").First;
        await card.WaitForAsync();
        return Guid.Parse((await card.GetAttributeAsync("data-deal-id"))!);
    }

    public async Task DragAsync(Guid dealId, string toStage) =>
        await Card(dealId).DragToAsync(DropZone(toStage));

    /// <summary>A board's link on the boards list, by the board's name.</summary>
    public ILocator BoardLink(string name) => Page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = name, Exact = true });

    /// <summary>The refusal shown in place of a board the person may not see: its heading.</summary>
    public ILocator Forbidden => Page.GetByRole(AriaRole.Heading, new() { Name = Text("Access.Denied"), Exact = true });

    /// <summary>Quick add at the top of the Start column: its two fields, by their labels.</summary>
    public ILocator QuickAddName => Page.GetByRole(AriaRole.Textbox, new() { Name = Text("Field.FullName"), Exact = true });

    public ILocator QuickAddPhone => Page.GetByRole(AriaRole.Textbox, new() { Name = Text("Field.Phone"), Exact = true });

    /// <summary>What quick add says when the name is missing: an alert.</summary>
    public ILocator QuickAddError => Page.GetByRole(AriaRole.Alert).Filter(new() { HasText = Text("Board.QuickNameRequired") });

    /// <summary>The dialog that asks why a deal was lost.</summary>
    public ILocator LostDialog => Dialog;

    public ILocator ConfirmLost => Dialog.GetByRole(AriaRole.Button, new() { Name = Text("Lost.Confirm"), Exact = true });

    /// <summary>The Undo on the snackbar a move leaves.</summary>
    public ILocator Undo => Button("Common.Undo");

    /// <summary>A snackbar saying the words of a resource key (a snackbar has no role of its own to name it by).</summary>
    public ILocator Snackbar(string key) => Page.Locator(".mud-snackbar").Filter(new() { HasText = Text(key) });
}
