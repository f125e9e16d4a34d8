using Studio.Domain.Common;

namespace Studio.Domain.Organisation;

/// <summary>What a handover moves from one employee to another.</summary>
public enum HandoverItem { Deal, Client, Task, Lesson }

/// <summary>
/// One item handed over from one employee to another (a deal's or client's responsible, a task's executor, a lesson's
/// teacher): from whom, to whom, who did it and when. Append-only; the item's history reads it.
/// </summary>
public sealed class Reassignment
{
    private Reassignment() { }

    public Reassignment(HandoverItem item, Guid itemId, Guid fromId, Guid toId, Guid byId, DateTime at) =>
        (Id, Item, ItemId, FromId, ToId, ById, At) = (Guid.CreateVersion7(), item, itemId, fromId, toId, byId, Guard.Utc(at));

    public Guid Id { get; private set; }
    public HandoverItem Item { get; private set; }
    public Guid ItemId { get; private set; }
    public Guid FromId { get; private set; }
    public Guid ToId { get; private set; }
    public Guid ById { get; private set; }
    public DateTime At { get; private set; }
}
