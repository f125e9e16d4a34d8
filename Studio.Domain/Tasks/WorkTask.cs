using Studio.Domain.Common;

namespace Studio.Domain.Tasks;

public enum TaskKind { Internal, Client, PersonalCall, CallCampaign }

public enum TaskPriority { Low, Medium, High }

public enum CallDirection { Incoming, Outgoing }

/// <summary>What a result asks for besides itself: nothing, a date ("when is it convenient to come"), or a choice from a list.</summary>
public enum ResultField { None, Date, Choice }

/// <summary>What finishing with a result starts: nothing, a personal call ("Thinking"), or booking a trial lesson ("Booked a trial").</summary>
public enum FollowUp { None, PersonalCall, BookTrial }

/// <summary>A kind of task the owner defines, with the results a task of it must end with.</summary>
public sealed class TaskTemplate : VersionedEntity
{
    public const int NameMax = 120;
    private readonly List<TaskResult> _results = [];

    private TaskTemplate() { Name = ""; }

    public TaskTemplate(string name, TaskKind kind)
    {
        Name = Guard.Text(name, NameMax, "Name");
        Kind = kind;
        Raise(new TaskTemplateChanged(Id));
    }

    public string Name { get; private set; }
    public TaskKind Kind { get; private set; }
    public bool IsArchived { get; private set; }
    public IReadOnlyCollection<TaskResult> Results => _results;

    public bool NeedsClient => Kind != TaskKind.Internal;

    /// <summary>A new name; the same one again changes nothing and tells no one.</summary>
    public void Rename(string name)
    {
        var n = Guard.Text(name, NameMax, "Name");
        if (n == Name) return;
        Name = n;
        Raise(new TaskTemplateChanged(Id));
    }

    public void Archive(bool archived)
    {
        if (archived == IsArchived) return;
        IsArchived = archived;
        Raise(new TaskTemplateChanged(Id));
    }

    public TaskResult AddResult(string name, ResultField field, IEnumerable<string>? choices = null, FollowUp followUp = FollowUp.None)
    {
        var n = Guard.Text(name, TaskResult.NameMax, "Name");
        if (_results.Any(r => Names.Same(r.Name, n))) throw new DomainException("Error.Duplicate", n);
        var list = (choices ?? []).Select(c => Guard.Text(c, TaskResult.NameMax, "Choice")).Distinct().ToList();
        if (field == ResultField.Choice && list.Count == 0) throw new DomainException("Error.Task.Choices");
        var result = new TaskResult(Id, n, field, field == ResultField.Choice ? list : [], followUp, _results.Count);
        _results.Add(result);
        Raise(new TaskTemplateChanged(Id));
        return result;
    }

    /// <summary>Takes a result off the template. Whether tasks already ended with it is the caller's to check (they keep it).</summary>
    public bool RemoveResult(Guid resultId)
    {
        if (_results.RemoveAll(r => r.Id == resultId) == 0) return false;
        Raise(new TaskTemplateChanged(Id));
        return true;
    }
}

/// <summary>A task template was added, renamed, (un)archived, or given or relieved of a result.</summary>
public sealed record TaskTemplateChanged(Guid TemplateId) : IDomainEvent;

public sealed class TaskResult
{
    public const int NameMax = 120;
    private List<string> _choices = [];

    private TaskResult() { Name = ""; }

    internal TaskResult(Guid templateId, string name, ResultField field, List<string> choices, FollowUp followUp, int order) =>
        (Id, TemplateId, Name, Field, _choices, FollowUp, Order) = (Guid.CreateVersion7(), templateId, name, field, choices, followUp, order);

    public Guid Id { get; private set; }
    public Guid TemplateId { get; private set; }
    public string Name { get; private set; }
    public ResultField Field { get; private set; }
    public FollowUp FollowUp { get; private set; }
    public int Order { get; private set; }
    public IReadOnlyList<string> Choices => _choices;

    /// <summary>The extra value a result carries, checked: a date (yyyy-MM-dd) or one of the choices.</summary>
    public string? CheckValue(string? value)
    {
        switch (Field)
        {
            case ResultField.None:
                return null;
            case ResultField.Date:
                return DateOnly.TryParseExact(value?.Trim(), "yyyy-MM-dd", out var d) ? d.ToString("yyyy-MM-dd") : throw new DomainException("Error.Task.ResultDate");
            default:
                return _choices.FirstOrDefault(c => c == value?.Trim()) ?? throw new DomainException("Error.Task.ResultChoice");
        }
    }
}

/// <summary>
/// A task or a call: who set it, who does it, where it stands, and every change of status with its note.
/// The status rules are <see cref="TaskStatusPolicy"/>; a task whose template has results is done only with one.
/// </summary>
public sealed class WorkTask : VersionedEntity
{
    public const int TitleMax = 200;
    public const int DescriptionMax = 4000;
    public const int NoteMax = 1000;

    private readonly List<TaskExecutor> _executors = [];
    private readonly List<TaskChange> _history = [];

    private WorkTask() { Title = ""; }

    public WorkTask(TaskKind kind, Guid? templateId, string title, string? description, Guid authorId, IReadOnlyCollection<Guid> executorIds,
        DateTime createdAt, Guid? clientId = null, string? phone = null, CallDirection? direction = null, Guid? parentId = null, DealLink? deal = null)
    {
        if (kind != TaskKind.Internal && kind != TaskKind.CallCampaign && clientId is null) throw new DomainException("Error.Required", "Client");
        // A deal's task is about that deal's client (or about no client at all: an internal task).
        if (deal is not null && (kind == TaskKind.CallCampaign || clientId is { } c && c != deal.ClientId)) throw new DomainException("Error.Task.DealClient");
        (DealId, BoardId) = (deal?.DealId, deal?.BoardId);
        (Kind, TemplateId, AuthorId, CreatedAt, ClientId, Phone, Direction, ParentId) =
            (kind, templateId, authorId, Guard.Utc(createdAt), clientId, phone, kind == TaskKind.PersonalCall ? direction ?? CallDirection.Outgoing : null, parentId);
        Title = Guard.Text(title, TitleMax, "Title");
        Description = Guard.OptionalText(description, DescriptionMax, "Description");
        SearchKey = KeyOf(Title, Description);
        foreach (var e in executorIds.Distinct()) _executors.Add(new TaskExecutor(Id, e));
        Status = TaskStatusPolicy.Initial(_executors.Count == 1 && _executors[0].EmployeeId == authorId);
        _history.Add(new TaskChange(Id, null, Status, null, authorId, createdAt));
        Raise(Changed(ExecutorIds));
    }

    public TaskKind Kind { get; private set; }
    public Guid? TemplateId { get; private set; }
    public string Title { get; private set; }
    public string? Description { get; private set; }
    /// <summary>Title and description lower-cased in .NET: text search that ignores case in any alphabet on every database.</summary>
    public string SearchKey { get; private set; } = "";
    public Guid AuthorId { get; private set; }
    public TaskState Status { get; private set; }
    public DateTime? Deadline { get; private set; }
    public DateTime? RemindAt { get; private set; }
    /// <summary>When a node claimed the reminder and fired it; a snooze clears it.</summary>
    public DateTime? RemindedAt { get; private set; }
    public TaskPriority Priority { get; private set; } = TaskPriority.Medium;
    public bool Urgent { get; private set; }
    public Guid? ClientId { get; private set; }
    public string? Phone { get; private set; }
    public CallDirection? Direction { get; private set; }
    /// <summary>The call campaign this call belongs to.</summary>
    public Guid? ParentId { get; private set; }
    /// <summary>The deal this task is the next step of (set from the deal's drawer or by a stage's automation), and its board.</summary>
    public Guid? DealId { get; private set; }
    public Guid? BoardId { get; private set; }
    public Guid? ResultId { get; private set; }
    public string? ResultValue { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public IReadOnlyCollection<TaskExecutor> Executors => _executors;
    public IReadOnlyCollection<TaskChange> History => _history;

    public IReadOnlyList<Guid> ExecutorIds => _executors.Select(e => e.EmployeeId).ToList();

    /// <summary>Open: someone still has to do it (a deal with one has its next step).</summary>
    public bool IsOpen => !Finished.Contains(Status);

    private TaskChanged Changed(IReadOnlyList<Guid> executorIds) => new(Id, AuthorId, executorIds) { DealId = DealId, BoardId = BoardId, ClientId = ClientId };

    public static string KeyOf(string title, string? description) => (title + "\n" + description).ToLowerInvariant();

    public const int SearchKeyMax = TitleMax + DescriptionMax + 1;

    /// <summary>A campaign's call no one has taken yet (several executors share the pool).</summary>
    public bool InPool => ParentId is not null && _executors.Count == 0;

    public TaskRole RoleOf(Guid employeeId)
    {
        var (author, executor) = (employeeId == AuthorId, _executors.Any(e => e.EmployeeId == employeeId));
        return author && executor ? TaskRole.AuthorExecutor : author ? TaskRole.Author : executor ? TaskRole.Executor : TaskRole.Other;
    }

    /// <summary>The same deadline, reminder, priority and urgency again change nothing and tell no one.</summary>
    public void Schedule(DateTime? deadline, DateTime? remindAt, TaskPriority priority, bool urgent)
    {
        if (SetSchedule(deadline, remindAt, priority, urgent)) Raise(Changed(ExecutorIds));
    }

    private bool SetSchedule(DateTime? deadline, DateTime? remindAt, TaskPriority priority, bool urgent)
    {
        var d = deadline is { } x ? Guard.Utc(x) : (DateTime?)null;
        var r = remindAt == RemindAt ? RemindAt : remindAt is { } y ? Guard.Utc(y) : null;
        if ((d, r, priority, urgent) == (Deadline, RemindAt, Priority, Urgent)) return false;
        (Deadline, Priority, Urgent) = (d, priority, urgent);
        if (r != RemindAt) (RemindAt, RemindedAt) = (r, null);
        return true;
    }

    /// <summary>
    /// Changes what the task is, for whom and when (its kind, author, status and history stay). The client is required
    /// for client tasks and personal calls; a campaign's call may be left in the pool. Returns the executors newly on it.
    /// </summary>
    public IReadOnlyList<Guid> Edit(string title, string? description, IReadOnlyCollection<Guid> executorIds, DateTime? deadline, DateTime? remindAt,
        TaskPriority priority, bool urgent, Guid? clientId, string? phone, CallDirection? direction)
    {
        if (Kind is TaskKind.Client or TaskKind.PersonalCall && clientId is null) throw new DomainException("Error.Required", "Client");
        var wanted = executorIds.Distinct().ToList();
        if (wanted.Count == 0 && ParentId is null) throw new DomainException("Error.Required", "Executors");
        var before = ExecutorIds;
        var (t, desc) = (Guard.Text(title, TitleMax, "Title"), Guard.OptionalText(description, DescriptionMax, "Description"));
        var (client, ph, dir) = Kind == TaskKind.CallCampaign ? (ClientId, Phone, Direction)
            : (clientId, string.IsNullOrWhiteSpace(phone) ? null : phone.Trim(), Kind == TaskKind.PersonalCall ? direction ?? Direction ?? CallDirection.Outgoing : null);
        var added = wanted.Where(e => !before.Contains(e)).ToList();
        var changed = (t, desc, client, ph, dir) != (Title, Description, ClientId, Phone, Direction)
            || added.Count > 0 || before.Any(e => !wanted.Contains(e));
        (Title, Description, ClientId, Phone, Direction) = (t, desc, client, ph, dir);
        SearchKey = KeyOf(Title, Description);
        _executors.RemoveAll(e => !wanted.Contains(e.EmployeeId));
        foreach (var e in added) _executors.Add(new TaskExecutor(Id, e));
        changed |= SetSchedule(deadline, remindAt, priority, urgent);
        // Whoever came off the task sees it leave their list too; the same task again tells no one.
        if (changed) Raise(Changed(before.Union(ExecutorIds).ToList()));
        return added;
    }

    /// <summary>
    /// Moves the task to another status as <paramref name="role"/> may (<see cref="TaskStatusPolicy"/>). Done needs a
    /// result where the template has results; Clarification and Not accepted need a note.
    /// </summary>
    public void SetStatus(TaskRole role, TaskState to, string? note, Guid byId, DateTime at, TaskTemplate? template = null,
        Guid? resultId = null, string? resultValue = null)
    {
        if (!TaskStatusPolicy.CanSet(role, Status, to)) throw new DomainException("Error.Task.Status");
        var n = Guard.OptionalText(note, NoteMax, "Note");
        if (to is TaskState.Clarification or TaskState.NotAccepted && n is null) throw new DomainException("Error.Required", "Note");
        if (to == TaskState.Done && template is { Results.Count: > 0 })
        {
            var result = template.Results.FirstOrDefault(r => r.Id == resultId) ?? throw new DomainException("Error.Task.Result");
            (ResultId, ResultValue) = (result.Id, result.CheckValue(resultValue));
        }
        _history.Add(new TaskChange(Id, Status, to, n, byId, Guard.Utc(at)));
        Status = to;
        Raise(Changed(ExecutorIds) with { StatusChanged = true });
    }

    /// <summary>"Remind me again at…": the reminder fires once more at the new time.</summary>
    public void Snooze(DateTime until, DateTime now)
    {
        if (Guard.Utc(until) <= Guard.Utc(now)) throw new DomainException("Error.Task.SnoozePast");
        if ((RemindAt, RemindedAt) == (until, null)) return;
        (RemindAt, RemindedAt) = (until, null);
        Raise(Changed(ExecutorIds));
    }

    /// <summary>The task is being deleted: everyone on it sees it leave their list (the caller removes it from the store).</summary>
    public void Delete() => Raise(Changed(ExecutorIds) with { StatusChanged = true });

    /// <summary>A deleted task brought back as it was (Undo): everyone on it sees it return.</summary>
    public void Restore() => Raise(Changed(ExecutorIds) with { StatusChanged = true });

    /// <summary>Statuses in which nobody needs reminding any more.</summary>
    public static readonly TaskState[] Finished = [TaskState.Done, TaskState.Closed, TaskState.Cancelled];

    /// <summary>Opening a New task by its executor makes it Read.</summary>
    public bool MarkRead(Guid employeeId, DateTime at)
    {
        if (Status != TaskState.New || RoleOf(employeeId) != TaskRole.Executor) return false;
        _history.Add(new TaskChange(Id, Status, TaskState.Read, null, employeeId, Guard.Utc(at)));
        Status = TaskState.Read;
        Raise(Changed(ExecutorIds) with { StatusChanged = true });
        return true;
    }

    /// <summary>
    /// A handover: <paramref name="fromId"/> comes off the task and <paramref name="toId"/> does it instead (once, even if already
    /// on it). The status stays; the history records the change with its <paramref name="note"/>. False when
    /// <paramref name="fromId"/> is not on the task.
    /// </summary>
    public bool HandOver(Guid fromId, Guid toId, string? note, Guid byId, DateTime at)
    {
        if (fromId == toId || _executors.All(e => e.EmployeeId != fromId)) return false;
        var before = ExecutorIds;
        _executors.RemoveAll(e => e.EmployeeId == fromId);
        if (_executors.All(e => e.EmployeeId != toId)) _executors.Add(new TaskExecutor(Id, toId));
        _history.Add(new TaskChange(Id, Status, Status, Guard.OptionalText(note, NoteMax, "Note"), byId, Guard.Utc(at)));
        Raise(Changed(before.Union(ExecutorIds).ToList()));
        return true;
    }

    /// <summary>Takes a call from the campaign's shared pool; someone else got there first → refused.</summary>
    public void Take(Guid employeeId, DateTime at)
    {
        if (!InPool) throw new DomainException("Error.Task.Taken");
        _executors.Add(new TaskExecutor(Id, employeeId));
        _history.Add(new TaskChange(Id, Status, Status, null, employeeId, Guard.Utc(at)));
        Raise(Changed(ExecutorIds));
    }
}

public sealed class TaskExecutor
{
    private TaskExecutor() { }
    internal TaskExecutor(Guid taskId, Guid employeeId) => (TaskId, EmployeeId) = (taskId, employeeId);
    public Guid TaskId { get; private set; }
    public Guid EmployeeId { get; private set; }
}

/// <summary>One recorded change: from, to, the note, who and when. Append-only.</summary>
public sealed class TaskChange
{
    private TaskChange() { }

    internal TaskChange(Guid taskId, TaskState? from, TaskState to, string? note, Guid byId, DateTime at) =>
        (Id, TaskId, From, To, Note, ById, At) = (Guid.CreateVersion7(), taskId, from, to, note, byId, at);

    public Guid Id { get; private set; }
    public Guid TaskId { get; private set; }
    public TaskState? From { get; private set; }
    public TaskState To { get; private set; }
    public string? Note { get; private set; }
    public Guid ById { get; private set; }
    public DateTime At { get; private set; }
}

/// <summary>A task changed; its author and executors are the ones whose indicator lights.</summary>
public sealed record TaskChanged(Guid TaskId, Guid AuthorId, IReadOnlyList<Guid> ExecutorIds) : IDomainEvent
{
    public bool StatusChanged { get; init; }
    /// <summary>The deal the task belongs to, and its board: the deal's card shows whether it has a next step.</summary>
    public Guid? DealId { get; init; }
    public Guid? BoardId { get; init; }
    /// <summary>The client the task is about: their card's timeline and task list show it.</summary>
    public Guid? ClientId { get; init; }
}

/// <summary>The deal a task is the next step of: its board, and the client the task must be about.</summary>
public sealed record DealLink(Guid DealId, Guid BoardId, Guid ClientId);

/// <summary>New kinds at the end. <see cref="Callback"/>: a deal's callback came due (<see cref="CallbackNotice"/>).</summary>
public enum NoticeKind { Assigned, StatusChanged, Reminder, Callback }

/// <summary>
/// What lights an employee's task indicator: a task given to them, a status change someone else made on
/// their task, a reminder come due. Seen when they open the indicator's panel or the task.
/// </summary>
public sealed class TaskNotice : Entity
{
    private TaskNotice() { }

    public TaskNotice(Guid employeeId, Guid taskId, NoticeKind kind, TaskState status, Guid? byId, DateTime at) =>
        (EmployeeId, TaskId, Kind, Status, ById, At) = (employeeId, taskId, kind, status, byId, Guard.Utc(at));

    public Guid EmployeeId { get; private set; }
    public Guid TaskId { get; private set; }
    public NoticeKind Kind { get; private set; }
    public TaskState Status { get; private set; }
    public Guid? ById { get; private set; }
    public DateTime At { get; private set; }
    public DateTime? SeenAt { get; private set; }

    /// <summary>The person has seen it; seen once, seeing it again changes nothing and tells no one.</summary>
    public void See(DateTime at)
    {
        if (SeenAt is not null) return;
        SeenAt = Guard.Utc(at);
        Raise(new NoticeSeen(Id, EmployeeId, TaskId));
    }

    /// <summary>The notices a change makes: everyone on the task but the person who made it.</summary>
    public static IEnumerable<TaskNotice> For(WorkTask task, NoticeKind kind, Guid? byId, DateTime at) =>
        task.ExecutorIds.Append(task.AuthorId).Distinct().Where(e => e != byId).Select(e => new TaskNotice(e, task.Id, kind, task.Status, byId, at));

    /// <summary>A due reminder fires: a notice for each executor (for the author when there are none), each heard at once.</summary>
    public static IReadOnlyList<TaskNotice> Reminder(WorkTask task, DateTime at) =>
        (task.ExecutorIds.Count > 0 ? task.ExecutorIds : [task.AuthorId]).Select(e =>
        {
            var notice = new TaskNotice(e, task.Id, NoticeKind.Reminder, task.Status, null, at);
            notice.Raise(new ReminderFired(task.Id, e));
            return notice;
        }).ToList();
}

/// <summary>A task's reminder fired for one of its people.</summary>
public sealed record ReminderFired(Guid TaskId, Guid EmployeeId) : IDomainEvent;

/// <summary>Someone saw a notice about a task: their indicator counts one fewer.</summary>
public sealed record NoticeSeen(Guid NoticeId, Guid EmployeeId, Guid TaskId) : IDomainEvent;

/// <summary>
/// A deal's callback came due for its responsible: it lights their task indicator and pops a reminder like a task's (the
/// same job, feed and popup), until they open, snooze or dismiss it.
/// </summary>
public sealed class CallbackNotice : Entity
{
    private CallbackNotice() { }

    public CallbackNotice(Guid employeeId, Guid dealId, DateTime at)
    {
        (EmployeeId, DealId, At) = (employeeId, dealId, Guard.Utc(at));
        Raise(new CallbackReminderFired(dealId, employeeId));
    }

    public Guid EmployeeId { get; private set; }
    public Guid DealId { get; private set; }
    public DateTime At { get; private set; }
    public DateTime? SeenAt { get; private set; }

    /// <summary>The person has seen it (dismissed, snoozed); seen once, seeing it again changes nothing and tells no one.</summary>
    public void See(DateTime at)
    {
        if (SeenAt is not null) return;
        SeenAt = Guard.Utc(at);
        Raise(new NoticeSeen(Id, EmployeeId, DealId));
    }
}

/// <summary>A deal's callback reminder fired for its responsible.</summary>
public sealed record CallbackReminderFired(Guid DealId, Guid EmployeeId) : IDomainEvent;
