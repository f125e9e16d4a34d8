using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Studio.Tests.Browser.Pages;

/// <summary>
/// The teacher's day. A lesson card is found by the lesson it shows (data-lesson-id; no role or name says which lesson),
/// an attendee by the client (data-client-id); what is pressed in them by role and name. The lesson's status word and the
/// attendance block are plain text and a plain block, so data-testid.
/// </summary>
public sealed class MyDayPage(IPage page, string baseUrl, string culture = "en") : Screen(page, baseUrl, culture)
{
    public Task OpenAsync() => GoAsync("/my-day");

    public ILocator Lesson(Guid lessonId) => Page.Locator($"[data-testid=lesson][data-lesson-id='{lessonId}']");

    /// <summary>The lesson card's head: the button that opens and closes the card (it says whether it is expanded).</summary>
    public static ILocator Head(ILocator lesson) =>
        lesson.GetByRole(AriaRole.Button, new() { Expanded = true }).Or(lesson.GetByRole(AriaRole.Button, new() { Expanded = false })).First;

    public static ILocator Attendance(ILocator lesson) => lesson.GetByTestId("attendance");

    public static ILocator Attendee(ILocator lesson, Guid clientId) => lesson.Locator($"[data-testid=attendee][data-client-id='{clientId}']");

    /// <summary>The attendee's "came" tick.</summary>
    public static ILocator Came(ILocator lesson, Guid clientId) => Attendee(lesson, clientId).GetByRole(AriaRole.Checkbox);

    /// <summary>The lesson's notes, the one text box on an open lesson the teacher may mark.</summary>
    public static ILocator Notes(ILocator lesson) => lesson.GetByRole(AriaRole.Textbox);

    public static ILocator Status(ILocator lesson) => lesson.GetByTestId("lesson-status");

    /// <summary>"Lesson held" (its name goes on with the count of those who came).</summary>
    public ILocator Held(ILocator lesson) =>
        lesson.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^" + System.Text.RegularExpressions.Regex.Escape(Text("MyDay.LessonHeld"))) });

    public ILocator UndoHeld(ILocator lesson) => lesson.GetByRole(AriaRole.Button, new() { Name = Text("MyDay.UndoHeld"), Exact = true });

    /// <summary>The confirmation a lesson that has not started yet asks for.</summary>
    public ILocator ConfirmEarlyHeld => Dialog.GetByRole(AriaRole.Button, new() { Name = Text("Schedule.EarlyHeld.Confirm"), Exact = true });

    public ILocator PreviousDay => Button("MyDay.PreviousDay");

    public ILocator NextDay => Button("MyDay.NextDay");

    public ILocator CalendarSubscribe => Button("Calendar.Subscribe");

    /// <summary>Opens the lesson's card unless it is open, and waits for its attendance.</summary>
    public async Task OpenLessonAsync(ILocator lesson)
    {
        var head = Head(lesson);
        if (await head.GetAttributeAsync("aria-expanded") != "true") await head.ClickAsync();
        await Expect(Attendance(lesson)).ToBeVisibleAsync();
    }

    /// <summary>"Lesson held"; a lesson that has not started yet asks first, and is confirmed.</summary>
    public async Task HoldAsync(ILocator lesson, bool early)
    {
        await Held(lesson).ClickAsync();
        if (early) await ConfirmEarlyHeld.ClickAsync();
    }
}
