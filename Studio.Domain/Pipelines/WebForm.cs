using Studio.Domain.Clients;

namespace Studio.Domain.Pipelines;

/// <summary>
/// The public web form on a studio's site: the fields it takes, their limits, and who it is in
/// a card's history. No employee stands behind a web-form lead, so the deal, its first move and
/// its note carry <see cref="ActorId"/> (never an employee's id) and screens show "Web form".
/// </summary>
public static class WebForm
{
    /// <summary>The "by" of whatever the web form records: no employee has this id.</summary>
    public static readonly Guid ActorId = Guid.Empty;

    public const int NameMax = Client.NameMax;
    public const int EmailMax = Client.EmailMax;
    /// <summary>A phone as typed ("+38 (067) 123-45-67"), before it is normalised.</summary>
    public const int PhoneMax = 40;
    public const int CommentMax = DealNote.TextMax;
    public const int SourceMax = 200;
    public const int UtmMax = 200;

    /// <summary>The raw source name kept in the deal's custom fields when no lead source has that name.</summary>
    public const string SourceField = "source";

    /// <summary>The UTM tags, named as on the wire and as kept in the deal's custom fields.</summary>
    public static readonly IReadOnlyList<string> UtmFields = ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"];

    public static bool IsWebForm(Guid actorId) => actorId == ActorId;
}
