using System.Text.RegularExpressions;
using Studio.Domain.Common;

namespace Studio.Domain.Clients;

/// <summary>Where else a client can be reached.</summary>
public sealed record ContactChannels(string? Instagram = null, string? Telegram = null, string? Viber = null, string? Skype = null)
{
    public const int Max = 100;
    public static readonly ContactChannels None = new();

    public ContactChannels Checked() => new(
        Guard.OptionalText(Instagram, Max, "Instagram"), Guard.OptionalText(Telegram, Max, "Telegram"),
        Guard.OptionalText(Viber, Max, "Viber"), Guard.OptionalText(Skype, Max, "Skype"));
}

/// <summary>The editable facts of a client's profile, checked together.</summary>
public sealed record ClientProfile(
    string FullName, IReadOnlyList<string> Phones, string? Email, DateOnly? BirthDate, string? City, Guid BranchId,
    Guid? SourceId, Guid? ResponsibleId, IReadOnlyList<Guid> TagIds, ContactChannels Channels, string? Notes,
    IReadOnlyDictionary<Guid, string> CustomFields, IReadOnlyList<Guardian>? Guardians = null);

/// <summary>
/// A parent or guardian of a client (a child's mother, father or guardian, or another relation as typed): whom the studio calls
/// and writes to. <see cref="Relation"/> is one of <see cref="Relations"/> (shown in the person's language) or free text.
/// </summary>
public sealed record Guardian(string Name, string? Relation, IReadOnlyList<string> Phones, string? Email, ContactChannels Channels, bool IsContact = false)
{
    public const int NameMax = 160;
    public const int RelationMax = 40;
    public const int MaxPhones = 3;
    /// <summary>At most this many guardians on one client.</summary>
    public const int Max = 3;
    /// <summary>Younger than this by the birth date, a client's first guardian is whom the studio calls.</summary>
    public const int AdultAge = 18;
    public static readonly IReadOnlyList<string> Relations = ["Mother", "Father", "Guardian"];

    public bool Equals(Guardian? other) => other is not null && Name == other.Name && Relation == other.Relation
        && Phones.SequenceEqual(other.Phones) && Email == other.Email && Channels == other.Channels && IsContact == other.IsContact;

    public override int GetHashCode() => HashCode.Combine(Name, Relation, Email, Channels, IsContact, Phones.Count);

    public static bool Same(IReadOnlyList<Guardian> a, IReadOnlyList<Guardian> b) => a.SequenceEqual(b);

    /// <summary>A child by the birth date on <paramref name="today"/>: not yet <see cref="AdultAge"/>.</summary>
    public static bool IsChild(DateOnly? birthDate, DateOnly today) => birthDate is { } b && b.AddYears(AdultAge) > today;

    /// <summary>
    /// Whom reminders and calls go to instead of the client: the guardian marked as the contact person, else — for a child
    /// (under <see cref="AdultAge"/> by the birth date) — the first guardian; null when the client is called themself.
    /// </summary>
    public static Guardian? ContactOf(IReadOnlyList<Guardian> guardians, DateOnly? birthDate, DateOnly today) =>
        guardians.FirstOrDefault(g => g.IsContact) ?? (IsChild(birthDate, today) ? guardians.FirstOrDefault() : null);
}

/// <summary>A person the studio works with: the card, its phones and its status.</summary>
public sealed partial class Client : VersionedEntity
{
    public const int NameMax = 160;
    public const int PhoneMax = 20;
    public const int EmailMax = 256;
    public const int CityMax = 100;
    public const int NotesMax = 4000;
    public const int MaxPhones = 5;
    public const int ExternalKeyMax = 64;
    public const int SearchKeyMax = NameMax + EmailMax + 1;

    private readonly List<ClientPhone> _phones = [];
    private readonly List<ClientTag> _tags = [];
    private readonly List<ClientGuardianPhone> _guardianPhones = [];

    private Client() { FullName = ""; }

    /// <summary>A client from a deal or a lead: name and a phone or e-mail (phones already E.164).</summary>
    public Client(string fullName, string? phone, string? email, Guid branchId, Guid? sourceId, Guid? responsibleId, DateTime createdAt)
        : this(new ClientProfile(fullName, string.IsNullOrWhiteSpace(phone) ? [] : [phone], email, null, null, branchId, sourceId,
            responsibleId, [], ContactChannels.None, null, new Dictionary<Guid, string>()), createdAt)
    {
    }

    public Client(ClientProfile profile, DateTime createdAt)
    {
        FullName = "";
        CreatedAt = Guard.Utc(createdAt);
        Apply(Check(profile));
        Raise(new ClientCreated(Id, BirthDate is not null));
    }

    public string FullName { get; private set; }
    /// <summary>The name and e-mail in lower case, for search that ignores case in every language on every database.</summary>
    public string SearchKey { get; private set; } = "";
    /// <summary>The first phone, E.164; all of them are in <see cref="Phones"/>.</summary>
    public string? Phone { get; private set; }
    public string? Email { get; private set; }
    public DateOnly? BirthDate { get; private set; }
    public string? City { get; private set; }
    public Guid BranchId { get; private set; }
    public Guid? SourceId { get; private set; }
    public Guid? ResponsibleId { get; private set; }
    public Guid? StatusId { get; private set; }
    public ContactChannels Channels { get; private set; } = ContactChannels.None;
    public string? Notes { get; private set; }
    /// <summary>The values of the owner's custom fields by field id; changed only through <see cref="Update"/> and <see cref="RemoveCustomField"/>.</summary>
    public IReadOnlyDictionary<Guid, string> CustomFields { get; private set; } = new Dictionary<Guid, string>().AsReadOnly();
    public bool IsArchived { get; private set; }
    public DateTime CreatedAt { get; private set; }
    /// <summary>Set when the client came from an import: the same row imported again finds it.</summary>
    public string? ExternalKey { get; private set; }
    /// <summary>Set when this client was merged into another; the card then points there.</summary>
    public Guid? MergedIntoId { get; private set; }

    public IReadOnlyCollection<ClientPhone> Phones => _phones;
    public IReadOnlyCollection<ClientTag> Tags => _tags;
    /// <summary>The parents or guardians, in order; changed only through <see cref="Update"/>.</summary>
    public IReadOnlyList<Guardian> Guardians { get; private set; } = [];
    /// <summary>Every guardian's phone, kept with <see cref="Guardians"/>: a parent's number finds the child.</summary>
    public IReadOnlyCollection<ClientGuardianPhone> GuardianPhones => _guardianPhones;

    /// <summary>All checked first (a refused edit changes nothing); the same profile again changes nothing and tells no one.</summary>
    public void Update(ClientProfile profile)
    {
        var (birthDate, guardians, branchId) = (BirthDate, Guardians, BranchId);
        if (!Apply(Check(profile))) return;
        Raise(new ClientUpdated(Id, BirthDate != birthDate) { BranchChanged = BranchId != branchId });
        if (!Guardian.Same(guardians, Guardians)) Raise(new ClientGuardiansChanged(Id));
    }

    /// <summary>A profile checked and normalised, ready to apply.</summary>
    private sealed record Checked(string FullName, IReadOnlyList<string> Phones, string? Email, DateOnly? BirthDate, string? City,
        Guid BranchId, Guid? SourceId, Guid? ResponsibleId, IReadOnlySet<Guid> TagIds, ContactChannels Channels, string? Notes,
        IReadOnlyDictionary<Guid, string> CustomFields, IReadOnlyList<Guardian> Guardians);

    private Checked Check(ClientProfile p)
    {
        var fullName = Guard.Text(p.FullName, NameMax, "FullName");
        var phones = p.Phones.Where(x => !string.IsNullOrWhiteSpace(x)).Select(x => x.Trim()).Distinct().ToList();
        if (phones.Count > MaxPhones) throw new DomainException("Error.TooMany", "Phone", MaxPhones);
        foreach (var phone in phones)
            if (phone.Length > PhoneMax || !E164().IsMatch(phone)) throw new DomainException("Error.Phone", phone);
        var email = Guard.OptionalText(p.Email, EmailMax, "Email")?.ToLowerInvariant();
        if (email is not null && !EmailShape().IsMatch(email)) throw new DomainException("Error.Email", email);
        var guardians = p.Guardians is null ? Guardians : CheckGuardians(p.Guardians);
        // A child may have no phone of their own: a guardian's phone or e-mail is how the studio reaches them.
        if (phones.Count == 0 && email is null && guardians.Count == 0) throw new DomainException("Error.PhoneOrEmail");
        if (p.BirthDate is { } b && (b.Year < 1900 || b > DateOnly.FromDateTime(CreatedAt))) throw new DomainException("Error.BirthDate");
        if (p.BranchId == Guid.Empty) throw new DomainException("Error.Required", "Branch");
        if (p.CustomFields.Count > 50) throw new DomainException("Error.TooMany", "CustomFields", 50);
        var city = Guard.OptionalText(p.City, CityMax, "City");
        var channels = p.Channels.Checked();
        var notes = Guard.OptionalText(p.Notes, NotesMax, "Notes");
        var custom = p.CustomFields.Where(kv => !string.IsNullOrWhiteSpace(kv.Value))
            .ToDictionary(kv => kv.Key, kv => Guard.Text(kv.Value, CustomFieldDefinition.ValueMax, "CustomFields")).AsReadOnly();
        return new(fullName, phones, email, p.BirthDate, city, p.BranchId, p.SourceId, p.ResponsibleId, p.TagIds.ToHashSet(),
            channels, notes, custom, guardians);
    }

    private static IReadOnlyList<Guardian> CheckGuardians(IReadOnlyList<Guardian> list)
    {
        if (list.Count > Guardian.Max) throw new DomainException("Error.TooMany", "Guardians", Guardian.Max);
        var contact = false;
        var result = new List<Guardian>();
        foreach (var g in list)
        {
            var name = Guard.Text(g.Name, Guardian.NameMax, "GuardianName");
            var relation = Guard.OptionalText(g.Relation, Guardian.RelationMax, "GuardianRelation");
            var phones = g.Phones.Where(x => !string.IsNullOrWhiteSpace(x)).Select(x => x.Trim()).Distinct().ToList();
            if (phones.Count > Guardian.MaxPhones) throw new DomainException("Error.TooMany", "GuardianPhones", Guardian.MaxPhones);
            foreach (var phone in phones)
                if (phone.Length > PhoneMax || !E164().IsMatch(phone)) throw new DomainException("Error.Phone", phone);
            var email = Guard.OptionalText(g.Email, EmailMax, "Email")?.ToLowerInvariant();
            if (email is not null && !EmailShape().IsMatch(email)) throw new DomainException("Error.Email", email);
            if (phones.Count == 0 && email is null) throw new DomainException("Error.GuardianContact", name);
            var isContact = g.IsContact && !contact; // one contact person: the first marked
            contact |= isContact;
            result.Add(new Guardian(name, relation, phones.AsReadOnly(), email, g.Channels.Checked(), isContact));
        }
        return result.AsReadOnly();
    }

    /// <summary>Applies a checked profile; true when anything changed.</summary>
    private bool Apply(Checked c)
    {
        var same = (c.FullName, c.Email, c.BirthDate, c.City, c.BranchId, c.SourceId, c.ResponsibleId, c.Channels, c.Notes)
                == (FullName, Email, BirthDate, City, BranchId, SourceId, ResponsibleId, Channels, Notes)
            && c.Phones.SequenceEqual(_phones.OrderBy(x => x.Position).Select(x => x.Number))
            && c.TagIds.SetEquals(_tags.Select(t => t.TagId))
            && c.CustomFields.Count == CustomFields.Count && c.CustomFields.All(kv => CustomFields.TryGetValue(kv.Key, out var v) && v == kv.Value)
            && Guardian.Same(c.Guardians, Guardians);
        if (same) return false;

        _phones.RemoveAll(x => !c.Phones.Contains(x.Number));
        for (var i = 0; i < c.Phones.Count; i++)
        {
            var existing = _phones.FirstOrDefault(x => x.Number == c.Phones[i]);
            if (existing is null) _phones.Add(new ClientPhone(Id, c.Phones[i], i));
            else existing.Position = i;
        }
        (FullName, Phone, Email, BirthDate, City) = (c.FullName, c.Phones.FirstOrDefault(), c.Email, c.BirthDate, c.City);
        SearchKey = $"{FullName} {Email}".Trim().ToLowerInvariant();
        (BranchId, SourceId, ResponsibleId, Channels, Notes, CustomFields) = (c.BranchId, c.SourceId, c.ResponsibleId, c.Channels, c.Notes, c.CustomFields);
        _tags.RemoveAll(t => !c.TagIds.Contains(t.TagId));
        foreach (var id in c.TagIds.Where(id => _tags.All(t => t.TagId != id))) _tags.Add(new ClientTag(Id, id));
        Guardians = c.Guardians;
        var guardianPhones = c.Guardians.SelectMany(g => g.Phones).Distinct().ToHashSet();
        _guardianPhones.RemoveAll(x => !guardianPhones.Contains(x.Number));
        foreach (var n in guardianPhones.Where(n => _guardianPhones.All(x => x.Number != n))) _guardianPhones.Add(new ClientGuardianPhone(Id, n));
        return true;
    }

    /// <summary>Moves the client to another status, recording from, to, when and by whom. Null when nothing changes.</summary>
    public ClientStatusChange? ChangeStatus(Guid? statusId, Guid by, DateTime at)
    {
        Guard.Utc(at);
        if (StatusId == statusId || statusId is null) return null;
        var change = new ClientStatusChange(Id, StatusId, statusId.Value, by, at);
        StatusId = statusId;
        Raise(new ClientStatusChanged(Id, change.FromStatusId, change.ToStatusId));
        return change;
    }

    public void Archive(bool archived)
    {
        if (IsArchived == archived) return;
        IsArchived = archived;
        Raise(new ClientArchived(Id, archived));
    }

    public void Reassign(Guid? responsibleId)
    {
        if (ResponsibleId == responsibleId) return;
        ResponsibleId = responsibleId;
        Raise(new ClientUpdated(Id));
    }

    // ---- the owner edits a dictionary: an entry is replaced by another, or a custom field goes ----

    /// <summary>The owner replaced the lead source <paramref name="oldId"/> by <paramref name="newId"/> in the dictionary.</summary>
    public void ReplaceSource(Guid oldId, Guid newId)
    {
        if (SourceId != oldId || oldId == newId) return;
        SourceId = newId;
        Raise(new ClientUpdated(Id));
    }

    /// <summary>The owner replaced a tag by another: the client keeps one of the new tag, never two.</summary>
    public void ReplaceTag(Guid oldId, Guid newId)
    {
        if (oldId == newId || _tags.RemoveAll(t => t.TagId == oldId) == 0) return;
        if (_tags.All(t => t.TagId != newId)) _tags.Add(new ClientTag(Id, newId));
        Raise(new ClientUpdated(Id));
    }

    /// <summary>
    /// Takes back a status change that is being undone (a deal's move to Won or Lost undone within its window): the client
    /// goes back to the status it had, if it still has the one the change gave it. False when it has moved on since (someone
    /// set another status: theirs stands) or had no status before.
    /// </summary>
    public bool TakeBackStatus(ClientStatusChange change)
    {
        if (change.ClientId != Id || StatusId != change.ToStatusId || change.FromStatusId is not { } from) return false;
        StatusId = from;
        Raise(new ClientStatusChanged(Id, change.ToStatusId, from));
        return true;
    }

    /// <summary>
    /// The owner replaced a status in the dictionary. This is not a step of the client's way, so no
    /// <see cref="ClientStatusChange"/> is recorded and the history is left as it was.
    /// </summary>
    public void ReplaceStatus(Guid oldId, Guid newId)
    {
        if (StatusId != oldId || oldId == newId) return;
        StatusId = newId;
        Raise(new ClientUpdated(Id));
    }

    /// <summary>The owner deleted the custom field: its value goes from the card.</summary>
    public void RemoveCustomField(Guid definitionId)
    {
        if (!CustomFields.ContainsKey(definitionId)) return;
        CustomFields = CustomFields.Where(kv => kv.Key != definitionId).ToDictionary(kv => kv.Key, kv => kv.Value).AsReadOnly();
        Raise(new ClientUpdated(Id));
    }

    public void MarkImported(string key) => ExternalKey = Guard.Text(key, ExternalKeyMax, "ExternalKey");

    /// <summary>This client was a duplicate of <paramref name="keptId"/>: archived, pointing there.</summary>
    public void MergeInto(Guid keptId)
    {
        if (keptId == Id) throw new DomainException("Error.MergeSelf");
        if (MergedIntoId == keptId && IsArchived) return;
        MergedIntoId = keptId;
        IsArchived = true;
        Raise(new ClientMerged(Id, keptId));
    }

    public ClientNote AddNote(string text, Guid by, DateTime at)
    {
        var note = new ClientNote(Id, Guard.Text(text, ClientNote.TextMax, "Note"), by, Guard.Utc(at));
        Raise(new ClientNoteAdded(Id, note.Id));
        return note;
    }

    /// <summary>The e-mail shape a client's address must have (something@domain.tld, no spaces).</summary>
    public static bool IsEmailShaped(string email) => EmailShape().IsMatch(email);

    [GeneratedRegex(@"^\+[1-9]\d{6,14}$")]
    private static partial Regex E164();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailShape();
}

public sealed class ClientPhone
{
    private ClientPhone() { Number = ""; }
    internal ClientPhone(Guid clientId, string number, int position) { ClientId = clientId; Number = number; Position = position; }
    public Guid ClientId { get; private set; }
    public string Number { get; private set; }
    public int Position { get; internal set; }
}

/// <summary>A guardian's phone of a client (<see cref="Client.Guardians"/>), for finding the client by it.</summary>
public sealed class ClientGuardianPhone
{
    private ClientGuardianPhone() { Number = ""; }
    internal ClientGuardianPhone(Guid clientId, string number) { ClientId = clientId; Number = number; }
    public Guid ClientId { get; private set; }
    public string Number { get; private set; }
}

/// <summary>The guardians of a client after an edit, as the timeline shows them: names and phones, "—" when none is left.</summary>
public sealed class ClientGuardianChange
{
    public const int TextMax = 1000;
    private ClientGuardianChange() { Text = ""; }
    public ClientGuardianChange(Guid clientId, IReadOnlyList<Guardian> guardians, Guid by, DateTime at)
    {
        ClientId = clientId;
        var text = guardians.Count == 0 ? "—"
            : string.Join("; ", guardians.Select(g => string.Join(" ", new[] { g.Name, string.Join(", ", g.Phones), g.Email }.Where(x => !string.IsNullOrEmpty(x)))));
        Text = text.Length > TextMax ? text[..TextMax] : text;
        ById = by;
        At = Guard.Utc(at);
    }
    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid ClientId { get; private set; }
    public string Text { get; private set; }
    public Guid ById { get; private set; }
    public DateTime At { get; private set; }
    public void MoveTo(Guid clientId) => ClientId = clientId;
}

public sealed class ClientTag
{
    private ClientTag() { }
    internal ClientTag(Guid clientId, Guid tagId) { ClientId = clientId; TagId = tagId; }
    public Guid ClientId { get; private set; }
    public Guid TagId { get; private set; }
}

/// <summary>One status change: client, from, to, when, by whom. Append-only; the funnels are counted from these.</summary>
public sealed class ClientStatusChange
{
    private ClientStatusChange() { }
    internal ClientStatusChange(Guid clientId, Guid? from, Guid to, Guid by, DateTime at)
    {
        ClientId = clientId; FromStatusId = from; ToStatusId = to; ById = by; At = at;
    }
    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid ClientId { get; private set; }
    public Guid? FromStatusId { get; private set; }
    public Guid ToStatusId { get; private set; }
    public Guid ById { get; private set; }
    public DateTime At { get; private set; }

    /// <summary>Moves the record to the client kept in a merge; nothing of the history is lost.</summary>
    public void MoveTo(Guid clientId) => ClientId = clientId;
}

public sealed class ClientNote
{
    public const int TextMax = 4000;
    private ClientNote() { Text = ""; }
    internal ClientNote(Guid clientId, string text, Guid by, DateTime at) { ClientId = clientId; Text = text; ById = by; At = at; }
    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid ClientId { get; private set; }
    public string Text { get; private set; }
    public Guid ById { get; private set; }
    public DateTime At { get; private set; }
    public void MoveTo(Guid clientId) => ClientId = clientId;
}

/// <summary>LEAD → Trial → New → Regular → Refused…: an ordered dictionary the owner edits.</summary>
public sealed class ClientStatus : VersionedEntity
{
    public const int NameMax = 60;
    private ClientStatus() { Name = ""; Colour = "#90A4AE"; }
    public ClientStatus(string name, int order, bool showInFunnel, string colour)
    {
        Name = Guard.Text(name, NameMax, "Name");
        Order = order;
        ShowInFunnel = showInFunnel;
        Colour = Common.Colour.Parse(colour);
        Raise(new ClientStatusEntryChanged(Id));
    }
    public string Name { get; private set; }
    public int Order { get; private set; }
    public bool ShowInFunnel { get; private set; }
    public string Colour { get; private set; }

    /// <summary>All checked first; the same values again change nothing and tell no one.</summary>
    public void Update(string name, int order, bool showInFunnel, string colour)
    {
        var (n, c) = (Guard.Text(name, NameMax, "Name"), Common.Colour.Parse(colour));
        if ((n, order, showInFunnel, c) == (Name, Order, ShowInFunnel, Colour)) return;
        (Name, Order, ShowInFunnel, Colour) = (n, order, showInFunnel, c);
        Raise(new ClientStatusEntryChanged(Id));
    }

    /// <summary>Marks the status as deleted, so every picker forgets it once the delete is committed.</summary>
    public void Remove() => Raise(new ClientStatusEntryChanged(Id));
}

/// <summary>A field the owner adds to every client card: text, number, date, choice or yes/no.</summary>
public sealed class CustomFieldDefinition : VersionedEntity
{
    public const int NameMax = FieldKinds.NameMax;
    public const int ValueMax = FieldKinds.ValueMax;
    public const int ChoiceMax = FieldKinds.ChoiceMax;

    private CustomFieldDefinition() { Name = ""; }

    public CustomFieldDefinition(string name, CustomFieldKind kind, IReadOnlyList<string> choices, int order)
    {
        Name = "";
        Kind = kind;
        Update(name, choices, order); // raises the change: the name was empty
    }

    public string Name { get; private set; }
    public CustomFieldKind Kind { get; private set; }
    public IReadOnlyList<string> Choices { get; private set; } = [];
    public int Order { get; private set; }

    /// <summary>All checked first; the same name, choices and place again change nothing and tell no one.</summary>
    public void Update(string name, IReadOnlyList<string> choices, int order)
    {
        var n = Guard.Text(name, NameMax, "Name");
        var kept = FieldKinds.Choices(Kind, choices);
        if (n == Name && order == Order && kept.SequenceEqual(Choices)) return;
        (Name, Choices, Order) = (n, kept, order);
        Raise(new CustomFieldChanged(Id));
    }

    /// <summary>Marks the field as deleted, so every client card forgets it once the delete is committed.</summary>
    public void Remove() => Raise(new CustomFieldChanged(Id));

    /// <summary>The value as stored (invariant text), or a domain error naming the field (<see cref="FieldKinds.Normalise"/>).</summary>
    public string? Normalise(string? raw) => FieldKinds.Normalise(Kind, Name, Choices, raw);
}

/// <summary>A new client; <paramref name="HasBirthday"/> when born on a known day (the dashboard's birthdays hear it).</summary>
public sealed record ClientCreated(Guid ClientId, bool HasBirthday = false) : IDomainEvent;
/// <summary>An edited client; <paramref name="BirthdayChanged"/> when the birth date changed (the dashboard's birthdays hear it).</summary>
public sealed record ClientUpdated(Guid ClientId, bool BirthdayChanged = false) : IDomainEvent
{
    /// <summary>The client moved to another branch: what each branch counts (their tasks, birthdays, debts) moves.</summary>
    public bool BranchChanged { get; init; }
}
/// <summary>The client's guardians changed (a line in the timeline; also told as <see cref="ClientUpdated"/>).</summary>
public sealed record ClientGuardiansChanged(Guid ClientId) : IDomainEvent;
public sealed record ClientStatusChanged(Guid ClientId, Guid? FromStatusId, Guid ToStatusId) : IDomainEvent;
public sealed record ClientMerged(Guid ClientId, Guid KeptId) : IDomainEvent;
/// <summary>Archived or restored: it leaves the lists of current clients and enters the archive's, or back.</summary>
public sealed record ClientArchived(Guid ClientId, bool Archived) : IDomainEvent;
public sealed record ClientNoteAdded(Guid ClientId, Guid NoteId) : IAppendOnlyEvent;

/// <summary>An entry of the client statuses dictionary was added, edited, moved or deleted (not a client's status: that is <see cref="ClientStatusChanged"/>).</summary>
public sealed record ClientStatusEntryChanged(Guid StatusId) : IDomainEvent;

/// <summary>A custom field of the client card was added, edited, moved or deleted.</summary>
public sealed record CustomFieldChanged(Guid FieldId) : IDomainEvent;
