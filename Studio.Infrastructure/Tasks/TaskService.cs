using Studio.Domain.Clients;
using Microsoft.EntityFrameworkCore;
using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Live;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Schedule;

namespace Studio.Infrastructure.Tasks;

public sealed record NewTask(TaskKind Kind, Guid? TemplateId, string? Title, string? Description, IReadOnlyList<Guid> ExecutorIds,
    DateTime? Deadline = null, DateTime? RemindAt = null, TaskPriority Priority = TaskPriority.Medium, bool Urgent = false,
    Guid? ClientId = null, string? Phone = null, CallDirection? Direction = null, Guid? DealId = null);

/// <summary>
/// One unseen notice. A deal's due callback (<see cref="NoticeKind.Callback"/>) has no task (<see cref="TaskId"/> empty): its
/// <see cref="DealId"/>, <see cref="BoardId"/>, client and callback time say what to open; its title is the deal's (or the client's name).
/// </summary>
public sealed record NoticeView(Guid Id, Guid TaskId, string Title, NoticeKind Kind, TaskState Status, TaskState Current, Guid TaskVersion,
    string? ByName, DateTime At)
{
    public Guid? DealId { get; init; }
    public Guid? BoardId { get; init; }
    public string? ClientName { get; init; }
    public DateTime? CallbackAt { get; init; }
}

public enum TaskScope { Mine, All }

public sealed record TaskFilter(TaskScope Scope = TaskScope.Mine, TaskState? Status = null, string? Text = null, Guid? ClientId = null,
    bool IncludeFinished = true, int Skip = 0, int Take = 50)
{
    /// <summary>The client's name (any alphabet, any case) or a fragment of one of their phones.</summary>
    public string? ClientText { get; init; }
    public Guid? ExecutorId { get; init; }
    public Guid? AuthorId { get; init; }
    public TaskKind? Kind { get; init; }
    public Guid? TemplateId { get; init; }
    public TaskPriority? Priority { get; init; }
    public bool UrgentOnly { get; init; }
    /// <summary>The deadline has passed and the task is not finished.</summary>
    public bool OverdueOnly { get; init; }
    /// <summary>UTC bounds: from inclusive, before exclusive (the page turns local days into them).</summary>
    public DateTime? DeadlineFrom { get; init; }
    public DateTime? DeadlineBefore { get; init; }
    public DateTime? CreatedFrom { get; init; }
    public DateTime? CreatedBefore { get; init; }
    /// <summary>The calls of this campaign.</summary>
    public Guid? ParentId { get; init; }
    /// <summary>The top bar's branch: tasks in it as <see cref="TaskBranches"/> says; null: every branch.</summary>
    public Guid? BranchId { get; init; }
    public TaskSort Sort { get; init; }
}

public enum TaskSort { Newest, Deadline }

public sealed record TaskRow(Guid Id, string Title, TaskKind Kind, TaskState Status, string AuthorName, string ExecutorNames, DateTime? Deadline,
    TaskPriority Priority, bool Urgent, Guid? ClientId, string? ClientName, bool InPool, DateTime CreatedAt)
{
    /// <summary>A campaign's calls: how many there are and how many are finished (done, closed or cancelled).</summary>
    public int CallsTotal { get; init; }
    public int CallsFinished { get; init; }
}

public sealed record TaskPage(IReadOnlyList<TaskRow> Items, int Total);

public sealed record TaskChangeView(TaskState? From, TaskState To, string? Note, string ByName, DateTime At);

public sealed record TaskView(Guid Id, Guid Version, TaskKind Kind, Guid? TemplateId, string Title, string? Description, Guid AuthorId,
    string AuthorName, IReadOnlyList<Guid> ExecutorIds, TaskState Status, DateTime? Deadline, DateTime? RemindAt, TaskPriority Priority,
    bool Urgent, Guid? ClientId, string? Phone, CallDirection? Direction, Guid? ParentId, Guid? ResultId, string? ResultValue,
    DateTime CreatedAt, IReadOnlyList<TaskChangeView> History, IReadOnlyList<TaskState> Choices)
{
    /// <summary>The results the task's template offers (Done needs one of them when there are any).</summary>
    public IReadOnlyList<ResultView> Results { get; init; } = [];
    /// <summary>The client's parent or guardian to call instead of the client (<see cref="Guardian.ContactOf"/>); null: the client.</summary>
    public Guardian? CallGuardian { get; init; }
}

/// <summary>What finishing with a result starts: when to call again ("Thinking"), or the trial lesson to book ("Booked a trial").</summary>
public sealed record FollowUpInput(DateTime? CallAt = null, TrialBooking? Trial = null);

/// <summary>The trial lesson a call books: the branch's local start, the type, teacher and room.</summary>
public sealed record TrialBooking(Guid BranchId, Guid TypeId, DateTime LocalStart, Guid TeacherId, Guid? RoomId, int? DurationMinutes = null);

public sealed record ResultView(Guid Id, string Name, ResultField Field, IReadOnlyList<string> Choices, FollowUp FollowUp = FollowUp.None);

/// <summary>
/// Tasks and calls. Every call re-reads the actor; who may set which status is <see cref="TaskStatusPolicy"/>
/// (the owner acts as the author of any task). Status changes carry the version the person saw.
/// </summary>
public sealed partial class TaskService(IDbContextFactory<StudioDbContext> factory, TimeProvider clock, ScheduleService schedule, Organisation.OrganisationSettingsSource settings)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>At least one executor, and every one an active employee.</summary>
    private static async Task RequireExecutorsAsync(StudioDbContext db, IReadOnlyCollection<Guid> executors, CancellationToken ct)
    {
        if (executors.Count == 0) throw new DomainException("Error.Required", "Executors");
        if (await db.Employees.CountAsync(e => executors.Contains(e.Id) && e.IsActive, ct) != executors.Count) throw new DomainException("Error.Task.Executor");
    }

    /// <summary>An open deal on a board the actor may see (a task cannot be hung on a deal they could not open).</summary>
    private static async Task<DealLink> DealLinkAsync(StudioDbContext db, Employee actor, Guid dealId, CancellationToken ct)
    {
        var deal = await db.Deals.AsNoTracking().IgnoreAutoIncludes().Where(d => d.Id == dealId && d.ClosedAt == null)
            .Select(d => new { d.Id, d.BoardId, d.ClientId }).SingleOrDefaultAsync(ct) ?? throw new NotFoundException();
        var board = await db.Boards.AsNoTracking().SingleAsync(b => b.Id == deal.BoardId, ct);
        actor.Require(Policy.SeeBoard, Scope.Of(actor, board));
        Pipelines.PipelineService.RefuseArchived(board); // an archived board's deals are read-only: no new task on them either
        return new DealLink(deal.Id, deal.BoardId, deal.ClientId);
    }

    /// <summary>Everyone's name by id: authors, executors and whoever changed a task (people who left included).</summary>
    private static Task<Dictionary<Guid, string>> NamesAsync(StudioDbContext db, CancellationToken ct) =>
        db.Employees.AsNoTracking().IgnoreAutoIncludes().ToDictionaryAsync(e => e.Id, e => e.FullName, ct);

    /// <summary>How the actor stands to the task; the owner may always act as its author.</summary>
    internal static TaskRole RoleOf(Employee actor, WorkTask task)
    {
        var role = task.RoleOf(actor.Id);
        return actor.Role == EmployeeRole.Owner && role is TaskRole.Other ? TaskRole.Author
            : actor.Role == EmployeeRole.Owner && role is TaskRole.Executor ? TaskRole.AuthorExecutor : role;
    }

    public Task<Guid> CreateAsync(Guid actorId, NewTask input, CancellationToken ct = default) =>
        factory.RunAsync<Guid>(actorId, null, async (db, actor) =>
        {
            var template = input.TemplateId is { } tid ? await db.TaskTemplates.AsNoTracking().SingleOrDefaultAsync(t => t.Id == tid, ct) ?? throw new NotFoundException() : null;
            var kind = template?.Kind ?? input.Kind;
            var executors = input.ExecutorIds.Distinct().ToList();
            await RequireExecutorsAsync(db, executors, ct);
            if (input.ClientId is { } cid && !await db.Clients.AnyAsync(c => c.Id == cid && c.MergedIntoId == null, ct)) throw new NotFoundException();
            var deal = input.DealId is { } did ? await DealLinkAsync(db, actor, did, ct) : null;
            var title = string.IsNullOrWhiteSpace(input.Title) ? $"{template?.Name ?? kind.ToString()} {Now:dd.MM.yyyy}" : input.Title;
            // A deal's call or client task is about the deal's client unless the form named them.
            var clientId = input.ClientId ?? (kind is TaskKind.Internal ? null : deal?.ClientId);
            var task = new WorkTask(kind, template?.Id, title, input.Description, actor.Id, executors, Now, clientId,
                await PhoneAsync(input.Phone, ct), input.Direction, deal: deal);
            task.Schedule(input.Deadline, input.RemindAt, input.Priority, input.Urgent);
            db.Tasks.Add(task);
            db.TaskNotices.AddRange(TaskNotice.For(task, NoticeKind.Assigned, actor.Id, Now));
            await db.SaveChangesAsync(ct);
            return task.Id;
        }, ct);

    /// <summary>
    /// A call campaign: one personal-call task per client under it. One executor: the calls are theirs. Several:
    /// the campaign is in each one's list and the calls wait in a shared pool.
    /// </summary>
    public Task<Guid> CreateCampaignAsync(Guid actorId, Guid? templateId, string title, IReadOnlyList<Guid> executorIds,
        IReadOnlyList<Guid> clientIds, CancellationToken ct = default) =>
        factory.RunAsync<Guid>(actorId, Policy.SeeAllTasks, async (db, actor) =>
        {
            var executors = executorIds.Distinct().ToList();
            await RequireExecutorsAsync(db, executors, ct);
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
        }, ct);

    public Task<TaskView> GetAsync(Guid actorId, Guid taskId, CancellationToken ct = default) =>
        factory.RunAsync<TaskView>(actorId, null, async (db, actor) =>
        {
            var task = await db.Tasks.AsSingleQuery().SingleOrDefaultAsync(t => t.Id == taskId, ct) ?? throw new NotFoundException();
            var role = RoleOf(actor, task);
            if (role == TaskRole.Other && !task.InPool) throw new AccessDeniedException();
            // An executor opening a new task has read it; opening a task sees its notices.
            var read = task.MarkRead(actor.Id, Now);
            if (read) db.TaskNotices.AddRange(TaskNotice.For(task, NoticeKind.StatusChanged, actor.Id, Now));
            var unseen = await db.TaskNotices.Where(n => n.EmployeeId == actor.Id && n.TaskId == task.Id && n.SeenAt == null).ToListAsync(ct);
            foreach (var n in unseen) n.See(Now);
            await db.SaveChangesAsync(ct);
            var people = await NamesAsync(db, ct);
            return new(task.Id, task.Version, task.Kind, task.TemplateId, task.Title, task.Description, task.AuthorId,
                people.GetValueOrDefault(task.AuthorId) ?? "", task.ExecutorIds, task.Status, task.Deadline, task.RemindAt, task.Priority, task.Urgent,
                task.ClientId, task.Phone, task.Direction, task.ParentId, task.ResultId, task.ResultValue, task.CreatedAt,
                task.History.OrderBy(h => h.At).Select(h => new TaskChangeView(h.From, h.To, h.Note, people.GetValueOrDefault(h.ById) ?? "", h.At)).ToList(),
                TaskStatusPolicy.Choices(role, task.Status))
            {
                Results = task.TemplateId is { } tid
                    ? (await db.TaskTemplates.AsNoTracking().SingleAsync(t => t.Id == tid, ct)).Results.OrderBy(r => r.Order)
                        .Select(r => new ResultView(r.Id, r.Name, r.Field, r.Choices, r.FollowUp)).ToList()
                    : [],
                CallGuardian = task.ClientId is { } cid
                    && await db.Clients.AsNoTracking().IgnoreAutoIncludes().Where(c => c.Id == cid).Select(c => new { c.Guardians, c.BirthDate })
                        .SingleOrDefaultAsync(ct) is { } client
                    ? Guardian.ContactOf(client.Guardians, client.BirthDate, DateOnly.FromDateTime(Now)) : null,
            };
        }, ct);

    /// <summary>
    /// A page of tasks: "mine" are those the actor set or does (and the pool of campaigns they share); "all" is for the
    /// owner and managers. Text searches title and description, client text the client's name or phones; every filter
    /// narrows one query (plus the name lookups). Newest first with urgent on top, or by the nearest deadline.
    /// </summary>
    public Task<TaskPage> ListAsync(Guid actorId, TaskFilter filter, CancellationToken ct = default) =>
        factory.ReadAsync<TaskPage>(actorId, null, async (db, actor) =>
        {
            if (filter.Scope == TaskScope.All) actor.Require(Policy.SeeAllTasks);
            var q = Filtered(db, actor.Id, filter);
            var total = await q.CountAsync(ct);
            var ordered = filter.Sort == TaskSort.Deadline
                ? q.OrderBy(t => t.Deadline == null).ThenBy(t => t.Deadline).ThenByDescending(t => t.Urgent).ThenBy(t => t.Id)
                : q.OrderByDescending(t => t.Urgent).ThenByDescending(t => t.CreatedAt).ThenBy(t => t.Id);
            var calls = db.Tasks.AsNoTracking().IgnoreAutoIncludes();
            // One command: the executors join in (single query), a campaign's progress is counted in subqueries.
            var rows = await ordered.Skip(Math.Max(0, filter.Skip)).Take(Math.Clamp(filter.Take, 1, 200)).AsSingleQuery()
                .Select(t => new { t.Id, t.Title, t.Kind, t.Status, t.AuthorId, Executors = t.Executors.Select(e => e.EmployeeId).ToList(), t.Deadline,
                    t.Priority, t.Urgent, t.ClientId, t.ParentId, t.CreatedAt,
                    CallsTotal = t.Kind == TaskKind.CallCampaign ? calls.Count(c => c.ParentId == t.Id) : 0,
                    CallsFinished = t.Kind == TaskKind.CallCampaign ? calls.Count(c => c.ParentId == t.Id && WorkTask.Finished.Contains(c.Status)) : 0 })
                .ToListAsync(ct);
            var people = await NamesAsync(db, ct);
            var clientIds = rows.Where(r => r.ClientId != null).Select(r => r.ClientId!.Value).Distinct().ToList();
            var clients = clientIds.Count == 0 ? [] : await db.Clients.AsNoTracking().IgnoreAutoIncludes().Where(c => clientIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.FullName, ct);
            return new(rows.Select(r => new TaskRow(r.Id, r.Title, r.Kind, r.Status, people.GetValueOrDefault(r.AuthorId) ?? "",
                string.Join(", ", r.Executors.Select(e => people.GetValueOrDefault(e) ?? "")), r.Deadline, r.Priority, r.Urgent, r.ClientId,
                r.ClientId is { } c ? clients.GetValueOrDefault(c) : null, r.ParentId != null && r.Executors.Count == 0, r.CreatedAt)
                { CallsTotal = r.CallsTotal, CallsFinished = r.CallsFinished }).ToList(), total);
        }, ct);

    private IQueryable<WorkTask> Filtered(StudioDbContext db, Guid actorId, TaskFilter filter)
    {
        var q = db.Tasks.AsNoTracking().IgnoreAutoIncludes().AsQueryable();
        if (filter.Scope == TaskScope.Mine)
        {
            var campaigns = db.Tasks.Where(c => c.Kind == TaskKind.CallCampaign && c.Executors.Any(e => e.EmployeeId == actorId)).Select(c => c.Id);
            q = q.Where(t => t.AuthorId == actorId || t.Executors.Any(e => e.EmployeeId == actorId)
                || (t.ParentId != null && !t.Executors.Any() && campaigns.Contains(t.ParentId.Value)));
        }
        q = q.InBranch(db, filter.BranchId);
        if (filter.Status is { } st) q = q.Where(t => t.Status == st);
        else if (!filter.IncludeFinished) q = q.Where(t => !WorkTask.Finished.Contains(t.Status));
        if (filter.ClientId is { } cid) q = q.Where(t => t.ClientId == cid);
        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var text = filter.Text.Trim().ToLowerInvariant();
            q = q.Where(t => t.SearchKey.Contains(text));
        }
        if (!string.IsNullOrWhiteSpace(filter.ClientText))
        {
            // Names: the client's lower-cased key (case in any alphabet on every database). Phones: the digits typed,
            // inside the stored E.164 number ("067 100", "+38067100…", "0671000001" all find +380671000001).
            var text = filter.ClientText.Trim();
            var lower = text.ToLowerInvariant();
            var digits = new string(text.Where(char.IsAsciiDigit).ToArray());
            var phoneLike = digits.Length >= 3 && text.All(ch => char.IsAsciiDigit(ch) || ch is '+' or ' ' or '-' or '(' or ')');
            var matching = phoneLike
                ? db.Clients.Where(c => c.Phones.Any(p => p.Number.Contains(digits))).Select(c => c.Id)
                : db.Clients.Where(c => c.SearchKey.Contains(lower)).Select(c => c.Id);
            q = q.Where(t => t.ClientId != null && matching.Contains(t.ClientId.Value));
        }
        if (filter.ExecutorId is { } ex) q = q.Where(t => t.Executors.Any(e => e.EmployeeId == ex));
        if (filter.AuthorId is { } au) q = q.Where(t => t.AuthorId == au);
        if (filter.Kind is { } kind) q = q.Where(t => t.Kind == kind);
        if (filter.TemplateId is { } tid) q = q.Where(t => t.TemplateId == tid);
        if (filter.Priority is { } pr) q = q.Where(t => t.Priority == pr);
        if (filter.UrgentOnly) q = q.Where(t => t.Urgent);
        if (filter.OverdueOnly)
        {
            var now = Now;
            q = q.Where(t => t.Deadline != null && t.Deadline < now && !WorkTask.Finished.Contains(t.Status));
        }
        if (filter.DeadlineFrom is { } df) { var from = AsUtc(df); q = q.Where(t => t.Deadline >= from); }
        if (filter.DeadlineBefore is { } db2) { var before = AsUtc(db2); q = q.Where(t => t.Deadline < before); }
        if (filter.CreatedFrom is { } cf) { var from = AsUtc(cf); q = q.Where(t => t.CreatedAt >= from); }
        if (filter.CreatedBefore is { } cb) { var before = AsUtc(cb); q = q.Where(t => t.CreatedAt < before); }
        if (filter.ParentId is { } parent) q = q.Where(t => t.ParentId == parent);
        return q;
    }

    private static DateTime AsUtc(DateTime d) => d.Kind switch
    {
        DateTimeKind.Utc => d,
        DateTimeKind.Local => d.ToUniversalTime(),
        _ => DateTime.SpecifyKind(d, DateTimeKind.Utc),
    };

    /// <summary>The actor's unseen notices, newest first, with what the indicator's panel shows of each task.</summary>
    public Task<IReadOnlyList<NoticeView>> UnseenAsync(Guid actorId, int take = 20, CancellationToken ct = default) =>
        factory.ReadAsync<IReadOnlyList<NoticeView>>(actorId, null, async (db, actor) =>
        {
            var rows = await (from n in db.TaskNotices.AsNoTracking()
                              join t in db.Tasks.AsNoTracking().IgnoreAutoIncludes() on n.TaskId equals t.Id
                              where n.EmployeeId == actor.Id && n.SeenAt == null
                              orderby n.At descending
                              select new { n.Id, n.TaskId, n.Kind, n.Status, n.ById, n.At, t.Title, Current = t.Status, t.Version }).Take(take).ToListAsync(ct);
            var people = await NamesAsync(db, ct);
            var callbacks = await (from n in UnseenCallbacks(db, actor.Id)
                                   join d in db.Deals.AsNoTracking().IgnoreAutoIncludes() on n.DealId equals d.Id
                                   join c in db.Clients.AsNoTracking().IgnoreAutoIncludes() on d.ClientId equals c.Id
                                   orderby n.At descending
                                   select new { n.Id, n.DealId, d.BoardId, d.Title, c.FullName, d.CallbackAt, d.Version, n.At }).Take(take).ToListAsync(ct);
            return rows.Select(r => new NoticeView(r.Id, r.TaskId, r.Title, r.Kind, r.Status, r.Current, r.Version,
                    r.ById is { } b ? people.GetValueOrDefault(b) : null, r.At))
                .Concat(callbacks.Select(c => new NoticeView(c.Id, Guid.Empty, c.Title ?? c.FullName, NoticeKind.Callback, TaskState.New, TaskState.New,
                    c.Version, null, c.At) { DealId = c.DealId, BoardId = c.BoardId, ClientName = c.FullName, CallbackAt = c.CallbackAt }))
                .OrderByDescending(n => n.At).ThenBy(n => n.Id).Take(take).ToList();
        }, ct);

    /// <summary>The person's unseen callback notices of deals still open with a callback (one closed or cleared meanwhile is no longer due).</summary>
    private static IQueryable<CallbackNotice> UnseenCallbacks(StudioDbContext db, Guid employeeId) =>
        db.CallbackNotices.AsNoTracking().Where(n => n.EmployeeId == employeeId && n.SeenAt == null
            && db.Deals.Any(d => d.Id == n.DealId && d.ClosedAt == null && d.CallbackAt != null));

    /// <summary>The person's unseen task and callback notices, counted in one command (the badge reads it on every change).</summary>
    public Task<int> UnseenCountAsync(Guid actorId, CancellationToken ct = default) =>
        factory.ReadAsync(actorId, null, (db, actor) => db.TaskNotices.AsNoTracking().Where(n => n.EmployeeId == actor.Id && n.SeenAt == null).Select(n => n.Id)
            .Concat(UnseenCallbacks(db, actor.Id).Select(n => n.Id)).CountAsync(ct), ct);

    /// <summary>The indicator's panel closed: these notices are seen (only the actor's own).</summary>
    public Task SeeAsync(Guid actorId, IReadOnlyCollection<Guid> noticeIds, CancellationToken ct = default) =>
        factory.RunAsync(actorId, null, async (db, actor) =>
        {
            var ids = noticeIds.ToList();
            foreach (var n in await db.TaskNotices.Where(n => n.EmployeeId == actor.Id && ids.Contains(n.Id) && n.SeenAt == null).ToListAsync(ct)) n.See(Now);
            foreach (var n in await db.CallbackNotices.Where(n => n.EmployeeId == actor.Id && ids.Contains(n.Id) && n.SeenAt == null).ToListAsync(ct)) n.See(Now);
            await db.SaveChangesAsync(ct);
        }, ct);

    /// <summary>The kind of message on the person's <see cref="LiveTopics.Tasks"/> topic when they saw notices of a task (<see cref="NoticeSeen"/>).</summary>
    public const string NoticesSeen = "NoticesSeen";

    /// <summary>
    /// Changes the status as the actor may; the change and its note go into the task's history. Done with a result that starts a
    /// follow-up makes it in the same transaction: "Thinking" a personal call at <see cref="FollowUpInput.CallAt"/> (tomorrow by
    /// default), "Booked a trial" the trial lesson through the schedule's rules — a taken slot refuses the whole change.
    /// </summary>
    public async Task ChangeStatusAsync(Guid actorId, Guid taskId, Guid expectedVersion, TaskState to, string? note,
        Guid? resultId = null, string? resultValue = null, FollowUpInput? followUp = null, CancellationToken ct = default)
    {
        try
        {
            await factory.RunInTransactionAsync(actorId, null, async (db, actor) =>
            {
                var task = await db.Tasks.AsSingleQuery().SingleOrDefaultAsync(t => t.Id == taskId, ct) ?? throw new NotFoundException();
                var role = RoleOf(actor, task);
                if (role == TaskRole.Other) throw new AccessDeniedException();
                db.ExpectVersion(task, expectedVersion);
                var template = task.TemplateId is { } tid ? await db.TaskTemplates.AsNoTracking().SingleAsync(t => t.Id == tid, ct) : null;
                var result = to == TaskState.Done ? template?.Results.FirstOrDefault(r => r.Id == resultId) : null;
                // The trial's day is the result's date: one value, never two that disagree.
                if (result is { FollowUp: FollowUp.BookTrial, Field: ResultField.Date } && followUp?.Trial is { } t)
                    resultValue = DateOnly.FromDateTime(t.LocalStart).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
                task.SetStatus(role, to, note, actor.Id, Now, template, resultId, resultValue);
                db.TaskNotices.AddRange(TaskNotice.For(task, NoticeKind.StatusChanged, actor.Id, Now));
                switch (result?.FollowUp)
                {
                    case FollowUp.PersonalCall:
                        AddFollowUpCall(db, task, actor.Id, followUp?.CallAt ?? Now.AddDays(1), Now);
                        break;
                    case FollowUp.BookTrial:
                        var trial = followUp?.Trial ?? throw new DomainException("Error.Task.TrialRequired");
                        var clientId = task.ClientId ?? throw new DomainException("Error.Required", "Client");
                        await schedule.BookInAsync(db, actor, new LessonDraft(trial.BranchId, trial.TypeId, trial.LocalStart, trial.DurationMinutes,
                            trial.RoomId, trial.TeacherId, null, [clientId], task.Title), ct);
                        break;
                }
                await db.SaveChangesAsync(ct);
                return true;
            }, ct);
        }
        catch (DbUpdateConcurrencyException) { throw new ConcurrencyConflictException(); }
    }

    /// <summary>"Thinking": a personal call to the same client by the same people, from the same template.</summary>
    private static void AddFollowUpCall(StudioDbContext db, WorkTask task, Guid byId, DateTime callAt, DateTime now)
    {
        if (task.ClientId is null) return;
        if (callAt <= now) throw new DomainException("Error.Task.FollowUpPast");
        var executors = task.ExecutorIds.Count > 0 ? task.ExecutorIds : [byId];
        var call = new WorkTask(TaskKind.PersonalCall, task.TemplateId, task.Title, task.Description, byId, executors, now,
            task.ClientId, task.Phone, CallDirection.Outgoing);
        call.Schedule(callAt, callAt, task.Priority, urgent: false);
        db.Tasks.Add(call);
        db.TaskNotices.AddRange(TaskNotice.For(call, NoticeKind.Assigned, byId, now));
    }

    /// <summary>Remind again later (15 minutes, an hour, tomorrow 9:00, a picked time): the executors' or the author's own.</summary>
    public Task SnoozeAsync(Guid actorId, Guid taskId, DateTime until, CancellationToken ct = default) =>
        factory.RunAsync(actorId, null, async (db, actor) =>
        {
            var task = await db.Tasks.AsSingleQuery().SingleOrDefaultAsync(t => t.Id == taskId, ct) ?? throw new NotFoundException();
            if (task.RoleOf(actor.Id) == TaskRole.Other) throw new AccessDeniedException();
            task.Snooze(until, Now);
            foreach (var n in await db.TaskNotices.Where(n => n.EmployeeId == actor.Id && n.TaskId == task.Id && n.Kind == NoticeKind.Reminder && n.SeenAt == null).ToListAsync(ct))
                n.See(Now);
            await db.SaveChangesAsync(ct);
        }, ct);

    /// <summary>
    /// Reminds of a deal's due callback again later (as a task's reminder: 15 minutes, an hour, tomorrow 9:00, a picked time):
    /// the deal's responsible, or whoever was reminded of it. The mark is moved by a small update of its own, never with the
    /// deal's version, so someone editing the deal meanwhile meets no conflict; a new callback time re-arms it anyway.
    /// </summary>
    public Task SnoozeCallbackAsync(Guid actorId, Guid dealId, DateTime until, CancellationToken ct = default) =>
        factory.RunAsync(actorId, null, async (db, actor) =>
        {
            var deal = await db.Deals.AsNoTracking().IgnoreAutoIncludes().Where(d => d.Id == dealId)
                .Select(d => new { d.ResponsibleId }).SingleOrDefaultAsync(ct) ?? throw new NotFoundException();
            if (deal.ResponsibleId != actor.Id && !await db.CallbackNotices.AnyAsync(n => n.DealId == dealId && n.EmployeeId == actor.Id, ct))
                throw new AccessDeniedException();
            if (Guard.Utc(until) <= Now) throw new DomainException("Error.Task.SnoozePast");
            await db.Deals.Where(d => d.Id == dealId && d.CallbackAt != null && d.ClosedAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.CallbackRemindAt, (DateTime?)until), ct);
            foreach (var n in await db.CallbackNotices.Where(n => n.EmployeeId == actor.Id && n.DealId == dealId && n.SeenAt == null).ToListAsync(ct))
                n.See(Now);
            await db.SaveChangesAsync(ct);
        }, ct);

    /// <summary>Takes a call from a campaign's shared pool: of two taking at once, one gets it and the other is told.</summary>
    public Task TakeAsync(Guid actorId, Guid taskId, CancellationToken ct = default) =>
        factory.RunAsync(actorId, null, async (db, actor) =>
        {
            var task = await db.Tasks.AsSingleQuery().SingleOrDefaultAsync(t => t.Id == taskId, ct) ?? throw new NotFoundException();
            if (task.ParentId is not { } campaignId) throw new DomainException("Error.Task.Taken");
            var campaign = await db.Tasks.AsNoTracking().AsSingleQuery().SingleAsync(t => t.Id == campaignId, ct);
            if (!campaign.ExecutorIds.Contains(actor.Id)) throw new AccessDeniedException();
            task.Take(actor.Id, Now);
            // The task's version is its concurrency token: the second taker's save finds it moved on.
            try { await db.SaveOrConflictAsync(ct); }
            catch (ConcurrencyConflictException) { throw new DomainException("Error.Task.Taken"); }
        }, ct);
}
