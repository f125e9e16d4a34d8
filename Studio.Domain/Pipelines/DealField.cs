using Studio.Domain.Common;

namespace Studio.Domain.Pipelines;

/// <summary>A typed field of a board's deals (text, number, date, choice, yes/no), like the client card's custom fields.</summary>
public sealed class DealField
{
    public const int MaxPerBoard = 30;

    private DealField() { Name = ""; }

    internal DealField(Guid boardId, string name, CustomFieldKind kind, IReadOnlyList<string> choices, bool showOnCard, int order)
    {
        BoardId = boardId;
        Kind = kind;
        (Name, Choices, ShowOnCard, Order) = (name, choices, showOnCard, order);
    }

    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid BoardId { get; private set; }
    public string Name { get; private set; }
    /// <summary>Fixed once the field exists: the values already typed keep their meaning.</summary>
    public CustomFieldKind Kind { get; private set; }
    public IReadOnlyList<string> Choices { get; private set; } = [];
    /// <summary>The field's value shows on the board's cards.</summary>
    public bool ShowOnCard { get; private set; }
    public int Order { get; private set; }

    /// <summary>A typed value as stored (invariant text; null when empty), or a domain error naming the field.</summary>
    public string? Normalise(string? raw) => FieldKinds.Normalise(Kind, Name, Choices, raw);

    /// <summary>True when anything changed; the caller has checked the values.</summary>
    internal bool Set(string name, IReadOnlyList<string> choices, bool showOnCard, int order)
    {
        if (name == Name && choices.SequenceEqual(Choices) && showOnCard == ShowOnCard && order == Order) return false;
        (Name, Choices, ShowOnCard, Order) = (name, choices, showOnCard, order);
        return true;
    }
}

/// <summary>One deal field as the board's settings save it: an existing one by id (its kind stays), a new one without.</summary>
public sealed record DealFieldInput(Guid? Id, string Name, CustomFieldKind Kind, IReadOnlyList<string> Choices, bool ShowOnCard);

/// <summary>One change of a deal field's value: which field (its name then), from, to, when, by whom. Append-only: the deal's history.</summary>
public sealed class DealFieldChange
{
    private DealFieldChange() { FieldName = ""; }

    internal DealFieldChange(Guid dealId, Guid fieldId, string fieldName, CustomFieldKind kind, string? from, string? to, Guid byId, DateTime at)
    {
        (DealId, FieldId, FieldName, Kind, From, To, ById, At) = (dealId, fieldId, fieldName, kind, from, to, byId, at);
    }

    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid DealId { get; private set; }
    public Guid FieldId { get; private set; }
    public string FieldName { get; private set; }
    public CustomFieldKind Kind { get; private set; }
    /// <summary>The value before (stored form), null when it was empty.</summary>
    public string? From { get; private set; }
    /// <summary>The value after (stored form), null when cleared.</summary>
    public string? To { get; private set; }
    public Guid ById { get; private set; }
    public DateTime At { get; private set; }
}
