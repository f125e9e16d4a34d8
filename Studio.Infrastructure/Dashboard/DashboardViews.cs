using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Studio.Domain.Billing;
using Studio.Domain.Clients;
using Studio.Domain.Pipelines;
using Studio.Domain.Schedule;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Live;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;

namespace Studio.Infrastructure.Dashboard;

/// <summary>
/// The dashboard's key: the whole studio (<see cref="Studio"/>, no branch; "today" in the organisation's zone) or one branch
/// (its rows only; "today" in the branch's zone). Owners watching the same key share one snapshot.
/// </summary>
public readonly record struct DashboardScope(Guid? BranchId)
{
    /// <summary>All branches: the whole studio.</summary>
    public static readonly DashboardScope Studio = new(null);

    /// <summary>The top bar's choice as a key: null (all branches) is the whole studio.</summary>
    public static DashboardScope Of(Guid? branchId) => new(branchId == Guid.Empty ? null : branchId);
}

/// <summary>
/// The node's live read model of the owner's dashboard: however many owners watch, a change on the dashboard topic costs
/// one read on this node, and only of what it can move (ADR-008 §4): a new lead or a card move re-reads the deal's board,
/// a task the tasks, a lesson today's lessons and debtors, a payment the debtors, a client's edit the birthdays; a
/// client's status moves no figure and reads nothing. A board
/// changed (stages, limits, archived), a message it does not know, or a failed patch loads it whole. The clock reloads it
/// only once a figure can have moved by time alone (a deadline passed, a deal turned stale, midnight), so an idle studio
/// costs nothing between changes.
/// <para>
/// Keyed by <see cref="DashboardScope"/>: the whole studio, or one branch as the top bar chooses it (issue 17.10). Each watched
/// key has its own snapshot, shared by every circuit watching it, and its own clock. A message names only its row, not the
/// row's branch, so each watched key patches the parts the message can move with a read of its own branch's rows (a change
/// in another branch reads the same small queries and moves nothing there).
/// </para>
/// </summary>
public sealed class DashboardViews(DashboardReads reads, TimeProvider clock, ILiveBus bus, ILogger<DashboardViews> logger)
    : SharedFeeds<DashboardScope, DashboardSnapshot>(bus, logger)
{
    // Per key: when its figures can next move by the clock alone (ticks before then cost nothing).
    private readonly ConcurrentDictionary<DashboardScope, long> _nextChangeTicks = new();
    private long _patches;

    /// <summary>How many of <see cref="SharedFeeds{TKey, TSnapshot}.Loads"/> were patches (or nothing to read) rather than whole loads.</summary>
    public long Patches => Interlocked.Read(ref _patches);

    protected override IEnumerable<string> TopicsOf(DashboardScope key) => [LiveTopics.Dashboard, LiveTopics.Boards, LiveTopics.Clock];

    protected override bool Matters(DashboardScope key, LiveMessage message) =>
        message.Topic != LiveTopics.Clock || clock.GetUtcNow().UtcDateTime.Ticks >= _nextChangeTicks.GetValueOrDefault(key, DateTime.MaxValue.Ticks);

    protected override DashboardSnapshot Reuse(DashboardSnapshot? previous, DashboardSnapshot loaded) => loaded.Reuse(previous);

    /// <summary>
    /// The parts of the dashboard these messages can move; null when only a whole load will do (the clock, a board changed,
    /// a kind of message not known here). What each kind moves:
    /// a deal created (new leads, and stale deals and the next to turn stale when it lands in a timed stage) or moved (wins,
    /// stale deals) → <see cref="DashboardParts.Deals"/> of its board; a task → <see cref="DashboardParts.Tasks"/> (overdue
    /// calls, the next deadline, staff tasks), and so does a deal's callback set, moved or cleared or its deal closed; a lesson → <see cref="DashboardParts.Lessons"/> (today's lessons, staff
    /// lessons) and <see cref="DashboardParts.Debtors"/> (a visit marked may be owed); a payment → debtors (a pass sold pays
    /// owed visits); a client created with a birth date or whose birth date changed → <see cref="DashboardParts.Birthdays"/>, archived or merged → birthdays and
    /// debtors; a client's status → nothing shown here; a deal or a client moved to another branch → a whole load (rare, and
    /// it moves figures in two branches).
    /// </summary>
    public static DashboardParts? PartsMovedBy(IEnumerable<LiveMessage> messages)
    {
        var parts = DashboardParts.None;
        foreach (var m in messages)
        {
            if (m.Topic != LiveTopics.Dashboard) return null;
            switch (m.Kind)
            {
                case nameof(DealCreated) or nameof(DealMoved) when m.Id != Guid.Empty: parts |= DashboardParts.Deals; break;
                case nameof(TaskChanged) or DomainEventPublisher.DealCallbackChanged: parts |= DashboardParts.Tasks; break;
                case nameof(LessonChanged): parts |= DashboardParts.Lessons | DashboardParts.Debtors; break;
                case nameof(PaymentRecorded) or nameof(PaymentReversed): parts |= DashboardParts.Debtors; break;
                case nameof(ClientCreated) or nameof(ClientUpdated): parts |= DashboardParts.Birthdays; break;
                case nameof(ClientArchived) or nameof(ClientMerged): parts |= DashboardParts.Birthdays | DashboardParts.Debtors; break;
                case nameof(ClientStatusChanged): break;
                case DomainEventPublisher.BranchChanged: return null; // a deal or a client changed branch: every branch's figures may move
                default: return null;
            }
        }
        return parts;
    }

    /// <summary>The deals these messages name.</summary>
    public static IReadOnlyCollection<Guid> DealsNamedBy(IEnumerable<LiveMessage> messages) =>
        messages.Where(m => m.Kind is nameof(DealCreated) or nameof(DealMoved)).Select(m => m.Id).Distinct().ToList();

    protected override async Task<DashboardSnapshot?> NextAsync(DashboardScope key, DashboardSnapshot current, IReadOnlyList<LiveMessage> messages,
        long sequence, CancellationToken ct)
    {
        if (PartsMovedBy(messages) is not { } parts) return await LoadAsync(key, sequence, ct);
        Interlocked.Increment(ref _patches);
        if (parts == DashboardParts.None) return null; // nothing shown here moved: nothing to read, nothing to send
        DashboardSnapshot? patched;
        try { patched = await TrackAsync(key, () => reads.PatchAsync(current, parts, DealsNamedBy(messages), sequence, ct)); }
        catch
        {
            Interlocked.Decrement(ref _patches); // the feed loads it whole instead
            throw;
        }
        if (patched is not null) return patched;
        Interlocked.Decrement(ref _patches); // the clock may have moved a figure meanwhile: read it whole
        return await LoadAsync(key, sequence, ct);
    }

    protected override Task<DashboardSnapshot?> LoadAsync(DashboardScope key, long sequence, CancellationToken ct) =>
        TrackAsync(key, async () => await reads.LoadAsync(key, sequence, ct));

    /// <summary>A read that keeps the clock rule: until it is in, no tick asks again; then ticks wait for its next change.</summary>
    private async Task<DashboardSnapshot?> TrackAsync(DashboardScope key, Func<Task<DashboardSnapshot?>> read)
    {
        var before = DateTime.MaxValue.Ticks;
        _nextChangeTicks.AddOrUpdate(key, DateTime.MaxValue.Ticks, (_, was) => { before = was; return DateTime.MaxValue.Ticks; });
        try
        {
            var snapshot = await read();
            _nextChangeTicks[key] = snapshot?.NextChangeAt.Ticks ?? before;
            return snapshot;
        }
        catch
        {
            _nextChangeTicks[key] = DateTime.MinValue.Ticks; // try again on the next tick
            throw;
        }
    }
}

/// <summary>The owner's dashboard: only the owner may watch it.</summary>
public sealed class DashboardService(IDbContextFactory<StudioDbContext> factory, DashboardViews views, DashboardReads reads)
{
    /// <summary>Starts watching the whole studio's live dashboard; refused to anyone but the owner.</summary>
    public Task<DashboardViews.Watch> WatchAsync(Guid actorId, Func<DashboardSnapshot, Task> onChange, CancellationToken ct = default) =>
        WatchAsync(actorId, null, onChange, ct);

    /// <summary>
    /// Starts watching the live dashboard of one branch (null: the whole studio), as the top bar chooses it; refused to anyone
    /// but the owner. Owners watching the same branch share one snapshot.
    /// </summary>
    public async Task<DashboardViews.Watch> WatchAsync(Guid actorId, Guid? branchId, Func<DashboardSnapshot, Task> onChange, CancellationToken ct = default)
    {
        await factory.ActorAsync(actorId, Policy.SeeDashboard, ct);
        return await views.WatchAsync(DashboardScope.Of(branchId), onChange, ct);
    }

    /// <summary>The whole studio's figures as they are now, read afresh (not shared); the owner's only.</summary>
    public Task<DashboardSnapshot> GetAsync(Guid actorId, CancellationToken ct = default) => GetAsync(actorId, null, ct);

    /// <summary>The figures (of one branch, or the whole studio) as they are now, read afresh (not shared); the owner's only.</summary>
    public async Task<DashboardSnapshot> GetAsync(Guid actorId, Guid? branchId, CancellationToken ct = default)
    {
        await factory.ActorAsync(actorId, Policy.SeeDashboard, ct);
        return await reads.LoadAsync(DashboardScope.Of(branchId), 0, ct);
    }
}
