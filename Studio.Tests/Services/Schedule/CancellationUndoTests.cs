using Microsoft.EntityFrameworkCore;
using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Domain.Schedule;
using Studio.Infrastructure.Schedule;
using Studio.Infrastructure.Persistence;
using Studio.Tests.Infrastructure;

namespace Studio.Tests.Services.Schedule;

/// <summary>Undo of a cancellation ("this and following" included: all back if free and unchanged, otherwise nothing) and of "held".</summary>
public sealed class CancellationUndoTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Setup(TestStudio Studio, Guid Manager, Guid Teacher, Guid Room, Guid Group, Guid SeriesId);

    // The fake clock's today, 23.11.2026, is a Monday: Mon/Wed for two weeks is four lessons.
    private async Task<Setup> ArrangeAsync(DatabaseProvider provider)
    {
        var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var teacher = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var (room, group) = (await studio.AddRoomAsync(owner), await studio.AddLessonTypeAsync(owner));
        var kid = await studio.AddClientAsync(manager);
        var series = await studio.Series.CreateSeriesAsync(manager, new SeriesDraft(studio.BranchId, "Kids", group,
            [new(DayOfWeek.Monday, new TimeOnly(18, 0)), new(DayOfWeek.Wednesday, new TimeOnly(18, 0))], null, room, teacher, null,
            studio.Today, studio.Today.AddDays(13), [kid]), Ct);
        return new(studio, manager, teacher, room, group, series);
    }

    private static Task<List<Lesson>> LessonsAsync(TestStudio studio) =>
        studio.ReadAsync(db => db.Lessons.AsNoTracking().OrderBy(l => l.StartsAt).ToListAsync(Ct));

    [Theory, DatabaseData]
    public async Task UndoCancelAsync_ThisAndFollowing_EveryLessonComesBackAndTheSeriesRunsOn(DatabaseProvider provider)
    {
        var s = await ArrangeAsync(provider);
        await using var studio = s.Studio;
        var second = (await LessonsAsync(studio))[1];
        var undo = await studio.Schedule.CancelAsync(s.Manager, second.Id, second.Version, "Group closed", EditScope.ThisAndFollowing, Ct);
        Assert.Equal(3, undo.Lessons.Count);
        Assert.Equal(studio.Today.AddDays(1), (await studio.Series.GetSeriesAsync(s.Manager, s.SeriesId, Ct)).LastDay);

        await studio.Schedule.UndoCancelAsync(s.Manager, undo, Ct);

        var after = await LessonsAsync(studio);
        Assert.All(after, l => Assert.Equal((LessonStatus.Planned, (string?)null), (l.Status, l.CancelReason)));
        Assert.Equal(studio.Today.AddDays(13), (await studio.Series.GetSeriesAsync(s.Manager, s.SeriesId, Ct)).LastDay);
    }

    [Theory, DatabaseData]
    public async Task UndoCancelAsync_ALessonsSlotTakenMeanwhile_RefusedAndAllStayCancelled(DatabaseProvider provider)
    {
        var s = await ArrangeAsync(provider);
        await using var studio = s.Studio;
        var lessons = await LessonsAsync(studio);
        var undo = await studio.Schedule.CancelAsync(s.Manager, lessons[1].Id, lessons[1].Version, "Group closed", EditScope.ThisAndFollowing, Ct);
        await studio.BookAsync(s.Manager, s.Group, s.Teacher, s.Room, 18, dayOffset: 7); // the third lesson's time, teacher and room

        await Assert.ThrowsAsync<SlotTakenException>(() => studio.Schedule.UndoCancelAsync(s.Manager, undo, Ct));

        var after = (await LessonsAsync(studio)).Where(l => l.SeriesId == s.SeriesId).ToList();
        Assert.Equal([LessonStatus.Planned, LessonStatus.Cancelled, LessonStatus.Cancelled, LessonStatus.Cancelled], after.Select(l => l.Status));
        Assert.Equal(studio.Today.AddDays(1), (await studio.Series.GetSeriesAsync(s.Manager, s.SeriesId, Ct)).LastDay);
    }

    [Theory, DatabaseData]
    public async Task UndoCancelAsync_RestoredByHandAndCancelledAgainSince_Refused(DatabaseProvider provider)
    {
        var s = await ArrangeAsync(provider);
        await using var studio = s.Studio;
        var first = (await LessonsAsync(studio))[0];
        var undo = await studio.Schedule.CancelAsync(s.Manager, first.Id, first.Version, "Teacher ill", ct: Ct);
        await studio.Schedule.RestoreAsync(s.Manager, first.Id, Ct);
        var again = (await LessonsAsync(studio))[0];
        await studio.Schedule.CancelAsync(s.Manager, first.Id, again.Version, "Hall flooded", ct: Ct);

        var refused = await Assert.ThrowsAsync<DomainException>(() => studio.Schedule.UndoCancelAsync(s.Manager, undo, Ct));
        Assert.Equal("Error.Undo.ChangedSince", refused.Code);
        Assert.Equal((LessonStatus.Cancelled, "Hall flooded"), ((await LessonsAsync(studio))[0].Status, (await LessonsAsync(studio))[0].CancelReason));
    }

    [Theory, DatabaseData]
    public async Task UndoHeldAsync_TheLessonChangedSinceTheMarking_Refused_OtherwiseUndone(DatabaseProvider provider)
    {
        var s = await ArrangeAsync(provider);
        await using var studio = s.Studio;
        var first = (await LessonsAsync(studio))[0]; // today's
        var kid = first.Participants.Single().ClientId;
        var held = await studio.Schedule.MarkHeldAsync(s.Manager, first.Id, first.Version, [new AttendanceMark(kid, true, false)], null, Ct);
        await studio.Schedule.SetNotesAsync(s.Teacher, first.Id, held, "Learned the new routine", Ct);

        var refused = await Assert.ThrowsAsync<DomainException>(() => studio.Schedule.UndoHeldAsync(s.Manager, first.Id, held, Ct));
        Assert.Equal("Error.Undo.ChangedSince", refused.Code);
        Assert.Equal(LessonStatus.Held, (await LessonsAsync(studio))[0].Status);

        var second = (await LessonsAsync(studio))[1];
        studio.Clock.Advance(TimeSpan.FromDays(2)); // Wednesday: the second lesson's day
        var heldToo = await studio.Schedule.MarkHeldAsync(s.Manager, second.Id, second.Version, [new AttendanceMark(kid, true, false)], null, Ct);
        await studio.Schedule.UndoHeldAsync(s.Manager, second.Id, heldToo, Ct);
        Assert.Equal(LessonStatus.Planned, (await LessonsAsync(studio))[1].Status);
    }
}
