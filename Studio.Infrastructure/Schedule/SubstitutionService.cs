using Microsoft.EntityFrameworkCore;
using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Domain.Schedule;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using static Studio.Infrastructure.Schedule.LessonRules;

namespace Studio.Infrastructure.Schedule;

/// <summary>Which lessons to hand over: one lesson, or a teacher's planned lessons from a day to a day (local days, both included).</summary>
public sealed record SubstitutionQuery(Guid FromTeacherId, DateOnly FromDay, DateOnly ToDay, Guid? LessonId = null)
{
    public static SubstitutionQuery ForLesson(LessonView lesson, Guid fromTeacherId) => new(fromTeacherId, lesson.Day, lesson.Day, lesson.Id);
}

/// <summary>
/// One lesson the substitute could take: free, or not — <see cref="Clashes"/> name the substitute's other lesson or absence at
/// that time, <see cref="Problem"/> an error code (the substitute does not work in the lesson's branch, already teaches it).
/// </summary>
public sealed record SubstitutionCandidate(LessonView Lesson, IReadOnlyList<ClashView> Clashes, string? Problem)
{
    public bool Free => Problem is null && Clashes.Count == 0;
}

/// <summary>What a substitution would do before it is saved: every lesson in the range, free or not.</summary>
public sealed record SubstitutionPlan(IReadOnlyList<SubstitutionCandidate> Lessons)
{
    public IReadOnlyList<SubstitutionCandidate> Free => Lessons.Where(l => l.Free).ToList();
}

/// <summary>A lesson handed over, as the person saw it (a later change is a conflict).</summary>
public sealed record SubstitutedLesson(Guid LessonId, Guid ExpectedVersion);

/// <summary>The save: these lessons go from one teacher to the substitute, for this reason.</summary>
public sealed record SubstitutionOrder(Guid FromTeacherId, Guid ToTeacherId, string? Reason, IReadOnlyList<SubstitutedLesson> Lessons);

/// <summary>A line of a lesson's history: "Anna replaced Olga — illness", by whom and when.</summary>
public sealed record SubstitutionLine(DateTime At, Guid FromTeacherId, string FromName, Guid ToTeacherId, string ToName, string? Reason, string ByName);

/// <summary>
/// A substitute teacher for one lesson, a day or a range (illness, a day off). Only planned lessons; the time, room and
/// participants stay. The substitute's other lessons and absences are checked like a booking's, under the same named
/// locks; the save is whole or nothing: a lesson that clashes or changed since refuses it all, naming why.
/// Each lesson keeps a history line (who replaced whom, why, by whom).
/// </summary>
public sealed class SubstitutionService(IDbContextFactory<StudioDbContext> factory, TimeProvider clock)
{
    /// <summary>The longest range handed over at once (a long sick leave is done in parts).</summary>
    public const int MaxDays = 93;
    public const int MaxLessons = 500;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>
    /// The lessons the query names, each checked for <paramref name="toTeacherId"/> (none checked when null: the substitute is
    /// not chosen yet). Only lessons in branches the person may schedule.
    /// </summary>
    public Task<SubstitutionPlan> PlanAsync(Guid actorId, SubstitutionQuery query, Guid? toTeacherId, CancellationToken ct = default) =>
        factory.ReadAsync<SubstitutionPlan>(actorId, null, async (db, actor) =>
        {
            var lessons = await LessonsAsync(db, actor, query, ct);
            if (lessons.Count == 0) return new SubstitutionPlan([]);
            var checks = toTeacherId is { } to
                ? await CheckAsync(db, lessons, query.FromTeacherId, to, ct)
                : lessons.ToDictionary(l => l.Id, _ => (Clashes: (IReadOnlyList<Clash>)[], Problem: (string?)null));
            var clashes = await DescribeAsync(db, checks.Values.SelectMany(c => c.Clashes).ToList(), ct);
            var views = new List<SubstitutionCandidate>();
            foreach (var g in lessons.GroupBy(l => l.BranchId))
            {
                var zone = await BranchZones.ZoneAsync(db, g.Key, ct);
                foreach (var view in await ScheduleReads.ViewsAsync(db, g.ToList(), zone, ct))
                {
                    var (found, problem) = checks[view.Id];
                    views.Add(new SubstitutionCandidate(view, clashes.Where(c => found.Any(f => f.LessonId == c.LessonId && f.WhoId == c.WhoId
                        && f.From == c.From && f.Kind == c.Kind)).ToList(), problem));
                }
            }
            return new SubstitutionPlan(views.OrderBy(v => v.Lesson.StartsAt).ToList());
        }, ct);

    /// <summary>
    /// Hands the lessons to the substitute, all of them or none: a lesson changed since is a conflict, one the substitute
    /// cannot take (busy, away, not of the branch) refuses the save naming it. Returns how many lessons were handed over.
    /// </summary>
    public Task<int> SubstituteAsync(Guid actorId, SubstitutionOrder order, CancellationToken ct = default) =>
        factory.RunInTransactionAsync(actorId, null, async (db, actor) =>
        {
            if (order.Lessons.Count == 0) throw new DomainException("Error.Substitute.NoLessons");
            if (order.Lessons.Count > MaxLessons) throw new DomainException("Error.Substitute.TooMany", MaxLessons);
            var ids = order.Lessons.Select(l => l.LessonId).Distinct().ToList();
            var lessons = await db.Lessons.AsSingleQuery().Where(l => ids.Contains(l.Id)).ToListAsync(ct);
            if (lessons.Count != ids.Count) throw new NotFoundException();
            foreach (var branchId in lessons.Select(l => l.BranchId).Distinct()) actor.Require(Policy.Schedule, Scope.Branch(actor, branchId));
            foreach (var (id, version) in order.Lessons) db.ExpectVersion(lessons.Single(l => l.Id == id), version);
            // Both teachers' named locks: a booking or another substitution of either waits for this one.
            await db.LockAsync([$"teacher:{order.FromTeacherId:N}", $"teacher:{order.ToTeacherId:N}"], ct);

            var checks = await CheckAsync(db, lessons, order.FromTeacherId, order.ToTeacherId, ct);
            if (checks.Values.FirstOrDefault(c => c.Problem is not null).Problem is { } problem) throw new DomainException(problem);
            var clashes = checks.Values.SelectMany(c => c.Clashes).Take(MaxClashesShown).ToList();
            if (clashes.Count > 0) throw new SlotTakenException(await DescribeAsync(db, clashes, ct));

            var now = Now;
            foreach (var lesson in lessons.OrderBy(l => l.StartsAt))
                db.LessonSubstitutions.Add(lesson.Substitute(order.FromTeacherId, order.ToTeacherId, order.Reason, now, actor.Id));
            await db.SaveOrConflictAsync(ct);
            return lessons.Count;
        }, ct);

    /// <summary>A lesson's substitutions, newest first: for its drawer.</summary>
    public Task<IReadOnlyList<SubstitutionLine>> HistoryAsync(Guid actorId, Guid lessonId, CancellationToken ct = default) =>
        factory.ReadAsync<IReadOnlyList<SubstitutionLine>>(actorId, null, async (db, actor) =>
        {
            var lesson = await db.Lessons.AsNoTracking().IgnoreAutoIncludes().SingleOrDefaultAsync(l => l.Id == lessonId, ct) ?? throw new NotFoundException();
            actor.Require(Policy.SeeLesson, Scope.Of(actor, lesson));
            var rows = await db.LessonSubstitutions.AsNoTracking().Where(s => s.LessonId == lessonId).ToListAsync(ct);
            if (rows.Count == 0) return [];
            var who = rows.SelectMany(r => new[] { r.FromTeacherId, r.ToTeacherId, r.ById }).Distinct().ToList();
            var names = await db.Employees.AsNoTracking().IgnoreAutoIncludes().Where(e => who.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.FullName, ct);
            return rows.OrderByDescending(r => r.At).ThenByDescending(r => r.Id)
                .Select(r => new SubstitutionLine(r.At, r.FromTeacherId, names.GetValueOrDefault(r.FromTeacherId) ?? "", r.ToTeacherId,
                    names.GetValueOrDefault(r.ToTeacherId) ?? "", r.Reason, names.GetValueOrDefault(r.ById) ?? "")).ToList();
        }, ct);

    /// <summary>The planned lessons the query names that the person may schedule; a range too long is refused.</summary>
    private static async Task<List<Lesson>> LessonsAsync(StudioDbContext db, Employee actor, SubstitutionQuery q, CancellationToken ct)
    {
        if (q.LessonId is { } id)
        {
            var lesson = await db.Lessons.AsNoTracking().AsSingleQuery().SingleOrDefaultAsync(l => l.Id == id, ct) ?? throw new NotFoundException();
            actor.Require(Policy.Schedule, Scope.Branch(actor, lesson.BranchId));
            if (lesson.Status != LessonStatus.Planned) throw new DomainException(lesson.Status == LessonStatus.Held ? "Error.Lesson.Held" : "Error.Lesson.Cancelled");
            if (!lesson.HasTeacher(q.FromTeacherId)) throw new DomainException("Error.Substitute.NotTeacher");
            return [lesson];
        }
        if (q.ToDay < q.FromDay) throw new DomainException("Error.Period");
        if (q.ToDay.DayNumber - q.FromDay.DayNumber + 1 > MaxDays) throw new DomainException("Error.Substitute.TooLong", MaxDays);
        var teacher = q.FromTeacherId;
        var lessons = await db.Lessons.AsNoTracking().AsSingleQuery()
            .Where(l => l.Status == LessonStatus.Planned && l.Day >= q.FromDay && l.Day <= q.ToDay && (l.TeacherId == teacher || l.SecondTeacherId == teacher))
            .OrderBy(l => l.StartsAt).Take(MaxLessons + 1).ToListAsync(ct);
        if (lessons.Count > MaxLessons) throw new DomainException("Error.Substitute.TooMany", MaxLessons);
        return lessons.Where(l => actor.Can(Policy.Schedule, Scope.Branch(actor, l.BranchId))).ToList();
    }

    /// <summary>
    /// For each lesson, what stands in the way of the substitute there: their other lessons at that time (the lessons handed
    /// over among themselves never clash: the first teacher could not be in two at once) and their absences; and whether they
    /// may teach there at all. The room stays, so it is not checked again.
    /// </summary>
    private static async Task<Dictionary<Guid, (IReadOnlyList<Clash> Clashes, string? Problem)>> CheckAsync(StudioDbContext db,
        IReadOnlyList<Lesson> lessons, Guid fromTeacherId, Guid toTeacherId, CancellationToken ct)
    {
        var substitute = await db.Employees.AsNoTracking().SingleOrDefaultAsync(e => e.Id == toTeacherId, ct);
        if (substitute is not { IsActive: true }) throw new DomainException("Error.Lesson.Teacher");
        var (from, to) = (lessons.Min(l => l.StartsAt), lessons.Max(l => l.EndsAt));
        var (others, absences) = await AroundAsync(db, [toTeacherId], null, [], from, to, ct);
        var handed = lessons.Select(l => l.Id).ToHashSet();
        others = others.Where(o => !handed.Contains(o.Id)).ToList();
        var result = new Dictionary<Guid, (IReadOnlyList<Clash>, string?)>();
        foreach (var lesson in lessons)
        {
            string? problem = !substitute.WorksIn(lesson.BranchId) ? "Error.Substitute.NotInBranch"
                : toTeacherId == fromTeacherId || lesson.HasTeacher(toTeacherId) ? "Error.Substitute.AlreadyTeaches"
                : !lesson.HasTeacher(fromTeacherId) ? "Error.Substitute.NotTeacher"
                : lesson.Status != LessonStatus.Planned ? (lesson.Status == LessonStatus.Held ? "Error.Lesson.Held" : "Error.Lesson.Cancelled")
                : null;
            var slot = lesson.TeacherId == fromTeacherId ? lesson.Slot with { TeacherId = toTeacherId } : lesson.Slot with { SecondTeacherId = toTeacherId };
            var clashes = problem is null
                ? Clashes.Find(lesson.Id, slot with { RoomId = null }, [], others, absences).Where(c => c.Blocks && c.WhoId == toTeacherId).ToList()
                : [];
            result[lesson.Id] = (clashes, problem);
        }
        return result;
    }
}
