using Studio.Domain.Clients;
using Studio.Infrastructure.Clients;

namespace Studio.Web.Clients;

/// <summary>
/// What the card's header shows of the client: a value, so an edit of anything else leaves it equal (issue 14). The
/// guardians come in the order to call them: the contact person (<see cref="ClientCard.Contact"/>) first.
/// </summary>
public sealed record ClientHeading(string FullName, bool IsArchived, Guid? StatusId, Guid? MergedIntoId)
{
    public IReadOnlyList<Guardian> Guardians { get; init; } = [];
    /// <summary>Calls go to <see cref="Guardians"/>' first rather than the client.</summary>
    public bool CallGuardian { get; init; }

    public static ClientHeading Of(ClientCard card) => new(card.FullName, card.IsArchived, card.StatusId, card.MergedIntoId)
    {
        Guardians = card.Contact is { } contact ? [contact, .. card.Guardians.Where(g => !ReferenceEquals(g, contact) && !g.Equals(contact))] : card.Guardians,
        CallGuardian = card.Contact is not null,
    };

    public bool Equals(ClientHeading? other) => other is not null && (FullName, IsArchived, StatusId, MergedIntoId, CallGuardian)
        == (other.FullName, other.IsArchived, other.StatusId, other.MergedIntoId, other.CallGuardian) && Guardian.Same(Guardians, other.Guardians);

    public override int GetHashCode() => HashCode.Combine(FullName, IsArchived, StatusId, MergedIntoId, CallGuardian, Guardians.Count);
}
