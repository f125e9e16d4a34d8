using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Studio.Domain.Organisation;
using Studio.Domain.Schedule;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Schedule;
using Studio.Infrastructure.Seed;
using static Microsoft.Playwright.Assertions;
using Studio.Domain.Common;
using Studio.Tests.Browser.Pages;

namespace Studio.Tests.Browser.Schedule;

/// <summary>The teacher's path: sign in, land on My day, see what each lesson is, and not mark a lesson held before it starts by accident.</summary>
[Collection(BrowserCollection.Name)]
public sealed class TeacherPathTests(StudioAppFixture app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ILocator Lesson(IPage page, Guid lessonId) => page.Locator($"[data-testid=lesson][data-lesson-id='{lessonId}']");

    [Fact]
    public async Task SignIn_DemoTeacher_LandsOnMyDayWithTodaysLessonsAndTheirTypes()
    {
        var page = await app.SignedInPageAsync("teacher1@studio.demo");
        await page.GotoAsync($"{app.BaseUrl}/");
        await Interactive.WaitAsync(page);

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/my-day$"));
        await Expect(page.GetByTestId("my-day")).ToBeVisibleAsync();
        // The demo seed gives every teacher lessons today, whatever the weekday; each shows its type.
        var lessons = page.GetByTestId("lesson");
        await Expect(lessons.First).ToBeVisibleAsync();
        Assert.True(await lessons.CountAsync() >= 1);
        await Expect(lessons.First.GetByTestId("lesson-type")).Not.ToBeEmptyAsync();
        // teacher1 works in one branch: no branch switcher to offer.
        await Expect(page.GetByTestId("branch-switcher")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task SignIn_TeacherThroughTheLoginPage_GoesToMyDayNotAWelcomePage()
    {
        var context = await app.Browser.NewContextAsync(new() { Locale = "en-US" });
        var page = await context.NewPageAsync();
        await new LoginPage(page, app.BaseUrl).SignInAsync("teacher2@studio.demo", DemoSeeder.Password, returnUrl: "/");

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/my-day$"));
        await Expect(page.GetByTestId("my-day")).ToBeVisibleAsync();
        await context.CloseAsync();
    }

    [Fact]
    public async Task MyDay_TrialAndAFutureLesson_TrialIsLabelledAndMarkingHeldEarlyAsksFirst()
    {
        var organisation = app.Services.GetRequiredService<OrganisationService>();
        var schedule = app.Services.GetRequiredService<ScheduleService>();
        var owner = await app.EmployeeIdAsync("owner@studio.demo");
        var branch = (await organisation.ListBranchesAsync(await app.EmployeeIdAsync("owner@studio.demo"), Ct)).OrderBy(b => b.Name, StringComparer.Ordinal).First();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var email = $"trial-{tag}@studio.test";
        var teacher = await organisation.CreateEmployeeWithAccountAsync($"Пробна Вчителька {tag}", email, EmployeeRole.Teacher, [branch.Id], DemoSeeder.Password, Ct);
        var room = await organisation.SaveRoomAsync(owner, branch.Id, null, Guid.Empty, $"Студія {tag}", 6, Ct);
        var trialType = await app.Services.GetRequiredService<LessonTypeService>().SaveTypeAsync(owner, null, null, $"Пробне {tag}", 15, LessonKind.Individual, true, "#EC407A", 0, Ct);
        // Later today, branch time: it has not started yet.
        var zone = Zones.Find(branch.TimeZoneId);
        var now = Zones.ToLocal(DateTime.UtcNow, zone);
        var start = new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute / 5 * 5, 0).AddMinutes(20);
        if (start.Date != now.Date) start = now.Date.AddHours(23).AddMinutes(40);
        var lessonId = await schedule.BookAsync(owner, new LessonDraft(branch.Id, trialType, start, null, room, teacher, null, []), Ct);

        var page = await app.SignedInPageAsync(email, 768, 1024);
        await page.GotoAsync($"{app.BaseUrl}/my-day");
        await Interactive.WaitAsync(page);
        var lesson = Lesson(page, lessonId);
        var type = lesson.GetByTestId("lesson-type");
        await Expect(type).ToHaveTextAsync($"Пробне {tag}");
        await Expect(type).ToHaveAttributeAsync("data-trial", "true");
        Assert.Equal("rgb(236, 64, 122)", await type.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));

        if (await lesson.GetByTestId("lesson-open").GetAttributeAsync("aria-expanded") != "true") await lesson.GetByTestId("lesson-open").ClickAsync();
        await lesson.GetByTestId("lesson-held").ClickAsync();
        var confirm = page.GetByRole(AriaRole.Dialog);
        await Expect(confirm).ToContainTextAsync("has not started yet");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await Expect(lesson).ToHaveAttributeAsync("data-status", "Planned");

        await lesson.GetByTestId("lesson-held").ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByTestId("confirm-early-held").ClickAsync();
        await Expect(lesson).ToHaveAttributeAsync("data-status", "Held", new() { Timeout = 5_000 });
    }

    [Fact]
    public async Task MyDay_TeacherOfTwoBranchesSwitchesTheTopBar_SeesThatBranchsLessonsAtOnce()
    {
        var organisation = app.Services.GetRequiredService<OrganisationService>();
        var schedule = app.Services.GetRequiredService<ScheduleService>();
        var owner = await app.EmployeeIdAsync("owner@studio.demo");
        var branches = (await organisation.ListBranchesAsync(await app.EmployeeIdAsync("owner@studio.demo"), Ct)).OrderBy(b => b.Name, StringComparer.Ordinal).ToList();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var email = $"two-{tag}@studio.test";
        var teacher = await organisation.CreateEmployeeWithAccountAsync($"Дві Філії {tag}", email, EmployeeRole.Teacher, [branches[0].Id, branches[1].Id],
            DemoSeeder.Password, Ct);
        var type = await app.Services.GetRequiredService<LessonTypeService>().SaveTypeAsync(owner, null, null, $"Дві {tag}", 30, LessonKind.Group, false, "#8D6E63", 1, Ct);
        async Task<Guid> BookAsync(BranchView branch, int hour)
        {
            var room = await organisation.SaveRoomAsync(owner, branch.Id, null, Guid.Empty, $"Дві {tag}", 10, Ct);
            var today = await schedule.TodayAsync(branch.Id, Ct);
            return await schedule.BookAsync(owner, new LessonDraft(branch.Id, type, today.ToDateTime(new TimeOnly(hour, 0)), null, room, teacher, null, []), Ct);
        }
        var (first, second) = (await BookAsync(branches[0], 5), await BookAsync(branches[1], 6));

        var page = await app.SignedInPageAsync(email);
        await page.GotoAsync($"{app.BaseUrl}/my-day");
        await Interactive.WaitAsync(page);
        await Expect(Lesson(page, first)).ToHaveCountAsync(1);
        await Expect(Lesson(page, second)).ToHaveCountAsync(1);

        var switcher = page.GetByTestId("branch-switcher").GetByRole(AriaRole.Combobox, new() { Name = "Branch", Exact = true });
        await Expect(switcher.Locator("option")).ToHaveCountAsync(3); // all branches and their two
        await switcher.SelectOptionAsync(new SelectOptionValue { Label = branches[1].Name });

        await Expect(Lesson(page, first)).ToHaveCountAsync(0);
        await Expect(Lesson(page, second)).ToHaveCountAsync(1);
    }
}
