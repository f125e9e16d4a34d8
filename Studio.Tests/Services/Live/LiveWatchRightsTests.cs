using Microsoft.Extensions.DependencyInjection;
using Studio.Infrastructure.Organisation;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Schedule;
using Studio.Tests.Infrastructure;

namespace Studio.Tests.Services.Live;

/// <summary>
/// Screens reach a live read model only through its feature's watch, which checks the person's rights before the first
/// snapshot is handed over: someone who may not see a board or a branch's schedule gets nothing from it.
/// </summary>
public sealed class LiveWatchRightsTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task Ignore<T>(T _) => Task.CompletedTask;

    [Theory, DatabaseData]
    public async Task WatchBoard_SomeoneNotOnTheBoard_Refused_AMemberAndTheOwnerWatch(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var member = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var outsider = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var teacher = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var board = await studio.AddBoardAsync(owner, member);
        var views = studio.BoardViews;

        await Assert.ThrowsAsync<AccessDeniedException>(() => views.WatchBoardAsync(outsider, board.Id, Ignore, Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => views.WatchBoardAsync(teacher, board.Id, Ignore, Ct));
        Assert.Equal(0, views.Loads); // refused before anything was read
        Assert.Equal(0, views.Watchers(board.Id));

        using var memberWatch = await views.WatchBoardAsync(member, board.Id, Ignore, Ct);
        using var ownerWatch = await views.WatchBoardAsync(owner, board.Id, Ignore, Ct);
        Assert.Equal(board.Id, memberWatch.Current!.BoardId);
        Assert.Same(memberWatch.Current, ownerWatch.Current);
    }

    [Theory, DatabaseData]
    public async Task WatchRange_ABranchThePersonDoesNotWorkIn_Refused_TheOwnerWatchesEveryBranch(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var teacher = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var other = await studio.Organisation.SaveBranchAsync(owner, null, Guid.Empty, "Podil", null, "Europe/Kyiv", Ct);
        var views = studio.Services.GetRequiredService<ScheduleViews>();
        var elsewhere = ScheduleRange.WeekOf(other, studio.Today);
        var here = ScheduleRange.WeekOf(studio.BranchId, studio.Today);

        await Assert.ThrowsAsync<AccessDeniedException>(() => views.WatchRangeAsync(manager, elsewhere, Ignore, Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => views.WatchRangeAsync(teacher, elsewhere, Ignore, Ct));
        Assert.Equal(0, views.Watchers(elsewhere));

        using var managerHere = await views.WatchRangeAsync(manager, here, Ignore, Ct);
        using var teacherHere = await views.WatchRangeAsync(teacher, here, Ignore, Ct);
        using var ownerElsewhere = await views.WatchRangeAsync(owner, elsewhere, Ignore, Ct);
        Assert.NotNull(managerHere.Current);
        Assert.NotNull(ownerElsewhere.Current);
    }

    [Theory, DatabaseData]
    public async Task ReadRange_ABranchThePersonDoesNotWorkIn_Refused_TheirOwnBranchRead(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var other = await studio.Organisation.SaveBranchAsync(owner, null, Guid.Empty, "Podil", null, "Europe/Kyiv", Ct);
        var schedule = studio.Services.GetRequiredService<ScheduleService>();

        // The trial picker's read: another branch's lessons (and the clients in them) are not the manager's to see.
        await Assert.ThrowsAsync<AccessDeniedException>(() => schedule.ReadRangeAsync(manager, new ScheduleRange(other, studio.Today, 1), Ct));

        var here = await schedule.ReadRangeAsync(manager, new ScheduleRange(studio.BranchId, studio.Today, 1), Ct);
        var there = await schedule.ReadRangeAsync(owner, new ScheduleRange(other, studio.Today, 1), Ct);
        Assert.NotNull(here);
        Assert.NotNull(there);
    }
}
