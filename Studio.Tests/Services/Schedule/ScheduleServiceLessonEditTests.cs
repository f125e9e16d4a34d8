using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Domain.Schedule;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Schedule;
using Studio.Tests.Infrastructure;

namespace Studio.Tests.Services.Schedule;

/// <summary>
/// The lesson drawer's one-save use cases: a new time and new details in one transaction, and several clients added at once —
/// all or nothing, where the drawer used to stitch two saves (a move, then the details) or loop one save per client.
/// </summary>
public sealed class ScheduleServiceLessonEditTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, DatabaseData]
    public async Task EditLesson_DetailsRefused_TheMoveIsNotSavedEither(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var teacher = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var room = await studio.AddRoomAsync(owner);
        var individual = await studio.AddLessonTypeAsync(owner, LessonKind.Individual, 45);
        var (first, second) = (await studio.AddClientAsync(manager), await studio.AddClientAsync(manager));
        var id = await studio.BookAsync(manager, individual, teacher, room, 18, 0, 0, first);
        var before = (await studio.Schedule.GetLessonAsync(manager, id, Ct)).Lesson;

        // To 20:00 and a second client: an individual lesson takes one, so the whole save is refused.
        var refused = await Assert.ThrowsAsync<DomainException>(() => studio.Schedule.EditLessonAsync(manager,
            new LessonMove(id, before.Version, before.LocalStart.AddHours(2), 45, room, teacher, null), individual, [first, second], "moved", Ct));

        Assert.Equal("Error.Lesson.OneClient", refused.Code);
        var after = (await studio.Schedule.GetLessonAsync(manager, id, Ct)).Lesson;
        Assert.Equal((before.Version, before.LocalStart, before.Notes), (after.Version, after.LocalStart, after.Notes));
        Assert.Equal(first, Assert.Single(after.Participants).ClientId);
    }

    [Theory, DatabaseData]
    public async Task EditLesson_NewTimeAndDetails_BothSaved(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var teacher = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var room = await studio.AddRoomAsync(owner);
        var group = await studio.AddLessonTypeAsync(owner);
        var (first, second) = (await studio.AddClientAsync(manager), await studio.AddClientAsync(manager));
        var id = await studio.BookAsync(manager, group, teacher, room, 18, 0, 0, first);
        var before = (await studio.Schedule.GetLessonAsync(manager, id, Ct)).Lesson;

        await studio.Schedule.EditLessonAsync(manager, new LessonMove(id, before.Version, before.LocalStart.AddHours(2), before.DurationMinutes, room, teacher, null),
            group, [first, second], "Bring mats", Ct);

        var after = (await studio.Schedule.GetLessonAsync(manager, id, Ct)).Lesson;
        Assert.Equal((before.LocalStart.AddHours(2), "Bring mats"), (after.LocalStart, after.Notes));
        Assert.True(after.Participants.Select(p => p.ClientId).ToHashSet().SetEquals([first, second]));
        // A stale version is a conflict, as for a move.
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => studio.Schedule.EditLessonAsync(manager,
            new LessonMove(id, before.Version, before.LocalStart, before.DurationMinutes, room, teacher, null), group, [first], null, Ct));
    }

    [Theory, DatabaseData]
    public async Task AddParticipants_OneUnknown_NoneAdded_ThenAllInOneSave(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var teacher = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var room = await studio.AddRoomAsync(owner);
        var group = await studio.AddLessonTypeAsync(owner);
        var (a, b) = (await studio.AddClientAsync(manager), await studio.AddClientAsync(manager));
        var id = await studio.BookAsync(manager, group, teacher, room, 18);

        await Assert.ThrowsAsync<NotFoundException>(() => studio.Schedule.AddParticipantsAsync(manager, id, [a, b, Guid.NewGuid()], EditScope.ThisLesson, Ct));
        Assert.Empty((await studio.Schedule.GetLessonAsync(manager, id, Ct)).Lesson.Participants);

        await studio.Schedule.AddParticipantsAsync(manager, id, [a, b], EditScope.ThisLesson, Ct);

        var ids = (await studio.Schedule.GetLessonAsync(manager, id, Ct)).Lesson.Participants.Select(p => p.ClientId).ToHashSet();
        Assert.True(ids.SetEquals([a, b]));
    }
}
