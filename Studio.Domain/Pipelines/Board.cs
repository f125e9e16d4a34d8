using Studio.Domain.Common;

namespace Studio.Domain.Pipelines;

public enum StageKind { Start, Open, Won, Lost }

/// <summary>
/// A sales board: Start, the board's own stages in order, and the built-in Won and Lost.
/// Members are the employees (besides the owner) who may see and move its cards.
/// </summary>
public sealed class Board : VersionedEntity
{
    public const int NameMax = 120;
    public const int KeyMax = 64;

    private readonly List<Stage> _stages = [];
    private readonly List<BoardMember> _members = [];
    private readonly List<LossReason> _lossReasons = [];
    private readonly List<DealField> _fields = [];

    private Board() { Name = ""; FormKey = ""; }

    public Board(string name, string formKey, string startName = "Start", string wonName = "Won", string lostName = "Lost")
    {
        Name = Guard.Text(name, NameMax, "Name");
        FormKey = Guard.Text(formKey, KeyMax, "FormKey");
        _stages.Add(new Stage(Id, startName, "#90A4AE", 0, StageKind.Start, null));
        _stages.Add(new Stage(Id, wonName, "#43A047", int.MaxValue - 1, StageKind.Won, null));
        _stages.Add(new Stage(Id, lostName, "#E53935", int.MaxValue, StageKind.Lost, null));
    }

    public string Name { get; private set; }
    /// <summary>The key in the public web-form address; rotating it cuts off old forms.</summary>
    public string FormKey { get; private set; }
    public bool IsArchived { get; private set; }
    /// <summary>Sites allowed to post the web form from a browser (CORS), e.g. https://studio.example.</summary>
    /// <summary>Changed only through <see cref="SetAllowedOrigins"/>, which normalises and checks them.</summary>
    public IReadOnlyList<string> AllowedOrigins { get; private set; } = [];

    /// <summary>The client status a deal won on this board gives its client (none: the client's status is left alone).</summary>
    public Guid? WonClientStatusId { get; private set; }
    /// <summary>The client status a deal lost on this board gives its client (none: left alone).</summary>
    public Guid? LostClientStatusId { get; private set; }

    public IReadOnlyCollection<Stage> Stages => _stages;
    public IReadOnlyCollection<BoardMember> Members => _members;
    public IReadOnlyCollection<LossReason> LossReasons => _lossReasons;
    /// <summary>The typed fields of this board's deals; changed only through <see cref="SetFields"/>.</summary>
    public IReadOnlyCollection<DealField> Fields => _fields;

    /// <summary>The deal fields in the order the owner set.</summary>
    public IEnumerable<DealField> OrderedFields => _fields.OrderBy(f => f.Order);

    public DealField FieldById(Guid fieldId) =>
        _fields.SingleOrDefault(f => f.Id == fieldId) ?? throw new DomainException("Error.Unknown", "Field");

    /// <summary>Columns in board order: Start, then own stages; Won and Lost are drop targets.</summary>
    public IEnumerable<Stage> OrderedStages => _stages.OrderBy(s => s.Order);

    public Stage Start => _stages.Single(s => s.Kind == StageKind.Start);
    public Stage Won => _stages.Single(s => s.Kind == StageKind.Won);
    public Stage Lost => _stages.Single(s => s.Kind == StageKind.Lost);

    public Stage StageById(Guid stageId) =>
        _stages.SingleOrDefault(s => s.Id == stageId) ?? throw new DomainException("Error.StageNotOnBoard");

    public bool IsMember(Guid employeeId) => _members.Any(m => m.EmployeeId == employeeId);

    /// <summary>A new name; the same one again changes nothing and tells no one.</summary>
    public void Rename(string name)
    {
        var n = Guard.Text(name, NameMax, "Name");
        if (n == Name) return;
        Name = n;
        Raise(new BoardChanged(Id));
    }

    public void RotateKey(string newKey)
    {
        var key = Guard.Text(newKey, KeyMax, "FormKey");
        if (key == FormKey) return;
        FormKey = key;
        Raise(new BoardChanged(Id));
    }

    public Stage AddStage(string name, string colour, int? timeLimitDays, bool countsAsTrial = false)
    {
        var order = _stages.Where(s => s.Kind is StageKind.Start or StageKind.Open).Max(s => s.Order) + 1;
        var stage = new Stage(Id, name, colour, order, StageKind.Open, timeLimitDays) { CountsAsTrial = countsAsTrial };
        _stages.Add(stage);
        Raise(new BoardChanged(Id));
        return stage;
    }

    /// <summary>All checked first; the same name, colour, limit and trial flag again change nothing and tell no one.</summary>
    public void UpdateStage(Guid stageId, string name, string colour, int? timeLimitDays, bool countsAsTrial)
    {
        var stage = StageById(stageId);
        var trial = countsAsTrial && stage.Kind == StageKind.Open;
        var changed = stage.Update(name, colour, timeLimitDays);
        if (!changed && stage.CountsAsTrial == trial) return;
        stage.CountsAsTrial = trial;
        Raise(new BoardChanged(Id));
    }

    /// <summary>Entering the stage makes a task from the template, due in so many hours (none: no task).</summary>
    public void AutomateStage(Guid stageId, Guid? templateId, int? dueHours)
    {
        if (StageById(stageId).Automate(templateId, dueHours)) Raise(new BoardChanged(Id));
    }

    /// <summary>Removes an own stage that holds no deal (the caller has checked).</summary>
    public void RemoveStage(Guid stageId) => RemoveStage(stageId, [], null, Guid.Empty, DateTime.UnixEpoch);

    /// <summary>
    /// Removes an own stage together with the open deals it still holds (<paramref name="deals"/>: all of them), which first go to
    /// <paramref name="dealsGoTo"/>, each with a recorded move by <paramref name="by"/>. The target is Start or another own stage of
    /// this board, not the one removed; a stage that holds deals and has no target is refused with the count. All checked first.
    /// Returns the moves recorded (also in each deal's <see cref="Deal.RecordedMoves"/>).
    /// </summary>
    public IReadOnlyList<DealMove> RemoveStage(Guid stageId, IReadOnlyCollection<Deal> deals, Guid? dealsGoTo, Guid by, DateTime at)
    {
        var stage = StageById(stageId);
        if (stage.Kind != StageKind.Open) throw new DomainException("Error.BuiltInStage");
        if (deals.Any(d => d.BoardId != Id || d.StageId != stageId)) throw new DomainException("Error.StageNotOnBoard");
        var moves = new List<DealMove>();
        if (deals.Count > 0)
        {
            if (dealsGoTo is not { } targetId) throw new DomainException("Error.StageHasDeals", stage.Name, deals.Count);
            var target = _stages.SingleOrDefault(s => s.Id == targetId);
            if (target is null || target.Id == stageId || target.Kind is not (StageKind.Start or StageKind.Open))
                throw new DomainException("Error.StageTarget", stage.Name);
            Guard.Utc(at);
            foreach (var deal in deals)
                if (deal.MoveTo(this, target.Id, null, by, at) is { } move) moves.Add(move);
        }
        _stages.Remove(stage);
        Raise(new BoardChanged(Id));
        return moves;
    }

    /// <summary>Puts the own stages in the given order (all of them, each once).</summary>
    public void ReorderStages(IReadOnlyList<Guid> openStageIds)
    {
        var open = _stages.Where(s => s.Kind == StageKind.Open).ToList();
        if (openStageIds.Count != open.Count || open.Any(s => !openStageIds.Contains(s.Id)))
            throw new DomainException("Error.StageOrder");
        if (open.OrderBy(s => s.Order).Select(s => s.Id).SequenceEqual(openStageIds)) return;
        for (var i = 0; i < openStageIds.Count; i++)
            open.Single(s => s.Id == openStageIds[i]).SetOrder(i + 1);
        Raise(new BoardChanged(Id));
    }

    public void SetMembers(IEnumerable<Guid> employeeIds)
    {
        var wanted = employeeIds.Distinct().ToHashSet();
        var removed = _members.RemoveAll(m => !wanted.Contains(m.EmployeeId));
        var added = wanted.Where(id => _members.All(m => m.EmployeeId != id)).ToList();
        foreach (var id in added) _members.Add(new BoardMember(Id, id));
        if (removed > 0 || added.Count > 0) Raise(new BoardChanged(Id));
    }

    public LossReason AddLossReason(string name)
    {
        var text = Guard.Text(name, LossReason.NameMax, "Name");
        if (_lossReasons.Any(r => Names.Same(r.Name, text)))
            throw new DomainException("Error.Duplicate", text);
        var reason = new LossReason(Id, text, _lossReasons.Count == 0 ? 0 : _lossReasons.Max(r => r.Order) + 1);
        _lossReasons.Add(reason);
        Raise(new BoardChanged(Id));
        return reason;
    }

    public void RemoveLossReason(Guid reasonId)
    {
        var reason = _lossReasons.SingleOrDefault(r => r.Id == reasonId) ?? throw new DomainException("Error.NotFound");
        _lossReasons.Remove(reason);
        Raise(new BoardChanged(Id));
    }

    public void SetAllowedOrigins(IEnumerable<string> origins)
    {
        var list = new List<string>();
        foreach (var raw in origins.Select(o => o.Trim().TrimEnd('/')).Where(o => o.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(raw, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.PathAndQuery != "/")
                throw new DomainException("Error.Origin", raw);
            var origin = uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant();
            if (!list.Contains(origin)) list.Add(origin); // "https://a.example:443/" is "https://a.example" too
        }
        if (list.Count > 20) throw new DomainException("Error.TooMany", "AllowedOrigins", 20);
        if (list.SequenceEqual(AllowedOrigins)) return;
        AllowedOrigins = list.AsReadOnly();
        Raise(new BoardChanged(Id));
    }

    /// <summary>The client statuses a won and a lost deal give their client; the caller has checked that they exist.</summary>
    public void SetClientStatusesOnClose(Guid? won, Guid? lost)
    {
        if ((WonClientStatusId, LostClientStatusId) == (won, lost)) return;
        (WonClientStatusId, LostClientStatusId) = (won, lost);
        Raise(new BoardChanged(Id));
    }

    /// <summary>The client status a deal entering <paramref name="stage"/> gives its client, if the board sets one.</summary>
    public Guid? ClientStatusOnEntering(Stage stage) => stage.Kind switch
    {
        StageKind.Won => WonClientStatusId,
        StageKind.Lost => LostClientStatusId,
        _ => null,
    };

    public void Archive(bool archived)
    {
        if (IsArchived == archived) return;
        IsArchived = archived;
        Raise(new BoardChanged(Id));
    }

    /// <summary>
    /// The board's deal fields, all of them in the given order: existing ones by id (their kind stays), new ones without. All
    /// checked first (a refused list changes nothing): names and choices, no name twice, at most <see cref="DealField.MaxPerBoard"/>.
    /// Returns the fields removed; the caller has made sure their values may go (<see cref="Deal.RemoveFieldValue"/>).
    /// </summary>
    public IReadOnlyList<DealField> SetFields(IReadOnlyList<DealFieldInput> inputs)
    {
        if (inputs.Count > DealField.MaxPerBoard) throw new DomainException("Error.TooMany", "Fields", DealField.MaxPerBoard);
        var checkedInputs = new List<(DealField? Existing, string Name, CustomFieldKind Kind, IReadOnlyList<string> Choices, bool ShowOnCard)>();
        foreach (var input in inputs)
        {
            var existing = input.Id is { } id ? _fields.SingleOrDefault(f => f.Id == id) ?? throw new DomainException("Error.Unknown", "Field") : null;
            var kind = existing?.Kind ?? input.Kind;
            var name = Guard.Text(input.Name, FieldKinds.NameMax, "Name");
            if (checkedInputs.Any(c => Names.Same(c.Name, name))) throw new DomainException("Error.Duplicate", name);
            checkedInputs.Add((existing, name, kind, FieldKinds.Choices(kind, input.Choices), input.ShowOnCard));
        }
        var removed = _fields.Where(f => checkedInputs.All(c => c.Existing != f)).ToList();
        var changed = removed.Count > 0;
        foreach (var gone in removed) _fields.Remove(gone);
        for (var i = 0; i < checkedInputs.Count; i++)
        {
            var c = checkedInputs[i];
            if (c.Existing is { } field) changed |= field.Set(c.Name, c.Choices, c.ShowOnCard, i);
            else
            {
                _fields.Add(new DealField(Id, c.Name, c.Kind, c.Choices, c.ShowOnCard, i));
                changed = true;
            }
        }
        if (changed) Raise(new BoardChanged(Id));
        return removed;
    }
}

public sealed class Stage
{
    public const int NameMax = 80;

    private Stage() { Name = ""; Colour = ""; }

    internal Stage(Guid boardId, string name, string colour, int order, StageKind kind, int? timeLimitDays)
    {
        BoardId = boardId;
        Kind = kind;
        Order = order;
        Name = "";
        Colour = "";
        Update(name, colour, timeLimitDays);
    }

    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid BoardId { get; private set; }
    public string Name { get; private set; }
    public string Colour { get; private set; }
    public int Order { get; private set; }
    public StageKind Kind { get; private set; }
    /// <summary>At most this many days in the stage; a deal over it is stale. Open stages only.</summary>
    public int? TimeLimitDays { get; private set; }
    /// <summary>A deal entering this stage counts as a trial in the board's figures.</summary>
    public bool CountsAsTrial { get; internal set; }
    /// <summary>Entering this stage makes a task of this template for the deal's responsible, due in <see cref="AutoTaskDueHours"/>.</summary>
    public Guid? AutoTaskTemplateId { get; private set; }
    public int? AutoTaskDueHours { get; private set; }

    public const int AutoTaskDueHoursMax = 24 * 60;

    /// <summary>True when the automation changed.</summary>
    internal bool Automate(Guid? templateId, int? dueHours)
    {
        if (templateId is not null && (Kind == StageKind.Lost || dueHours is null || dueHours < 0 || dueHours > AutoTaskDueHoursMax))
            throw new DomainException("Error.Stage.AutoTask");
        var wanted = templateId is null ? (null, null) : (templateId, dueHours);
        if ((AutoTaskTemplateId, AutoTaskDueHours) == wanted) return false;
        (AutoTaskTemplateId, AutoTaskDueHours) = wanted;
        return true;
    }

    public bool IsFinal => Kind is StageKind.Won or StageKind.Lost;

    /// <summary>All checked first (a refused update changes nothing); true when something changed.</summary>
    internal bool Update(string name, string colour, int? timeLimitDays)
    {
        var (n, c) = (Guard.Text(name, NameMax, "Name"), Common.Colour.Parse(colour));
        if (timeLimitDays is not null && (IsFinal || timeLimitDays < 1 || timeLimitDays > 365))
            throw new DomainException("Error.TimeLimit");
        if ((n, c, timeLimitDays) == (Name, Colour, TimeLimitDays)) return false;
        (Name, Colour, TimeLimitDays) = (n, c, timeLimitDays);
        return true;
    }

    internal void SetOrder(int order) => Order = order;
}

public sealed class BoardMember
{
    private BoardMember() { }
    internal BoardMember(Guid boardId, Guid employeeId) { BoardId = boardId; EmployeeId = employeeId; }
    public Guid BoardId { get; private set; }
    public Guid EmployeeId { get; private set; }
}

public sealed class LossReason
{
    public const int NameMax = 120;
    private LossReason() { Name = ""; }
    internal LossReason(Guid boardId, string name, int order) { BoardId = boardId; Name = name; Order = order; }
    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid BoardId { get; private set; }
    public string Name { get; private set; }
    public int Order { get; private set; }
}

public sealed record BoardChanged(Guid BoardId) : IDomainEvent;
