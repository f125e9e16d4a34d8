using Microsoft.Playwright;

namespace Studio.Tests.Browser.Pages;

/// <summary>
/// The schedule's day grid and its booking dialog. A grid column is a click target for a time (a position in it), with no
/// role, found by whose column it is (data-testid=grid-column, data-column-id); a lesson by the lesson it shows
/// (data-lesson-id). The dialog and its buttons by role and name.
/// </summary>
public sealed class SchedulePage(IPage page, string baseUrl, string culture = "en") : Screen(page, baseUrl, culture)
{
    /// <summary>Opens the schedule with the filter's query (branch, date, teacher…).</summary>
    public Task OpenAsync(string query = "") => GoAsync("/schedule" + (query.Length > 0 ? "?" + query : ""));

    public ILocator Column(Guid id) => Column(Page, id);

    public ILocator Lessons(Guid columnId) => Lessons(Page, columnId);

    public static ILocator Column(IPage page, Guid id) => page.Locator($"[data-testid=grid-column][data-column-id=\"{id}\"]");

    public static ILocator Lessons(IPage page, Guid columnId) => Column(page, columnId).Locator("[data-testid=lesson]");

    public ILocator Lesson(Guid lessonId) => Page.Locator($"[data-testid=lesson][data-lesson-id=\"{lessonId}\"]");

    /// <summary>The booking dialog's "the slot is free" line: plain text, so data-testid.</summary>
    public ILocator SlotFree => Dialog.GetByTestId("slot-free");

    public ILocator Book => Dialog.GetByRole(AriaRole.Button, new() { Name = Text("Schedule.Book"), Exact = true });

    public ILocator Cancel => Dialog.GetByRole(AriaRole.Button, new() { Name = Text("Common.Cancel"), Exact = true });

    /// <summary>The open lesson's "Substitute teacher" (in its drawer).</summary>
    public ILocator SubstituteAction => Button("Substitute.Action");

    /// <summary>
    /// In the substitute dialog of one lesson: picks who takes it over, waits until the dialog says they are free for it, and
    /// hands it over (the button's name goes on with the count).
    /// </summary>
    public async Task HandOverAsync(string substituteName)
    {
        await Dialog.Locator(".mud-select").Filter(new() { HasText = Text("Substitute.By") }).First.ClickAsync();
        await Page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = substituteName }).ClickAsync();
        await Microsoft.Playwright.Assertions.Expect(Dialog.GetByTestId("substitute-line")).ToHaveAttributeAsync("data-free", "true");
        await Dialog.GetByRole(AriaRole.Button, new() { Name = Text("Substitute.Save").Replace("{0}", "1"), Exact = true }).ClickAsync();
        await Microsoft.Playwright.Assertions.Expect(Dialog).ToHaveCountAsync(0);
    }

    /// <summary>The booking's error (data-testid, as the deal drawer's: the error presentation is being unified elsewhere).</summary>
    public ILocator Error => Dialog.GetByTestId("form-error");
}
