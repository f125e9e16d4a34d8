using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Persistence;
using static Microsoft.Playwright.Assertions;
using Studio.Tests.Browser.Pages;

namespace Studio.Tests.Browser.Clients;

/// <summary>The client list follows another manager's edit without a reload (issue 14: the changed row is swapped in), in the watcher's language.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ClientListLiveTests(StudioAppFixture app)
{
    /// <summary>Counts the nodes added or removed and the texts and attributes changed under the client table.</summary>
    private const string CountMutations = """
        () => {
            window.__mutations = 0;
            new MutationObserver(records => {
                for (const r of records) window.__mutations += r.type === 'childList' ? r.addedNodes.length + r.removedNodes.length : 1;
            }).observe(document.querySelector('[data-testid=client-table]'), { subtree: true, childList: true, attributes: true, characterData: true });
        }
        """;

    [Fact]
    public async Task PhoneEditedOnTheCard_OtherManagersUkrainianListShowsTheNewPhone_WithoutReload()
    {
        var ct = TestContext.Current.CancellationToken;
        var factory = app.Services.GetRequiredService<IDbContextFactory<StudioDbContext>>();
        Guid clientId;
        await using (var db = factory.CreateDbContext())
            clientId = await db.Clients.Where(c => !c.IsArchived && c.MergedIntoId == null).OrderBy(c => c.SearchKey).ThenBy(c => c.Id).Skip(5)
                .Select(c => c.Id).FirstAsync(ct);

        // Manager B: the client list, in Ukrainian (chosen as the language menu does).
        var clients = new ClientListPage(await app.SignedInPageAsync("manager2@studio.demo"), app.BaseUrl, "uk");
        var list = clients.Page;
        await list.GotoAsync($"{app.BaseUrl}/culture/uk?redirectUri={Uri.EscapeDataString("/clients")}");
        await Interactive.WaitAsync(list);
        var row = clients.Row(clientId);
        await Expect(row).ToBeVisibleAsync(new() { Timeout = 10_000 });
        var url = list.Url;
        await list.EvaluateAsync("() => window.__sameDocument = true");
        await list.EvaluateAsync(CountMutations);

        // Manager A: the client's card, in English; a new first phone, saved.
        var card = new ClientCardPage(await app.SignedInPageAsync("manager1@studio.demo"), app.BaseUrl);
        await card.OpenAsync(clientId);
        await card.Phone.FillAsync("093 000 14 14");
        await card.SaveAsync(); // a demo client may share the phone: then saved anyway

        await Expect(row.GetByRole(AriaRole.Cell).Nth(1)).ToHaveTextAsync(Phones.Display("+380930001414"), new() { Timeout = 10_000 });
        await list.WaitForTimeoutAsync(1_500); // anything else the change would redraw
        var mutations = await list.EvaluateAsync<int>("() => window.__mutations");
        Assert.InRange(mutations, 1, 4); // the phone's text (and nothing else of the table)
        Assert.Equal(url, list.Url);
        Assert.True(await list.EvaluateAsync<bool>("() => window.__sameDocument === true")); // the same document: not reloaded
        await Expect(clients.Heading).ToHaveTextAsync("Клієнти");
        await Expect(clients.ColumnHeader(1)).ToHaveTextAsync("Телефон");
    }
}
