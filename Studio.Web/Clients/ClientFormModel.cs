using Studio.Domain.Clients;
using Studio.Infrastructure.Clients;

namespace Studio.Web.Clients;

/// <summary>The client form's state: what the person typed, kept as typed until it is saved.</summary>
public sealed class ClientFormModel
{
    public string FullName { get; set; } = "";
    public List<PhoneLine> Phones { get; set; } = [new()];
    public string? Email { get; set; }
    public DateOnly? BirthDate { get; set; }
    public string? City { get; set; }
    public Guid? BranchId { get; set; }
    public Guid? SourceId { get; set; }
    public Guid? ResponsibleId { get; set; }
    public IReadOnlyCollection<Guid> TagIds { get; set; } = [];
    public string? Instagram { get; set; }
    public string? Telegram { get; set; }
    public string? Viber { get; set; }
    public string? Skype { get; set; }
    public string? Notes { get; set; }
    public Dictionary<Guid, string?> Custom { get; set; } = [];
    public List<GuardianLine> Guardians { get; set; } = [];

    public sealed class PhoneLine
    {
        public string? Number { get; set; }
    }

    /// <summary>A parent or guardian as typed: the relation picked (<see cref="Guardian.Relations"/> or <see cref="OtherRelation"/>, then typed).</summary>
    public sealed class GuardianLine
    {
        public const string OtherRelation = "Other";
        public string? Name { get; set; }
        public string? RelationChoice { get; set; }
        public string? RelationText { get; set; }
        public List<PhoneLine> Phones { get; set; } = [new()];
        public string? Email { get; set; }
        public string? Telegram { get; set; }
        public string? Viber { get; set; }
        public string? Instagram { get; set; }
        public string? Skype { get; set; }
        public bool IsContact { get; set; }

        public string? Relation => RelationChoice == OtherRelation ? RelationText : RelationChoice;

        public static GuardianLine From(Guardian g) => new()
        {
            Name = g.Name,
            RelationChoice = g.Relation is null ? null : Guardian.Relations.Contains(g.Relation) ? g.Relation : OtherRelation,
            RelationText = g.Relation is not null && !Guardian.Relations.Contains(g.Relation) ? g.Relation : null,
            Phones = g.Phones.Count == 0 ? [new()] : g.Phones.Select(p => new PhoneLine { Number = Studio.Infrastructure.Clients.Phones.Display(p) }).ToList(),
            Email = g.Email, Telegram = g.Channels.Telegram, Viber = g.Channels.Viber, Instagram = g.Channels.Instagram, Skype = g.Channels.Skype,
            IsContact = g.IsContact,
        };

        public Guardian ToGuardian() => new(Name ?? "", Relation, Phones.Select(p => p.Number ?? "").Where(p => p.Trim().Length > 0).ToList(), Email,
            new ContactChannels(Instagram, Telegram, Viber, Skype), IsContact);

        /// <summary>Everything typed, for the form to tell when this guardian's fields must render again.</summary>
        public string Shown => string.Join("\u0001", new[] { Name, RelationChoice, RelationText, Email, Telegram, Viber, Instagram, Skype, IsContact ? "1" : "0" }
            .Concat(Phones.Select(p => p.Number)).Select(x => x ?? "\u0000"));
    }

    public static ClientFormModel From(ClientCard c) => new()
    {
        FullName = c.FullName,
        Phones = c.Phones.Count == 0 ? [new()] : c.Phones.Select(p => new PhoneLine { Number = Studio.Infrastructure.Clients.Phones.Display(p) }).ToList(),
        Email = c.Email, BirthDate = c.BirthDate, City = c.City, BranchId = c.BranchId,
        SourceId = c.SourceId, ResponsibleId = c.ResponsibleId, TagIds = c.TagIds.ToList(),
        Instagram = c.Channels.Instagram, Telegram = c.Channels.Telegram, Viber = c.Channels.Viber, Skype = c.Channels.Skype,
        Notes = c.Notes, Custom = c.CustomFields.ToDictionary(kv => kv.Key, kv => (string?)kv.Value),
        Guardians = c.Guardians.Select(GuardianLine.From).ToList(),
    };

    /// <summary>
    /// This model with <paramref name="previous"/>'s phone lines when they hold the same numbers: a form that does not render
    /// its phone fields again (nothing changed there) keeps writing into the lines they show (issue 14).
    /// </summary>
    public ClientFormModel KeepingPhoneLinesOf(ClientFormModel previous)
    {
        if (Phones.Select(p => p.Number).SequenceEqual(previous.Phones.Select(p => p.Number))) Phones = previous.Phones;
        if (Guardians.Select(g => g.Shown).SequenceEqual(previous.Guardians.Select(g => g.Shown))) Guardians = previous.Guardians;
        return this;
    }

    public ClientInput ToInput() => new(
        FullName, Phones.Select(p => p.Number ?? "").Where(p => p.Trim().Length > 0).ToList(), Email,
        BirthDate, City, BranchId, SourceId, ResponsibleId, TagIds.ToList(),
        new ContactChannels(Instagram, Telegram, Viber, Skype), Notes, Custom, Guardians.Select(g => g.ToGuardian()).ToList());
}
