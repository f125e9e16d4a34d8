using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Domain.Pipelines;

namespace Studio.Infrastructure.Pipelines;

public sealed record StageView(Guid Id, string Name, string Colour, int Order, StageKind Kind, int? TimeLimitDays, bool CountsAsTrial)
{
    public bool IsFinal => Kind is StageKind.Won or StageKind.Lost;
    /// <summary>Entering the stage makes a task of this template, due in so many hours.</summary>
    public Guid? AutoTaskTemplateId { get; init; }
    public int? AutoTaskDueHours { get; init; }
}

public sealed record DealCard(
    Guid Id, Guid StageId, Guid ClientId, string ClientName, string? ClientPhone, decimal Amount, string? Title,
    Guid? ResponsibleId, Guid? SourceId, Guid BranchId, IReadOnlyList<Guid> TagIds, DateTime? CallbackAt,
    DateTime StageEnteredAt, DateTime CreatedAt, Guid Version)
{
    /// <summary>
    /// Equal when everything a card shows is equal, tags compared item by item: a reload that finds a card
    /// unchanged keeps the old instance (<see cref="BoardSnapshot.Reuse"/>), so no screen re-renders it.
    /// </summary>
    public bool Equals(DealCard? other) =>
        ReferenceEquals(this, other) || other is not null && Id == other.Id && Version == other.Version && StageId == other.StageId &&
        ClientId == other.ClientId && ClientName == other.ClientName && ClientPhone == other.ClientPhone && Amount == other.Amount &&
        Title == other.Title && ResponsibleId == other.ResponsibleId && SourceId == other.SourceId && BranchId == other.BranchId &&
        CallbackAt == other.CallbackAt && StageEnteredAt == other.StageEnteredAt && CreatedAt == other.CreatedAt &&
        OpenTasks == other.OpenTasks && TagIds.SequenceEqual(other.TagIds) && Fields.SequenceEqual(other.Fields);

    /// <summary>The deal's tasks still to be done: with none (and no call-back) an open deal has no next step.</summary>
    public int OpenTasks { get; init; }

    /// <summary>
    /// The deal's typed field values in the board's field order (filters read them all; the card shows those marked for it).
    /// Compared item by item, each item by value: a reload that finds the same values keeps the card.
    /// </summary>
    public IReadOnlyList<CardField> Fields { get; init; } = [];

    /// <summary>The value of one field (stored form), or null.</summary>
    public string? Value(Guid fieldId)
    {
        foreach (var f in Fields) if (f.FieldId == fieldId) return f.Value;
        return null;
    }

    public override int GetHashCode() => HashCode.Combine(Id, Version, StageId);
}

/// <summary>One typed value on a card: the field (its name and kind), the value as stored, and whether the card shows it.</summary>
public readonly record struct CardField(Guid FieldId, string Name, CustomFieldKind Kind, string Value, bool OnCard);

/// <summary>One of a board's deal fields as screens use it. Equal when everything is equal, choices item by item.</summary>
public sealed record DealFieldView(Guid Id, string Name, CustomFieldKind Kind, IReadOnlyList<string> Choices, bool ShowOnCard)
{
    public bool Equals(DealFieldView? other) =>
        ReferenceEquals(this, other) || other is not null && (Id, Name, Kind, ShowOnCard) == (other.Id, other.Name, other.Kind, other.ShowOnCard)
        && Choices.SequenceEqual(other.Choices);

    public override int GetHashCode() => HashCode.Combine(Id, Name, Kind, ShowOnCard);

    public static DealFieldView Of(Domain.Pipelines.DealField f) => new(f.Id, f.Name, f.Kind, [.. f.Choices], f.ShowOnCard);
}

/// <summary>A move that counts in the board's figures (into Won, Lost or a trial stage).</summary>
public sealed record CountedMove(Guid DealId, Guid ToStageId, StageKind ToKind, bool ToTrial, DateTime At, Guid ById,
    Guid? ResponsibleId, Guid? SourceId, Guid BranchId);

public sealed record PersonView(Guid Id, string Name, string Initials, EmployeeRole Role);
public sealed record NamedView(Guid Id, string Name, string? Colour = null)
{
    /// <summary>An archived entry (a branch): named on the records that have it, never offered for a new choice.</summary>
    public bool IsArchived { get; init; }

    /// <summary>The entries a picker offers: the open ones, and <paramref name="current"/> (the record's own) even when archived.</summary>
    public static IEnumerable<NamedView> Offered(IEnumerable<NamedView> all, Guid? current) => all.Where(v => !v.IsArchived || v.Id == current);
}

/// <summary>
/// One board as it was at one moment: loaded once per change per node and shared, unchanged,
/// by every circuit that shows the board.
/// </summary>
public sealed record BoardSnapshot(
    Guid BoardId, string Name, Guid Version, long Sequence, DateTime LoadedAt,
    IReadOnlyList<StageView> Stages, IReadOnlyList<DealCard> Deals, IReadOnlyList<NamedView> LossReasons,
    IReadOnlySet<Guid> MemberIds, IReadOnlyList<CountedMove> CountedMoves,
    IReadOnlyDictionary<Guid, PersonView> People, IReadOnlyList<NamedView> Sources, IReadOnlyList<NamedView> Tags,
    IReadOnlyList<NamedView> Branches, string TimeZoneId = "Europe/Kyiv") : Live.ISequenced
{
    /// <summary>A copy (<c>with</c>) starts with empty caches: a patched snapshot never shows its predecessor's views.</summary>
    private BoardSnapshot(BoardSnapshot original)
    {
        (BoardId, Name, Version, Sequence, LoadedAt) = (original.BoardId, original.Name, original.Version, original.Sequence, original.LoadedAt);
        (Stages, Deals, LossReasons, MemberIds, CountedMoves) = (original.Stages, original.Deals, original.LossReasons, original.MemberIds, original.CountedMoves);
        (People, Sources, Tags, Branches, TimeZoneId) = (original.People, original.Sources, original.Tags, original.Branches, original.TimeZoneId);
        Fields = original.Fields;
        IsArchived = original.IsArchived;
        _views = new();
        _latest = new();
    }

    /// <summary>The board's typed deal fields in order.</summary>
    public IReadOnlyList<DealFieldView> Fields { get; init; } = [];
    /// <summary>The owner archived the board: it shows read-only, with a banner (and Restore for the owner).</summary>
    public bool IsArchived { get; init; }

    private (string Id, TimeZoneInfo Zone)? _zone;

    /// <summary>The studio's zone, found once per snapshot (every screen filters with it on every change).</summary>
    public TimeZoneInfo TimeZone
    {
        get
        {
            if (_zone is { } z && z.Id == TimeZoneId) return z.Zone;
            var zone = TimeZoneInfo.TryFindSystemTimeZoneById(TimeZoneId, out var found) ? found : TimeZoneInfo.Utc;
            _zone = (TimeZoneId, zone);
            return zone;
        }
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (StageCards Cards, BoardFigures Figures)> _views = new();
    // Per filter, the cards last worked out for it (any minute), here and in the snapshot this one replaced: a view keeps
    // the stage lists that did not change, so a screen re-renders only the columns a change touched.
    private System.Collections.Concurrent.ConcurrentDictionary<string, StageCards> _latest = new();
    private System.Collections.Concurrent.ConcurrentDictionary<string, StageCards>? _earlier;

    /// <summary>
    /// The cards (in board order and by stage) and figures a filter shows at a minute, worked out once per snapshot and
    /// shared by every screen with the same filter: hundreds of screens on one board do the work of one.
    /// </summary>
    public (StageCards Cards, BoardFigures Figures) View(BoardFilter filter, DateTime minute)
    {
        var filterKey = filter.Key;
        var key = $"{filterKey}|{minute.Ticks}";
        if (_views.TryGetValue(key, out var view)) return view;
        lock (_views)
        {
            if (_views.TryGetValue(key, out view)) return view;
            if (_views.Count > 64) _views.Clear(); // a clock that ran for hours: keep only recent minutes
            var zone = TimeZone;
            var previous = _latest.TryGetValue(filterKey, out var here) ? here : _earlier?.GetValueOrDefault(filterKey);
            view = (StageCards.From(Deals.Where(d => filter.Matches(d, minute, zone)).ToList(), previous), filter.Figures(this, minute));
            _latest[filterKey] = view.Cards;
            _views[key] = view;
            return view;
        }
    }

    private IReadOnlyList<StageView>? _columns;

    /// <summary>The open stages in board order (Start first), worked out once per snapshot.</summary>
    public IReadOnlyList<StageView> Columns =>
        _columns ??= [.. Stages.Where(s => s.Kind is StageKind.Start or StageKind.Open).OrderBy(s => s.Order)];
    public StageView Won => Stages.Single(s => s.Kind == StageKind.Won);
    public StageView Lost => Stages.Single(s => s.Kind == StageKind.Lost);
    public StageView? Stage(Guid id) => Stages.FirstOrDefault(s => s.Id == id);

    /// <summary>Cards in board order: the newest in their stage first; the id breaks a tie, the same way on every database.</summary>
    public static IReadOnlyList<DealCard> InOrder(IEnumerable<DealCard> cards) =>
        [.. cards.OrderByDescending(c => c.StageEnteredAt).ThenBy(c => c.Id)];

    /// <summary>
    /// This snapshot with every part that did not change taken from <paramref name="previous"/>: the same card,
    /// stage, people and dictionary instances. Screens compare by reference and re-render only what is new.
    /// </summary>
    public BoardSnapshot Reuse(BoardSnapshot? previous)
    {
        if (previous is null || previous.BoardId != BoardId) return this;
        var cards = previous.Deals.ToDictionary(d => d.Id);
        var deals = Deals.Select(d => cards.TryGetValue(d.Id, out var old) && old.Equals(d) ? old : d).ToList();
        return (this with
        {
            Stages = Same(previous.Stages, Stages),
            Deals = deals.Count == previous.Deals.Count && deals.Zip(previous.Deals).All(p => ReferenceEquals(p.First, p.Second)) ? previous.Deals : deals,
            LossReasons = Same(previous.LossReasons, LossReasons),
            MemberIds = previous.MemberIds.SetEquals(MemberIds) ? previous.MemberIds : MemberIds,
            CountedMoves = Same(previous.CountedMoves, CountedMoves),
            People = previous.People.Count == People.Count && People.All(p => previous.People.TryGetValue(p.Key, out var o) && o == p.Value) ? previous.People : People,
            Sources = Same(previous.Sources, Sources),
            Tags = Same(previous.Tags, Tags),
            Branches = Same(previous.Branches, Branches),
            Fields = Same(previous.Fields, Fields),
        }).After(previous);
    }

    /// <summary>This snapshot follows <paramref name="previous"/>: its views start from the previous one's, not from theirs (no chain).</summary>
    private BoardSnapshot After(BoardSnapshot previous)
    {
        _earlier = previous._latest;
        return this;
    }

    private static IReadOnlyList<T> Same<T>(IReadOnlyList<T> previous, IReadOnlyList<T> loaded) => previous.SequenceEqual(loaded) ? previous : loaded;
}
