using Studio.Domain.Common;
using Studio.Domain.Pipelines;
using Studio.Infrastructure.Pipelines;
using Studio.Web.Components.Shared.Dictionaries;

namespace Studio.Web.Pipelines.Settings;

/// <summary>One deal field as the board's settings edit it: its choices in the same editor the client fields use.</summary>
public sealed class DealFieldRow : EntryEdit
{
    /// <summary>Null for a field added on this screen and not yet saved.</summary>
    public Guid? Id { get; init; }
    public CustomFieldKind Kind { get; set; }
    public bool ShowOnCard { get; set; }
    /// <summary>Stable across moves, for @key.</summary>
    public Guid Key { get; } = Guid.NewGuid();

    public static DealFieldRow From(DealFieldView f) => new() { Id = f.Id, Name = f.Name, Kind = f.Kind, Choices = [.. f.Choices], ShowOnCard = f.ShowOnCard };

    public DealFieldInput ToInput()
    {
        AddChoice(); // a choice typed but not yet added counts
        return new(Id, Name, Kind, Kind == CustomFieldKind.Choice ? [.. Choices] : [], ShowOnCard);
    }
}
