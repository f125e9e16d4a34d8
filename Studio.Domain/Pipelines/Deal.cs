using Studio.Domain.Common;

namespace Studio.Domain.Pipelines;

/// <summary>A card on a board: one client's way through the stages.</summary>
public sealed class Deal : VersionedEntity
{
    public const int TitleMax = 160;
    public const int CustomKeyMax = 60;
    public const int CustomValueMax = 500;
    public const int MaxCustomFields = 30;
    public const decimal MaxAmount = 100_000_000m;

    private readonly List<DealTag> _tags = [];
    private readonly List<DealMove> _moves = [];

    private Deal() { }

    public Deal(Board board, Guid clientId, Guid branchId, Guid? responsibleId, Guid? sourceId,
        decimal amount, string? title, Guid by, DateTime at, IReadOnlyDictionary<string, string>? customFields = null)
    {
        Guard.Utc(at);
        BoardId = board.Id;
        ClientId = clientId;
        BranchId = branchId;
        ResponsibleId = responsibleId;
        SourceId = sourceId;
        Amount = CheckAmount(amount);
        Title = Guard.OptionalText(title, TitleMax, "Title");
        StageId = board.Start.Id;
        StageEnteredAt = at;
        CreatedAt = at;
        CreatedById = by;
        if (customFields is not null) CustomFields = CheckCustomFields(customFields);
        _moves.Add(new DealMove(Id, BoardId, null, StageId, null, by, at)); // the first line of its history: it appeared in Start
        Raise(new DealCreated(Id, BoardId, ClientId));
    }

    public Guid BoardId { get; private set; }
    public Guid ClientId { get; private set; }
    public Guid BranchId { get; private set; }
    public Guid StageId { get; private set; }
    public Guid? ResponsibleId { get; private set; }
    public Guid? SourceId { get; private set; }
    public decimal Amount { get; private set; }
    public string? Title { get; private set; }
    public DateTime? CallbackAt { get; private set; }
    /// <summary>
    /// When the callback reminds the deal's responsible (again): armed with <see cref="CallbackAt"/>, cleared when the
    /// reminder fires, moved by a snooze. The reminders job and a snooze change it in a small update of its own, never with
    /// the deal's version, so a snooze never conflicts with someone editing the deal; setting another callback re-arms it.
    /// </summary>
    public DateTime? CallbackRemindAt { get; private set; }
    public DateTime StageEnteredAt { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public Guid? CreatedById { get; private set; }
    public DateTime? ClosedAt { get; private set; }
    public Guid? LossReasonId { get; private set; }
    /// <summary>Extra facts by name (the web form's UTM tags among them); changed only through <see cref="Update"/>.</summary>
    public IReadOnlyDictionary<string, string> CustomFields { get; private set; } = Empty;
    /// <summary>The values of the board's typed deal fields by field id (stored form); changed only through <see cref="SetFieldValues"/>.</summary>
    public IReadOnlyDictionary<Guid, string> FieldValues { get; private set; } = NoValues;
    public IReadOnlyCollection<DealTag> Tags => _tags;

    /// <summary>
    /// The moves this instance recorded (its entered move when new, then each <see cref="MoveTo"/>); they are saved with
    /// the deal. Not the whole history of a loaded deal: that is read from the moves themselves.
    /// </summary>
    public IReadOnlyCollection<DealMove> RecordedMoves => _moves;

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>().AsReadOnly();
    private static readonly IReadOnlyDictionary<Guid, string> NoValues = new Dictionary<Guid, string>().AsReadOnly();

    /// <summary>
    /// Sets the board's typed field values named in <paramref name="values"/> (an empty one clears its field; fields not named keep
    /// theirs). All checked first against the board's fields, each by its kind (a refused set changes nothing). Returns the changes
    /// made, one per field, for the deal's history (the caller saves them).
    /// </summary>
    public IReadOnlyList<DealFieldChange> SetFieldValues(Board board, IReadOnlyDictionary<Guid, string?> values, Guid by, DateTime at)
    {
        Guard.Utc(at);
        if (board.Id != BoardId) throw new DomainException("Error.Unknown", "Field");
        var wanted = new Dictionary<Guid, string?>();
        foreach (var (id, raw) in values)
        {
            var field = board.FieldById(id);
            // A value kept as it was passes as it is (a choice the owner has since taken away stays until someone changes it).
            wanted[id] = FieldValues.TryGetValue(id, out var current) && current == raw?.Trim() ? current : field.Normalise(raw);
        }
        var changes = new List<DealFieldChange>();
        var next = new Dictionary<Guid, string>(FieldValues);
        foreach (var field in board.OrderedFields.Where(f => wanted.ContainsKey(f.Id)))
        {
            var (before, after) = (FieldValues.GetValueOrDefault(field.Id), wanted[field.Id]);
            if (before == after) continue;
            if (after is null) next.Remove(field.Id);
            else next[field.Id] = after;
            changes.Add(new DealFieldChange(Id, field.Id, field.Name, field.Kind, before, after, by, at));
        }
        if (changes.Count == 0) return [];
        FieldValues = next.AsReadOnly();
        Raise(new DealUpdated(Id, BoardId) { ClientId = ClientId });
        return changes;
    }

    /// <summary>The owner removed the field from the board: its value goes from the deal.</summary>
    public void RemoveFieldValue(Guid fieldId)
    {
        if (!FieldValues.ContainsKey(fieldId)) return;
        FieldValues = FieldValues.Where(kv => kv.Key != fieldId).ToDictionary(kv => kv.Key, kv => kv.Value).AsReadOnly();
        Raise(new DealUpdated(Id, BoardId) { ClientId = ClientId });
    }

    /// <summary>
    /// Moves the card. Any stage of the same board may be the target, Won and Lost from
    /// anywhere; Lost needs one of the board's loss reasons. Returns the recorded move (also in
    /// <see cref="RecordedMoves"/>, saved with the deal), or null when the card already is there.
    /// </summary>
    public DealMove? MoveTo(Board board, Guid stageId, Guid? lossReasonId, Guid by, DateTime at)
    {
        Guard.Utc(at);
        if (board.Id != BoardId) throw new DomainException("Error.StageNotOnBoard");
        var target = board.StageById(stageId);
        if (target.Kind == StageKind.Lost)
        {
            if (lossReasonId is null) throw new DomainException("Error.LossReasonRequired");
            if (board.LossReasons.All(r => r.Id != lossReasonId)) throw new DomainException("Error.LossReasonUnknown");
        }
        if (target.Id == StageId && (target.Kind != StageKind.Lost || lossReasonId == LossReasonId)) return null;

        var move = new DealMove(Id, BoardId, StageId, target.Id, target.Kind == StageKind.Lost ? lossReasonId : null, by, at);
        StageId = target.Id;
        StageEnteredAt = at;
        var wasOpen = ClosedAt is null;
        ClosedAt = target.IsFinal ? at : null;
        LossReasonId = target.Kind == StageKind.Lost ? lossReasonId : null;
        _moves.Add(move);
        // A callback counts (overdue, reminded) while its deal is open: closing or reopening one moves it. One change, one event.
        var callbackMoved = CallbackAt is not null && wasOpen != (ClosedAt is null);
        Raise(new DealMoved(Id, BoardId, move.FromStageId, move.ToStageId, ClientId)
            { CallbackChanged = callbackMoved, ResponsibleId = callbackMoved ? ResponsibleId : null });
        return move;
    }

    /// <summary>All checked first (a refused edit changes nothing); the same facts again change nothing and tell no one.</summary>
    public void Update(decimal amount, string? title, Guid? responsibleId, Guid? sourceId, Guid branchId,
        IEnumerable<Guid> tagIds, IReadOnlyDictionary<string, string> customFields)
    {
        var (a, t, fields) = (CheckAmount(amount), Guard.OptionalText(title, TitleMax, "Title"), CheckCustomFields(customFields));
        var tags = tagIds.ToHashSet();
        if ((a, t, responsibleId, sourceId, branchId) == (Amount, Title, ResponsibleId, SourceId, BranchId)
            && tags.SetEquals(_tags.Select(x => x.TagId)) && SameFields(fields, CustomFields)) return;
        var branchChanged = branchId != BranchId;
        (Amount, Title, ResponsibleId, SourceId, BranchId, CustomFields) = (a, t, responsibleId, sourceId, branchId, fields);
        SetTags(tags);
        Raise(new DealUpdated(Id, BoardId) { ClientId = ClientId, BranchChanged = branchChanged });
    }

    /// <summary>
    /// The callback counts as reminded already: nothing pops for it (a callback brought in with its history, e.g. the demo's,
    /// whose time has passed). Setting a new time arms it again.
    /// </summary>
    public void CallbackReminded() => CallbackRemindAt = null;

    public void SetCallback(DateTime? at)
    {
        if (at is { } t) Guard.Utc(t);
        if (CallbackAt == at) return;
        CallbackAt = at;
        CallbackRemindAt = at;
        Raise(new DealUpdated(Id, BoardId) { ClientId = ClientId, CallbackChanged = true, ResponsibleId = ResponsibleId }); // one change, one event
    }

    /// <summary>The client was merged into another: the deal follows the client kept.</summary>
    public void MoveToClient(Guid clientId)
    {
        if (ClientId == clientId) return;
        ClientId = clientId;
        Raise(new DealUpdated(Id, BoardId) { ClientId = ClientId });
    }

    public void Reassign(Guid? responsibleId)
    {
        if (ResponsibleId == responsibleId) return;
        ResponsibleId = responsibleId;
        Raise(new DealUpdated(Id, BoardId) { ClientId = ClientId });
    }

    /// <summary>The owner replaced the lead source <paramref name="oldId"/> by <paramref name="newId"/> in the dictionary.</summary>
    public void ReplaceSource(Guid oldId, Guid newId)
    {
        if (SourceId != oldId || oldId == newId) return;
        SourceId = newId;
        Raise(new DealUpdated(Id, BoardId) { ClientId = ClientId });
    }

    /// <summary>The owner replaced a tag by another: the deal keeps one of the new tag, never two.</summary>
    public void ReplaceTag(Guid oldId, Guid newId)
    {
        if (oldId == newId || _tags.RemoveAll(t => t.TagId == oldId) == 0) return;
        if (_tags.All(t => t.TagId != newId)) _tags.Add(new DealTag(Id, newId));
        Raise(new DealUpdated(Id, BoardId) { ClientId = ClientId });
    }

    public DealNote AddNote(string text, DateTime? contactAt, Guid by, DateTime at)
    {
        if (contactAt is { } c) Guard.Utc(c);
        var note = new DealNote(Id, Guard.Text(text, DealNote.TextMax, "Note"), contactAt, by, Guard.Utc(at));
        Raise(new DealNoteAdded(Id, BoardId, note.Id));
        return note;
    }

    private void SetTags(IEnumerable<Guid> tagIds)
    {
        var wanted = tagIds.Distinct().ToHashSet();
        _tags.RemoveAll(t => !wanted.Contains(t.TagId));
        foreach (var id in wanted.Where(id => _tags.All(t => t.TagId != id)))
            _tags.Add(new DealTag(Id, id));
    }

    private static decimal CheckAmount(decimal amount) =>
        amount < 0 || amount > MaxAmount ? throw new DomainException("Error.Amount", MaxAmount)
            : decimal.Round(amount, 2);

    private static bool SameFields(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);

    private static IReadOnlyDictionary<string, string> CheckCustomFields(IReadOnlyDictionary<string, string> fields)
    {
        if (fields.Count > MaxCustomFields) throw new DomainException("Error.TooMany", "CustomFields", MaxCustomFields);
        var result = new Dictionary<string, string>();
        foreach (var (key, value) in fields)
        {
            var k = Guard.Text(key, CustomKeyMax, "CustomFieldName");
            var v = Guard.OptionalText(value, CustomValueMax, k);
            if (v is not null) result[k] = v;
        }
        return result.AsReadOnly();
    }
}

public sealed class DealTag
{
    private DealTag() { }
    internal DealTag(Guid dealId, Guid tagId) { DealId = dealId; TagId = tagId; }
    public Guid DealId { get; private set; }
    public Guid TagId { get; private set; }
}

/// <summary>One recorded move: from, to, when, by whom. Append-only.</summary>
public sealed class DealMove
{
    private DealMove() { }

    internal DealMove(Guid dealId, Guid boardId, Guid? fromStageId, Guid toStageId, Guid? lossReasonId, Guid byId, DateTime at)
    {
        DealId = dealId;
        BoardId = boardId;
        FromStageId = fromStageId;
        ToStageId = toStageId;
        LossReasonId = lossReasonId;
        ById = byId;
        At = at;
    }

    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid DealId { get; private set; }
    public Guid BoardId { get; private set; }
    public Guid? FromStageId { get; private set; }
    public Guid ToStageId { get; private set; }
    public Guid? LossReasonId { get; private set; }
    public Guid ById { get; private set; }
    public DateTime At { get; private set; }
}

/// <summary>A note about a contact, optionally with the date it refers to. Append-only.</summary>
public sealed class DealNote
{
    public const int TextMax = 4000;

    private DealNote() { Text = ""; }

    internal DealNote(Guid dealId, string text, DateTime? contactAt, Guid byId, DateTime at)
    {
        DealId = dealId;
        Text = text;
        ContactAt = contactAt;
        ById = byId;
        At = at;
    }

    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid DealId { get; private set; }
    public string Text { get; private set; }
    public DateTime? ContactAt { get; private set; }
    public Guid ById { get; private set; }
    public DateTime At { get; private set; }
}

public sealed record DealCreated(Guid DealId, Guid BoardId, Guid ClientId) : IDomainEvent;
/// <summary>
/// A change of a deal that may move its callback (<see cref="DealMoved"/>, <see cref="DealUpdated"/>): the one way a callback
/// change is told — a flag on the change's own event, not a second event.
/// </summary>
public interface IDealCallbackChange : IDomainEvent
{
    Guid DealId { get; }
    /// <summary>The callback was set, moved or cleared, or its deal closed or reopened with one: the overdue calls and its reminder may move.</summary>
    bool CallbackChanged { get; }
    /// <summary>With <see cref="CallbackChanged"/>: the deal's responsible, whom its callback reminds.</summary>
    Guid? ResponsibleId { get; }
}
public sealed record DealMoved(Guid DealId, Guid BoardId, Guid? FromStageId, Guid ToStageId, Guid ClientId) : IDealCallbackChange
{
    /// <inheritdoc/>
    public bool CallbackChanged { get; init; }
    /// <inheritdoc/>
    public Guid? ResponsibleId { get; init; }
}
public sealed record DealUpdated(Guid DealId, Guid BoardId) : IDealCallbackChange
{
    /// <summary>The deal's client: their card lists the deal (its amount, its stage).</summary>
    public Guid? ClientId { get; init; }
    /// <summary>The deal moved to another branch: what each branch counts (the dashboard by branch) moves.</summary>
    public bool BranchChanged { get; init; }
    /// <inheritdoc/>
    public bool CallbackChanged { get; init; }
    /// <inheritdoc/>
    public Guid? ResponsibleId { get; init; }
}
public sealed record DealNoteAdded(Guid DealId, Guid BoardId, Guid NoteId) : IAppendOnlyEvent;
