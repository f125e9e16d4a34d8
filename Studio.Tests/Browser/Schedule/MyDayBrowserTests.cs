using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Studio.Domain.Clients;
using Studio.Domain.Organisation;
using Studio.Domain.Schedule;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Schedule;
using Studio.Infrastructure.Seed;
using static Microsoft.Playwright.Assertions;
using Studio.Tests.Browser.Pages;

namespace Studio.Tests.Browser.Schedule;

/// <summary>
/// The teacher's tablet (768×1024): attendance in taps, "Lesson held", a second tablet following
/// live, touch targets, and the teacher's own weekly absence. Each test brings its own teacher,
/// room, type and clients, so nothing it does meets another test.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MyDayBrowserTests(StudioAppFixture app)
{
    private const int TabletWidth = 768, TabletHeight = 1024;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record TabletLesson(string Email, Guid TeacherId, Guid LessonId, Guid[] Clients, DateTime StartsAt);

    /// <summary>A new teacher of the first branch with a group lesson today (branch time) at the hour, three clients booked.</summary>
    private async Task<TabletLesson> ArrangeAsync(int hour, int clients = 3)
    {
        var organisation = app.Services.GetRequiredService<OrganisationService>();
        var schedule = app.Services.GetRequiredService<ScheduleService>();
        var clientService = app.Services.GetRequiredService<ClientService>();
        var owner = await app.EmployeeIdAsync("owner@studio.demo");
        var branch = (await organisation.ListBranchesAsync(await app.EmployeeIdAsync("owner@studio.demo"), Ct)).OrderBy(b => b.Name, StringComparer.Ordinal).First().Id;
        var tag = Guid.NewGuid().ToString("N")[..8];
        var email = $"tablet-{tag}@studio.test";
        var teacher = await organisation.CreateEmployeeWithAccountAsync($"Планшет Вчителька {tag}", email, EmployeeRole.Teacher, [branch],
            DemoSeeder.Password, Ct);
        var room = await organisation.SaveRoomAsync(owner, branch, null, Guid.Empty, $"Зала {tag}", 12, Ct);
        var type = await app.Services.GetRequiredService<LessonTypeService>().SaveTypeAsync(owner, null, null, $"Група {tag}", 60, LessonKind.Group, false, "#66BB6A", 1, Ct);
        var people = new List<Guid>();
        for (var i = 0; i < clients; i++)
            people.Add(await clientService.CreateAsync(owner, new ClientInput($"Клієнт {tag} {(char)('А' + i)}",
                [$"+38067{Random.Shared.Next(1_000_000, 9_999_999)}"], null, null, null, branch, null, null, [], ContactChannels.None, null,
                new Dictionary<Guid, string?>()), duplicatesSeen: true, Ct));
        var today = await schedule.TodayAsync(branch, Ct);
        var lesson = await schedule.BookAsync(owner, new LessonDraft(branch, type, today.ToDateTime(new TimeOnly(hour, 0)), null, room, teacher,
            null, people), Ct);
        var startsAt = (await schedule.GetLessonAsync(owner, lesson, Ct)).Lesson.StartsAt;
        return new TabletLesson(email, teacher, lesson, [.. people], startsAt);
    }

    private async Task<MyDayPage> OpenMyDayAsync(string email)
    {
        var day = new MyDayPage(await app.SignedInPageAsync(email, TabletWidth, TabletHeight), app.BaseUrl);
        await day.OpenAsync();
        return day;
    }

    private static bool Early(TabletLesson arranged) => arranged.StartsAt > DateTime.UtcNow;

    private static async Task AssertTallEnoughAsync(ILocator target, string what)
    {
        var box = await target.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.Height >= 48, $"{what} is {box.Height} px tall");
        Assert.True(box.Width >= 48, $"{what} is {box.Width} px wide");
    }

    [Fact]
    public async Task LessonHeld_TeacherOnATabletTicksTwoOfThree_LessonTurnsHeldAndTheVisitsAreSaved()
    {
        var arranged = await ArrangeAsync(hour: 6);
        var day = await OpenMyDayAsync(arranged.Email);
        var lesson = day.Lesson(arranged.LessonId);
        await Expect(lesson).ToHaveAttributeAsync("data-status", "Planned");
        await day.OpenLessonAsync(lesson);

        foreach (var client in arranged.Clients.Take(2))
        {
            await MyDayPage.Came(lesson, client).ClickAsync();
            await Expect(MyDayPage.Attendee(lesson, client)).ToHaveAttributeAsync("data-present", "true");
        }
        await Expect(MyDayPage.Attendee(lesson, arranged.Clients[2])).ToHaveAttributeAsync("data-present", "false");
        await day.HoldAsync(lesson, Early(arranged));

        await Expect(lesson).ToHaveAttributeAsync("data-status", "Held", new() { Timeout = 5_000 });
        await Expect(MyDayPage.Status(lesson)).ToContainTextAsync("Held");
        await Expect(day.UndoHeld(lesson)).ToBeVisibleAsync();
        var factory = app.Services.GetRequiredService<IDbContextFactory<StudioDbContext>>();
        await using var db = factory.CreateDbContext();
        var saved = await db.Lessons.AsNoTracking().SingleAsync(l => l.Id == arranged.LessonId, Ct);
        Assert.Equal(LessonStatus.Held, saved.Status);
        Assert.Equal(arranged.TeacherId, saved.HeldById);
        var visits = saved.Participants.ToDictionary(p => p.ClientId);
        Assert.All(arranged.Clients.Take(2), c => Assert.Equal((Attendance.Present, 1), (visits[c].Attendance, visits[c].Visits)));
        Assert.Equal((Attendance.Absent, 0, false), (visits[arranged.Clients[2]].Attendance, visits[arranged.Clients[2]].Visits, visits[arranged.Clients[2]].Owed));
    }

    [Fact]
    public async Task Ticks_CircuitLostAndPageReloaded_EveryTickAndTheNoteComeBack_ThenSaved()
    {
        var arranged = await ArrangeAsync(hour: 7);
        var day = await OpenMyDayAsync(arranged.Email);
        var lesson = day.Lesson(arranged.LessonId);
        await day.OpenLessonAsync(lesson);
        foreach (var client in arranged.Clients.Take(2))
        {
            await MyDayPage.Came(lesson, client).ClickAsync();
            await Expect(MyDayPage.Attendee(lesson, client)).ToHaveAttributeAsync("data-present", "true");
        }
        await MyDayPage.Notes(lesson).FillAsync("Ліза прийшла із запізненням");
        await MyDayPage.Notes(lesson).BlurAsync();

        // The tablet loses its circuit: a reload starts a new one that never saw the ticks, as after a lost connection
        // that did not come back in time or a restarted node (Chromium's offline mode keeps an open WebSocket, so it is not used).
        var page = day.Page;
        await page.ReloadAsync();
        await Interactive.WaitAsync(page);
        lesson = day.Lesson(arranged.LessonId);
        await day.OpenLessonAsync(lesson);

        await Expect(MyDayPage.Attendee(lesson, arranged.Clients[0])).ToHaveAttributeAsync("data-present", "true");
        await Expect(MyDayPage.Attendee(lesson, arranged.Clients[1])).ToHaveAttributeAsync("data-present", "true");
        await Expect(MyDayPage.Attendee(lesson, arranged.Clients[2])).ToHaveAttributeAsync("data-present", "false");
        await Expect(MyDayPage.Notes(lesson)).ToHaveValueAsync("Ліза прийшла із запізненням");
        await day.HoldAsync(lesson, Early(arranged));
        await Expect(lesson).ToHaveAttributeAsync("data-status", "Held", new() { Timeout = 5_000 });

        await using var db = app.Services.GetRequiredService<IDbContextFactory<StudioDbContext>>().CreateDbContext();
        var saved = await db.Lessons.AsNoTracking().SingleAsync(l => l.Id == arranged.LessonId, Ct);
        var visits = saved.Participants.ToDictionary(p => p.ClientId);
        Assert.Equal([Attendance.Present, Attendance.Present, Attendance.Absent], arranged.Clients.Select(c => visits[c].Attendance));
        Assert.Equal("Ліза прийшла із запізненням", saved.Notes);
        // Held: nothing is kept any more, so a later reload starts from what was saved.
        Assert.Null(await page.EvaluateAsync<string?>($"() => sessionStorage.getItem('studio-draft:attendance:{arranged.LessonId}')"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task LessonHeld_SameTeachersDayOpenOnASecondTablet_TurnsHeldThereWithoutReload()
    {
        var arranged = await ArrangeAsync(hour: 7, clients: 2);
        var first = await OpenMyDayAsync(arranged.Email);
        var second = await OpenMyDayAsync(arranged.Email);
        await Expect(second.Lesson(arranged.LessonId)).ToHaveAttributeAsync("data-status", "Planned");
        var url = second.Page.Url;
        var lesson = first.Lesson(arranged.LessonId);
        await first.OpenLessonAsync(lesson);

        await MyDayPage.Came(lesson, arranged.Clients[0]).ClickAsync();
        await first.HoldAsync(lesson, Early(arranged));

        await Expect(second.Lesson(arranged.LessonId)).ToHaveAttributeAsync("data-status", "Held", new() { Timeout = 5_000 });
        await second.OpenLessonAsync(second.Lesson(arranged.LessonId));
        await Expect(MyDayPage.Attendee(second.Lesson(arranged.LessonId), arranged.Clients[0])).ToHaveAttributeAsync("data-present", "true");
        Assert.Equal(url, second.Page.Url);
    }

    [Fact]
    public async Task MyDay_TabletViewport_TouchTargetsAtLeast48Px()
    {
        var arranged = await ArrangeAsync(hour: 8, clients: 2);
        var day = await OpenMyDayAsync(arranged.Email);
        var lesson = day.Lesson(arranged.LessonId);
        await day.OpenLessonAsync(lesson);

        await AssertTallEnoughAsync(MyDayPage.Head(lesson), "the lesson card's head");
        foreach (var client in arranged.Clients)
        {
            await AssertTallEnoughAsync(MyDayPage.Came(lesson, client), "an attendee row");
            await AssertTallEnoughAsync(MyDayPage.Attendee(lesson, client).GetByTestId("attendee-charge"), "a charge toggle");
        }
        await AssertTallEnoughAsync(day.Held(lesson), "the Lesson held button");
        await AssertTallEnoughAsync(day.PreviousDay, "the previous-day arrow");
        await AssertTallEnoughAsync(day.NextDay, "the next-day arrow");
        await AssertTallEnoughAsync(day.CalendarSubscribe, "the calendar button");
        // One column: the card spans the page and nothing scrolls sideways.
        Assert.True(await day.Page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"));
    }

    [Fact]
    public async Task AddAbsence_TeacherAddsAWeeklyAbsence_ItIsListed()
    {
        var arranged = await ArrangeAsync(hour: 9, clients: 0);
        var page = await app.SignedInPageAsync(arranged.Email, TabletWidth, TabletHeight);
        await page.GotoAsync($"{app.BaseUrl}/schedule/absences");
        await Interactive.WaitAsync(page);
        await Expect(page.GetByTestId("absences-empty")).ToBeVisibleAsync();

        await page.GetByTestId("absence-add").ClickAsync();
        var dialog = page.GetByTestId("absence-dialog");
        await dialog.GetByText("Every week").ClickAsync();
        await dialog.Locator("[data-testid=absence-day][data-day=Monday]").ClickAsync();
        await dialog.Locator("[data-testid=absence-day][data-day=Wednesday]").ClickAsync();
        await dialog.Locator("input[data-testid=absence-start]").FillAsync("18:00");
        await dialog.Locator("input[data-testid=absence-end]").FillAsync("21:30");
        await dialog.Locator("input[data-testid=absence-reason]").FillAsync("Evening classes at the university");
        await page.GetByTestId("absence-save").ClickAsync();

        var row = page.GetByTestId("absence");
        await Expect(row).ToHaveCountAsync(1, new() { Timeout = 5_000 });
        await Expect(row).ToHaveAttributeAsync("data-kind", "Weekly");
        await Expect(row.GetByTestId("absence-when")).ToContainTextAsync("Mon, Wed 18:00–21:30");
        await Expect(row).ToContainTextAsync("Evening classes at the university");
        var saved = await app.Services.GetRequiredService<AvailabilityService>().ListAbsencesAsync(arranged.TeacherId, null, Ct);
        Assert.Equal((AbsenceKind.Weekly, 18 * 60, 21 * 60 + 30), (saved.Single().Kind, saved.Single().StartMinute, saved.Single().EndMinute));
        Assert.Equal([DayOfWeek.Monday, DayOfWeek.Wednesday], saved.Single().Days);
    }

    [Fact]
    public async Task LessonHeld_OnTheTeachersTablet_ManagersOpenScheduleTurnsBoldWithoutReload()
    {
        var arranged = await ArrangeAsync(hour: 10, clients: 2);
        var schedule = app.Services.GetRequiredService<ScheduleService>();
        var details = await schedule.GetLessonAsync(await app.EmployeeIdAsync("owner@studio.demo"), arranged.LessonId, Ct);
        var manager = await app.SignedInPageAsync("manager1@studio.demo");
        await manager.GotoAsync($"{app.BaseUrl}/schedule?date={details.Lesson.Day:yyyy-MM-dd}&branch={details.Lesson.BranchId}&teacher={arranged.TeacherId}");
        await Interactive.WaitAsync(manager);
        var onSchedule = manager.Locator($"[data-testid=lesson][data-lesson-id='{arranged.LessonId}']");
        await Expect(onSchedule).ToHaveAttributeAsync("data-status", "Planned");
        var url = manager.Url;

        var tablet = await OpenMyDayAsync(arranged.Email);
        var lesson = tablet.Lesson(arranged.LessonId);
        await tablet.OpenLessonAsync(lesson);
        await MyDayPage.Came(lesson, arranged.Clients[0]).ClickAsync();
        await tablet.HoldAsync(lesson, Early(arranged));
        await Expect(lesson).ToHaveAttributeAsync("data-status", "Held");

        await Expect(onSchedule).ToHaveAttributeAsync("data-status", "Held", new() { Timeout = 5_000 });
        var weight = await onSchedule.EvaluateAsync<string>("e => getComputedStyle(e).fontWeight");
        Assert.True(int.Parse(weight, System.Globalization.CultureInfo.InvariantCulture) >= 700, $"held lesson font-weight {weight}");
        Assert.Equal(url, manager.Url);

    }
}
