using Microsoft.Playwright;

namespace Studio.Tests.Browser.Pages;

/// <summary>
/// The tasks list and a task's details beside it. A row is found by the task it shows (data-task-id on the row; no role
/// or name says which task); the details block is a plain block, so data-testid=task-drawer (it carries the status);
/// what is typed and pressed in it by label and name.
/// </summary>
public sealed class TasksPage(IPage page, string baseUrl, string culture = "en") : Screen(page, baseUrl, culture)
{
    public Task OpenAsync(string query = "") => GoAsync("/tasks" + (query.Length > 0 ? "?" + query : ""));

    public ILocator Row(Guid taskId) => Page.Locator($"tr[data-task-id='{taskId}']");

    public ILocator Details => Page.GetByTestId("task-drawer");

    public ILocator Note => Details.GetByLabel(Text("Field.Note"), new() { Exact = true });

    /// <summary>The button that moves the task to the status (named as the status).</summary>
    public ILocator SetStatus(string status) =>
        Details.GetByRole(AriaRole.Button, new() { Name = Text("Task.Status." + status), Exact = true });
}

/// <summary>The task bell in the app bar and its panel: the bell and the panel's buttons by name, a notice by its task.</summary>
public sealed class TaskIndicator(IPage page, string baseUrl, string culture = "en") : Screen(page, baseUrl, culture)
{
    /// <summary>The bell; it carries the unread count (data-unread) and blinks (a class) while there is something new.</summary>
    public ILocator Bell => Page.GetByRole(AriaRole.Button, new() { Name = Text("Top.Tasks"), Exact = true });

    /// <summary>The open panel: a popover with no role of its own, so data-testid=task-panel.</summary>
    public ILocator Panel => Page.GetByTestId("task-panel");

    /// <summary>A task's notice in the open panel: a plain block found by its task (data-task-id).</summary>
    public ILocator Notice(Guid taskId) => Panel.Locator($"[data-testid=task-notice][data-task-id='{taskId}']");

    public ILocator TakeToWork(Guid taskId) =>
        Notice(taskId).GetByRole(AriaRole.Button, new() { Name = Text("Tasks.Indicator.TakeToWork"), Exact = true });

    public ILocator ClosePanel => Panel.GetByRole(AriaRole.Button, new() { Name = Text("Tasks.Indicator.Close"), Exact = true });
}
