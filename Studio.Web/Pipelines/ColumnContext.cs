using Microsoft.AspNetCore.Components;
using Studio.Infrastructure.Live;
using Studio.Infrastructure.Pipelines;

namespace Studio.Web.Pipelines;

/// <summary>
/// What every column of a board shares: the clock's minute, who edits what, people, tags, whether it is read-only, and
/// what to do when a card is opened, added, dropped or stepped. One parameter instead of ten, made anew only when one of
/// the values changed, so a board that renders for a move hands each column three parameters and the columns whose
/// cards did not change compare three references and stop.
/// </summary>
public sealed class ColumnContext(
    DateTime now, IReadOnlyDictionary<Guid, IReadOnlyList<PresentPerson>> editing, IReadOnlyDictionary<Guid, PersonView> people,
    IReadOnlyList<NamedView> tags, bool readOnly)
{
    public DateTime Now { get; } = now;
    public IReadOnlyDictionary<Guid, IReadOnlyList<PresentPerson>> Editing { get; } = editing;
    public IReadOnlyDictionary<Guid, PersonView> People { get; } = people;
    public IReadOnlyList<NamedView> Tags { get; } = tags;
    public bool ReadOnly { get; } = readOnly;

    public EventCallback<Guid> OnOpen { get; init; }
    public EventCallback OnAdd { get; init; }
    public EventCallback<(string Name, string Phone)> OnQuickAdd { get; init; }
    /// <summary>A card (by deal id) was dropped on a column (by stage id).</summary>
    public Func<Guid, Guid, Task> OnDrop { get; init; } = (_, _) => Task.CompletedTask;
    /// <summary>Shift+→ / Shift+← on a card: move it one column on (1) or back (-1).</summary>
    public Func<Guid, int, Task>? OnStep { get; init; }

    public static readonly IReadOnlyDictionary<Guid, IReadOnlyList<PresentPerson>> NoEditors = new Dictionary<Guid, IReadOnlyList<PresentPerson>>();

    public bool Same(DateTime now, IReadOnlyDictionary<Guid, IReadOnlyList<PresentPerson>> editing, IReadOnlyDictionary<Guid, PersonView> people,
        IReadOnlyList<NamedView> tags, bool readOnly) =>
        Now == now && ReferenceEquals(Editing, editing) && ReferenceEquals(People, people) && ReferenceEquals(Tags, tags) && ReadOnly == readOnly;
}
