using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Studio.Infrastructure.Persistence;
using static Microsoft.Playwright.Assertions;
using Studio.Tests.Browser.Pages;

namespace Studio.Tests.Browser.Organisation;

[Collection(BrowserCollection.Name)]
public sealed class DictionariesPageTests(StudioAppFixture app)
{
    [Fact]
    public async Task DeleteSource_InUse_DialogNamesTheUsesAndTheChosenSourceTakesItsPlace()
    {
        var page = new DictionariesPage(await app.SignedInPageAsync("owner@studio.demo"), app.BaseUrl);
        await page.OpenAsync();
        var (signboard, site) = await SourceIdsAsync("Вивіска", "Сайт");
        var (clients, deals) = await UsesAsync(signboard);
        Assert.True(clients + deals > 0, "The demo studio has clients and deals from the signboard.");

        await page.Remove("Вивіска").ClickAsync();

        var dialog = page.Dialog;
        await Expect(dialog.Locator("[data-testid=delete-message]")).ToContainTextAsync($"clients {clients}, deals {deals}");
        await dialog.GetByRole(AriaRole.Radio, new() { Name = "Сайт" }).CheckAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Replace and delete" }).ClickAsync();

        await Expect(page.Row("Вивіска")).ToHaveCountAsync(0);
        await Expect(page.Page.GetByText("“Вивіска” deleted")).ToBeVisibleAsync();
        Assert.Equal((0, 0), await UsesAsync(signboard));
        Assert.True((await UsesAsync(site)).Clients >= clients);
    }

    private async Task<(Guid, Guid)> SourceIdsAsync(string a, string b)
    {
        await using var db = app.Services.GetRequiredService<IDbContextFactory<StudioDbContext>>().CreateDbContext();
        var ids = await db.LeadSources.ToDictionaryAsync(s => s.Name, s => s.Id, TestContext.Current.CancellationToken);
        return (ids[a], ids[b]);
    }

    private async Task<(int Clients, int Deals)> UsesAsync(Guid sourceId)
    {
        await using var db = app.Services.GetRequiredService<IDbContextFactory<StudioDbContext>>().CreateDbContext();
        var ct = TestContext.Current.CancellationToken;
        return (await db.Clients.CountAsync(c => c.SourceId == sourceId, ct), await db.Deals.CountAsync(d => d.SourceId == sourceId, ct));
    }
}
