using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Studio.Infrastructure.Live;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;

namespace Studio.Infrastructure.Reports;

/// <summary>The dashboard's one key: the whole studio (every owner sees the same figures).</summary>
public enum DashboardScope { Studio }

/// <summary>
/// The node's live read model of the owner's dashboard: however many owners watch, a change on the dashboard topic costs
/// one snapshot load on this node. The clock reloads it only once a figure can have moved by time alone (a deadline
/// passed, a deal turned stale, midnight), so an idle studio costs nothing between changes.
/// </summary>
public sealed class DashboardViews(DashboardReads reads, TimeProvider clock, ILiveBus bus, ILogger<DashboardViews> logger)
    : SharedFeeds<DashboardScope, DashboardSnapshot>(bus, logger)
{
    private long _nextChangeTicks = DateTime.MaxValue.Ticks;

    protected override IEnumerable<string> TopicsOf(DashboardScope key) => [LiveTopics.Dashboard, LiveTopics.Boards, LiveTopics.Clock];

    protected override bool Matters(DashboardScope key, LiveMessage message) =>
        message.Topic != LiveTopics.Clock || clock.GetUtcNow().UtcDateTime.Ticks >= Interlocked.Read(ref _nextChangeTicks);

    protected override DashboardSnapshot Reuse(DashboardSnapshot? previous, DashboardSnapshot loaded) => loaded.Reuse(previous);

    protected override async Task<DashboardSnapshot?> LoadAsync(DashboardScope key, long sequence, CancellationToken ct)
    {
        // Until this load is in, another tick must not ask again.
        Interlocked.Exchange(ref _nextChangeTicks, DateTime.MaxValue.Ticks);
        try
        {
            var snapshot = await reads.LoadAsync(sequence, ct);
            Interlocked.Exchange(ref _nextChangeTicks, snapshot.NextChangeAt.Ticks);
            return snapshot;
        }
        catch
        {
            Interlocked.Exchange(ref _nextChangeTicks, DateTime.MinValue.Ticks); // try again on the next tick
            throw;
        }
    }
}

/// <summary>The owner's dashboard: only the owner may watch it.</summary>
public sealed class DashboardService(IDbContextFactory<StudioDbContext> factory, DashboardViews views, DashboardReads reads)
{
    /// <summary>Starts watching the live dashboard; refused to anyone but the owner.</summary>
    public async Task<DashboardViews.Watch> WatchAsync(Guid actorId, Func<DashboardSnapshot, Task> onChange, CancellationToken ct = default)
    {
        await RequireOwnerAsync(actorId, ct);
        return await views.WatchAsync(DashboardScope.Studio, onChange, ct);
    }

    /// <summary>The figures as they are now, read afresh (not shared); the owner's only.</summary>
    public async Task<DashboardSnapshot> GetAsync(Guid actorId, CancellationToken ct = default)
    {
        await RequireOwnerAsync(actorId, ct);
        return await reads.LoadAsync(0, ct);
    }

    private async Task RequireOwnerAsync(Guid actorId, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        (await db.ActorAsync(actorId, ct)).RequireOwner();
    }
}
