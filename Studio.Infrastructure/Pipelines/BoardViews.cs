using Microsoft.Extensions.Logging;
using Studio.Infrastructure.Live;
using Studio.Infrastructure.Clients;

namespace Studio.Infrastructure.Pipelines;

/// <summary>
/// The node's live read model of boards. However many circuits show a board, a change costs
/// one snapshot load on this node; every circuit then gets the same immutable snapshot.
/// </summary>
public sealed class BoardViews(PipelineService pipelines, ILiveBus bus, ILogger<BoardViews> logger)
    : SharedFeeds<Guid, BoardSnapshot>(bus, logger)
{
    // The organisation's topic: a branch renamed, archived or restored reloads the board (its pickers and filter list branches).
    protected override IEnumerable<string> TopicsOf(Guid boardId) => [LiveTopics.Board(boardId), LiveTopics.Dictionaries, LiveTopics.Organisation];

    /// <summary>
    /// A person starts watching a board: refused (<see cref="Studio.Domain.Common.AccessDeniedException"/>, or not found)
    /// unless they may see it. The screen checks the snapshot's members again on every change, so someone taken off the
    /// board loses it at the next one.
    /// </summary>
    public async Task<Watch> WatchBoardAsync(Guid actorId, Guid boardId, Func<BoardSnapshot, Task> onChange, CancellationToken ct = default)
    {
        await pipelines.EnsureCanSeeAsync(actorId, boardId, ct);
        return await WatchAsync(boardId, onChange, ct);
    }

    /// <summary>Cards show tag names and colours and filter by source: a renamed or recoloured entry reloads the board.</summary>
    protected override bool Matters(Guid boardId, LiveMessage message) =>
        message.Topic != LiveTopics.Dictionaries || message.Kind is Clients.DictionaryKinds.Sources or Clients.DictionaryKinds.Tags;

    /// <summary>Messages that name one deal patch the snapshot from that deal's rows; anything else (stages, members, dictionaries) reloads it.</summary>
    private static readonly HashSet<string> DealKinds = [nameof(Domain.Pipelines.DealCreated), nameof(Domain.Pipelines.DealMoved), nameof(Domain.Pipelines.DealUpdated), DealTasks];

    /// <summary>A task of the named deal was set, edited or finished: its card may have gained or lost its next step.</summary>
    public const string DealTasks = "DealTasks";

    /// <summary>More deals than this in one burst: one full load is cheaper than their patches.</summary>
    public const int PatchLimit = 50;

    protected override Task<BoardSnapshot?> NextAsync(Guid boardId, BoardSnapshot current, IReadOnlyList<LiveMessage> messages, long sequence, CancellationToken ct)
    {
        var dealIds = messages.Select(m => m.Id).Distinct().ToList();
        if (messages.Any(m => m.Topic != LiveTopics.Board(boardId) || !DealKinds.Contains(m.Kind) || m.Id == Guid.Empty) || dealIds.Count > PatchLimit)
            return LoadAsync(boardId, sequence, ct);
        return PatchAsync(current, dealIds, sequence, ct);
    }

    private long _patches;

    /// <summary>How many of <see cref="SharedFeeds{TKey, TSnapshot}.Loads"/> were patches rather than whole loads.</summary>
    public long Patches => Interlocked.Read(ref _patches);

    private async Task<BoardSnapshot?> PatchAsync(BoardSnapshot current, IReadOnlyCollection<Guid> dealIds, long sequence, CancellationToken ct)
    {
        Interlocked.Increment(ref _patches);
        return await pipelines.PatchSnapshotAsync(current, dealIds, sequence, ct);
    }

    protected override BoardSnapshot Reuse(BoardSnapshot? previous, BoardSnapshot loaded) => loaded.Reuse(previous);

    protected override Task<BoardSnapshot?> LoadAsync(Guid boardId, long sequence, CancellationToken ct) =>
        pipelines.LoadSnapshotAsync(boardId, sequence, ct);
}
