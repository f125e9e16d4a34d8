using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Studio.Domain.Organisation;
using Studio.Domain.Schedule;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Schedule;
using Studio.Tests.Infrastructure;

namespace Studio.Tests.Services.Schedule;

/// <summary>
/// The schedule's read model patches instead of reloading (ADR-008): after each kind of lesson change the week
/// patched from the named lesson's rows equals one loaded whole, on both databases, and keeps unchanged lessons.
/// </summary>
public sealed class ScheduleViewsPatchTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static void AssertSame(ScheduleSnapshot fresh, ScheduleSnapshot patched)
    {
        Assert.Equal(fresh.Lessons, patched.Lessons); // same lessons in the same order (LessonView compares everything it shows)
        Assert.Equal(fresh.Teachers, patched.Teachers);
        Assert.Equal(fresh.Rooms, patched.Rooms);
        Assert.Equal(fresh.Types, patched.Types);
        Assert.Equal(fresh.Absences, patched.Absences);
        Assert.Equal((fresh.From, fresh.Days, fresh.BranchName), (patched.From, patched.Days, patched.BranchName));
    }

    private static async Task<Guid> VersionAsync(TestStudio studio, Guid lessonId) =>
        await studio.ReadAsync(db => db.Lessons.Where(l => l.Id == lessonId).Select(l => l.Version).SingleAsync(Ct));

    [Theory, DatabaseData]
    public async Task Patch_AfterEachKindOfLessonChange_EqualsAFreshLoad(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var teacher = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var other = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var third = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var (room, hall, small) = (await studio.AddRoomAsync(owner), await studio.AddRoomAsync(owner), await studio.AddRoomAsync(owner));
        var group = await studio.AddLessonTypeAsync(owner);
        var (anna, boris) = (await studio.AddClientAsync(manager, "Anna"), await studio.AddClientAsync(manager, "Boris"));
        var week = ScheduleRange.WeekOf(studio.BranchId, studio.Today);
        var reads = studio.Services.GetRequiredService<ScheduleReads>();
        // Several lessons starting at the same instant: the order must not depend on the database.
        var lessons = new List<Guid>
        {
            await studio.BookAsync(manager, group, teacher, room, 8, 0, 0, anna),
            await studio.BookAsync(manager, group, other, hall, 8, 0, 0, boris),
            await studio.BookAsync(manager, group, teacher, room, 18, 0, 1),
            await studio.BookAsync(manager, group, other, hall, 18, 0, 2),
        };
        var current = (await reads.LoadRangeAsync(week.BranchId, week.From, week.Days, 1, Ct))!;
        long sequence = 1;

        async Task Check(Guid lessonId, string what)
        {
            var patched = await reads.PatchRangeAsync(current, [lessonId], ++sequence, Ct);
            Assert.NotNull(patched);
            var fresh = (await reads.LoadRangeAsync(week.BranchId, week.From, week.Days, sequence, Ct))!;
            try { AssertSame(fresh, patched); }
            catch (Exception e) { throw new Xunit.Sdk.XunitException($"After {what}: {e.Message}"); }
            var reused = patched.Reuse(current);
            Assert.All(reused.Lessons.Where(l => l.Id != lessonId), l => Assert.Same(current.Lessons.Single(c => c.Id == l.Id), l));
            current = reused;
        }

        var booked = await studio.BookAsync(manager, group, third, small, 8, 0, 0);
        await Check(booked, "a lesson booked at the same time as two others");

        await studio.Schedule.MoveAsync(manager, new LessonMove(lessons[2], await VersionAsync(studio, lessons[2]),
            studio.Today.AddDays(3).ToDateTime(new TimeOnly(12, 0)), 90, hall, other, null), Ct);
        await Check(lessons[2], "a move to another day, teacher and room");

        await studio.Schedule.MoveAsync(manager, new LessonMove(lessons[3], await VersionAsync(studio, lessons[3]),
            studio.Today.AddDays(9).ToDateTime(new TimeOnly(12, 0)), 60, hall, other, null), Ct);
        await Check(lessons[3], "a move out of the week");

        await studio.Schedule.AddParticipantAsync(manager, lessons[1], anna, EditScope.ThisLesson, Ct);
        await Check(lessons[1], "a participant added");

        await studio.Schedule.CancelAsync(manager, booked, await VersionAsync(studio, booked), "Ill", ct: Ct);
        await Check(booked, "a cancellation");

        await studio.Schedule.MarkHeldAsync(teacher, lessons[0], await VersionAsync(studio, lessons[0]), [new(anna, true, false)], "Good", Ct);
        await Check(lessons[0], "marked held");

        Assert.Equal(4, current.Lessons.Count);
    }

    [Theory, DatabaseData]
    public async Task Patch_TeacherWhoWouldGetOrLoseAColumn_LeavesItToAWholeLoad(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var teacher = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var group = await studio.AddLessonTypeAsync(owner);
        var week = ScheduleRange.WeekOf(studio.BranchId, studio.Today);
        var reads = studio.Services.GetRequiredService<ScheduleReads>();
        var current = (await reads.LoadRangeAsync(week.BranchId, week.From, week.Days, 1, Ct))!;

        // The owner teaching a lesson gets a column the branch's teachers do not have.
        var byOwner = await studio.BookAsync(manager, group, owner, null, 12);

        Assert.Null(await reads.PatchRangeAsync(current, [byOwner], 2, Ct));
        var fresh = (await reads.LoadRangeAsync(week.BranchId, week.From, week.Days, 3, Ct))!;
        Assert.Contains(fresh.Teachers, t => t.Id == owner);
        var teacherLesson = await studio.BookAsync(manager, group, teacher, null, 14);
        var patched = await reads.PatchRangeAsync(fresh, [teacherLesson], 4, Ct);
        Assert.NotNull(patched);
        AssertSame((await reads.LoadRangeAsync(week.BranchId, week.From, week.Days, 5, Ct))!, patched);
    }

    [Theory, DatabaseData]
    public async Task Feed_LessonChanges_AreServedByPatchesThatEqualAFreshLoad(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var teacher = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var room = await studio.AddRoomAsync(owner);
        var group = await studio.AddLessonTypeAsync(owner);
        var first = await studio.BookAsync(manager, group, teacher, room, 10);
        var views = studio.ScheduleViews;
        var week = ScheduleRange.WeekOf(studio.BranchId, studio.Today);
        Guid? second = null;
        var seen = new TaskCompletionSource<ScheduleSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var watch = await views.WatchAsync(week, s =>
        {
            if (second is { } id && s.Lessons.Any(l => l.Id == id) && s.Lessons.Any(l => l.Id == first && l.Status == LessonStatus.Cancelled)) seen.TrySetResult(s);
            return Task.CompletedTask;
        }, Ct);
        var before = watch.Current!;

        await studio.Schedule.CancelAsync(manager, first, await VersionAsync(studio, first), "Ill", ct: Ct);
        second = await studio.BookAsync(manager, group, teacher, room, 12, 0, 1);

        var shown = await seen.Task.WaitAsync(TimeSpan.FromSeconds(15), Ct);
        AssertSame((await studio.Services.GetRequiredService<ScheduleReads>().LoadRangeAsync(week.BranchId, week.From, week.Days, long.MaxValue, Ct))!, shown);
        Assert.Equal(1, views.Loads - views.Patches); // the first load only; the cancellation and the booking were patched in
        Assert.Same(before.Teachers, shown.Teachers); // unchanged parts keep their instances
    }
}
