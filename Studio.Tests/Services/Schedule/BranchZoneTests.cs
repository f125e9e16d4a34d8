using Microsoft.EntityFrameworkCore;
using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Domain.Schedule;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Schedule;
using Studio.Tests.Infrastructure;

namespace Studio.Tests.Services.Schedule;

/// <summary>
/// Issue 17.10 on every database: the organisation keeps Kyiv time, its branch is in New York, and the fake clock stands at
/// 00:00 UTC on Tuesday 24.11.2026 — 02:00 Tuesday in Kyiv, 19:00 Monday 23.11 in New York. The branch's date and clocks are
/// what the schedule, "my day", lesson times, series, the journal and absences go by.
/// </summary>
public sealed class BranchZoneTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateTimeOffset Instant = new(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly BranchToday = new(2026, 11, 23), KyivToday = new(2026, 11, 24);
    private const string NewYork = "America/New_York";

    private sealed record Setup(TestStudio Studio, Guid Owner, Guid Manager, Guid Teacher, Guid Room, Guid Group);

    private async Task<Setup> ArrangeAsync(DatabaseProvider provider)
    {
        var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var branch = (await studio.Organisation.ListBranchesAsync(owner, Ct)).Single();
        await studio.Organisation.SaveBranchAsync(owner, branch.Id, branch.Version, branch.Name, null, NewYork, Ct);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var teacher = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var room = await studio.AddRoomAsync(owner);
        var group = await studio.AddLessonTypeAsync(owner);
        studio.Clock.SetUtcNow(Instant);
        return new(studio, owner, manager, teacher, room, group);
    }

    private static Task<Guid> BookAsync(Setup s, DateTime localStart, Guid? room = null) =>
        s.Studio.Schedule.BookAsync(s.Manager, new LessonDraft(s.Studio.BranchId, s.Group, localStart, null, room ?? s.Room, s.Teacher, null, []), Ct);

    [Theory, DatabaseData]
    public async Task Today_IsTheBranchsDate_ForTheScheduleMyDayLessonsAndHeldMarks(DatabaseProvider provider)
    {
        var s = await ArrangeAsync(provider);
        await using var studio = s.Studio;
        Assert.Equal(KyivToday, Zones.Today(Instant.UtcDateTime, Zones.Find("Europe/Kyiv"))); // the two dates do differ

        // The schedule and the tablet open on the branch's date.
        Assert.Equal(BranchToday, await studio.Schedule.TodayAsync(studio.BranchId, Ct));

        // A lesson typed at 18:00 is 18:00 on New York's clocks, on New York's Monday.
        var evening = await BookAsync(s, BranchToday.ToDateTime(new TimeOnly(18, 0)));
        var lesson = (await studio.Schedule.GetLessonAsync(s.Manager, evening, Ct)).Lesson;
        Assert.Equal((new DateTime(2026, 11, 23, 23, 0, 0, DateTimeKind.Utc), BranchToday, new DateTime(2026, 11, 23, 18, 0, 0)),
            (lesson.StartsAt, lesson.Day, lesson.LocalStart));

        // Moved to 17:00 the next day: still read on New York's clocks.
        var movedVersion = await studio.Schedule.MoveAsync(s.Manager, new LessonMove(evening, lesson.Version, BranchToday.AddDays(1).ToDateTime(new TimeOnly(17, 0)), 60,
            s.Room, s.Teacher, null), Ct);
        var after = (await studio.Schedule.GetLessonAsync(s.Manager, evening, Ct)).Lesson;
        Assert.Equal((new DateTime(2026, 11, 24, 22, 0, 0, DateTimeKind.Utc), BranchToday.AddDays(1)), (after.StartsAt, after.Day));
        await studio.Schedule.MoveAsync(s.Manager, new LessonMove(evening, movedVersion, BranchToday.ToDateTime(new TimeOnly(18, 0)), 60, s.Room, s.Teacher, null), Ct);

        // "My day" for the branch's today holds it; Kyiv's date (tomorrow in New York) does not.
        Assert.Equal(evening, Assert.Single(await studio.Schedule.TeacherDayAsync(s.Teacher, s.Teacher, BranchToday, Ct)).Id);
        Assert.Empty(await studio.Schedule.TeacherDayAsync(s.Teacher, s.Teacher, KyivToday, Ct));

        // The day's grid shows it at 18:00 in the branch's zone.
        var grid = await studio.Schedule.ReadRangeAsync(s.Manager, new ScheduleRange(studio.BranchId, BranchToday, 1), Ct);
        Assert.Equal(NewYork, grid!.TimeZoneId);
        Assert.Equal(new DateTime(2026, 11, 23, 18, 0, 0), Assert.Single(grid.Lessons).LocalStart);

        // Held marks: tonight's lesson (over at 19:00 New York) may be marked; tomorrow's (Kyiv's today) not yet.
        var tomorrow = await BookAsync(s, BranchToday.AddDays(1).ToDateTime(new TimeOnly(9, 0)));
        var tomorrowVersion = (await studio.Schedule.GetLessonAsync(s.Manager, tomorrow, Ct)).Lesson.Version;
        var future = await Assert.ThrowsAsync<DomainException>(() => studio.Schedule.MarkHeldAsync(s.Teacher, tomorrow, tomorrowVersion, [], null, Ct));
        Assert.Equal("Error.Lesson.Future", future.Code);
        await studio.Schedule.MarkHeldAsync(s.Teacher, evening, (await studio.Schedule.GetLessonAsync(s.Manager, evening, Ct)).Lesson.Version, [], null, Ct);
    }

    [Theory, DatabaseData]
    public async Task SeriesAndJournal_GoByTheBranchsClocksAndDate(DatabaseProvider provider)
    {
        var s = await ArrangeAsync(provider);
        await using var studio = s.Studio;
        var anna = await studio.AddClientAsync(s.Manager, "Anna Kid");

        // Mondays and Tuesdays at 18:00 from the branch's today.
        var series = await studio.Series.CreateSeriesAsync(s.Manager, new SeriesDraft(studio.BranchId, "Evening", s.Group,
            [new(DayOfWeek.Monday, new TimeOnly(18, 0)), new(DayOfWeek.Tuesday, new TimeOnly(18, 0))], null, s.Room, s.Teacher, null,
            BranchToday, BranchToday.AddDays(8), [anna]), Ct);

        var lessons = await studio.ReadAsync(db => db.Lessons.AsNoTracking().Where(l => l.SeriesId == series).ToListAsync(Ct));
        Assert.Equal([new DateTime(2026, 11, 23, 23, 0, 0), new DateTime(2026, 11, 24, 23, 0, 0), new DateTime(2026, 11, 30, 23, 0, 0),
            new DateTime(2026, 12, 1, 23, 0, 0)], lessons.OrderBy(l => l.StartsAt).Select(l => DateTime.SpecifyKind(l.StartsAt, DateTimeKind.Unspecified)));
        Assert.Equal([BranchToday, BranchToday.AddDays(1), BranchToday.AddDays(7), BranchToday.AddDays(8)], lessons.OrderBy(l => l.StartsAt).Select(l => l.Day));

        // The journal opens on the branch's month and calls Monday's lesson past, Tuesday's (Kyiv's today) still to come.
        Assert.Equal(BranchToday, await studio.Journals.TodayAsync(series, Ct));
        var journal = await studio.Journals.ReadAsync(s.Manager, series, new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30), Ct);
        Assert.Equal([(BranchToday, false), (KyivToday, true), (BranchToday.AddDays(7), true)], journal.Dates.Select(d => (d.Day, d.Future)));
        Assert.Equal(new DateTime(2026, 11, 23, 18, 0, 0), journal.Dates[0].LocalStart);
    }

    [Theory, DatabaseData]
    public async Task Absence_TenToTwelveOnTheBranchsClocks_BlocksTenThirtyThere_NotTenThirtyInKyiv(DatabaseProvider provider)
    {
        var s = await ArrangeAsync(provider);
        await using var studio = s.Studio;
        var wednesday = new DateOnly(2026, 11, 25);

        // The teacher (of the New York branch) is away on Wednesday 10:00–12:00, typed with no branch named.
        await studio.Availability.AddAbsenceAsync(s.Teacher, new AbsenceDraft(s.Teacher, AbsenceKind.Temporary,
            wednesday.ToDateTime(new TimeOnly(10, 0)), wednesday.ToDateTime(new TimeOnly(12, 0)), [], null, null, "Dentist"), Ct);
        var saved = Assert.Single(await studio.Availability.ListAbsencesAsync(s.Teacher, s.Teacher, Ct));
        Assert.Equal((NewYork, new DateTime(2026, 11, 25, 15, 0, 0, DateTimeKind.Utc)), (saved.TimeZoneId, saved.From!.Value));

        // 10:30 in the branch is inside it; 10:30 in Kyiv (03:30 in New York) is not.
        var refused = await Assert.ThrowsAsync<SlotTakenException>(() => BookAsync(s, wednesday.ToDateTime(new TimeOnly(10, 30))));
        Assert.Equal(ClashKind.TeacherAbsent, Assert.Single(refused.Clashes).Kind);
        var kyivTenThirty = Zones.ToLocal(Zones.ToUtc(wednesday.ToDateTime(new TimeOnly(10, 30)), Zones.Find("Europe/Kyiv")), Zones.Find(NewYork));
        Assert.Equal(new DateTime(2026, 11, 25, 3, 30, 0), kyivTenThirty);
        await BookAsync(s, kyivTenThirty);

        // The grid hatches 10:00–12:00 of the branch's Wednesday.
        var grid = await studio.Schedule.ReadRangeAsync(s.Manager, new ScheduleRange(studio.BranchId, wednesday, 1), Ct);
        var hatched = Assert.Single(grid!.Absences);
        Assert.Equal((wednesday.ToDateTime(new TimeOnly(10, 0)), wednesday.ToDateTime(new TimeOnly(12, 0))), (hatched.LocalFrom, hatched.LocalTo));
    }

    [Theory, DatabaseData]
    public async Task WeeklyAbsence_OnTheBranchsClocks_RefusedOverABranchLocalLesson_AndBlocksThere(DatabaseProvider provider)
    {
        var s = await ArrangeAsync(provider);
        await using var studio = s.Studio;
        var thursday = new DateOnly(2026, 11, 26);
        var weekly = new AbsenceDraft(s.Teacher, AbsenceKind.Weekly, null, null, [DayOfWeek.Thursday], new TimeOnly(10, 0), new TimeOnly(12, 0), "Course");

        // A lesson at 11:00 New York time is in the way of "Thursdays 10:00–12:00": refused, naming it.
        var lesson = await BookAsync(s, thursday.ToDateTime(new TimeOnly(11, 0)));
        var refused = await Assert.ThrowsAsync<SlotTakenException>(() => studio.Availability.AddAbsenceAsync(s.Teacher, weekly, Ct));
        Assert.Equal(lesson, Assert.Single(refused.Clashes).LessonId);

        // Moved to 11:00 Kyiv time (04:00 New York), the absence goes in; 10:30 on the branch's clocks is then refused.
        var version = (await studio.Schedule.GetLessonAsync(s.Manager, lesson, Ct)).Lesson.Version;
        await studio.Schedule.MoveAsync(s.Manager, new LessonMove(lesson, version, thursday.ToDateTime(new TimeOnly(4, 0)), 60, s.Room, s.Teacher, null), Ct);
        await studio.Availability.AddAbsenceAsync(s.Teacher, weekly, Ct);
        Assert.Equal(NewYork, Assert.Single(await studio.Availability.ListAbsencesAsync(s.Teacher, s.Teacher, Ct)).TimeZoneId);
        var blocked = await Assert.ThrowsAsync<SlotTakenException>(() => BookAsync(s, thursday.AddDays(7).ToDateTime(new TimeOnly(10, 30))));
        Assert.Equal(ClashKind.TeacherAbsent, Assert.Single(blocked.Clashes).Kind);
    }

    [Theory, DatabaseData]
    public async Task Absence_OfATeacherOfBranchesInTwoZones_IsReadOnTheShownBranchsClocks(DatabaseProvider provider)
    {
        var s = await ArrangeAsync(provider);
        await using var studio = s.Studio;
        var kyiv = await studio.Organisation.SaveBranchAsync(s.Owner, null, Guid.Empty, "A Kyiv branch", null, "Europe/Kyiv", Ct);
        var teacher = await studio.Organisation.FindEmployeeAsync(s.Owner, s.Teacher, Ct);
        await studio.Organisation.UpdateEmployeeAsync(s.Owner, s.Teacher, teacher!.Version, teacher.FullName, teacher.Role,
            [studio.BranchId, kyiv], isActive: true, Ct);
        var day = new DateOnly(2026, 11, 27);
        AbsenceDraft Draft(int hour, Guid? shown) =>
            new(s.Teacher, AbsenceKind.Temporary, day.ToDateTime(new TimeOnly(hour, 0)), day.ToDateTime(new TimeOnly(hour + 1, 0)), [], null, null, null, shown);

        await studio.Availability.AddAbsenceAsync(s.Teacher, Draft(10, studio.BranchId), Ct); // typed on the New York screen
        await studio.Availability.AddAbsenceAsync(s.Teacher, Draft(14, kyiv), Ct); // typed on the Kyiv screen
        await studio.Availability.AddAbsenceAsync(s.Teacher, Draft(18, null), Ct); // no branch shown: the first by name, Kyiv

        var rows = (await studio.Availability.ListAbsencesAsync(s.Teacher, s.Teacher, Ct)).OrderBy(a => a.From).ToList();
        Assert.Equal([(new DateTime(2026, 11, 27, 12, 0, 0), "Europe/Kyiv"), (new DateTime(2026, 11, 27, 15, 0, 0), NewYork),
            (new DateTime(2026, 11, 27, 16, 0, 0), "Europe/Kyiv")],
            rows.Select(r => (DateTime.SpecifyKind(r.From!.Value, DateTimeKind.Unspecified), r.TimeZoneId)));
    }
}
