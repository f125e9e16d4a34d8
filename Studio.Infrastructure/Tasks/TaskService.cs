using Microsoft.EntityFrameworkCore;
using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Live;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;

namespace Studio.Infrastructure.Tasks;

public sealed record NewTask(TaskKind Kind, Guid? TemplateId, string? Title, string? Description, IReadOnlyList<Guid> ExecutorIds,
    DateTime? Deadline = null, DateTime? RemindAt = null, TaskPriority Priority = TaskPriority.Medium, bool Urgent = false,
    Guid? ClientId = null, string? Phone = null, CallDirection? Direction = null);

public sealed record NoticeView(Guid Id, Guid TaskId, string Title, NoticeKind Kind, TaskState Status, TaskState Current, Guid TaskVersion,
    string? ByName, DateTime At);

public enum TaskScope { Mine, All }

public sealed record TaskFilter(TaskScope Scope = TaskScope.Mine, TaskState? Status = null, string? Text = null, Guid? ClientId = null,
    bool IncludeFinished = true, int Skip = 0, int Take = 50);

public sealed record TaskRow(Guid Id, string Title, TaskKind Kind, TaskState Status, string AuthorName, string ExecutorNames, DateTime? Deadline,
    TaskPriority Priority, bool Urgent, Guid? ClientId, string? ClientName, bool InPool, DateTime CreatedAt);

public sealed record TaskPage(IReadOnlyList<TaskRow> Items, int Total);

public sealed record TaskChangeView(TaskState? From, TaskState To, string? Note, string ByName, DateTime At);

public sealed record TaskView(Guid Id, Guid Version, TaskKind Kind, Guid? TemplateId, string Title, string? Description, Guid AuthorId,
    string AuthorName, IReadOnlyList<Guid> ExecutorIds, TaskState Status, DateTime? Deadline, DateTime? RemindAt, TaskPriority Priority,
    bool Urgent, Guid? ClientId, string? Phone, CallDirection? Direction, Guid? ParentId, Guid? ResultId, string? ResultValue,
    DateTime CreatedAt, IReadOnlyList<TaskChangeView> History, IReadOnlyList<TaskState> Choices)
{
    /// <summary>The results the task's template offers (Done needs one of them when there are any).</summary>
    public IReadOnlyList<ResultView> Results { get; init; } = [];
}

public sealed record ResultView(Guid Id, string Name, ResultField Field, IReadOnlyList<string> Choices);

/// <summary>
/// Tasks and calls. Every call re-reads the actor; who may set which status is <see cref="TaskStatusPolicy"/>
/// (the owner acts as the author of any task). Status changes carry the version the person saw.
/// </summary>
public sealed partial class TaskService(IDbContextFactory<StudioDbContext> factory, TimeProvider clock, ILiveBus bus)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>How the actor stands to the task; the owner may always act as its author.</summary>
    internal static TaskRole RoleOf(Employee actor, WorkTask task)
    {
        var role = task.RoleOf(actor.Id);
        return actor.Role == EmployeeRole.Owner && role is TaskRole.Other ? TaskRole.Author
            : actor.Role == EmployeeRole.Owner && role is TaskRole.Executor ? TaskRole.AuthorExecutor : role;
    }

    public async Task<Guid> CreateAsync(Guid actorId, NewTask input, CancellationToken ct = default)
    {
        await using var db = factory.CreateDbContext();
        var actor = await db.ActorAsync(actorId, ct);
        var template = input.TemplateId is { } tid ? await db.TaskTemplates.AsNoTracking().SingleOrDefaultAsync(t => t.Id == tid, ct) ?? throw new NotFoundException() : null;
        var kind = template?.Kind ?? input.Kind;
        var executors = input.ExecutorIds.Distinct().ToList();
        if (executors.Count == 0) throw new DomainException("Error.Required", "Executors");
        if (await db.Employees.CountAsync(e => executors.Contains(e.Id) && e.IsActive, ct) != executors.Count) throw new DomainException("Error.Task.Executor");
        if (input.ClientId is { } cid && !await db.Clients.AnyAsync(c => c.Id == cid && c.MergedIntoId == null, ct)) throw new NotFoundException();
        var title = string.IsNullOrWhiteSpace(input.Title) ? $"{template?.Name ?? kind.ToString()} {Now:dd.MM.yyyy}" : input.Title;
        var task = new WorkTask(kind, template?.Id, title, input.Description, actor.Id, executors, Now, input.ClientId,
            await PhoneAsync(db, input.Phone, ct), input.Direction);
        task.Schedule(input.Deadline, input.RemindAt, input.Priority, input.Urgent);
        db.Tasks.Add(task);
        db.TaskNotices.AddRange(TaskNotice.For(task, NoticeKind.Assigned, actor.Id, Now));
        await db.SaveChangesAsync(ct);
        return task.Id;
    }

    /// <summary>
    /// A call campaign: one personal-call task per client under it. One executor: the calls are theirs. Several:
    /// the campaign is in each one's list and the calls wait in a shared pool.
    /// </summary>
    public async Task<Guid> CreateCampaignAsync(Guid actorId, Guid? templateId, string title, IReadOnlyList<Guid> executorIds,
        IReadOnlyList<Guid> clientIds, CancellationToken ct = default)
    {
        await using var db = factory.CreateDbContext();
        var actor = await db.ActorAsync(actorId, ct);
        if (actor.Role == EmployeeRole.Teacher) throw new AccessDeniedException();
        var executors = executorIds.Distinct().ToList();
        if (executors.Count == 0) throw new DomainException("Error.Required", "Executors");
        if (await db.Employees.CountAsync(e => executors.Contains(e.Id) && e.IsActive, ct) != executors.Count) throw new DomainException("Error.Task.Executor");
        var wanted = clientIds.Distinct().ToList();
        var clients = await db.Clients.AsNoTracking().Where(c => wanted.Contains(c.Id) && c.MergedIntoId == null)
            .Select(c => new { c.Id, c.FullName, c.Phone }).ToListAsync(ct);
        if (clients.Count == 0) throw new DomainException("Error.Task.NoClients");
        var campaign = new WorkTask(TaskKind.CallCampaign, templateId, title, null, actor.Id, executors, Now);
        db.Tasks.Add(campaign);
        foreach (var c in clients)
            db.Tasks.Add(new WorkTask(TaskKind.PersonalCall, templateId, $"{title}: {c.FullName}", null, actor.Id, executors.Count == 1 ? executors : [],
                Now, c.Id, c.Phone, CallDirection.Outgoing, campaign.Id));
        await db.SaveChangesAsync(ct);
        return campaign.Id;
    }

    public async Task<TaskView> GetAsync(Guid actorId, Guid taskId, CancellationToken ct = default)
    {
        await using var db = factory.CreateDbContext();
        var actor = await db.ActorAsync(actorId, ct);
        var task = await db.Tasks.AsSingleQuery().SingleOrDefaultAsync(t => t.Id == taskId, ct) ?? throw new NotFoundException();
        var role = RoleOf(actor, task);
        if (role == TaskRole.Other && !task.InPool) throw new AccessDeniedException();
        // An executor opening a new task has read it; opening a task sees its notices.
        var read = task.MarkRead(actor.Id, Now);
        if (read) db.TaskNotices.AddRange(TaskNotice.For(task, NoticeKind.StatusChanged, actor.Id, Now));
        var unseen = await db.TaskNotices.Where(n => n.EmployeeId == actor.Id && n.TaskId == task.Id && n.SeenAt == null).ToListAsync(ct);
        foreach (var n in unseen) n.See(Now);
        await db.SaveChangesAsync(ct);
        if (unseen.Count > 0) await bus.PublishAsync(new(LiveTopics.Tasks(actor.Id), NoticesSeen, task.Id));
        var people = await db.Employees.AsNoTracking().IgnoreAutoIncludes().ToDictionaryAsync(e => e.Id, e => e.FullName, ct);
        return new(task.Id, task.Version, task.Kind, task.TemplateId, task.Title, task.Description, task.AuthorId,
            people.GetValueOrDefault(task.AuthorId) ?? "", task.ExecutorIds, task.Status, task.Deadline, task.RemindAt, task.Priority, task.Urgent,
            task.ClientId, task.Phone, task.Direction, task.ParentId, task.ResultId, task.ResultValue, task.CreatedAt,
            task.History.OrderBy(h => h.At).Select(h => new TaskChangeView(h.From, h.To, h.Note, people.GetValueOrDefault(h.ById) ?? "", h.At)).ToList(),
            TaskStatusPolicy.Choices(role, task.Status))
        {
            Results = task.TemplateId is { } tid
                ? (await db.TaskTemplates.AsNoTracking().SingleAsync(t => t.Id == tid, ct)).Results.OrderBy(r => r.Order)
                    .Select(r => new ResultView(r.Id, r.Name, r.Field, r.Choices)).ToList()
                : [],
        };
    }

    /// <summary>
    /// A page of tasks: "mine" are those the actor set or does (and the pool of campaigns they share); "all" is for the
    /// owner and managers. Text searches title and description; newest first, urgent on top.
    /// </summary>
    public async Task<TaskPage> ListAsync(Guid actorId, TaskFilter filter, CancellationToken ct = default)
    {
        await using var db = factory.CreateDbContext();
        var actor = await db.ActorAsync(actorId, ct);
        if (filter.Scope == TaskScope.All && actor.Role == EmployeeRole.Teacher) throw new AccessDeniedException();
        var q = db.Tasks.AsNoTracking().IgnoreAutoIncludes().AsQueryable();
        if (filter.Scope == TaskScope.Mine)
        {
            var campaigns = db.Tasks.Where(c => c.Kind == TaskKind.CallCampaign && c.Executors.Any(e => e.EmployeeId == actor.Id)).Select(c => c.Id);
            q = q.Where(t => t.AuthorId == actor.Id || t.Executors.Any(e => e.EmployeeId == actor.Id)
                || (t.ParentId != null && !t.Executors.Any() && campaigns.Contains(t.ParentId.Value)));
        }
        if (filter.Status is { } st) q = q.Where(t => t.Status == st);
        else if (!filter.IncludeFinished) q = q.Where(t => !WorkTask.Finished.Contains(t.Status));
        if (filter.ClientId is { } cid) q = q.Where(t => t.ClientId == cid);
        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var text = filter.Text.Trim().ToLowerInvariant();
            q = q.Where(t => t.SearchKey.Contains(text));
        }
        var total = await q.CountAsync(ct);
        var rows = await q.OrderByDescending(t => t.Urgent).ThenByDescending(t => t.CreatedAt).ThenBy(t => t.Id)
            .Skip(Math.Max(0, filter.Skip)).Take(Math.Clamp(filter.Take, 1, 200))
            .Select(t => new { t.Id, t.Title, t.Kind, t.Status, t.AuthorId, Executors = t.Executors.Select(e => e.EmployeeId).ToList(), t.Deadline,
                t.Priority, t.Urgent, t.ClientId, t.ParentId, t.CreatedAt })
            .ToListAsync(ct);
        var people = await db.Employees.AsNoTracking().IgnoreAutoIncludes().ToDictionaryAsync(e => e.Id, e => e.FullName, ct);
        var clientIds = rows.Where(r => r.ClientId != null).Select(r => r.ClientId!.Value).Distinct().ToList();
        var clients = await db.Clients.AsNoTracking().IgnoreAutoIncludes().Where(c => clientIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.FullName, ct);
        return new(rows.Select(r => new TaskRow(r.Id, r.Title, r.Kind, r.Status, people.GetValueOrDefault(r.AuthorId) ?? "",
            string.Join(", ", r.Executors.Select(e => people.GetValueOrDefault(e) ?? "")), r.Deadline, r.Priority, r.Urgent, r.ClientId,
            r.ClientId is { } c ? clients.GetValueOrDefault(c) : null, r.ParentId != null && r.Executors.Count == 0, r.CreatedAt)).ToList(), total);
    }

    /// <summary>The actor's unseen notices, newest first, with what the indicator's panel shows of each task.</summary>
    public async Task<IReadOnlyList<NoticeView>> UnseenAsync(Guid actorId, int take = 20, CancellationToken ct = default)
    {
        await using var db = factory.CreateDbContext();
        var actor = await db.ActorAsync(actorId, ct);
        var rows = await (from n in db.TaskNotices.AsNoTracking()
                          join t in db.Tasks.AsNoTracking().IgnoreAutoIncludes() on n.TaskId equals t.Id
                          where n.EmployeeId == actor.Id && n.SeenAt == null
                          orderby n.At descending
                          select new { n.Id, n.TaskId, n.Kind, n.Status, n.ById, n.At, t.Title, Current = t.Status, t.Version }).Take(take).ToListAsync(ct);
        var people = await db.Employees.AsNoTracking().IgnoreAutoIncludes().ToDictionaryAsync(e => e.Id, e => e.FullName, ct);
        return rows.Select(r => new NoticeView(r.Id, r.TaskId, r.Title, r.Kind, r.Status, r.Current, r.Version,
            r.ById is { } b ? people.GetValueOrDefault(b) : null, r.At)).ToList();
    }

    public async Task<int> UnseenCountAsync(Guid actorId, CancellationToken ct = default)
    {
        await using var db = factory.CreateDbContext();
        return await db.TaskNotices.CountAsync(n => n.EmployeeId == actorId && n.SeenAt == null, ct);
    }

    /// <summary>The indicator's panel closed: these notices are seen (only the actor's own).</summary>
    public async Task SeeAsync(Guid actorId, IReadOnlyCollection<Guid> noticeIds, CancellationToken ct = default)
    {
        await using var db = factory.CreateDbContext();
        var actor = await db.ActorAsync(actorId, ct);
        var ids = noticeIds.ToList();
        foreach (var n in await db.TaskNotices.Where(n => n.EmployeeId == actor.Id && ids.Contains(n.Id) && n.SeenAt == null).ToListAsync(ct)) n.See(Now);
        if (await db.SaveChangesAsync(ct) > 0) await bus.PublishAsync(new(LiveTopics.Tasks(actor.Id), NoticesSeen));
    }

    public const string NoticesSeen = "NoticesSeen";

    /// <summary>Changes the status as the actor may; the change and its note go into the task's history.</summary>
    public async Task ChangeStatusAsync(Guid actorId, Guid taskId, Guid expectedVersion, TaskState to, string? note,
        Guid? resultId = null, string? resultValue = null, CancellationToken ct = default)
    {
        await using var db = factory.CreateDbContext();
        var actor = await db.ActorAsync(actorId, ct);
        var task = await db.Tasks.AsSingleQuery().SingleOrDefaultAsync(t => t.Id == taskId, ct) ?? throw new NotFoundException();
        var role = RoleOf(actor, task);
        if (role == TaskRole.Other) throw new AccessDeniedException();
        db.ExpectVersion(task, expectedVersion);
        var template = task.TemplateId is { } tid ? await db.TaskTemplates.AsNoTracking().SingleAsync(t => t.Id == tid, ct) : null;
        task.SetStatus(role, to, note, actor.Id, Now, template, resultId, resultValue);
        db.TaskNotices.AddRange(TaskNotice.For(task, NoticeKind.StatusChanged, actor.Id, Now));
        await db.SaveOrConflictAsync(ct);
    }

    /// <summary>Remind again later (15 minutes, an hour, tomorrow 9:00, a picked time): the executors' or the author's own.</summary>
    public async Task SnoozeAsync(Guid actorId, Guid taskId, DateTime until, CancellationToken ct = default)
    {
        await using var db = factory.CreateDbContext();
        var actor = await db.ActorAsync(actorId, ct);
        var task = await db.Tasks.AsSingleQuery().SingleOrDefaultAsync(t => t.Id == taskId, ct) ?? throw new NotFoundException();
        if (task.RoleOf(actor.Id) == TaskRole.Other) throw new AccessDeniedException();
        task.Snooze(until, Now);
        foreach (var n in await db.TaskNotices.Where(n => n.EmployeeId == actor.Id && n.TaskId == task.Id && n.Kind == NoticeKind.Reminder && n.SeenAt == null).ToListAsync(ct))
            n.See(Now);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Takes a call from a campaign's shared pool: of two taking at once, one gets it and the other is told.</summary>
    public async Task TakeAsync(Guid actorId, Guid taskId, CancellationToken ct = default)
    {
        await using var db = factory.CreateDbContext();
        var actor = await db.ActorAsync(actorId, ct);
        var task = await db.Tasks.AsSingleQuery().SingleOrDefaultAsync(t => t.Id == taskId, ct) ?? throw new NotFoundException();
        if (task.ParentId is not { } campaignId) throw new DomainException("Error.Task.Taken");
        var campaign = await db.Tasks.AsNoTracking().AsSingleQuery().SingleAsync(t => t.Id == campaignId, ct);
        if (!campaign.ExecutorIds.Contains(actor.Id)) throw new AccessDeniedException();
        task.Take(actor.Id, Now);
        // The task's version is its concurrency token: the second taker's save finds it moved on.
        try { await db.SaveOrConflictAsync(ct); }
        catch (ConcurrencyConflictException) { throw new DomainException("Error.Task.Taken"); }
    }
}
