using Studio.Domain.Common;

namespace Studio.Domain.Billing;

/// <summary>
/// A client away for a while ("заморозка"): not expected at lessons and not charged, and their
/// passes last as many days longer as the freeze overlaps them.
/// </summary>
public sealed class ClientFreeze : Entity
{
    public const int ReasonMax = 300;
    public const int MaxDays = 366;

    private ClientFreeze() { }

    public ClientFreeze(Guid clientId, DateOnly from, DateOnly to, string? reason, DateTime createdAt, Guid createdById)
    {
        if (to < from) throw new DomainException("Error.Period");
        if (to.DayNumber - from.DayNumber + 1 > MaxDays) throw new DomainException("Error.Freeze.TooLong", MaxDays);
        (ClientId, From, To) = (clientId, from, to);
        Reason = Guard.OptionalText(reason, ReasonMax, "Reason");
        CreatedAt = Guard.Utc(createdAt);
        CreatedById = createdById;
        Raise(new FreezeChanged(Id, clientId));
    }

    public Guid ClientId { get; private set; }
    public DateOnly From { get; private set; }
    /// <summary>The last frozen day, inclusive.</summary>
    public DateOnly To { get; private set; }
    public string? Reason { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public Guid CreatedById { get; private set; }

    public int Days => To.DayNumber - From.DayNumber + 1;

    public bool Covers(DateOnly day) => day >= From && day <= To;

    public bool Overlaps(ClientFreeze other) => other.From <= To && other.To >= From;

    /// <summary>How many days of this freeze fall within [first, last].</summary>
    public int OverlapDays(DateOnly first, DateOnly last)
    {
        var (f, t) = (From > first ? From : first, To < last ? To : last);
        return t < f ? 0 : t.DayNumber - f.DayNumber + 1;
    }

    public void Remove() => Raise(new FreezeChanged(Id, ClientId));
}

public sealed record FreezeChanged(Guid FreezeId, Guid ClientId) : IDomainEvent;
