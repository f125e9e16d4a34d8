namespace Studio.Infrastructure.Pipelines;

/// <summary>
/// The cards a screen shows, in board order and split by stage. A stage whose cards are the same instances in the same
/// order as in <c>previous</c> keeps its old list, so a column compares one reference to know it did not change.
/// Built once per snapshot and filter on a node (<see cref="BoardSnapshot.View"/>) and shared by every screen.
/// </summary>
public sealed class StageCards
{
    public static readonly StageCards Empty = new([], new Dictionary<Guid, IReadOnlyList<DealCard>>());

    private readonly IReadOnlyDictionary<Guid, IReadOnlyList<DealCard>> _byStage;

    private StageCards(IReadOnlyList<DealCard> all, IReadOnlyDictionary<Guid, IReadOnlyList<DealCard>> byStage) =>
        (All, _byStage) = (all, byStage);

    /// <summary>Every card, in board order.</summary>
    public IReadOnlyList<DealCard> All { get; }

    /// <summary>One stage's cards in board order; the same instance as before while none of them changed.</summary>
    public IReadOnlyList<DealCard> Of(Guid stageId) => _byStage.TryGetValue(stageId, out var cards) ? cards : [];

    public DealCard? Find(Guid dealId)
    {
        foreach (var card in All) if (card.Id == dealId) return card;
        return null;
    }

    public static StageCards From(IReadOnlyList<DealCard> cards, StageCards? previous)
    {
        var lists = new Dictionary<Guid, List<DealCard>>();
        foreach (var card in cards)
        {
            if (!lists.TryGetValue(card.StageId, out var list)) lists[card.StageId] = list = [];
            list.Add(card);
        }
        var byStage = new Dictionary<Guid, IReadOnlyList<DealCard>>(lists.Count);
        foreach (var (stageId, list) in lists)
            byStage[stageId] = previous is not null && previous._byStage.TryGetValue(stageId, out var old) && SameCards(old, list) ? old : list;
        return new StageCards(cards, byStage);
    }

    private static bool SameCards(IReadOnlyList<DealCard> a, List<DealCard> b)
    {
        if (a.Count != b.Count) return false;
        for (var i = 0; i < a.Count; i++) if (!ReferenceEquals(a[i], b[i])) return false;
        return true;
    }
}
