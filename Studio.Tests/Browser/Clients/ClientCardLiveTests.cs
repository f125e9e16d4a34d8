using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Tasks;
using static Microsoft.Playwright.Assertions;
using Studio.Tests.Browser.Pages;

namespace Studio.Tests.Browser.Clients;

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
        var first = new ClientCardPage(await app.SignedInPageAsync("manager1@studio.demo"), app.BaseUrl);
        var second = new ClientCardPage(await app.SignedInPageAsync("manager2@studio.demo"), app.BaseUrl);
        await first.OpenAsync(clientId);
        await second.OpenAsync(clientId);
        await Expect(first.Title).ToBeVisibleAsync();
        var url = first.Page.Url;

        await second.Note.FillAsync("Asked for the evening group");
        await second.AddNote.ClickAsync();

        await Expect(first.Timeline.GetByText("Asked for the evening group")).ToBeVisibleAsync(new() { Timeout = 5_000 });
        Assert.Equal(url, first.Page.Url);
    }

    [Fact]
    public async Task TaskAboutTheClient_AnotherManagerSetsAndDoesACall_TheOpenCardShowsItInTheTimelineAndTheTaskList()
    {
        var clientId = await AnyClientAsync(9);
        var viewer = new ClientCardPage(await app.SignedInPageAsync("manager1@studio.demo"), app.BaseUrl);
        await viewer.OpenAsync(clientId);
        await Expect(viewer.Title).ToBeVisibleAsync();
        var caller = await app.EmployeeIdAsync("manager2@studio.demo");
        var tasks = app.Services.GetRequiredService<TaskService>();
        var title = $"Call back about the evening group {Guid.NewGuid():N}"[..44];

        var id = await tasks.CreateAsync(caller, new NewTask(TaskKind.PersonalCall, null, title, null, [caller], ClientId: clientId),
            TestContext.Current.CancellationToken);

        var set = viewer.Timeline.GetByTestId("timeline-entry").Filter(new() { HasText = title });
        await Expect(set).ToContainTextAsync(viewer.Text("Timeline.CallSet"), new() { Timeout = 5_000 });
        await Expect(viewer.Page.GetByTestId("client-task").Filter(new() { HasText = title })).ToBeVisibleAsync(new() { Timeout = 5_000 });

        var version = (await tasks.GetAsync(caller, id, TestContext.Current.CancellationToken)).Version;
        await tasks.ChangeStatusAsync(caller, id, version, TaskState.Done, "Will come on Tuesday", ct: TestContext.Current.CancellationToken);

        await Expect(viewer.Timeline.GetByTestId("timeline-entry").Filter(new() { HasText = "Will come on Tuesday" }))
            .ToContainTextAsync(viewer.Text("Timeline.CallDone"), new() { Timeout = 5_000 });
    }

    [Fact]
    public async Task SaveProfile_OtherManagerChangesName_TitleUpdatesOnTheOpenCard()
    {
        var clientId = await AnyClientAsync(11);
        var first = new ClientCardPage(await app.SignedInPageAsync("manager1@studio.demo"), app.BaseUrl);
        var second = new ClientCardPage(await app.SignedInPageAsync("manager2@studio.demo"), app.BaseUrl);
        await first.OpenAsync(clientId);
        await second.OpenAsync(clientId);

        await second.Name.FillAsync("Кравець Надія Оновлена");
        await second.Save.ClickAsync();

        await Expect(first.Title).ToHaveTextAsync("Кравець Надія Оновлена", new() { Timeout = 5_000 });
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
        var list = new ClientListPage(await app.SignedInPageAsync("manager1@studio.demo"), app.BaseUrl);
        await list.OpenAsync();

        await list.Search.FillAsync(local);

        await Expect(list.ClientLinks).ToHaveCountAsync(1, new() { Timeout = 5_000 });
        await Expect(list.ClientLinks).ToHaveTextAsync(name);
        Assert.Contains("q=", list.Page.Url);
    }
}
