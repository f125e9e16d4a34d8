namespace Studio.Domain.Tasks;

public enum TaskState { New, Read, InProgress, Done, Clarification, NotAccepted, Closed, Cancelled }

/// <summary>How the person acting stands to the task.</summary>
public enum TaskRole { Other, Author, Executor, AuthorExecutor }

/// <summary>
/// Who may set which status (DOMAIN.md, Tasks and calls), as one pure rule:
/// - a new task is New when the executor is someone else, Read when the author does it themself;
/// - the author may set New, Clarification and Cancelled, and Not accepted or Closed on a Done task;
/// - an executor may set any status but Not accepted, Closed and Cancelled, and cannot reopen a
///   task the author closed or cancelled;
/// - an author who is also the executor has both rights and may close directly;
/// - anyone else sets nothing (the owner acts as the author: the service maps that).
/// Setting the status a task already has is not a change.
/// </summary>
public static class TaskStatusPolicy
{
    private static readonly TaskState[] AuthorAlways = [TaskState.New, TaskState.Clarification, TaskState.Cancelled];
    private static readonly TaskState[] AuthorOnDone = [TaskState.NotAccepted, TaskState.Closed];
    private static readonly TaskState[] ExecutorNever = [TaskState.NotAccepted, TaskState.Closed, TaskState.Cancelled];
    private static readonly TaskState[] ExecutorLocked = [TaskState.Closed, TaskState.Cancelled];

    public static TaskState Initial(bool executorIsAuthor) => executorIsAuthor ? TaskState.Read : TaskState.New;

    public static bool CanSet(TaskRole role, TaskState from, TaskState to) => from != to && role switch
    {
        TaskRole.Author => AsAuthor(from, to),
        TaskRole.Executor => AsExecutor(from, to),
        TaskRole.AuthorExecutor => AsAuthor(from, to) || AsExecutor(from, to) || to == TaskState.Closed,
        _ => false,
    };

    /// <summary>Every status the role may move the task to from where it is (for the status menu).</summary>
    public static IReadOnlyList<TaskState> Choices(TaskRole role, TaskState from) =>
        Enum.GetValues<TaskState>().Where(to => CanSet(role, from, to)).ToList();

    private static bool AsAuthor(TaskState from, TaskState to) =>
        AuthorAlways.Contains(to) || (from == TaskState.Done && AuthorOnDone.Contains(to));

    private static bool AsExecutor(TaskState from, TaskState to) =>
        !ExecutorNever.Contains(to) && !ExecutorLocked.Contains(from);
}
