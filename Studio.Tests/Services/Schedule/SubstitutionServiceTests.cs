using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Domain.Schedule;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Schedule;
using Studio.Tests.Infrastructure;

namespace Studio.Tests.Services.Schedule;

/// <summary>
/// A substitute teacher (issue 17.7): for one lesson or a teacher's lessons over days; the substitute's other lessons and
/// absences are checked, the save is whole or nothing, a lesson changed since is a conflict, each lesson keeps who replaced whom.
/// </summary>
public sealed class SubstitutionServiceTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static SubstitutedLesson Seen(LessonView l) => new(l.Id, l.Version);

    [Theory, DatabaseData]
    public async Task OneLesson_GoesToTheSubstitute_ParticipantsStay_HistoryNamesBoth(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var (olga, anna) = (await studio.AddEmployeeAsync(EmployeeRole.Teacher), await studio.AddEmployeeAsync(EmployeeRole.Teacher));
        var room = await studio.AddRoomAsync(owner);
        var group = await studio.AddLessonTypeAsync(owner);
        var (a, b) = (await studio.AddClientAsync(manager), await studio.AddClientAsync(manager));
        var id = await studio.BookAsync(manager, group, olga, room, 18, 0, 1, a, b);
        var before = (await studio.Schedule.GetLessonAsync(manager, id, Ct)).Lesson;

        var plan = await studio.Substitutions.PlanAsync(manager, SubstitutionQuery.ForLesson(before, olga), anna, Ct);
        Assert.True(Assert.Single(plan.Lessons).Free);
        var done = await studio.Substitutions.SubstituteAsync(manager, new SubstitutionOrder(olga, anna, "Olga is ill", [Seen(before)]), Ct);

        Assert.Equal(1, done);
        var after = (await studio.Schedule.GetLessonAsync(manager, id, Ct)).Lesson;
        Assert.Equal(anna, after.TeacherId);
        Assert.Equal((before.LocalStart, before.RoomId), (after.LocalStart, after.RoomId));
        Assert.True(after.Participants.Select(p => p.ClientId).ToHashSet().SetEquals([a, b]));
        Assert.NotEqual(before.Version, after.Version);
        var line = Assert.Single(await studio.Substitutions.HistoryAsync(manager, id, Ct));
        Assert.Equal((olga, anna, "Olga is ill"), (line.FromTeacherId, line.ToTeacherId, line.Reason));
        Assert.StartsWith("Manager", line.ByName);
        // The substitute's day shows it, the first teacher's no more.
        Assert.Contains(await studio.Schedule.TeacherDayAsync(anna, anna, before.Day, Ct), l => l.Id == id);
        Assert.DoesNotContain(await studio.Schedule.TeacherDayAsync(olga, olga, before.Day, Ct), l => l.Id == id);
    }

    [Theory, DatabaseData]
    public async Task Range_TakesThePlannedLessonsOfThoseDays_Only(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var (olga, anna, ivan) = (await studio.AddEmployeeAsync(EmployeeRole.Teacher), await studio.AddEmployeeAsync(EmployeeRole.Teacher),
            await studio.AddEmployeeAsync(EmployeeRole.Teacher));
        var room = await studio.AddRoomAsync(owner);
        var group = await studio.AddLessonTypeAsync(owner);
        var day1 = await studio.BookAsync(manager, group, olga, room, 10, 0, 1);
        var day2 = await studio.BookAsync(manager, group, olga, room, 12, 0, 2);
        var cancelled = await studio.BookAsync(manager, group, olga, room, 14, 0, 2);
        var later = await studio.BookAsync(manager, group, olga, room, 10, 0, 4);
        var someoneElses = await studio.BookAsync(manager, group, ivan, null, 16, 0, 2);
        var c = (await studio.Schedule.GetLessonAsync(manager, cancelled, Ct)).Lesson;
        await studio.Schedule.CancelAsync(manager, cancelled, c.Version, "No hall", ct: Ct);

        var query = new SubstitutionQuery(olga, studio.Today.AddDays(1), studio.Today.AddDays(3));
        var plan = await studio.Substitutions.PlanAsync(manager, query, anna, Ct);

        Assert.Equal([day1, day2], plan.Lessons.Select(l => l.Lesson.Id));
        Assert.All(plan.Lessons, l => Assert.True(l.Free));
        await studio.Substitutions.SubstituteAsync(manager, new SubstitutionOrder(olga, anna, "Sick leave", plan.Free.Select(f => Seen(f.Lesson)).ToList()), Ct);

        var teachers = await studio.ReadAsync(db => Task.FromResult(db.Lessons.ToDictionary(l => l.Id, l => l.TeacherId)));
        Assert.Equal((anna, anna, olga, olga, ivan), (teachers[day1], teachers[day2], teachers[cancelled], teachers[later], teachers[someoneElses]));
    }

    [Theory, DatabaseData]
    public async Task SubstituteBusyOrAway_PlanNamesTheClash_SaveRefusesAll(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var (olga, anna) = (await studio.AddEmployeeAsync(EmployeeRole.Teacher), await studio.AddEmployeeAsync(EmployeeRole.Teacher));
        var (hall, studioRoom) = (await studio.AddRoomAsync(owner), await studio.AddRoomAsync(owner));
        var group = await studio.AddLessonTypeAsync(owner);
        var free = await studio.BookAsync(manager, group, olga, hall, 10, 0, 1);
        var busy = await studio.BookAsync(manager, group, olga, hall, 18, 0, 1);
        var away = await studio.BookAsync(manager, group, olga, hall, 12, 0, 2);
        var annasOwn = await studio.BookAsync(manager, group, anna, studioRoom, 18, 30, 1);
        var day2 = studio.Today.AddDays(2);
        await studio.Availability.AddAbsenceAsync(anna, new AbsenceDraft(anna, AbsenceKind.Temporary, day2.ToDateTime(new TimeOnly(11, 0)),
            day2.ToDateTime(new TimeOnly(15, 0)), [], null, null, "Dentist"), Ct);

        var plan = await studio.Substitutions.PlanAsync(manager, new SubstitutionQuery(olga, studio.Today.AddDays(1), day2), anna, Ct);

        Assert.Equal([free], plan.Free.Select(f => f.Lesson.Id));
        var busyLine = plan.Lessons.Single(l => l.Lesson.Id == busy);
        Assert.Equal((ClashKind.TeacherBusy, annasOwn), (Assert.Single(busyLine.Clashes).Kind, busyLine.Clashes[0].LessonId));
        Assert.Equal(ClashKind.TeacherAbsent, Assert.Single(plan.Lessons.Single(l => l.Lesson.Id == away).Clashes).Kind);

        // Asked for all three anyway: nothing is handed over, and the refusal names what is in the way.
        var refused = await Assert.ThrowsAsync<SlotTakenException>(() => studio.Substitutions.SubstituteAsync(manager,
            new SubstitutionOrder(olga, anna, null, plan.Lessons.Select(l => Seen(l.Lesson)).ToList()), Ct));
        Assert.Contains(refused.Clashes, c => c.LessonId == annasOwn);
        var teachers = await studio.ReadAsync(db => Task.FromResult(db.Lessons.Where(l => l.TeacherId == olga).Select(l => l.Id).ToList()));
        Assert.True(teachers.ToHashSet().SetEquals([free, busy, away]));
        Assert.Empty(await studio.ReadAsync(db => Task.FromResult(db.LessonSubstitutions.ToList())));
    }

    [Theory, DatabaseData]
    public async Task LessonChangedSince_IsAConflict_AndOnlySchedulersMaySubstitute(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var (olga, anna) = (await studio.AddEmployeeAsync(EmployeeRole.Teacher), await studio.AddEmployeeAsync(EmployeeRole.Teacher));
        var room = await studio.AddRoomAsync(owner);
        var group = await studio.AddLessonTypeAsync(owner);
        var first = await studio.BookAsync(manager, group, olga, room, 10, 0, 1);
        var second = await studio.BookAsync(manager, group, olga, room, 12, 0, 1);
        var plan = await studio.Substitutions.PlanAsync(manager, new SubstitutionQuery(olga, studio.Today.AddDays(1), studio.Today.AddDays(1)), anna, Ct);
        var order = new SubstitutionOrder(olga, anna, null, plan.Lessons.Select(l => Seen(l.Lesson)).ToList());

        // The teacher herself may not hand her lessons over, nor may the substitute take them.
        await Assert.ThrowsAsync<AccessDeniedException>(() => studio.Substitutions.SubstituteAsync(olga, order, Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => studio.Substitutions.PlanAsync(anna, SubstitutionQuery.ForLesson(plan.Lessons[0].Lesson, olga), anna, Ct));

        // Someone edits the second lesson's notes meanwhile: the whole save is a conflict, the first lesson stays Olga's too.
        var s = (await studio.Schedule.GetLessonAsync(manager, second, Ct)).Lesson;
        await studio.Schedule.SetNotesAsync(manager, second, s.Version, "Bring mats", Ct);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => studio.Substitutions.SubstituteAsync(manager, order, Ct));

        Assert.Equal(olga, (await studio.Schedule.GetLessonAsync(manager, first, Ct)).Lesson.TeacherId);
        Assert.Equal(olga, (await studio.Schedule.GetLessonAsync(manager, second, Ct)).Lesson.TeacherId);
        Assert.Empty(await studio.Substitutions.HistoryAsync(manager, first, Ct));
    }
}
