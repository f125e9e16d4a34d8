using Studio.Infrastructure.Clients;

namespace Studio.Web.Clients;

/// <summary>What the card's header shows of the client: a value, so an edit of anything else leaves it equal (issue 14).</summary>
public sealed record ClientHeading(string FullName, bool IsArchived, Guid? StatusId, Guid? MergedIntoId)
{
    public static ClientHeading Of(ClientCard card) => new(card.FullName, card.IsArchived, card.StatusId, card.MergedIntoId);
}
