using Microsoft.EntityFrameworkCore;
using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Domain.Pipelines;
using Studio.Domain.Schedule;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Schedule;

namespace Studio.Infrastructure.Organisation;

/// <summary>
/// Who takes over what from <see cref="FromId"/>: open deals, clients (as their responsible), open tasks, and (optionally)
/// future lessons to a substitute teacher. A kind with no receiver stays with the employee.
/// </summary>
public sealed record HandoverPlan(Guid FromId, Guid? DealsTo, Guid? ClientsTo, Guid? TasksTo, Guid? LessonsTo = null);

/// <summary>A future lesson the substitute cannot take (busy, away, or not in the lesson's branch): it stays with its teacher.</summary>
public sealed record HandoverLessonLeft(Guid LessonId, string What, DateTime StartsAt, Guid BranchId, IReadOnlyList<ClashView> Clashes)
{
    /// <summary>The substitute does not work in the lesson's branch (or is its other teacher already).</summary>
    public bool NotInBranch { get; init; }
}

/// <summary>
/// What a handover moves, counted the way the save moves it: open deals, clients, open tasks, and the future lessons the
/// substitute can take; <see cref="LessonsLeft"/> are those that stay with the teacher (clashes, listed).
/// </summary>
public sealed record HandoverCounts(int Deals, int Clients, int Tasks, int Lessons, IReadOnlyList<HandoverLessonLeft> LessonsLeft);

/// <summary>
/// The owner hands one employee's work over to others in one action (DOMAIN.md, Pipelines: "Handover"): open deals and
/// clients to a new responsible, open tasks to a new executor, future lessons to a substitute teacher. All or nothing, in
/// one transaction; every item gets a line in its history (<see cref="Reassignment"/>; a task's also in its own history),
/// and every change leaves as its usual event, so boards, task lists, indicators and schedules follow live.
/// </summary>
public sealed class HandoverService(IDbContextFactory<StudioDbContext> factory, TimeProvider clock)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>The counts the dialog shows before saving: exactly what <see cref="HandOverAsync"/> would move now.</summary>
    public Task<HandoverCounts> PreviewAsync(Guid actorId, HandoverPlan plan, CancellationToken ct = default) =>
        factory.ReadAsync(actorId, Policy.ManageStaff, async (db, _) =>
        {
            var work = await ReadWorkAsync(db, plan, ct);
            var (take, left) = plan.LessonsTo is { } sub ? await SplitLessonsAsync(db, work.Lessons, plan.FromId, sub, ct) : ([], []);
            return new HandoverCounts(work.Deals.Count, work.Clients.Count, work.Tasks.Count, take.Count, left);
        }, ct);

    /// <summary>
    /// Hands the work over. Refused as a whole (nothing changes) when the actor is not the owner, a receiver is not active,
    /// or may not hold what they receive (a deal's board, clients). Lessons the substitute cannot take are left with their
    /// teacher and returned in <see cref="HandoverCounts.LessonsLeft"/>.
    /// </summary>
    public Task<HandoverCounts> HandOverAsync(Guid actorId, HandoverPlan plan, CancellationToken ct = default) =>
        factory.RunInTransactionAsync(actorId, Policy.ManageStaff, async (db, actor) =>
        {
            var now = Now;
            var work = await ReadWorkAsync(db, plan, ct, tracked: true);
            var people = await db.Employees.AsNoTracking().IgnoreAutoIncludes().ToDictionaryAsync(e => e.Id, e => e.FullName, ct);
            string Note(Guid to) => $"{people.GetValueOrDefault(plan.FromId, "?")} → {people.GetValueOrDefault(to, "?")}";

            if (plan.DealsTo is { } dealsTo)
                foreach (var deal in work.Deals)
                {
                    deal.Reassign(dealsTo);
                    db.Reassignments.Add(new Reassignment(HandoverItem.Deal, deal.Id, plan.FromId, dealsTo, actor.Id, now));
                }
            if (plan.ClientsTo is { } clientsTo)
                foreach (var client in work.Clients)
                {
                    client.Reassign(clientsTo);
                    db.Reassignments.Add(new Reassignment(HandoverItem.Client, client.Id, plan.FromId, clientsTo, actor.Id, now));
                }
            if (plan.TasksTo is { } tasksTo)
                foreach (var task in work.Tasks)
                {
                    if (!task.HandOver(plan.FromId, tasksTo, Note(tasksTo), actor.Id, now)) continue;
                    db.Reassignments.Add(new Reassignment(HandoverItem.Task, task.Id, plan.FromId, tasksTo, actor.Id, now));
                    if (tasksTo != actor.Id) db.TaskNotices.Add(new TaskNotice(tasksTo, task.Id, NoticeKind.Assigned, task.Status, actor.Id, now));
                }
            IReadOnlyList<HandoverLessonLeft> left = [];
            var moved = 0;
            if (plan.LessonsTo is { } sub && work.Lessons.Count > 0)
            {
                // The substitute's time is locked before it is read: two handovers (or a booking) never put them in two places.
                await db.LockAsync(work.Lessons.SelectMany(l => LessonRules.SlotLocks(Substituted(l.Slot, plan.FromId, sub))), ct);
                var (take, rest) = await SplitLessonsAsync(db, work.Lessons, plan.FromId, sub, ct);
                foreach (var lesson in take)
                {
                    lesson.Reschedule(Substituted(lesson.Slot, plan.FromId, sub));
                    db.Reassignments.Add(new Reassignment(HandoverItem.Lesson, lesson.Id, plan.FromId, sub, actor.Id, now));
                }
                (left, moved) = (rest, take.Count);
            }
            return new HandoverCounts(plan.DealsTo is null ? 0 : work.Deals.Count, plan.ClientsTo is null ? 0 : work.Clients.Count,
                plan.TasksTo is null ? 0 : work.Tasks.Count, moved, left);
        }, ct);

    private sealed record Work(List<Deal> Deals, List<Domain.Clients.Client> Clients, List<WorkTask> Tasks, List<Lesson> Lessons);

    /// <summary>The employee's open work, with every receiver checked first: a refused plan changes nothing.</summary>
    private async Task<Work> ReadWorkAsync(StudioDbContext db, HandoverPlan plan, CancellationToken ct, bool tracked = false)
    {
        var from = plan.FromId;
        if (!await db.Employees.AnyAsync(e => e.Id == from, ct)) throw new NotFoundException();
        var receivers = new[] { plan.DealsTo, plan.ClientsTo, plan.TasksTo, plan.LessonsTo }.OfType<Guid>().Distinct().ToList();
        if (receivers.Contains(from)) throw new DomainException("Error.Handover.Same");
        var staff = await db.Employees.AsNoTracking().Where(e => receivers.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct);
        if (receivers.Any(r => staff.GetValueOrDefault(r) is not { IsActive: true })) throw new DomainException("Error.Handover.Inactive");

        IQueryable<T> Q<T>(IQueryable<T> q) where T : class => tracked ? q : q.AsNoTracking();
        var deals = await Q(db.Deals).Where(d => d.ResponsibleId == from && d.ClosedAt == null).OrderBy(d => d.Id).ToListAsync(ct);
        var clients = await Q(db.Clients).Where(c => c.ResponsibleId == from && c.MergedIntoId == null).OrderBy(c => c.Id).ToListAsync(ct);
        var tasks = await Q(db.Tasks).AsSplitQuery()
            .Where(t => !WorkTask.Finished.Contains(t.Status) && t.Executors.Any(e => e.EmployeeId == from)).OrderBy(t => t.Id).ToListAsync(ct);
        var now = Now;
        var lessons = plan.LessonsTo is null ? []
            : await Q(db.Lessons).AsSplitQuery().Where(l => l.Status == LessonStatus.Planned && l.StartsAt >= now
                && (l.TeacherId == from || l.SecondTeacherId == from)).OrderBy(l => l.StartsAt).ToListAsync(ct);

        if (plan.DealsTo is { } dealsTo && deals.Count > 0)
        {
            // The new responsible must be allowed on every board the deals are on (a teacher never is; a manager as a member).
            var boardIds = deals.Select(d => d.BoardId).Distinct().ToList();
            var boards = await db.Boards.AsNoTracking().Where(b => boardIds.Contains(b.Id)).ToListAsync(ct);
            var closed = boards.Where(b => !staff[dealsTo].Can(Policy.SeeBoard, Scope.Of(staff[dealsTo], b))).Select(b => b.Name).Order().ToList();
            if (closed.Count > 0) throw new DomainException("Error.Handover.Board", staff[dealsTo].FullName, string.Join(", ", closed));
        }
        if (plan.ClientsTo is { } clientsTo && clients.Count > 0 && !staff[clientsTo].Can(Policy.SeeClients))
            throw new DomainException("Error.Handover.Clients", staff[clientsTo].FullName);
        return new Work(deals, clients, tasks, lessons);
    }

    /// <summary>The lessons the substitute can take (works in the branch, is free, not away) and those left, with why.</summary>
    private static async Task<(List<Lesson> Take, List<HandoverLessonLeft> Left)> SplitLessonsAsync(StudioDbContext db, List<Lesson> lessons,
        Guid from, Guid substitute, CancellationToken ct)
    {
        var take = new List<Lesson>();
        var left = new List<HandoverLessonLeft>();
        if (lessons.Count == 0) return (take, left);
        var sub = await db.Employees.AsNoTracking().SingleAsync(e => e.Id == substitute, ct);
        var names = await LessonNamesAsync(db, lessons, ct);
        foreach (var lesson in lessons)
        {
            var clients = lesson.Participants.Select(p => p.ClientId).ToList();
            if (!sub.WorksIn(lesson.BranchId) || lesson.HasTeacher(substitute))
            {
                left.Add(new HandoverLessonLeft(lesson.Id, names.GetValueOrDefault(lesson.Id, ""), lesson.StartsAt, lesson.BranchId, []) { NotInBranch = true });
                continue;
            }
            var slot = Substituted(lesson.Slot, from, substitute);
            // Only the substitute's time matters here: the room and the clients are as they were.
            var clashes = (await LessonRules.FindClashesAsync(db, lesson.Id, slot, clients, ct))
                .Where(c => c.Blocks && c.WhoId == substitute && take.All(t => t.Id != c.LessonId)).ToList();
            // A lesson of the teacher handed over in this same action is no longer theirs: it clashes only once taken.
            clashes.AddRange(take.Where(t => t.StartsAt < slot.EndsAt && t.EndsAt > slot.StartsAt)
                .Select(t => new Clash(ClashKind.TeacherBusy, substitute, t.Id, null, t.StartsAt, t.EndsAt)));
            if (clashes.Count == 0) take.Add(lesson);
            else left.Add(new HandoverLessonLeft(lesson.Id, names.GetValueOrDefault(lesson.Id, ""), lesson.StartsAt, lesson.BranchId,
                await LessonRules.DescribeAsync(db, clashes, ct)));
        }
        return (take, left);
    }

    private static LessonSlot Substituted(LessonSlot slot, Guid from, Guid to) =>
        slot.TeacherId == from ? slot with { TeacherId = to } : slot with { SecondTeacherId = to };

    private static async Task<Dictionary<Guid, string>> LessonNamesAsync(StudioDbContext db, List<Lesson> lessons, CancellationToken ct)
    {
        var ids = lessons.Select(l => l.Id).ToList();
        return await (from l in db.Lessons.AsNoTracking().IgnoreAutoIncludes()
                      join t in db.LessonTypes on l.TypeId equals t.Id
                      join s in db.LessonSeries on l.SeriesId equals s.Id into ss
                      from s in ss.DefaultIfEmpty()
                      where ids.Contains(l.Id)
                      select new { l.Id, Name = s != null ? s.Name : t.Name }).ToDictionaryAsync(x => x.Id, x => x.Name, ct);
    }
}
