using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Studio.Domain.Organisation;
using Studio.Domain.Schedule;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Schedule;
using Studio.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using Studio.Tests.Browser.Pages;

namespace Studio.Tests.Browser.Schedule;

/// <summary>
/// The schedule of Поділ (manager1 and manager2 both work there). Each test makes its own teacher,
/// room and lesson type and works 40–60 days ahead, so no other test's lessons are in its way.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ScheduleLiveTests(StudioAppFixture app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Arranged(Guid Branch, Guid Teacher, string TeacherName, Guid Room, Guid Type, string TypeName, DateOnly Day, Guid Owner);

    private async Task<Arranged> ArrangeAsync(int daysAhead, LessonKind kind = LessonKind.Individual)
    {
        var owner = await app.EmployeeIdAsync("owner@studio.demo");
        var factory = app.Services.GetRequiredService<IDbContextFactory<StudioDbContext>>();
        Guid branch;
        await using (var db = factory.CreateDbContext())
            branch = await db.Branches.Where(b => b.Name == "Поділ").Select(b => b.Id).SingleAsync(Ct);
        var n = Guid.NewGuid().ToString("N")[..6];
        var organisation = app.Services.GetRequiredService<OrganisationService>();
        var schedule = app.Services.GetRequiredService<ScheduleService>();
        var teacherName = $"Розклад Тест {n}";
        var teacher = await organisation.CreateEmployeeAsync(owner, teacherName, $"sched-{n}@studio.test", EmployeeRole.Teacher, [branch],
            "schedule-teacher-2026", Ct);
        var room = await organisation.SaveRoomAsync(owner, branch, null, Guid.Empty, $"Зал {n}", 10, Ct);
        var typeName = kind == LessonKind.Individual ? $"Індивідуальне {n}" : $"Група {n}";
        var type = await app.Services.GetRequiredService<LessonTypeService>().SaveTypeAsync(owner, null, null, typeName, 60, kind, false, "#8E24AA", 1, Ct);
        var today = await schedule.TodayAsync(branch, Ct);
        return new Arranged(branch, teacher, teacherName, room, type, typeName, today.AddDays(daysAhead), owner);
    }

    private async Task<IPage> OpenAsync(string email, Arranged a, string extra = "")
    {
        var schedule = new SchedulePage(await app.SignedInPageAsync(email), app.BaseUrl);
        await schedule.OpenAsync($"branch={a.Branch}&date={a.Day:yyyy-MM-dd}&teacher={a.Teacher}&room={a.Room}&type={a.Type}{extra}");
        await Expect(schedule.Column(a.Teacher)).ToBeVisibleAsync();
        return schedule.Page;
    }

    private static ILocator Column(IPage page, Guid id) => SchedulePage.Column(page, id);

    private static ILocator Lessons(IPage page, Guid teacher) => SchedulePage.Lessons(page, teacher);

    private async Task<Guid> BookAsync(Arranged a, int hour)
    {
        var manager = await app.EmployeeIdAsync("manager1@studio.demo");
        return await app.Services.GetRequiredService<ScheduleService>().BookAsync(manager,
            new LessonDraft(a.Branch, a.Type, a.Day.ToDateTime(new TimeOnly(hour, 0)), null, a.Room, a.Teacher, null, []), Ct);
    }

    [Fact]
    public async Task BookSameSlot_TwoManagersSaveAtOnce_OneLessonAndTheOtherToldWhoHasIt()
    {
        var a = await ArrangeAsync(44);
        var first = new SchedulePage(await OpenAsync("manager1@studio.demo", a), app.BaseUrl);
        var second = new SchedulePage(await OpenAsync("manager2@studio.demo", a), app.BaseUrl);

        // 10:00 is two hours below the grid's 08:00 top, a pixel a minute.
        foreach (var schedule in new[] { first, second })
        {
            await schedule.Column(a.Teacher).ClickAsync(new() { Position = new() { X = 20, Y = 125 } });
            await Expect(schedule.Dialog).ToBeVisibleAsync();
            await Expect(schedule.SlotFree).ToBeVisibleAsync();
            await Expect(schedule.Dialog.Locator("input[type=time]")).ToHaveValueAsync("10:00");
        }

        await Task.WhenAll(first.Book.ClickAsync(), second.Book.ClickAsync());

        var manager1 = await app.EmployeeIdAsync("manager1@studio.demo");
        await Eventually.TrueAsync(async () => (await app.Services.GetRequiredService<ScheduleService>().TeacherDayAsync(manager1, a.Teacher, a.Day, Ct)).Count == 1,
            "One of the two bookings saved");
        await Eventually.TrueAsync(async () => await first.Error.CountAsync() + await second.Error.CountAsync() == 1, "The other booking refused");
        var loser = await first.Error.CountAsync() == 1 ? first : second;
        var winner = loser == first ? second : first;
        await Expect(loser.Error).ToContainTextAsync("The time is taken");
        await Expect(loser.Error).ToContainTextAsync(a.TeacherName);
        await Expect(loser.Dialog).ToBeVisibleAsync();
        await Expect(winner.Dialog).ToHaveCountAsync(0);

        Assert.Single((await app.Services.GetRequiredService<ScheduleService>().TeacherDayAsync(manager1, a.Teacher, a.Day, Ct)));
        await loser.Cancel.ClickAsync();
        await Expect(first.Lessons(a.Teacher)).ToHaveCountAsync(1, new() { Timeout = 5_000 });
        await Expect(second.Lessons(a.Teacher)).ToHaveCountAsync(1, new() { Timeout = 5_000 });
    }

    [Fact]
    public async Task DragLesson_OneManagerMovesIt_OtherManagersGridShowsItMovedWithoutReload()
    {
        var a = await ArrangeAsync(50);
        var lessonId = await BookAsync(a, 12);
        var first = await OpenAsync("manager1@studio.demo", a);
        var second = await OpenAsync("manager2@studio.demo", a);
        var onFirst = first.Locator($"[data-lesson-id=\"{lessonId}\"]");
        var onSecond = second.Locator($"[data-lesson-id=\"{lessonId}\"]");
        await Expect(onSecond).ToHaveAttributeAsync("style", new System.Text.RegularExpressions.Regex("top:240px"));
        var url = second.Url;

        // Grab the block 5 px below its top and drop it where 15:00 is (420 px below 08:00).
        await onFirst.DragToAsync(Column(first, a.Teacher), new() { SourcePosition = new() { X = 10, Y = 5 }, TargetPosition = new() { X = 10, Y = 425 } });

        await Expect(onFirst).ToHaveAttributeAsync("style", new System.Text.RegularExpressions.Regex("top:420px"));
        await Expect(onSecond).ToHaveAttributeAsync("style", new System.Text.RegularExpressions.Regex("top:420px"), new() { Timeout = 5_000 });
        await Expect(onSecond).ToContainTextAsync("15:00–16:00");
        Assert.Equal(url, second.Url);
        var owner = a.Owner;
        var details = await app.Services.GetRequiredService<ScheduleService>().GetLessonAsync(owner, lessonId, Ct);
        Assert.Equal(a.Day.ToDateTime(new TimeOnly(15, 0)), details.Lesson.LocalStart);
    }

    [Fact]
    public async Task CancelLesson_OneManagerCancels_OtherSeesItStruckThroughAndCancelled()
    {
        var a = await ArrangeAsync(56);
        var lessonId = await BookAsync(a, 11);
        var first = await OpenAsync("manager1@studio.demo", a);
        var second = await OpenAsync("manager2@studio.demo", a);
        var onSecond = second.Locator($"[data-lesson-id=\"{lessonId}\"]");
        await Expect(onSecond).ToHaveAttributeAsync("data-status", "Planned");

        await first.Locator($"[data-lesson-id=\"{lessonId}\"]").ClickAsync();
        await first.GetByTestId("cancel-lesson").ClickAsync();
        await first.GetByTestId("cancel-reason").FillAsync("Викладач захворів");
        await first.GetByTestId("confirm-cancel").ClickAsync();
        await Expect(first.GetByTestId("drawer-status")).ToHaveAttributeAsync("data-status", "Cancelled");

        await Expect(onSecond).ToHaveAttributeAsync("data-status", "Cancelled", new() { Timeout = 5_000 });
        await Expect(onSecond).ToHaveCSSAsync("text-decoration-line", "line-through");
        // After a reload a cancelled lesson is hidden unless the "cancelled" filter is on.
        await second.ReloadAsync();
        await Interactive.WaitAsync(second);
        await Expect(Column(second, a.Teacher)).ToBeVisibleAsync();
        await Expect(onSecond).ToHaveCountAsync(0);
        await second.GotoAsync(second.Url + "&cancelled=1");
        await Expect(onSecond).ToHaveAttributeAsync("data-status", "Cancelled");
    }

    [Fact]
    public async Task GroupSeries_MadeInTheDialog_TodaysLessonMarkedHeldTurnsBoldForTheOtherManager()
    {
        var a = await ArrangeAsync(0, LessonKind.Group);
        var n = Random.Shared.Next(1_000_000, 9_999_999);
        var clients = app.Services.GetRequiredService<Studio.Infrastructure.Clients.ClientService>();
        var manager1 = await app.EmployeeIdAsync("manager1@studio.demo");
        Guid AddClient(string name, int phone) => clients.CreateAsync(manager1, new Studio.Infrastructure.Clients.ClientInput(name, [$"+38067{phone}"], null, null, null,
            a.Branch, null, null, [], Studio.Domain.Clients.ContactChannels.None, null, new Dictionary<Guid, string?>()), duplicatesSeen: true, Ct).GetAwaiter().GetResult();
        var came = AddClient($"Учениця {n} Перша", n);
        var missed = AddClient($"Учениця {n} Друга", n + 1 > 9_999_999 ? n - 1 : n + 1);
        var first = await OpenAsync("manager1@studio.demo", a);
        var second = await OpenAsync("manager2@studio.demo", a);

        await first.GetByTestId("new-series").ClickAsync();
        var dialog = first.GetByRole(AriaRole.Dialog);
        await dialog.GetByTestId("series-name").FillAsync($"Вечірня група {n}");
        await dialog.Locator($"[data-testid=weekday][data-day={a.Day.DayOfWeek}]").ClickAsync();
        await dialog.Locator($"[data-testid=weekday-time][data-day={a.Day.DayOfWeek}]").FillAsync("20:00");
        await dialog.GetByTestId("client-search").FillAsync($"Учениця {n}");
        await first.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "Перша" }).ClickAsync();
        // The picker clears its box after a pick; typing before that lands would be wiped.
        await Expect(dialog.GetByTestId("picked-client")).ToHaveCountAsync(1);
        await Expect(dialog.GetByTestId("client-search")).ToHaveValueAsync("");
        await dialog.GetByTestId("client-search").FillAsync($"Учениця {n}");
        await first.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "Друга" }).ClickAsync();
        await Expect(dialog.GetByTestId("picked-client")).ToHaveCountAsync(2);
        await dialog.GetByTestId("save-series").ClickAsync();
        await Expect(first.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);

        var block = Lessons(first, a.Teacher);
        await Expect(block).ToHaveCountAsync(1);
        await Expect(block).ToContainTextAsync($"Вечірня група {n}");
        await Expect(block).ToContainTextAsync("20:00–21:00");
        var lessonId = Guid.Parse((await block.GetAttributeAsync("data-lesson-id"))!);
        var onSecond = second.Locator($"[data-testid=lesson][data-lesson-id=\"{lessonId}\"]");
        await Expect(onSecond).ToHaveAttributeAsync("data-status", "Planned", new() { Timeout = 5_000 });

        await block.ClickAsync();
        await first.GetByTestId("mark-held").ClickAsync();
        var missedRow = first.Locator($"[data-testid=attendance-row][data-client-id=\"{missed}\"]");
        await missedRow.Locator("input[type=checkbox]").First.ClickAsync();
        await Expect(missedRow.GetByTestId("charge")).ToBeVisibleAsync();
        await first.GetByTestId("confirm-held").ClickAsync();
        // At 20:00 today: before then, marking it held is asked first.
        if ((await app.Services.GetRequiredService<ScheduleService>().GetLessonAsync(a.Owner, lessonId, Ct)).Lesson.StartsAt > DateTime.UtcNow)
            await first.GetByTestId("confirm-early-held").ClickAsync();
        await Expect(first.GetByTestId("drawer-status")).ToHaveAttributeAsync("data-status", "Held");

        await Expect(onSecond).ToHaveAttributeAsync("data-status", "Held", new() { Timeout = 5_000 });
        await Expect(onSecond).ToHaveCSSAsync("font-weight", "700");
        var lesson = (await app.Services.GetRequiredService<ScheduleService>().GetLessonAsync(a.Owner, lessonId, Ct)).Lesson;
        Assert.Equal(Attendance.Present, lesson.Participants.Single(p => p.ClientId == came).Attendance);
        Assert.Equal(Attendance.Absent, lesson.Participants.Single(p => p.ClientId == missed).Attendance);
        Assert.NotNull(lesson.SeriesId);
    }
}
