using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Studio.Domain.Clients;
using Studio.Infrastructure.Persistence;
using static Microsoft.Playwright.Assertions;
using Studio.Tests.Browser.Pages;

namespace Studio.Tests.Browser.Search;

/// <summary>The top bar's search from anywhere, and the deal drawer that lives in the address.</summary>
[Collection(BrowserCollection.Name)]
public sealed class GlobalSearchTests(StudioAppFixture app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A demo client whose last seven digits no other client's phone has, with those digits spaced "123 45 67".</summary>
    private async Task<(Guid Id, string Name, string Fragment)> ClientWithUniqueFragmentAsync()
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<StudioDbContext>>();
        await using var db = factory.CreateDbContext();
        var phones = await db.Set<ClientPhone>().Select(p => new { p.ClientId, p.Number }).ToListAsync(Ct);
        var current = (await db.Clients.Where(c => !c.IsArchived && c.MergedIntoId == null).Select(c => c.Id).ToListAsync(Ct)).ToHashSet();
        var pick = phones.Where(p => p.Number.Length >= 10 && current.Contains(p.ClientId))
            .First(p => phones.Count(o => o.Number.Contains(p.Number[^7..])) == 1);
        var name = await db.Clients.Where(c => c.Id == pick.ClientId).Select(c => c.FullName).SingleAsync(Ct);
        var d = pick.Number[^7..];
        return (pick.ClientId, name, $"{d[..3]} {d[3..5]} {d[5..]}");
    }

    [Fact]
    public async Task Slash_FocusesSearch_PhoneFragmentThenEnter_OpensTheClientCard()
    {
        var client = await ClientWithUniqueFragmentAsync();
        var card = new ClientCardPage(await app.SignedInPageAsync("manager1@studio.demo"), app.BaseUrl);
        var page = card.Page;
        var search = new GlobalSearch(page, app.BaseUrl);
        var input = search.Input;
        // Start on another client's card: the one picked must replace it.
        var other = await OtherClientAsync(client.Id);
        await card.OpenAsync(other);
        await Expect(card.Title).Not.ToHaveTextAsync(client.Name);

        await page.Locator("body").PressAsync("/");
        await Expect(input).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(client.Fragment);

        var hit = search.ClientHits;
        await Expect(hit).ToHaveCountAsync(1, new() { Timeout = 5_000 });
        await Expect(hit).ToHaveAttributeAsync("data-client-id", client.Id.ToString());
        await Expect(hit).ToHaveAttributeAsync("aria-selected", "true");
        await input.PressAsync("ArrowDown");
        await input.PressAsync("ArrowUp");
        await Expect(hit).ToHaveAttributeAsync("aria-selected", "true");
        await input.PressAsync("Enter");

        await Expect(page).ToHaveURLAsync(new Regex($"/clients/{client.Id}$"));
        await Expect(card.Title).ToHaveTextAsync(client.Name);
    }

    private async Task<Guid> OtherClientAsync(Guid not)
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<StudioDbContext>>();
        await using var db = factory.CreateDbContext();
        return await db.Clients.Where(c => c.Id != not && c.MergedIntoId == null).OrderBy(c => c.SearchKey).Select(c => c.Id).FirstAsync(Ct);
    }

    [Fact]
    public async Task DealPickedFromAnotherBoard_OpensThatBoardWithTheDealsDrawer()
    {
        var sales = await app.BoardIdAsync("demo-sales");
        var online = await app.BoardIdAsync("demo-online");
        var factory = app.Services.GetRequiredService<IDbContextFactory<StudioDbContext>>();
        Guid dealId;
        string clientName;
        await using (var db = factory.CreateDbContext())
        {
            var deal = await (from d in db.Deals
                              join c in db.Clients on d.ClientId equals c.Id
                              where d.BoardId == online && d.ClosedAt == null && !c.IsArchived && c.MergedIntoId == null
                              orderby d.CreatedAt descending
                              select new { d.Id, c.FullName }).FirstAsync(Ct);
            (dealId, clientName) = (deal.Id, deal.FullName);
        }
        var board = new BoardPage(await app.SignedInPageAsync("manager2@studio.demo"), app.BaseUrl);
        var page = board.Page;
        await board.OpenAsync(sales);

        await page.Locator("body").PressAsync("/");
        await page.Keyboard.TypeAsync(clientName);
        await new GlobalSearch(page, app.BaseUrl).DealHit(dealId).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"/boards/{online}\\?deal={dealId}$"));
        await Expect(new DealDrawer(page, app.BaseUrl).ClientLink).ToHaveTextAsync(clientName);
        await Expect(page.Locator(".board-name h1")).ToHaveTextAsync("Онлайн-школа"); // the other board, behind the drawer
    }

    [Fact]
    public async Task Slash_WhileTypingInAnotherField_IsJustTyped()
    {
        var list = new ClientListPage(await app.SignedInPageAsync("manager1@studio.demo"), app.BaseUrl);
        var page = list.Page;
        await list.OpenAsync();
        var field = list.Search;

        await field.ClickAsync();
        await page.Keyboard.TypeAsync("a/b");

        await Expect(field).ToHaveValueAsync("a/b");
        await Expect(field).ToBeFocusedAsync();
        await Expect(new GlobalSearch(page, app.BaseUrl).Input).ToHaveValueAsync("");
    }

    [Fact]
    public async Task OpenDeal_UrlHasIt_ReloadKeepsTheDrawer_EscClosesAndDropsIt_ClientIsOneClick()
    {
        var boardId = await app.BoardIdAsync("demo-online");
        var board = new BoardPage(await app.SignedInPageAsync("manager2@studio.demo"), app.BaseUrl);
        var page = board.Page;
        await board.OpenAsync(boardId);
        await board.WaitForCardsAsync();
        var card = page.Locator(".deal-card").First;
        var dealId = Guid.Parse((await card.GetAttributeAsync("data-deal-id"))!);

        var drawer = new DealDrawer(page, app.BaseUrl);
        await card.ClickAsync();
        await Expect(drawer.Root).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/boards/{boardId}\\?deal={dealId}$"));

        await page.ReloadAsync();
        await Interactive.WaitAsync(page);
        var link = drawer.ClientLink;
        await Expect(link).ToBeVisibleAsync();
        Assert.Contains($"deal={dealId}", page.Url);
        await Expect(board.Card(dealId)).ToBeVisibleAsync(); // the board is there behind it

        // Esc while typing in a field of the drawer only leaves the field: the drawer and the text stay.
        var title = drawer.Title;
        await title.FillAsync("Typed, then Esc");
        await title.PressAsync("Escape");
        await Expect(drawer.Root).ToBeVisibleAsync();
        await Expect(title).ToHaveValueAsync("Typed, then Esc");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Tasks" }).ClickAsync();
        await Expect(page.GetByTestId("client-tasks")).ToBeVisibleAsync();

        await page.Keyboard.PressAsync("Escape");
        await Expect(drawer.Root).ToHaveCountAsync(0);
        await Expect(page).ToHaveURLAsync(new Regex($"/boards/{boardId}$"));

        await board.Card(dealId).ClickAsync();
        var clientHref = await link.GetAttributeAsync("href");
        await link.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"{Regex.Escape(clientHref!)}$"));
        await Expect(new ClientCardPage(page, app.BaseUrl).Title).ToBeVisibleAsync();
    }
}
