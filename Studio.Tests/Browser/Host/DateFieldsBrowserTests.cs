using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Studio.Domain.Clients;
using Studio.Domain.Organisation;
using Studio.Domain.Schedule;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Billing;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Pipelines;
using Studio.Infrastructure.Schedule;
using Studio.Infrastructure.Seed;
using Studio.Infrastructure.Tasks;
using static Microsoft.Playwright.Assertions;
using Studio.Domain.Common;
using Studio.Tests.Browser.Pages;

namespace Studio.Tests.Browser.Host;

/// <summary>
/// Every kind of date and time field typed into in a real browser, in Ukrainian and in English, and what was saved read
/// back from the database: the browser's ISO value is read whatever the UI language, a value nobody touched survives a
/// save, and one the browser cannot read stops the save with a message beside the field.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DateFieldsBrowserTests(StudioAppFixture app)
{
    private static readonly TimeZoneInfo Kyiv = Zones.Find("Europe/Kyiv");
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Phone() => $"+38063{Random.Shared.Next(1000000, 9999999)}";

    private static DateTime Utc(int year, int month, int day, int hour, int minute) => Zones.ToUtc(new DateTime(year, month, day, hour, minute, 0), Kyiv);

    private async Task<T> ReadAsync<T>(Func<StudioDbContext, Task<T>> read)
    {
        await using var db = app.Services.GetRequiredService<IDbContextFactory<StudioDbContext>>().CreateDbContext();
        return await read(db);
    }

    /// <summary>Reads until <paramref name="done"/> holds (the save is on its way through the circuit) or a few seconds pass.</summary>
    private async Task<T> EventuallyAsync<T>(Func<StudioDbContext, Task<T>> read, Func<T, bool> done)
    {
        var until = DateTime.UtcNow.AddSeconds(8);
        var value = await ReadAsync(read);
        while (!done(value) && DateTime.UtcNow < until)
        {
            await Task.Delay(100, Ct);
            value = await ReadAsync(read);
        }
        return value;
    }

    /// <summary>Signs in, switches the UI language through the app's culture endpoint and opens <paramref name="path"/>.</summary>
    private async Task<IPage> OpenAsync(string email, string culture, string path)
    {
        var page = await app.SignedInPageAsync(email);
        await page.GotoAsync($"{app.BaseUrl}/culture/{culture}?redirectUri={Uri.EscapeDataString(path)}");
        await Interactive.WaitAsync(page);
        Assert.Equal(culture, await page.Locator("html").GetAttributeAsync("lang"));
        return page;
    }

    private async Task<(Guid Id, string Email)> NewEmployeeAsync(string who, EmployeeRole role)
    {
        var organisation = app.Services.GetRequiredService<OrganisationService>();
        var branch = (await organisation.ListBranchesAsync(await app.EmployeeIdAsync("owner@studio.demo"), Ct)).First().Id;
        var email = $"{who}-{Guid.NewGuid().ToString("N")[..8]}@studio.test";
        return (await organisation.CreateEmployeeWithAccountAsync($"{who} {email[..12]}", email, role, [branch], DemoSeeder.Password, Ct), email);
    }

    /// <summary>A half-typed value: the first segment of the browser's date-time input emptied or partly typed.</summary>
    private static async Task HalfTypeAsync(IPage page, ILocator input, string keys)
    {
        await input.FocusAsync();
        foreach (var key in keys.Split(' ')) await page.Keyboard.PressAsync(key);
    }

    [Fact]
    public async Task Ukrainian_DealDrawer_UntouchedCallbackKept_TypedCallbackSaved_UnreadableRefused_NoteDateSaved()
    {
        var manager = await app.EmployeeIdAsync("manager1@studio.demo");
        var board = await app.BoardIdAsync("demo-sales");
        var name = $"Дата Клієнт {Guid.NewGuid().ToString("N")[..6]}";
        var was = Utc(2027, 1, 10, 9, 15);
        var dealId = await app.Services.GetRequiredService<PipelineService>().CreateDealAsync(manager,
            new NewDeal(board, null, name, Phone(), null, null, manager, null, 0, null, was), Ct);
        Task<DateTime?> CallbackAsync(StudioDbContext db) => db.Deals.Where(d => d.Id == dealId).Select(d => d.CallbackAt).SingleAsync(Ct);
        Task<Guid> VersionAsync(StudioDbContext db) => db.Deals.Where(d => d.Id == dealId).Select(d => d.Version).SingleAsync(Ct);

        var page = await OpenAsync("manager1@studio.demo", "uk", $"/boards/{board}?deal={dealId}");
        var drawer = page.GetByTestId("deal-drawer");
        var callback = drawer.Locator("input[data-testid=callback-input]");
        await Expect(callback).ToHaveValueAsync("2027-01-10T09:15");

        // Saved without touching the callback: it stays.
        await drawer.GetByTestId("save-deal-details").ClickAsync();
        await Expect(page.GetByText("Збережено")).ToBeVisibleAsync();
        Assert.Equal(was, await ReadAsync(CallbackAsync));

        // A new time typed: saved as that wall-clock time in Kyiv.
        await callback.FillAsync("2027-02-14T18:40");
        await drawer.GetByTestId("save-deal-details").ClickAsync();
        Assert.Equal(Utc(2027, 2, 14, 18, 40), await EventuallyAsync(CallbackAsync, c => c != was));
        await Expect(callback).ToHaveValueAsync("2027-02-14T18:40");

        // Half erased: the browser cannot read it; the save stops with the message beside the field and nothing changes.
        var version = await ReadAsync(VersionAsync);
        await HalfTypeAsync(page, callback, "Backspace");
        await drawer.GetByTestId("save-deal-details").ClickAsync();
        await Expect(drawer.GetByText("Введіть дату й час повністю")).ToBeVisibleAsync();
        await Expect(callback).ToHaveAttributeAsync("data-unreadable", "true");
        await Task.Delay(500, Ct);
        Assert.Equal((version, Utc(2027, 2, 14, 18, 40)), (await ReadAsync(VersionAsync), await ReadAsync(CallbackAsync)));

        // A note for a contact time.
        await drawer.Locator(".mud-tab").Nth(1).ClickAsync();
        var text = $"Передзвонити {Guid.NewGuid().ToString("N")[..6]}";
        await drawer.Locator("textarea[data-testid=note-text], [data-testid=note-text] textarea").First.FillAsync(text);
        await drawer.Locator("input[data-testid=note-date]").FillAsync("2027-03-01T10:05");
        await drawer.GetByTestId("add-note").ClickAsync();
        var contact = await EventuallyAsync(db => db.DealNotes.Where(n => n.DealId == dealId && n.Text == text).Select(n => n.ContactAt).SingleOrDefaultAsync(Ct),
            c => c is not null);
        Assert.Equal(Utc(2027, 3, 1, 10, 5), contact);
    }

    [Fact]
    public async Task English_NewDealCallback_TaskDeadlineAndReminder_SnoozePick_Saved_HalfTypedDeadlineRefused()
    {
        var me = (Id: await app.EmployeeIdAsync("manager1@studio.demo"), Email: "manager1@studio.demo");
        var tasks = app.Services.GetRequiredService<TaskService>();
        var clock = app.Services.GetRequiredService<TimeProvider>();
        // Due a moment ago: the reminder job (every 15 s) pops it while the rest is typed.
        var reminded = await tasks.CreateAsync(me.Id, new NewTask(TaskKind.Internal, null, "Snooze me", null, [me.Id],
            RemindAt: clock.GetUtcNow().UtcDateTime.AddSeconds(-5)), Ct);
        var board = await app.BoardIdAsync("demo-sales");
        var page = await OpenAsync(me.Email, "en", $"/boards/{board}");

        // New deal with a callback.
        var name = $"Date Client {Guid.NewGuid().ToString("N")[..6]}";
        await page.Locator("[data-testid=new-deal]").First.ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.Locator("input[data-testid=new-client-name]").FillAsync(name);
        await dialog.Locator("input[data-testid=new-client-phone]").FillAsync(Phone());
        await dialog.Locator("input[data-testid=new-deal-callback]").FillAsync("2027-04-02T11:20");
        await dialog.GetByTestId("save-deal").ClickAsync();
        var callback = await EventuallyAsync(db => db.Deals.Where(d => db.Clients.Any(c => c.Id == d.ClientId && c.FullName == name))
            .Select(d => d.CallbackAt).SingleOrDefaultAsync(Ct), c => c is not null);
        Assert.Equal(Utc(2027, 4, 2, 11, 20), callback);

        // A task: a half-typed deadline stops the save; then deadline and reminder typed are stored, the reminder due to fire.
        await page.GotoAsync($"{app.BaseUrl}/tasks");
        await Interactive.WaitAsync(page);
        await page.GetByTestId("task-new").ClickAsync();
        dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByTestId("task-save")).ToBeEnabledAsync();
        var title = $"Dated task {Guid.NewGuid().ToString("N")[..6]}";
        await dialog.Locator("input[data-testid=task-title]").FillAsync(title);
        await dialog.GetByTestId("task-me").ClickAsync();
        var deadline = dialog.Locator("input[data-testid=task-deadline]");
        await HalfTypeAsync(page, deadline, "1 2");
        await dialog.GetByTestId("task-save").ClickAsync();
        await Expect(dialog.GetByText("Enter the whole date and time")).ToBeVisibleAsync();
        Assert.False(await ReadAsync(db => db.Tasks.AnyAsync(t => t.Title == title, Ct)));

        var remindLocal = Zones.ToLocal(clock.GetUtcNow().UtcDateTime, Kyiv).AddMinutes(30);
        remindLocal = new DateTime(remindLocal.Year, remindLocal.Month, remindLocal.Day, remindLocal.Hour, remindLocal.Minute, 0);
        await deadline.FillAsync("2027-05-06T17:00");
        await dialog.Locator("input[data-testid=task-reminder]").FillAsync(remindLocal.ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await dialog.GetByTestId("task-save").ClickAsync();
        var saved = await EventuallyAsync(db => db.Tasks.AsNoTracking().IgnoreAutoIncludes().Where(t => t.Title == title)
            .Select(t => new { t.Deadline, t.RemindAt, t.RemindedAt }).SingleOrDefaultAsync(Ct), t => t is not null);
        Assert.NotNull(saved);
        Assert.Equal((Utc(2027, 5, 6, 17, 0), Zones.ToUtc(remindLocal, Kyiv), (DateTime?)null), (saved.Deadline, saved.RemindAt, saved.RemindedAt));

        // The reminder that fired (still there on another page): snoozed to a picked time.
        await page.GotoAsync($"{app.BaseUrl}/clients");
        await Interactive.WaitAsync(page);
        var reminder = page.Locator($"[data-testid=reminder][data-task-id='{reminded}']");
        await Expect(reminder).ToBeVisibleAsync(new() { Timeout = 25_000 });
        await reminder.Locator("input[data-testid=snooze-pick]").FillAsync("2027-06-07T08:30");
        await reminder.GetByTestId("snooze-picked").ClickAsync();
        await Expect(reminder).ToHaveCountAsync(0);
        var snoozed = await EventuallyAsync(db => db.Tasks.AsNoTracking().IgnoreAutoIncludes().Where(t => t.Id == reminded)
            .Select(t => new { t.RemindAt, t.RemindedAt }).SingleAsync(Ct), t => t.RemindedAt is null);
        Assert.Equal((Utc(2027, 6, 7, 8, 30), (DateTime?)null), (snoozed.RemindAt, snoozed.RemindedAt));
    }

    [Fact]
    public async Task Ukrainian_TaskDialog_SaveAndAddAnother_TwoTasksWithTheirTypedDeadlines_Saved()
    {
        var me = await NewEmployeeAsync("uk-tasks", EmployeeRole.Manager);
        var page = await OpenAsync(me.Email, "uk", "/tasks");
        await page.GetByTestId("task-new").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByTestId("task-save")).ToBeEnabledAsync();
        await Expect(dialog.GetByTestId("task-save-next")).ToHaveTextAsync("Зберегти й додати ще", new() { IgnoreCase = true });
        var tag = Guid.NewGuid().ToString("N")[..6];
        var (first, second) = ($"Передзвонити щодо абонемента {tag}", $"Надіслати розклад {tag}");

        await dialog.Locator("input[data-testid=task-title]").FillAsync(first);
        await dialog.GetByTestId("task-me").ClickAsync();
        await dialog.Locator("input[data-testid=task-deadline]").FillAsync("2027-03-09T10:15");
        await dialog.GetByTestId("task-save-next").ClickAsync();
        // The dialog stays for the next one, its text cleared, the people kept.
        await Expect(dialog.Locator("input[data-testid=task-title]")).ToHaveValueAsync("");
        await Expect(dialog.Locator($"[data-testid=task-executor][data-id='{me.Id}']")).ToHaveCountAsync(1);
        await dialog.Locator("input[data-testid=task-title]").FillAsync(second);
        await dialog.Locator("input[data-testid=task-deadline]").FillAsync("2027-03-10T18:45");
        await dialog.GetByTestId("task-save").ClickAsync();
        await Expect(page.GetByTestId("task-dialog")).ToHaveCountAsync(0);

        var saved = await EventuallyAsync(db => db.Tasks.AsNoTracking().IgnoreAutoIncludes().Where(t => t.Title == first || t.Title == second)
            .OrderBy(t => t.Deadline).Select(t => new { t.Title, t.Deadline, t.AuthorId }).ToListAsync(Ct), l => l.Count == 2);
        Assert.Equal([(first, (DateTime?)Utc(2027, 3, 9, 10, 15), me.Id), (second, Utc(2027, 3, 10, 18, 45), me.Id)],
            saved.Select(t => (t.Title, t.Deadline, t.AuthorId)).ToList());
    }

    [Fact]
    public async Task Ukrainian_TemporaryAbsence_ClientBirthDate_PassStart_FreezeDays_Saved()
    {
        var teacher = await NewEmployeeAsync("absent", EmployeeRole.Teacher);
        var page = await OpenAsync(teacher.Email, "uk", "/schedule/absences");
        await page.GetByTestId("absence-add").ClickAsync();
        var dialog = page.GetByTestId("absence-dialog");
        await dialog.Locator("input[data-testid=absence-from]").FillAsync("2027-07-01T09:00");
        await dialog.Locator("input[data-testid=absence-to]").FillAsync("2027-07-03T18:30");
        await dialog.Locator("input[data-testid=absence-reason]").FillAsync("Конференція");
        await page.GetByTestId("absence-save").ClickAsync();
        await Expect(page.GetByTestId("absence")).ToHaveCountAsync(1, new() { Timeout = 5_000 });
        var absence = (await app.Services.GetRequiredService<AvailabilityService>().ListAbsencesAsync(teacher.Id, null, Ct)).Single();
        Assert.Equal((AbsenceKind.Temporary, Utc(2027, 7, 1, 9, 0), Utc(2027, 7, 3, 18, 30)), (absence.Kind, absence.From, absence.To));
        await page.Context.CloseAsync();

        var manager = await app.EmployeeIdAsync("manager1@studio.demo");
        var branch = (await app.Services.GetRequiredService<OrganisationService>().ListBranchesAsync(await app.EmployeeIdAsync("owner@studio.demo"), Ct)).First().Id;
        var client = await app.Services.GetRequiredService<ClientService>().CreateAsync(manager, new ClientInput($"Іменинниця {Guid.NewGuid().ToString("N")[..6]}",
            [Phone()], null, null, null, branch, null, null, [], ContactChannels.None, null,
            new Dictionary<Guid, string?>()), duplicatesSeen: true, Ct);
        page = await OpenAsync("manager1@studio.demo", "uk", $"/clients/{client}");
        await page.Locator("input[data-testid=client-birth-date]").FillAsync("1990-02-28");
        await page.GetByTestId("save-client").ClickAsync();
        var born = await EventuallyAsync(db => db.Clients.Where(c => c.Id == client).Select(c => c.BirthDate).SingleAsync(Ct), b => b is not null);
        Assert.Equal(new DateOnly(1990, 2, 28), born);
        await page.ReloadAsync();
        await Interactive.WaitAsync(page);
        await Expect(page.Locator("input[data-testid=client-birth-date]")).ToHaveValueAsync("1990-02-28");

        // A pass from a typed first day, then a freeze for typed days.
        var owner = await app.EmployeeIdAsync("owner@studio.demo");
        var tag = Guid.NewGuid().ToString("N")[..6];
        var type = await app.Services.GetRequiredService<LessonTypeService>().SaveTypeAsync(owner, null, null, $"Дати {tag}", 60, LessonKind.Group, false, "#42A5F5", 1, Ct);
        var plan = $"Вісім занять {tag}";
        await app.Services.GetRequiredService<BillingService>().SavePlanAsync(owner, null, null, plan, 8, 30, 1200m, [type], Ct);
        await page.GetByTestId("sell-pass").ClickAsync();
        var sell = page.GetByTestId("sell-pass-dialog");
        await sell.Locator(".mud-select").First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = plan }).ClickAsync();
        await sell.Locator("input[data-testid=sell-start]").FillAsync("2027-09-01");
        await page.GetByTestId("confirm-sell").ClickAsync();
        var starts = await EventuallyAsync(db => db.Passes.Where(p => p.ClientId == client).Select(p => (DateOnly?)p.StartsOn).SingleOrDefaultAsync(Ct),
            d => d is not null);
        Assert.Equal(new DateOnly(2027, 9, 1), starts);

        await page.GetByTestId("freeze-client").ClickAsync();
        var freeze = page.GetByTestId("freeze-dialog");
        await freeze.Locator("input[data-testid=freeze-from]").FillAsync("2027-09-10");
        await freeze.Locator("input[data-testid=freeze-to]").FillAsync("2027-09-20");
        await page.GetByTestId("confirm-freeze").ClickAsync();
        var frozen = await EventuallyAsync(db => db.ClientFreezes.Where(f => f.ClientId == client).Select(f => new { f.From, f.To }).SingleOrDefaultAsync(Ct),
            f => f is not null);
        Assert.Equal((new DateOnly(2027, 9, 10), new DateOnly(2027, 9, 20)), (frozen?.From, frozen?.To));
    }

    [Fact]
    public async Task Ukrainian_BookLesson_TypedDayAndTime_ThenEditedInTheDrawer_Saved()
    {
        var owner = await app.EmployeeIdAsync("owner@studio.demo");
        Guid branch;
        await using (var db = app.Services.GetRequiredService<IDbContextFactory<StudioDbContext>>().CreateDbContext())
            branch = await db.Branches.Where(b => b.Name == "Поділ").Select(b => b.Id).SingleAsync(Ct);
        var n = Guid.NewGuid().ToString("N")[..6];
        var schedule = app.Services.GetRequiredService<ScheduleService>();
        var organisation = app.Services.GetRequiredService<OrganisationService>();
        var teacher = await organisation.CreateEmployeeAsync(owner, $"Дата Викладач {n}", $"dates-{n}@studio.test", EmployeeRole.Teacher, [branch], "dates-teacher-2026", Ct);
        var room = await organisation.SaveRoomAsync(owner, branch, null, Guid.Empty, $"Зал дат {n}", 10, Ct);
        var type = await app.Services.GetRequiredService<LessonTypeService>().SaveTypeAsync(owner, null, null, $"Індивідуальне {n}", 60, LessonKind.Individual, false, "#8E24AA", 1, Ct);
        var day = (await schedule.TodayAsync(branch, Ct)).AddDays(47);
        var page = await OpenAsync("manager1@studio.demo", "uk", $"/schedule?branch={branch}&date={day:yyyy-MM-dd}&teacher={teacher}&room={room}&type={type}");
        var column = page.Locator($"[data-testid=grid-column][data-column-id=\"{teacher}\"]");
        await Expect(column).ToBeVisibleAsync();
        Task<DateTime?> StartsAsync(StudioDbContext db) =>
            db.Lessons.Where(l => l.TeacherId == teacher).Select(l => (DateTime?)l.StartsAt).SingleOrDefaultAsync(Ct);

        await column.ClickAsync(new() { Position = new() { X = 20, Y = 125 } });
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.Locator("input[data-testid=book-time]")).ToHaveValueAsync("10:00");
        await dialog.Locator("input[data-testid=book-date]").FillAsync($"{day.AddDays(1):yyyy-MM-dd}");
        await dialog.Locator("input[data-testid=book-time]").FillAsync("15:45");
        await dialog.GetByTestId("save-lesson").ClickAsync();
        var day1 = day.AddDays(1);
        Assert.Equal(Utc(day1.Year, day1.Month, day1.Day, 15, 45), await EventuallyAsync(StartsAsync, s => s is not null));

        var lesson = await ReadAsync(db => db.Lessons.Where(l => l.TeacherId == teacher).Select(l => l.Id).SingleAsync(Ct));
        await page.GotoAsync($"{app.BaseUrl}/schedule?branch={branch}&date={day1:yyyy-MM-dd}&teacher={teacher}&lesson={lesson}");
        await Interactive.WaitAsync(page);
        var drawer = page.GetByTestId("lesson-drawer");
        await drawer.GetByTestId("edit-lesson").ClickAsync();
        await Expect(drawer.Locator("input[data-testid=edit-time]")).ToHaveValueAsync("15:45");
        await drawer.Locator("input[data-testid=edit-date]").FillAsync($"{day.AddDays(2):yyyy-MM-dd}");
        await drawer.Locator("input[data-testid=edit-time]").FillAsync("16:15");
        await drawer.GetByTestId("save-edit").ClickAsync();
        var day2 = day.AddDays(2);
        Assert.Equal(Utc(day2.Year, day2.Month, day2.Day, 16, 15), await EventuallyAsync(StartsAsync, s => s != Utc(day1.Year, day1.Month, day1.Day, 15, 45)));
    }
    [Fact]
    public async Task Ukrainian_WeeklyAbsenceTimes_SeriesFirstLastDayAndWeekdayTime_Saved()
    {
        // A weekly absence: the days picked and the hours typed are stored as minutes of the day.
        var absent = await NewEmployeeAsync("weekly", EmployeeRole.Teacher);
        var page = await OpenAsync(absent.Email, "uk", "/schedule/absences");
        await page.GetByTestId("absence-add").ClickAsync();
        var dialog = page.GetByTestId("absence-dialog");
        await dialog.GetByTestId("kind-weekly").ClickAsync();
        await dialog.Locator("[data-testid=absence-day][data-day=Tuesday]").ClickAsync();
        await dialog.Locator("input[data-testid=absence-start]").FillAsync("13:15");
        await dialog.Locator("input[data-testid=absence-end]").FillAsync("14:45");
        await page.GetByTestId("absence-save").ClickAsync();
        await Expect(page.GetByTestId("absence")).ToHaveCountAsync(1, new() { Timeout = 5_000 });
        var weekly = await ReadAsync(db => db.StaffAbsences.AsNoTracking().Where(a => a.EmployeeId == absent.Id)
            .Select(a => new { a.Kind, a.WeekDays, a.StartMinute, a.EndMinute }).SingleAsync(Ct));
        Assert.Equal((AbsenceKind.Weekly, 1 << (int)DayOfWeek.Tuesday, 13 * 60 + 15, 14 * 60 + 45), (weekly.Kind, weekly.WeekDays, weekly.StartMinute, weekly.EndMinute));
        await page.Context.CloseAsync();

        // A series: first and last day typed, one weekday at a typed time; its lessons fall on those days at that time.
        var owner = await app.EmployeeIdAsync("owner@studio.demo");
        Guid branch;
        await using (var db = app.Services.GetRequiredService<IDbContextFactory<StudioDbContext>>().CreateDbContext())
            branch = await db.Branches.Where(b => b.Name == "Поділ").Select(b => b.Id).SingleAsync(Ct);
        var n = Guid.NewGuid().ToString("N")[..6];
        var schedule = app.Services.GetRequiredService<ScheduleService>();
        var teacher = await app.Services.GetRequiredService<OrganisationService>().CreateEmployeeAsync(owner, $"Серія Викладач {n}", $"series-{n}@studio.test",
            EmployeeRole.Teacher, [branch], "dates-teacher-2026", Ct);
        var type = await app.Services.GetRequiredService<LessonTypeService>().SaveTypeAsync(owner, null, null, $"Група {n}", 60, LessonKind.Group, false, "#43A047", 1, Ct);
        var first = (await schedule.TodayAsync(branch, Ct)).AddDays(53);
        page = await OpenAsync("manager1@studio.demo", "uk", $"/schedule?branch={branch}&date={first:yyyy-MM-dd}&teacher={teacher}&type={type}");
        await page.GetByTestId("new-series").ClickAsync();
        var series = page.GetByTestId("series-dialog");
        await series.Locator("input[data-testid=series-first]").FillAsync($"{first.AddDays(1):yyyy-MM-dd}");
        await series.Locator("input[data-testid=series-last]").FillAsync($"{first.AddDays(15):yyyy-MM-dd}");
        var weekday = first.AddDays(2).DayOfWeek;
        await series.Locator($"[data-testid=weekday][data-day={weekday}]").ClickAsync();
        var time = series.Locator($"input[data-testid=weekday-time][data-day={weekday}]");
        await Expect(time).ToHaveValueAsync("18:00");
        await time.FillAsync("19:30");
        await page.GetByTestId("save-series").ClickAsync();
        var starts = await EventuallyAsync(db => db.Lessons.Where(l => l.TeacherId == teacher).Select(l => l.StartsAt).ToListAsync(Ct), s => s.Count >= 2);
        var (d1, d2) = (first.AddDays(2), first.AddDays(9));
        Assert.Equal([Utc(d1.Year, d1.Month, d1.Day, 19, 30), Utc(d2.Year, d2.Month, d2.Day, 19, 30)], starts.Order().ToArray());
    }
    [Fact]
    public async Task English_TrialPicker_TypedDateAndTime_BooksTheTrialAtThatLocalTime()
    {
        var owner = await app.EmployeeIdAsync("owner@studio.demo");
        var manager = await app.EmployeeIdAsync("manager1@studio.demo");
        Guid branch;
        await using (var db = app.Services.GetRequiredService<IDbContextFactory<StudioDbContext>>().CreateDbContext())
            branch = await db.Branches.Where(b => b.Name == "Поділ").Select(b => b.Id).SingleAsync(Ct);
        var n = Guid.NewGuid().ToString("N")[..6];
        var schedule = app.Services.GetRequiredService<ScheduleService>();
        var teacherName = $"Trial Teacher {n}";
        var teacher = await app.Services.GetRequiredService<OrganisationService>().CreateEmployeeAsync(owner, teacherName, $"trial-dates-{n}@studio.test",
            EmployeeRole.Teacher, [branch], "trial-teacher-2026", Ct);
        var typeName = $"Trial {n}";
        await app.Services.GetRequiredService<LessonTypeService>().SaveTypeAsync(owner, null, null, typeName, 60, LessonKind.Individual, true, "#26A69A", 1, Ct);
        var client = await app.Services.GetRequiredService<ClientService>().CreateAsync(manager, new ClientInput($"Trial Client {n}",
            [Phone()], null, null, null, branch, null, null, [], ContactChannels.None, null, new Dictionary<Guid, string?>()), duplicatesSeen: true, Ct);
        var template = new TaskTemplate($"First call {n}", TaskKind.PersonalCall);
        var booked = template.AddResult("Booked a trial", ResultField.Date, followUp: FollowUp.BookTrial);
        await using (var db = app.Services.GetRequiredService<IDbContextFactory<StudioDbContext>>().CreateDbContext())
        {
            db.TaskTemplates.Add(template);
            await db.SaveChangesAsync(Ct);
        }
        var taskId = await app.Services.GetRequiredService<TaskService>().CreateAsync(manager,
            new NewTask(TaskKind.PersonalCall, template.Id, null, null, [manager], ClientId: client), Ct);
        var day = (await schedule.TodayAsync(branch, Ct)).AddDays(41);

        var page = await OpenAsync("manager1@studio.demo", "en", $"/tasks?task={taskId}");
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
        await drawer.Locator("input[data-testid=trial-date]").FillAsync($"{day:yyyy-MM-dd}");
        await drawer.Locator("input[data-testid=trial-time]").FillAsync("17:45");
        await drawer.Locator("input[data-testid=trial-time]").BlurAsync();
        await drawer.Locator("[data-testid=set-status][data-to=Done]").ClickAsync();
        await Expect(drawer).ToHaveAttributeAsync("data-status", "Done", new() { Timeout = 5_000 });
        var starts = await EventuallyAsync(db => db.Lessons.Where(l => l.TeacherId == teacher).Select(l => (DateTime?)l.StartsAt).SingleOrDefaultAsync(Ct),
            s => s is not null);
        Assert.Equal(Utc(day.Year, day.Month, day.Day, 17, 45), starts);
    }
}
