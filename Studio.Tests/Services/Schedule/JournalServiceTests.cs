using Studio.Domain.Organisation;
using Studio.Domain.Schedule;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Schedule;
using Studio.Tests.Infrastructure;

namespace Studio.Tests.Services.Schedule;

/// <summary>
/// The group journal (issue 17.15): a group's lessons in a period × participants with their marks and totals, read on every
/// database; a mark changed from it goes through the attendance use case ("held"), visits given back and charged again.
/// </summary>
public sealed class JournalServiceTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Setup(TestStudio Studio, Guid Manager, Guid Teacher, Guid Series, Guid A, Guid B);

    // The fake clock's today, Monday 23.11.2026; the group meets Mon and Wed at 10:00 from 16.11 to 2.12.
    private async Task<Setup> ArrangeAsync(DatabaseProvider provider)
    {
        var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var teacher = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var room = await studio.AddRoomAsync(owner);
        var group = await studio.AddLessonTypeAsync(owner);
        var (a, b) = (await studio.AddClientAsync(manager, "Anna Kid"), await studio.AddClientAsync(manager, "Bohdan Kid"));
        var series = await studio.Series.CreateSeriesAsync(manager, new SeriesDraft(studio.BranchId, "Kids", group,
            [new(DayOfWeek.Monday, new TimeOnly(10, 0)), new(DayOfWeek.Wednesday, new TimeOnly(10, 0))], null, room, teacher, null,
            studio.Today.AddDays(-7), studio.Today.AddDays(9), [a, b]), Ct);
        return new(studio, manager, teacher, series, a, b);
    }

    private static readonly DateOnly November = new(2026, 11, 1);

    private static Task<GroupJournal> NovemberAsync(Setup s, Guid actor) => s.Studio.Journals.ReadAsync(actor, s.Series, November, November.AddMonths(1).AddDays(-1), Ct);

    [Theory, DatabaseData]
    public async Task Journal_DatesTimesParticipants_WithMarksAndTotals(DatabaseProvider provider)
    {
        var s = await ArrangeAsync(provider);
        await using var studio = s.Studio;
        var journal = await NovemberAsync(s, s.Manager);
        var (first, second) = (journal.Dates[0], journal.Dates[1]);
        // The first lesson marked on the tablet (A came, B absent and charged); the second from the journal: B present.
        await studio.Schedule.MarkHeldAsync(s.Teacher, first.LessonId, first.Version,
            [new AttendanceMark(s.A, true, false), new AttendanceMark(s.B, false, true)], null, Ct);
        await studio.Schedule.SetAttendanceAsync(s.Teacher, second.LessonId, second.Version, new AttendanceMark(s.B, true, false), Ct);

        journal = await NovemberAsync(s, s.Teacher);

        Assert.Equal([16, 18, 23, 25, 30], journal.Dates.Select(d => d.Day.Day));
        Assert.Equal([false, false, false, true, true], journal.Dates.Select(d => d.Future));
        Assert.All(journal.Dates, d => Assert.True(d.CanMark));
        Assert.Equal(["Anna Kid", "Bohdan Kid"], journal.Rows.Select(r => r.Name));
        var (a, b) = (journal.Rows[0], journal.Rows[1]);
        Assert.Equal([JournalMark.Present, JournalMark.Absent, JournalMark.Expected, JournalMark.Expected, JournalMark.Expected], a.Marks);
        Assert.Equal([JournalMark.AbsentCharged, JournalMark.Present, JournalMark.Expected, JournalMark.Expected, JournalMark.Expected], b.Marks);
        Assert.Equal((1, 1, 1, 1), (a.Present, a.Absent, b.Present, b.Absent));
        Assert.Equal([(1, 1), (1, 1), (0, 0), (0, 0), (0, 0)], journal.Dates.Select(d => (d.Present, d.Absent)));
    }

    [Theory, DatabaseData]
    public async Task SetAttendance_OnAHeldLesson_ChangesOneMark_GivesTheVisitBack_AStaleVersionIsAConflict(DatabaseProvider provider)
    {
        var s = await ArrangeAsync(provider);
        await using var studio = s.Studio;
        var first = (await NovemberAsync(s, s.Manager)).Dates[0];
        var held = await studio.Schedule.MarkHeldAsync(s.Teacher, first.LessonId, first.Version,
            [new AttendanceMark(s.A, true, false), new AttendanceMark(s.B, true, false)], "Scales", Ct);

        var after = await studio.Schedule.SetAttendanceAsync(s.Manager, first.LessonId, held, new AttendanceMark(s.A, false, false), Ct);

        var lesson = (await studio.Schedule.GetLessonAsync(s.Manager, first.LessonId, Ct)).Lesson;
        Assert.Equal((LessonStatus.Held, "Scales", after), (lesson.Status, lesson.Notes, lesson.Version));
        var (a, b) = (lesson.Participants.Single(p => p.ClientId == s.A), lesson.Participants.Single(p => p.ClientId == s.B));
        Assert.Equal((Attendance.Absent, false, 0), (a.Attendance, a.Owed, a.Visits)); // no pass: the owed visit is gone again
        Assert.Equal((Attendance.Present, true), (b.Attendance, b.Owed)); // the other mark stays as it was
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            studio.Schedule.SetAttendanceAsync(s.Manager, first.LessonId, held, new AttendanceMark(s.A, true, false), Ct));
    }

    [Theory, DatabaseData]
    public async Task Journal_AnotherTeacher_IsRefused_AndCannotMark(DatabaseProvider provider)
    {
        var s = await ArrangeAsync(provider);
        await using var studio = s.Studio;
        var other = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var first = (await NovemberAsync(s, s.Manager)).Dates[0];

        await Assert.ThrowsAsync<AccessDeniedException>(() => NovemberAsync(s, other));
        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            studio.Schedule.SetAttendanceAsync(other, first.LessonId, first.Version, new AttendanceMark(s.A, true, false), Ct));
    }
}
