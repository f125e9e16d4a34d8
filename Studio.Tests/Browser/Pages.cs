using Microsoft.Playwright;

namespace Studio.Tests.Browser;

/// <summary>The sign-in form, found by its labels.</summary>
public sealed class LoginPage(IPage page, string baseUrl)
{
    public async Task SignInAsync(string email, string password, string returnUrl = "/boards")
    {
        await page.GotoAsync($"{baseUrl}/account/login?returnUrl={Uri.EscapeDataString(returnUrl)}");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Interactive.WaitAsync(page);
    }
}

public static class Interactive
{
    /// <summary>Clicks sent before the circuit is attached are lost: wait for the layout's marker.</summary>
    public static Task WaitAsync(IPage page) =>
        page.Locator("[data-testid=interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
}

/// <summary>One pipeline board: columns are drop zones named by data-stage, cards carry their deal id.</summary>
public sealed class BoardPage(IPage page, string baseUrl)
{
    public IPage Page => page;

    public async Task OpenAsync(Guid boardId)
    {
        await page.GotoAsync($"{baseUrl}/boards/{boardId}");
        await Interactive.WaitAsync(page);
    }

    /// <summary>Cards shown by the live board (not only prerendered: clicks before the circuit attaches are lost).</summary>
    public async Task WaitForCardsAsync() =>
        await page.Locator(".board-page[data-live] .deal-card").First.WaitForAsync();

    public ILocator Column(string stage) => page.Locator($"[data-testid=stage-column][data-stage=\"{stage}\"]");

    public ILocator Card(Guid dealId) => page.Locator($".deal-card[data-deal-id=\"{dealId}\"]");

    public ILocator CardIn(string stage, Guid dealId) => Column(stage).Locator($".deal-card[data-deal-id=\"{dealId}\"]");

    /// <summary>The id of the first card shown in a stage.</summary>
    public async Task<Guid> FirstCardInAsync(string stage)
    {
        var card = Column(stage).Locator(".deal-card").First;
        await card.WaitForAsync();
        return Guid.Parse((await card.GetAttributeAsync("data-deal-id"))!);
    }

    public async Task DragAsync(Guid dealId, string toStage) =>
        await Card(dealId).DragToAsync(Column(toStage));
}
