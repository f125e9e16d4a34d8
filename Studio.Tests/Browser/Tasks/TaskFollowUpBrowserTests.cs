using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Studio.Domain.Clients;
using Studio.Domain.Organisation;
using Studio.Domain.Schedule;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Schedule;
using Studio.Infrastructure.Tasks;
using static Microsoft.Playwright.Assertions;
using Studio.Tests.Browser.Pages;

namespace Studio.Tests.Browser.Tasks;

/// <summary>A call finished as "Booked a trial" books the lesson from the task's drawer; another manager's open schedule shows it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class TaskFollowUpBrowserTests(StudioAppFixture app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BookedATrial_InTheDrawer_BooksTheLesson_TheOtherManagersScheduleShowsItWithoutReload()
    {
        var owner = await app.EmployeeIdAsync("owner@studio.demo");
        var manager = await app.EmployeeIdAsync("manager1@studio.demo");
        var factory = app.Services.GetRequiredService<IDbContextFactory<StudioDbContext>>();
        Guid branch;
        await using (var db = factory.CreateDbContext())
            branch = await db.Branches.Where(b => b.Name == "Поділ").Select(b => b.Id).SingleAsync(Ct);
        var n = Guid.NewGuid().ToString("N")[..6];
        var schedule = app.Services.GetRequiredService<ScheduleService>();
        var teacherName = $"Пробний Викладач {n}";
        var teacher = await app.Services.GetRequiredService<OrganisationService>().CreateEmployeeAsync(owner, teacherName, $"trial-{n}@studio.test",
            EmployeeRole.Teacher, [branch], "trial-teacher-2026", Ct);
        var typeName = $"Пробне {n}";
        var type = await app.Services.GetRequiredService<LessonTypeService>().SaveTypeAsync(owner, null, null, typeName, 60, LessonKind.Individual, true, "#26A69A", 1, Ct);
        var client = await app.Services.GetRequiredService<ClientService>().CreateAsync(manager, new ClientInput($"Пробна Клієнтка {n}",
            [$"+38063{Random.Shared.Next(1000000, 9999999)}"], null, null, null, branch, null, null, [], ContactChannels.None, null,
            new Dictionary<Guid, string?>()), duplicatesSeen: true, Ct);
        var template = new TaskTemplate($"Перший дзвінок {n}", TaskKind.PersonalCall);
        template.AddResult("Думає", ResultField.None, followUp: FollowUp.PersonalCall);
        var booked = template.AddResult("Записалась на пробне", ResultField.Date, followUp: FollowUp.BookTrial);
        await using (var db = factory.CreateDbContext())
        {
            db.TaskTemplates.Add(template);
            await db.SaveChangesAsync(Ct);
        }
        var taskId = await app.Services.GetRequiredService<TaskService>().CreateAsync(manager,
            new NewTask(TaskKind.PersonalCall, template.Id, null, null, [manager], ClientId: client), Ct);
        var tomorrow = (await schedule.TodayAsync(branch, Ct)).AddDays(1);

        var watcher = await app.SignedInPageAsync("manager2@studio.demo");
        await watcher.GotoAsync($"{app.BaseUrl}/schedule?branch={branch}&date={tomorrow:yyyy-MM-dd}&teacher={teacher}");
        await Interactive.WaitAsync(watcher);
        var column = watcher.Locator($"[data-testid=grid-column][data-column-id=\"{teacher}\"]");
        await Expect(column).ToBeVisibleAsync();
        await Expect(column.Locator("[data-testid=lesson]")).ToHaveCountAsync(0);

        var page = await app.SignedInPageAsync("manager1@studio.demo");
        await page.GotoAsync($"{app.BaseUrl}/tasks?task={taskId}");
        await Interactive.WaitAsync(page);
        var drawer = page.GetByTestId("task-drawer");
        await Expect(drawer).ToHaveAttributeAsync("data-task-id", taskId.ToString());
        async Task PickAsync(string selectClass, string text)
        {
            await drawer.Locator($".{selectClass}").ClickAsync();
            await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = text }).ClickAsync();
        }
        await PickAsync("task-result", booked.Name);
        await Expect(drawer.GetByTestId("trial-picker")).ToBeVisibleAsync();
        await PickAsync("trial-branch", "Поділ");
        await PickAsync("trial-type", typeName);
        await PickAsync("trial-teacher", teacherName);
        await drawer.GetByTestId("trial-time").FillAsync("18:30");
        await drawer.GetByTestId("trial-time").BlurAsync();
        await drawer.Locator("[data-testid=set-status][data-to=Done]").ClickAsync();

        await Expect(drawer).ToHaveAttributeAsync("data-status", "Done", new() { Timeout = 5_000 });
        var lesson = column.Locator("[data-testid=lesson]");
        await Expect(lesson).ToHaveCountAsync(1, new() { Timeout = 5_000 });
        await Expect(lesson).ToContainTextAsync("18:30");
        var task = await app.Services.GetRequiredService<TaskService>().GetAsync(manager, taskId, Ct);
        Assert.Equal((booked.Id, tomorrow.ToString("yyyy-MM-dd")), (task.ResultId, task.ResultValue));
    }
}
