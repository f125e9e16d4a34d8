using Microsoft.Extensions.Logging;
using Studio.Infrastructure.Live;

namespace Studio.Infrastructure.Pipelines;

/// <summary>
/// The node's live read model of boards. However many circuits show a board, a change costs
/// one snapshot load on this node; every circuit then gets the same immutable snapshot.
/// </summary>
public sealed class BoardViews(PipelineService pipelines, ILiveBus bus, ILogger<BoardViews> logger)
    : SharedFeeds<Guid, BoardSnapshot>(bus, logger)
{
    protected override IEnumerable<string> TopicsOf(Guid boardId) => [LiveTopics.Board(boardId), LiveTopics.Dictionaries];

    /// <summary>Cards show tag names and colours and filter by source: a renamed or recoloured entry reloads the board.</summary>
    protected override bool Matters(Guid boardId, LiveMessage message) =>
        message.Topic != LiveTopics.Dictionaries || message.Kind is Organisation.DictionaryKinds.Sources or Organisation.DictionaryKinds.Tags;

    protected override BoardSnapshot Reuse(BoardSnapshot? previous, BoardSnapshot loaded) => loaded.Reuse(previous);

    protected override Task<BoardSnapshot?> LoadAsync(Guid boardId, long sequence, CancellationToken ct) =>
        pipelines.LoadSnapshotAsync(boardId, sequence, ct);
}
