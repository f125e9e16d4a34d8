using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Domain.Pipelines;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Pipelines;
using Studio.Infrastructure.Tasks;
using Studio.Tests.Infrastructure;

namespace Studio.Tests.Services.Tasks;

/// <summary>
/// A task set from a deal's drawer is that deal's next step (issue 17.2): it carries the deal, the deal's card on every open board
/// counts it at once, and finishing it brings the "no next step" warning back. Only someone who may see the board hangs a task on it.
/// </summary>
public sealed class DealTaskTests(Databases databases)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, DatabaseData]
    public async Task CreateAsync_ForADeal_TheCardCountsIt_LiveOnTheBoard_AndLosesItWhenDone(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var board = await studio.AddBoardAsync(owner, manager);
        var dealId = await studio.AddDealAsync(manager, board);
        var tasks = studio.Services.GetRequiredService<TaskService>();
        var counts = new List<int>();
        var seen = new SemaphoreSlim(0);
        using var watch = await studio.BoardViews.WatchBoardAsync(manager, board.Id, snapshot =>
        {
            lock (counts) counts.Add(snapshot.Deals.Single(d => d.Id == dealId).OpenTasks);
            seen.Release();
            return Task.CompletedTask;
        }, Ct);
        var card = watch.Current!.Deals.Single(d => d.Id == dealId);
        var start = watch.Current.Stages.Single(s => s.Id == card.StageId);
        Assert.True(NextStepRule.HasNoNextStep(start.Kind, card.CallbackAt, card.OpenTasks > 0));

        var id = await tasks.CreateAsync(manager, new NewTask(TaskKind.PersonalCall, null, "Call about the trial", null, [manager], DealId: dealId), Ct);

        var saved = await studio.ReadAsync(db => db.Tasks.AsNoTracking().SingleAsync(t => t.Id == id, Ct));
        Assert.Equal((dealId, board.Id, card.ClientId), (saved.DealId, saved.BoardId, saved.ClientId)); // the deal's client, named by the deal
        await WaitForAsync(() => counts.LastOrDefault() == 1);
        card = watch.Current!.Deals.Single(d => d.Id == dealId);
        Assert.False(NextStepRule.HasNoNextStep(start.Kind, card.CallbackAt, card.OpenTasks > 0));

        var version = (await tasks.GetAsync(manager, id, Ct)).Version;
        await tasks.ChangeStatusAsync(manager, id, version, TaskState.Done, null, ct: Ct);

        await WaitForAsync(() => counts.LastOrDefault() == 0);
        Assert.Equal(0, (await studio.Pipelines.LoadSnapshotAsync(board.Id, 0, Ct))!.Deals.Single(d => d.Id == dealId).OpenTasks);

        async Task WaitForAsync(Func<bool> done)
        {
            var until = DateTime.UtcNow + Patience;
            while (!Locked(done))
            {
                Assert.True(DateTime.UtcNow < until, $"The board never showed it; open tasks seen: {string.Join(", ", Locked(() => counts.ToList()))}");
                await seen.WaitAsync(TimeSpan.FromSeconds(1), Ct);
            }
        }
        T Locked<T>(Func<T> read) { lock (counts) return read(); }
    }

    [Theory, DatabaseData]
    public async Task CreateAsync_ForADealOnABoardTheyDoNotSee_Refused_NothingSaved(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var member = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var outsider = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var board = await studio.AddBoardAsync(owner, member);
        var dealId = await studio.AddDealAsync(member, board);
        var tasks = studio.Services.GetRequiredService<TaskService>();

        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            tasks.CreateAsync(outsider, new NewTask(TaskKind.Internal, null, "Peek", null, [outsider], DealId: dealId), Ct));

        Assert.Equal(0, await studio.ReadAsync(db => db.Tasks.CountAsync(Ct)));
    }

    [Theory, DatabaseData]
    public async Task CreateAsync_ForADeal_AboutAnotherClient_Refused(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var board = await studio.AddBoardAsync(owner);
        var dealId = await studio.AddDealAsync(owner, board);
        var other = await studio.AddClientAsync(owner);
        var tasks = studio.Services.GetRequiredService<TaskService>();

        var refused = await Assert.ThrowsAsync<DomainException>(() =>
            tasks.CreateAsync(owner, new NewTask(TaskKind.Client, null, "Mixed up", null, [owner], ClientId: other, DealId: dealId), Ct));

        Assert.Equal("Error.Task.DealClient", refused.Code);
        Assert.Equal(0, await studio.ReadAsync(db => db.Tasks.CountAsync(Ct)));
    }
}
