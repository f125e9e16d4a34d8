using Microsoft.EntityFrameworkCore;
using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Domain.Schedule;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;

namespace Studio.Infrastructure.Schedule;

/// <summary>A cell of the group journal: what the lesson's attendance says of one participant.</summary>
public enum JournalMark
{
    /// <summary>Not a participant of that lesson (joined later, left before).</summary>
    None,
    /// <summary>The lesson is not marked held yet.</summary>
    Expected,
    Present,
    Absent,
    /// <summary>Absent, and the visit was charged all the same.</summary>
    AbsentCharged,
    /// <summary>Away on a freeze: absent, never charged.</summary>
    Frozen,
}

/// <summary>A column: one lesson of the group, with how many came (a cancelled lesson shows, struck through, and counts nothing).</summary>
public sealed record JournalDate(Guid LessonId, Guid Version, DateOnly Day, DateTime LocalStart, LessonStatus Status, bool CanMark, bool Future,
    int Present, int Absent);

/// <summary>A row: one participant and their marks in the columns' order, with their totals.</summary>
public sealed record JournalRow(Guid ClientId, string Name, IReadOnlyList<JournalMark> Marks)
{
    public int Present => Marks.Count(m => m == JournalMark.Present);
    public int Absent => Marks.Count(m => m is JournalMark.Absent or JournalMark.AbsentCharged or JournalMark.Frozen);
}

/// <summary>A group's journal over a period: its lessons (dates) × participants, each cell a mark.</summary>
public sealed record GroupJournal(Guid SeriesId, string Name, Guid BranchId, string TypeName, string TeacherNames, DateOnly From, DateOnly To,
    IReadOnlyList<JournalDate> Dates, IReadOnlyList<JournalRow> Rows);

/// <summary>
/// The group journal (issue 17.15): a weekly group's lessons in a period × the people at them, read for the page and its export.
/// Marks are changed through <see cref="ScheduleService.SetAttendanceAsync"/>, the same attendance use case as "my day".
/// Whoever may see the branch's lessons (the owner, managers) reads it; a teacher the groups they teach.
/// </summary>
public sealed class JournalService(IDbContextFactory<StudioDbContext> factory, TimeProvider clock)
{
    /// <summary>The longest period one journal shows (a school term).</summary>
    public const int MaxDays = 186;

    public Task<GroupJournal> ReadAsync(Guid actorId, Guid seriesId, DateOnly from, DateOnly to, CancellationToken ct = default) =>
        factory.ReadAsync<GroupJournal>(actorId, null, async (db, actor) =>
        {
            if (to < from) throw new DomainException("Error.Period");
            if (to.DayNumber - from.DayNumber + 1 > MaxDays) throw new DomainException("Error.Journal.TooLong", MaxDays);
            var series = await db.LessonSeries.AsNoTracking().SingleOrDefaultAsync(s => s.Id == seriesId, ct) ?? throw new NotFoundException();
            var lessons = (await db.Lessons.AsNoTracking().AsSingleQuery()
                    .Where(l => l.SeriesId == seriesId && l.Day >= from && l.Day <= to).ToListAsync(ct))
                .OrderBy(l => l.StartsAt).ThenBy(l => l.Id).ToList();
            var teaches = series.TeacherId == actor.Id || series.SecondTeacherId == actor.Id || lessons.Any(l => l.HasTeacher(actor.Id));
            actor.Require(Policy.SeeLesson, new Scope(InBranch: actor.WorksIn(series.BranchId), Self: teaches));

            var zone = await BranchZones.ZoneAsync(db, series.BranchId, ct);
            var today = Zones.Today(clock.GetUtcNow().UtcDateTime, zone);
            var clientIds = lessons.SelectMany(l => l.Participants.Select(p => p.ClientId)).Distinct().ToList();
            var names = await db.Clients.AsNoTracking().IgnoreAutoIncludes().Where(c => clientIds.Contains(c.Id))
                .ToDictionaryAsync(c => c.Id, c => c.FullName, ct);
            var type = await db.LessonTypes.AsNoTracking().SingleOrDefaultAsync(t => t.Id == series.TypeId, ct);
            var teacherIds = new[] { series.TeacherId }.Concat(series.SecondTeacherId is { } s2 ? [s2] : []).ToList();
            var teachers = await db.Employees.AsNoTracking().IgnoreAutoIncludes().Where(e => teacherIds.Contains(e.Id)).Select(e => e.FullName).ToListAsync(ct);

            var rows = clientIds.Select(c => new JournalRow(c, names.GetValueOrDefault(c) ?? "", lessons.Select(l => Mark(l, c)).ToList()))
                .OrderBy(r => r.Name, StringComparer.CurrentCulture).ThenBy(r => r.ClientId).ToList();
            var dates = lessons.Select((l, i) => new JournalDate(l.Id, l.Version, l.Day, Zones.ToLocal(l.StartsAt, zone), l.Status,
                l.Status != LessonStatus.Cancelled && actor.Can(Policy.MarkHeld, Scope.Of(actor, l)), l.Day > today,
                rows.Count(r => r.Marks[i] == JournalMark.Present),
                rows.Count(r => r.Marks[i] is JournalMark.Absent or JournalMark.AbsentCharged or JournalMark.Frozen))).ToList();
            return new GroupJournal(series.Id, series.Name, series.BranchId, type?.Name ?? "", string.Join(", ", teachers), from, to, dates, rows);
        }, ct);

    /// <summary>Today in the group's branch (the journal opens on its month); the organisation's today for a group not found.</summary>
    public async Task<DateOnly> TodayAsync(Guid seriesId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var branchId = await db.LessonSeries.AsNoTracking().Where(s => s.Id == seriesId).Select(s => (Guid?)s.BranchId).SingleOrDefaultAsync(ct);
        var zone = branchId is { } b ? await BranchZones.ZoneAsync(db, b, ct)
            : Zones.Find(await db.Organisations.AsNoTracking().Select(o => o.TimeZoneId).FirstAsync(ct));
        return Zones.Today(clock.GetUtcNow().UtcDateTime, zone);
    }

    private static JournalMark Mark(Lesson lesson, Guid clientId)
    {
        if (lesson.Participants.FirstOrDefault(p => p.ClientId == clientId) is not { } p) return JournalMark.None;
        if (lesson.Status != LessonStatus.Held) return JournalMark.Expected;
        return p.Attendance switch
        {
            Attendance.Present => JournalMark.Present,
            _ when p.Frozen => JournalMark.Frozen,
            _ when p.Visits > 0 || p.Owed => JournalMark.AbsentCharged,
            _ => JournalMark.Absent,
        };
    }
}
