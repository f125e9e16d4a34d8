using Microsoft.EntityFrameworkCore;
using Studio.Domain.Organisation;
using Studio.Domain.Schedule;
using Microsoft.Extensions.DependencyInjection;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Schedule;
using Studio.Tests.Infrastructure;

namespace Studio.Tests.Services.Schedule;

/// <summary>Group series, absences, rights and the live read model on every database.</summary>
public sealed class ScheduleServiceSeriesTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Setup(TestStudio Studio, Guid Owner, Guid Manager, Guid Teacher, Guid Room, Guid Group);

    private async Task<Setup> ArrangeAsync(DatabaseProvider provider)
    {
        var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var teacher = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        return new(studio, owner, manager, teacher, await studio.AddRoomAsync(owner), await studio.AddLessonTypeAsync(owner));
    }

    // The fake clock's today, 23.11.2026, is a Monday.
    private static SeriesDraft MonWed(Setup s, DateOnly first, DateOnly last, int hour = 18, params Guid[] clients) =>
        new(s.Studio.BranchId, "Kids", s.Group, [new(DayOfWeek.Monday, new TimeOnly(hour, 0)), new(DayOfWeek.Wednesday, new TimeOnly(hour, 0))],
            null, s.Room, s.Teacher, null, first, last, clients);

    private static Task<List<Lesson>> LessonsAsync(TestStudio studio) =>
        studio.ReadAsync(db => db.Lessons.OrderBy(l => l.StartsAt).ToListAsync(Ct));

    [Theory, DatabaseData]
    public async Task CreateSeriesAsync_MakesEachLessonWithTheMembers(DatabaseProvider provider)
    {
        var s = await ArrangeAsync(provider);
        await using var studio = s.Studio;
        var kid = await studio.AddClientAsync(s.Manager);

        await studio.Series.CreateSeriesAsync(s.Manager, MonWed(s, studio.Today, studio.Today.AddDays(13), 18, kid), Ct);

        var lessons = await LessonsAsync(studio);
        Assert.Equal(4, lessons.Count);
        Assert.All(lessons, l => Assert.Equal(kid, Assert.Single(l.Participants).ClientId));
        Assert.Equal([studio.Today, studio.Today.AddDays(2), studio.Today.AddDays(7), studio.Today.AddDays(9)], lessons.Select(l => l.Day));
    }

    [Theory, DatabaseData]
    public async Task CreateSeriesAsync_OneDateClashes_NothingSavedAndTheClashNamed(DatabaseProvider provider)
    {
        var s = await ArrangeAsync(provider);
        await using var studio = s.Studio;
        var solo = await studio.AddLessonTypeAsync(s.Owner, LessonKind.Individual);
        await studio.BookAsync(s.Manager, solo, s.Teacher, null, 18, 30, 9);

        var ex = await Assert.ThrowsAsync<SlotTakenException>(() => studio.Series.CreateSeriesAsync(s.Manager, MonWed(s, studio.Today, studio.Today.AddDays(13)), Ct));

        var clash = Assert.Single(ex.Clashes);
        Assert.Equal((ClashKind.TeacherBusy, "Teacher Number3"), (clash.Kind, clash.WhoName));
        Assert.Single(await LessonsAsync(studio));
        Assert.Equal(0, await studio.ReadAsync(db => db.LessonSeries.CountAsync(Ct)));
    }

    [Theory, DatabaseData]
    public async Task EditSeriesAsync_ThisAndFollowing_ReplacesPlannedLessons_HeldOnesStayAsTheyWere(DatabaseProvider provider)
    {
        var s = await ArrangeAsync(provider);
        await using var studio = s.Studio;
        var seriesId = await studio.Series.CreateSeriesAsync(s.Manager, MonWed(s, studio.Today.AddDays(-7), studio.Today.AddDays(13)), Ct);
        var lessons = await LessonsAsync(studio);
        var lastWeek = lessons[0];
        await studio.Schedule.MarkHeldAsync(s.Teacher, lastWeek.Id, lastWeek.Version, [], "Held", Ct);
        var series = await studio.Series.GetSeriesAsync(s.Manager, seriesId, Ct);

        // From Wednesday of last week on: Tuesdays and Thursdays at 19:00.
        var newId = await studio.Series.EditSeriesAsync(s.Manager, seriesId, series.Version, studio.Today.AddDays(-5),
            new(studio.BranchId, null, s.Group, [new(DayOfWeek.Tuesday, new TimeOnly(19, 0)), new(DayOfWeek.Thursday, new TimeOnly(19, 0))], 90, s.Room,
                s.Teacher, null, studio.Today.AddDays(-5), studio.Today.AddDays(13), []), Ct);

        var after = await LessonsAsync(studio);
        var held = Assert.Single(after, l => l.Id == lastWeek.Id);
        Assert.Equal((LessonStatus.Held, lastWeek.StartsAt, seriesId), (held.Status, held.StartsAt, held.SeriesId));
        var moved = after.Where(l => l.SeriesId == newId).ToList();
        Assert.Equal(5, moved.Count); // Thu of last week, Tue+Thu this week and next, from the split day on
        Assert.All(moved, l => Assert.True(l.Day.DayOfWeek is DayOfWeek.Tuesday or DayOfWeek.Thursday && l.DurationMinutes == 90));
        Assert.Equal(6, after.Count);
        Assert.Equal(studio.Today.AddDays(-6), (await studio.Series.GetSeriesAsync(s.Manager, seriesId, Ct)).LastDay);
    }

    [Theory, DatabaseData]
    public async Task CancelAsync_ThisAndFollowing_EndsTheSeriesAndCancelsTheRest_RestoreBringsOneBack(DatabaseProvider provider)
    {
        var s = await ArrangeAsync(provider);
        await using var studio = s.Studio;
        var kid = await studio.AddClientAsync(s.Manager);
        await studio.Series.CreateSeriesAsync(s.Manager, MonWed(s, studio.Today, studio.Today.AddDays(13), 18, kid), Ct);
        var second = (await LessonsAsync(studio))[1];
        studio.Clock.Advance(TimeSpan.FromMinutes(30));

        await studio.Schedule.CancelAsync(s.Manager, second.Id, second.Version, "Group closed", EditScope.ThisAndFollowing, Ct);

        // On the member's timeline: no "booked" line per group lesson, each cancellation when it happened.
        var timeline = await studio.Services.GetRequiredService<ClientService>().GetTimelineAsync(s.Manager, kid, Ct);
        Assert.DoesNotContain(timeline, e => e.Kind == TimelineKind.LessonBooked);
        Assert.Equal(3, timeline.Count(e => e.Kind == TimelineKind.LessonCancelled && e.At == studio.Clock.GetUtcNow().UtcDateTime));

        var after = await LessonsAsync(studio);
        Assert.Equal([LessonStatus.Planned, LessonStatus.Cancelled, LessonStatus.Cancelled, LessonStatus.Cancelled], after.Select(l => l.Status));
        Assert.All(after.Skip(1), l => Assert.Equal("Group closed", l.CancelReason));

        await studio.Schedule.RestoreAsync(s.Manager, second.Id, Ct);
        Assert.Equal(LessonStatus.Planned, (await LessonsAsync(studio))[1].Status);
    }

    [Theory, DatabaseData]
    public async Task RestoreAsync_SlotTakenMeanwhile_Refused(DatabaseProvider provider)
    {
        var s = await ArrangeAsync(provider);
        await using var studio = s.Studio;
        var lesson = await studio.BookAsync(s.Manager, s.Group, s.Teacher, s.Room, 18);
        var version = await studio.ReadAsync(db => db.Lessons.Select(l => l.Version).SingleAsync(Ct));
        await studio.Schedule.CancelAsync(s.Manager, lesson, version, "Teacher ill", ct: Ct);
        await studio.BookAsync(s.Manager, s.Group, s.Teacher, s.Room, 18);

        await Assert.ThrowsAsync<SlotTakenException>(() => studio.Schedule.RestoreAsync(s.Manager, lesson, Ct));
        Assert.Equal(LessonStatus.Cancelled, (await studio.Schedule.GetLessonAsync(s.Manager, lesson, Ct)).Lesson.Status);
    }

    [Theory, DatabaseData]
    public async Task Absence_BlocksBooking_AndIsRefusedOverPlannedLessons(DatabaseProvider provider)
    {
        var s = await ArrangeAsync(provider);
        await using var studio = s.Studio;
        var monday = studio.Today;
        await studio.Availability.AddAbsenceAsync(s.Teacher, new(s.Teacher, AbsenceKind.Weekly, null, null, [DayOfWeek.Tuesday], new TimeOnly(9, 0), new TimeOnly(14, 0), "School"), Ct);
        await studio.Availability.AddAbsenceAsync(s.Teacher, new(s.Teacher, AbsenceKind.Temporary, monday.AddDays(3).ToDateTime(new TimeOnly(0, 0)),
            monday.AddDays(5).ToDateTime(new TimeOnly(0, 0)), [], null, null, "Holiday"), Ct);

        var weekly = await Assert.ThrowsAsync<SlotTakenException>(() => studio.BookAsync(s.Manager, s.Group, s.Teacher, s.Room, 13, 30, 1));
        var holiday = await Assert.ThrowsAsync<SlotTakenException>(() => studio.BookAsync(s.Manager, s.Group, s.Teacher, s.Room, 18, 0, 4));
        Assert.Equal(ClashKind.TeacherAbsent, Assert.Single(weekly.Clashes).Kind);
        Assert.Equal(ClashKind.TeacherAbsent, Assert.Single(holiday.Clashes).Kind);
        await studio.BookAsync(s.Manager, s.Group, s.Teacher, s.Room, 14, 0, 1); // Tuesday after 14:00 is free

        var overLesson = await Assert.ThrowsAsync<SlotTakenException>(() => studio.Availability.AddAbsenceAsync(s.Teacher,
            new(s.Teacher, AbsenceKind.Temporary, monday.AddDays(1).ToDateTime(new TimeOnly(12, 0)), monday.AddDays(1).ToDateTime(new TimeOnly(20, 0)), [], null, null, null), Ct));
        Assert.Equal(ClashKind.TeacherBusy, Assert.Single(overLesson.Clashes).Kind);
        Assert.Equal(2, await studio.ReadAsync(db => db.StaffAbsences.CountAsync(Ct)));
    }

    [Theory, DatabaseData]
    public async Task Rights_TeacherCannotBook_OthersAbsencesOnlyByOwner_ManagerOfOtherBranchRefused(DatabaseProvider provider)
    {
        var s = await ArrangeAsync(provider);
        await using var studio = s.Studio;
        var other = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var absence = new AbsenceDraft(other, AbsenceKind.Weekly, null, null, [DayOfWeek.Sunday], new TimeOnly(0, 0), new TimeOnly(0, 0), null);
        var elsewhere = await studio.Organisation.SaveBranchAsync(s.Owner, null, Guid.Empty, "Elsewhere", null, "Europe/Kyiv", Ct);

        await Assert.ThrowsAsync<AccessDeniedException>(() => studio.BookAsync(s.Teacher, s.Group, s.Teacher, s.Room, 18));
        await Assert.ThrowsAsync<AccessDeniedException>(() => studio.Availability.AddAbsenceAsync(s.Teacher, absence, Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => studio.Availability.AddAbsenceAsync(s.Manager, absence, Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => studio.Schedule.BookAsync(s.Manager,
            new LessonDraft(elsewhere, s.Group, studio.Today.ToDateTime(new TimeOnly(18, 0)), null, null, s.Teacher, null, []), Ct));
        await studio.Availability.AddAbsenceAsync(s.Owner, absence, Ct);
        Assert.Equal(0, await studio.ReadAsync(db => db.Lessons.CountAsync(Ct)));

        // A teacher opens their own lessons only.
        var lesson = await studio.BookAsync(s.Manager, s.Group, s.Teacher, s.Room, 18);
        Assert.Equal(lesson, (await studio.Schedule.GetLessonAsync(s.Teacher, lesson, Ct)).Lesson.Id);
        await Assert.ThrowsAsync<AccessDeniedException>(() => studio.Schedule.GetLessonAsync(other, lesson, Ct));
    }

    [Theory, DatabaseData]
    public async Task ScheduleViews_TwentyWatchers_OneLoadPerChange_SeeTheNewLesson(DatabaseProvider provider)
    {
        var s = await ArrangeAsync(provider);
        await using var studio = s.Studio;
        var range = new ScheduleRange(studio.BranchId, studio.Today, 7);
        var seen = new TaskCompletionSource<ScheduleSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        var watches = new List<IDisposable>();
        for (var i = 0; i < 20; i++)
            watches.Add(await studio.ScheduleViews.WatchAsync(range, snap => { if (snap.Lessons.Count > 0) seen.TrySetResult(snap); return Task.CompletedTask; }, Ct));
        var before = studio.ScheduleViews.Loads;

        await studio.BookAsync(s.Manager, s.Group, s.Teacher, s.Room, 18, 0, 3);

        var snapshot = await seen.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(18, Assert.Single(snapshot.Lessons).LocalStart.Hour);
        Assert.Equal(1, studio.ScheduleViews.Loads - before);
        Assert.Equal(1, before);
        foreach (var w in watches) w.Dispose();
        Assert.Equal(0, studio.ScheduleViews.Watchers(range));
    }
}
