using Microsoft.EntityFrameworkCore;
using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Domain.Schedule;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Schedule;
using Studio.Tests.Infrastructure;

namespace Studio.Tests.Services.Schedule;

/// <summary>Booking, moving, cancelling: the schedule's rules on every database.</summary>
public sealed class ScheduleServiceBookingTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Setup(TestStudio Studio, Guid Owner, Guid Manager, Guid Teacher, Guid Room, Guid Group, Guid Individual);

    private async Task<Setup> ArrangeAsync(DatabaseProvider provider)
    {
        var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var teacher = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var room = await studio.AddRoomAsync(owner);
        var group = await studio.AddLessonTypeAsync(owner);
        var individual = await studio.AddLessonTypeAsync(owner, LessonKind.Individual, 45);
        return new(studio, owner, manager, teacher, room, group, individual);
    }

    [Theory, DatabaseData]
    public async Task BookAsync_FreeSlot_SavesLessonInBranchTimeWithTypeDuration(DatabaseProvider provider)
    {
        var s = await ArrangeAsync(provider);
        await using var studio = s.Studio;
        var client = await studio.AddClientAsync(s.Manager);

        var id = await studio.BookAsync(s.Manager, s.Individual, s.Teacher, s.Room, 18, 0, 0, client);

        var lesson = await studio.Schedule.GetLessonAsync(s.Manager, id, Ct);
        Assert.Equal((new DateTime(2026, 11, 23, 16, 0, 0, DateTimeKind.Utc), 45, LessonStatus.Planned), (lesson.Lesson.StartsAt, lesson.Lesson.DurationMinutes, lesson.Lesson.Status));
        Assert.Equal((new DateOnly(2026, 11, 23), new DateTime(2026, 11, 23, 18, 0, 0)), (lesson.Lesson.Day, lesson.Lesson.LocalStart));
        Assert.Equal(client, Assert.Single(lesson.Lesson.Participants).ClientId);
    }

    [Theory, DatabaseData]
    public async Task BookAsync_TeacherOrRoomTaken_RefusedNamingTheClashAndSavesNothing(DatabaseProvider provider)
    {
        var s = await ArrangeAsync(provider);
        await using var studio = s.Studio;
        var other = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var otherRoom = await studio.AddRoomAsync(s.Owner);
        await studio.BookAsync(s.Manager, s.Group, s.Teacher, s.Room, 18);

        var teacherBusy = await Assert.ThrowsAsync<SlotTakenException>(() => studio.BookAsync(s.Manager, s.Group, s.Teacher, otherRoom, 18, 30));
        var roomBusy = await Assert.ThrowsAsync<SlotTakenException>(() => studio.BookAsync(s.Manager, s.Group, other, s.Room, 17, 30));

        Assert.Equal(ClashKind.TeacherBusy, Assert.Single(teacherBusy.Clashes).Kind);
        Assert.Equal(ClashKind.RoomBusy, Assert.Single(roomBusy.Clashes).Kind);
        Assert.Contains("Hall", roomBusy.Clashes[0].WhoName);
        Assert.Equal(1, await studio.ReadAsync(db => db.Lessons.CountAsync(Ct)));
        // Back to back is fine: 19:00 starts when the 18:00 lesson ends.
        await studio.BookAsync(s.Manager, s.Group, s.Teacher, s.Room, 19);
    }

    [Theory, DatabaseData]
    public async Task BookAsync_FiftyManagersSameTeacherAtOnce_ExactlyOneLesson(DatabaseProvider provider)
    {
        var s = await ArrangeAsync(provider);
        await using var studio = s.Studio;
        var rooms = new List<Guid>();
        for (var i = 0; i < 50; i++) rooms.Add(await studio.AddRoomAsync(s.Owner));

        var results = await Task.WhenAll(rooms.Select(async (room, i) =>
        {
            try { await studio.BookAsync(s.Manager, s.Group, s.Teacher, room, 18, i % 30); return true; }
            catch (SlotTakenException) { return false; }
        }));

        Assert.Equal(1, results.Count(r => r));
        Assert.Equal(1, await studio.ReadAsync(db => db.Lessons.CountAsync(Ct)));
    }
}
