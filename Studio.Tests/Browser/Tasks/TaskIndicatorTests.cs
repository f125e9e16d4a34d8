using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Studio.Infrastructure.Persistence;
using Microsoft.Playwright;
using Studio.Domain.Organisation;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Seed;
using Studio.Infrastructure.Tasks;
using static Microsoft.Playwright.Assertions;
using Studio.Tests.Browser.Pages;

namespace Studio.Tests.Browser.Tasks;

/// <summary>The top bar's task indicator, live across two people's browsers.</summary>
[Collection(BrowserCollection.Name)]
public sealed class TaskIndicatorTests(StudioAppFixture app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(Guid Id, string Email)> NewManagerAsync(string who)
    {
        var organisation = app.Services.GetRequiredService<OrganisationService>();
        var branch = (await organisation.ListBranchesAsync(await app.EmployeeIdAsync("owner@studio.demo"), Ct)).First().Id;
        var tag = Guid.NewGuid().ToString("N")[..8];
        var email = $"{who}-{tag}@studio.test";
        return (await organisation.CreateEmployeeWithAccountAsync($"{who} {tag}", email, EmployeeRole.Manager, [branch], DemoSeeder.Password, Ct), email);
    }

    [Fact]
    public async Task StatusChange_LightsTheOtherPersonsIndicatorWithoutReload_TakeToWorkFromThePanel()
    {
        var tasks = app.Services.GetRequiredService<TaskService>();
        var author = await NewManagerAsync("author");
        var executor = await NewManagerAsync("executor");
        var authorPage = await app.SignedInPageAsync(author.Email);
        await authorPage.GotoAsync($"{app.BaseUrl}/schedule");
        await Interactive.WaitAsync(authorPage);
        var executorPage = await app.SignedInPageAsync(executor.Email);
        await executorPage.GotoAsync($"{app.BaseUrl}/schedule");
        await Interactive.WaitAsync(executorPage);
        var (authorTasks, executorTasks) = (new TaskIndicator(authorPage, app.BaseUrl), new TaskIndicator(executorPage, app.BaseUrl));
        var executorBell = executorTasks.Bell;
        var authorBell = authorTasks.Bell;
        await Expect(executorBell).ToHaveAttributeAsync("data-unread", "0");
        var urls = (authorPage.Url, executorPage.Url);

        // The author gives a task: the executor's indicator lights and blinks.
        var taskId = await tasks.CreateAsync(author.Id, new NewTask(TaskKind.Internal, null, "Call the mat supplier", null, [executor.Id]), Ct);
        await Expect(executorBell).ToHaveAttributeAsync("data-unread", "1", new() { Timeout = 5_000 });
        await Expect(executorBell).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("task-indicator-blink"));

        // The executor takes it to work from the panel: now the author's indicator lights.
        await executorBell.ClickAsync();
        await Expect(executorTasks.Notice(taskId)).ToContainTextAsync("Call the mat supplier");
        await executorTasks.TakeToWork(taskId).ClickAsync();
        await Expect(authorBell).ToHaveAttributeAsync("data-unread", "1", new() { Timeout = 5_000 });
        await Expect(authorBell).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("task-indicator-blink"));
        await Expect(executorBell).ToHaveAttributeAsync("data-unread", "0");
        // Read past the service: opening the task as the author would see the author's notice.
        var factory = app.Services.GetRequiredService<IDbContextFactory<StudioDbContext>>();
        await using (var db = factory.CreateDbContext())
            Assert.Equal(TaskState.InProgress, await db.Tasks.Where(t => t.Id == taskId).Select(t => t.Status).SingleAsync(Ct));

        // The author opens the panel and closes it: seen, the indicator goes quiet.
        await authorBell.ClickAsync();
        await Expect(authorTasks.Notice(taskId)).ToHaveAttributeAsync("data-status", "InProgress");
        await authorTasks.ClosePanel.ClickAsync();
        await Expect(authorBell).ToHaveAttributeAsync("data-unread", "0");
        await Expect(authorBell).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("task-indicator-blink"));
        Assert.Equal(urls, (authorPage.Url, executorPage.Url));
    }

    [Fact]
    public async Task Reminder_PopsUpBottomRightAtItsTime_SurvivesAReload_SnoozeMovesIt()
    {
        var tasks = app.Services.GetRequiredService<TaskService>();
        var me = await NewManagerAsync("reminded");
        var page = await app.SignedInPageAsync(me.Email);
        await page.GotoAsync($"{app.BaseUrl}/clients");
        await Interactive.WaitAsync(page);
        var clock = app.Services.GetRequiredService<TimeProvider>();

        // Due a moment ago: the node's reminder job (every 15 s) fires it.
        var taskId = await tasks.CreateAsync(me.Id, new NewTask(TaskKind.Internal, null, "Ring the landlord", null, [me.Id],
            RemindAt: clock.GetUtcNow().UtcDateTime.AddSeconds(-5)), Ct);
        var reminder = page.Locator($"[data-testid=reminder][data-task-id='{taskId}']");
        await Expect(reminder).ToBeVisibleAsync(new() { Timeout = 25_000 });
        await Expect(reminder).ToContainTextAsync("Ring the landlord");
        var box = await reminder.BoundingBoxAsync();
        Assert.True(box is { } b && b.X > 1440 / 2 && b.Y > 900 / 2, "the reminder sits bottom-right");

        await page.ReloadAsync();
        await Interactive.WaitAsync(page);
        await Expect(reminder).ToBeVisibleAsync();

        var before = clock.GetUtcNow().UtcDateTime;
        await reminder.GetByTestId("snooze-15").ClickAsync();
        await Expect(reminder).ToHaveCountAsync(0);
        var factory = app.Services.GetRequiredService<IDbContextFactory<StudioDbContext>>();
        await using var db = factory.CreateDbContext();
        var saved = await db.Tasks.AsNoTracking().IgnoreAutoIncludes().SingleAsync(t => t.Id == taskId, Ct);
        Assert.Null(saved.RemindedAt);
        Assert.InRange(saved.RemindAt!.Value, before.AddMinutes(14), before.AddMinutes(16));
    }

    [Fact]
    public async Task AuthorChangesTheStatusOnTheTasksPage_ExecutorsIndicatorBlinksInTheOtherBrowser()
    {
        var tasks = app.Services.GetRequiredService<TaskService>();
        var author = await NewManagerAsync("checker");
        var executor = await NewManagerAsync("doer");
        var taskId = await tasks.CreateAsync(author.Id, new NewTask(TaskKind.Internal, null, "Print the certificates", "For the spring concert", [executor.Id]), Ct);
        var seen = await tasks.GetAsync(executor.Id, taskId, Ct); // the executor opened and read it
        await tasks.ChangeStatusAsync(executor.Id, taskId, seen.Version, TaskState.Done, "40 printed", ct: Ct);

        var executorPage = await app.SignedInPageAsync(executor.Email);
        await executorPage.GotoAsync($"{app.BaseUrl}/clients");
        await Interactive.WaitAsync(executorPage);
        var bell = new TaskIndicator(executorPage, app.BaseUrl).Bell;
        await Expect(bell).ToHaveAttributeAsync("data-unread", "0");
        var url = executorPage.Url;

        var list = new TasksPage(await app.SignedInPageAsync(author.Email), app.BaseUrl);
        await list.OpenAsync("q=certificates");
        await list.Row(taskId).ClickAsync();
        await Expect(list.Details).ToHaveAttributeAsync("data-status", "Done");
        await list.Note.FillAsync("Please add the teachers' names");
        await list.SetStatus("NotAccepted").ClickAsync();
        await Expect(list.Details).ToHaveAttributeAsync("data-status", "NotAccepted");

        await Expect(bell).ToHaveAttributeAsync("data-unread", "1", new() { Timeout = 5_000 });
        await Expect(bell).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("task-indicator-blink"));
        Assert.Equal(url, executorPage.Url);
    }
}
