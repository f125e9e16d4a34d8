using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Studio.Domain.Organisation;
using Studio.Domain.Schedule;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Schedule;
using Studio.Infrastructure.Seed;
using static Microsoft.Playwright.Assertions;
using Studio.Tests.Browser.Pages;

namespace Studio.Tests.Browser.Schedule;

/// <summary>
/// A manager hands a lesson to a substitute from the schedule (in Ukrainian); the substitute's "my day", open on a tablet in
/// English, shows it at once without a reload, and the teacher who had it no longer has it on theirs.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SubstituteMyDayBrowserTests(StudioAppFixture app)
{
    private const int TabletWidth = 768, TabletHeight = 1024;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(Guid Id, string Email, string Name)> NewTeacherAsync(Guid branch, string who)
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var (email, name) = ($"{who}-{tag}@studio.test", $"{who} Заміна {tag}");
        var id = await app.Services.GetRequiredService<OrganisationService>().CreateEmployeeWithAccountAsync(name, email, EmployeeRole.Teacher, [branch],
            DemoSeeder.Password, Ct);
        return (id, email, name);
    }

    private async Task<MyDayPage> OpenMyDayAsync(string email)
    {
        var day = new MyDayPage(await app.SignedInPageAsync(email, TabletWidth, TabletHeight), app.BaseUrl);
        await day.OpenAsync();
        return day;
    }

    [Fact]
    public async Task ManagerHandsALessonToASubstitute_SubstitutesMyDayShowsItLive_TheTeachersNoLonger()
    {
        var owner = await app.EmployeeIdAsync("owner@studio.demo");
        Guid branch;
        await using (var db = app.Services.GetRequiredService<IDbContextFactory<StudioDbContext>>().CreateDbContext())
            branch = await db.Branches.Where(b => b.Name == "Поділ").Select(b => b.Id).SingleAsync(Ct);
        var teacher = await NewTeacherAsync(branch, "teacher");
        var substitute = await NewTeacherAsync(branch, "substitute");
        var schedule = app.Services.GetRequiredService<ScheduleService>();
        var tag = Guid.NewGuid().ToString("N")[..6];
        var room = await app.Services.GetRequiredService<OrganisationService>().SaveRoomAsync(owner, branch, null, Guid.Empty, $"Зала {tag}", 8, Ct);
        var type = await app.Services.GetRequiredService<LessonTypeService>().SaveTypeAsync(owner, null, null, $"Заміна {tag}", 45,
            LessonKind.Individual, false, "#26A69A", 1, Ct);
        // Late tonight in the branch, so it is still to come whenever the test runs in the day.
        var today = await schedule.TodayAsync(branch, Ct);
        var lesson = await schedule.BookAsync(owner, new LessonDraft(branch, type, today.ToDateTime(new TimeOnly(22, 45)), null, room, teacher.Id,
            null, []), Ct);

        var theirs = await OpenMyDayAsync(teacher.Email);
        await Expect(theirs.Lesson(lesson)).ToBeVisibleAsync();
        var substitutes = await OpenMyDayAsync(substitute.Email);
        await Expect(substitutes.Heading).ToBeVisibleAsync();
        await Expect(substitutes.Lesson(lesson)).ToHaveCountAsync(0);

        // The manager, in Ukrainian, opens the lesson on the schedule and hands it over.
        var page = await app.SignedInPageAsync("manager1@studio.demo");
        await page.GotoAsync($"{app.BaseUrl}/culture/uk?redirectUri={Uri.EscapeDataString($"/schedule?branch={branch}&date={today:yyyy-MM-dd}&lesson={lesson}")}");
        await Interactive.WaitAsync(page);
        Assert.Equal("uk", await page.Locator("html").GetAttributeAsync("lang"));
        var manager = new SchedulePage(page, app.BaseUrl, "uk");
        await manager.SubstituteAction.ClickAsync();
        await manager.HandOverAsync(substitute.Name);

        // Live, without a reload: the substitute has it, the teacher no longer.
        await Expect(substitutes.Lesson(lesson)).ToBeVisibleAsync(new() { Timeout = 5_000 });
        await Expect(theirs.Lesson(lesson)).ToHaveCountAsync(0, new() { Timeout = 5_000 });
        var saved = await schedule.GetLessonAsync(owner, lesson, Ct);
        Assert.Equal(substitute.Id, saved.Lesson.TeacherId);
    }
}
