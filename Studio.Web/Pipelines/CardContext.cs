using Studio.Infrastructure.Pipelines;

namespace Studio.Web.Pipelines;

/// <summary>
/// What every card of a column shares: one parameter instead of five, so a column that renders hands each card three
/// parameters and a card compares three references to know it has nothing to do.
/// </summary>
public sealed class CardContext(StageView? stage, DateTime now, IReadOnlyDictionary<Guid, PersonView> people, IReadOnlyList<NamedView> tags, bool readOnly)
{
    public StageView? Stage { get; } = stage;
    public DateTime Now { get; } = now;
    public IReadOnlyDictionary<Guid, PersonView> People { get; } = people;
    public IReadOnlyList<NamedView> Tags { get; } = tags;
    public bool ReadOnly { get; } = readOnly;

    public bool Same(StageView? stage, DateTime now, IReadOnlyDictionary<Guid, PersonView> people, IReadOnlyList<NamedView> tags, bool readOnly) =>
        ReferenceEquals(Stage, stage) && Now == now && ReferenceEquals(People, people) && ReferenceEquals(Tags, tags) && ReadOnly == readOnly;
}
