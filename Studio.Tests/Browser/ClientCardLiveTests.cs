using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Studio.Infrastructure.Persistence;
using static Microsoft.Playwright.Assertions;

namespace Studio.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class ClientCardLiveTests(StudioAppFixture app)
{
    private async Task<Guid> AnyClientAsync(int skip)
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<StudioDbContext>>();
        await using var db = factory.CreateDbContext();
        return await db.Clients.OrderBy(c => c.SearchKey).Skip(skip).Select(c => c.Id).FirstAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task AddNote_OneManagerOnTheCard_OtherManagersOpenCardShowsItWithoutReload()
    {
        var clientId = await AnyClientAsync(7);
        var first = await app.SignedInPageAsync("manager1@studio.demo");
        var second = await app.SignedInPageAsync("manager2@studio.demo");
        await first.GotoAsync($"{app.BaseUrl}/clients/{clientId}");
        await Interactive.WaitAsync(first);
        await second.GotoAsync($"{app.BaseUrl}/clients/{clientId}");
        await Interactive.WaitAsync(second);
        await Expect(first.GetByTestId("client-card")).ToBeVisibleAsync();
        var url = first.Url;

        await second.GetByTestId("client-note").FillAsync("Asked for the evening group");
        await second.GetByRole(AriaRole.Button, new() { Name = "Add note" }).ClickAsync();

        await Expect(first.GetByTestId("timeline").GetByText("Asked for the evening group")).ToBeVisibleAsync(new() { Timeout = 5_000 });
        Assert.Equal(url, first.Url);
        await first.Context.CloseAsync();
        await second.Context.CloseAsync();
    }

    [Fact]
    public async Task SaveProfile_OtherManagerChangesName_TitleUpdatesOnTheOpenCard()
    {
        var clientId = await AnyClientAsync(11);
        var first = await app.SignedInPageAsync("manager1@studio.demo");
        var second = await app.SignedInPageAsync("manager2@studio.demo");
        await first.GotoAsync($"{app.BaseUrl}/clients/{clientId}");
        await Interactive.WaitAsync(first);
        await second.GotoAsync($"{app.BaseUrl}/clients/{clientId}");
        await Interactive.WaitAsync(second);

        await second.GetByTestId("client-name").FillAsync("Кравець Надія Оновлена");
        await second.GetByTestId("save-client").ClickAsync();

        await Expect(first.GetByTestId("client-title")).ToHaveTextAsync("Кравець Надія Оновлена", new() { Timeout = 5_000 });
        await first.Context.CloseAsync();
        await second.Context.CloseAsync();
    }

    [Fact]
    public async Task ClientList_SearchByPhoneInAnotherFormat_FindsTheClient()
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<StudioDbContext>>();
        string phone, name;
        await using (var db = factory.CreateDbContext())
        {
            var c = await db.Clients.OrderBy(x => x.SearchKey).Skip(3).FirstAsync(TestContext.Current.CancellationToken);
            (phone, name) = (c.Phone!, c.FullName);
        }
        var local = "0" + phone[4..6] + " " + phone[6..9] + " " + phone[9..11] + " " + phone[11..]; // +380671234567 → 067 123 45 67
        var page = await app.SignedInPageAsync("manager1@studio.demo");
        await page.GotoAsync($"{app.BaseUrl}/clients");
        await Interactive.WaitAsync(page);

        await page.GetByTestId("client-search").FillAsync(local);

        await Expect(page.GetByTestId("client-row")).ToHaveCountAsync(1, new() { Timeout = 5_000 });
        await Expect(page.GetByTestId("client-row")).ToHaveTextAsync(name);
        Assert.Contains("q=", page.Url);
        await page.Context.CloseAsync();
    }
}
