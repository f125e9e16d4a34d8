using Studio.Domain.Common;

namespace Studio.Domain.Clients;

/// <summary>Where leads come from: site, Instagram, radio, referral…</summary>
public sealed class LeadSource : VersionedEntity
{
    public const int NameMax = 80;
    private LeadSource() { Name = ""; }
    public LeadSource(string name) { Name = Guard.Text(name, NameMax, "Name"); Raise(new LeadSourceChanged(Id)); }
    public string Name { get; private set; }

    /// <summary>A new name; the same one again changes nothing and tells no one.</summary>
    public void Rename(string name)
    {
        var n = Guard.Text(name, NameMax, "Name");
        if (n == Name) return;
        Name = n;
        Raise(new LeadSourceChanged(Id));
    }

    /// <summary>Marks the source as deleted, so every picker forgets it once the delete is committed.</summary>
    public void Remove() => Raise(new LeadSourceChanged(Id));
}

public sealed class Tag : VersionedEntity
{
    public const int NameMax = 40;
    private Tag() { Name = ""; Colour = "#9E9E9E"; }
    public Tag(string name, string colour)
    {
        Name = Guard.Text(name, NameMax, "Name");
        Colour = Common.Colour.Parse(colour);
        Raise(new TagChanged(Id));
    }
    public string Name { get; private set; }
    public string Colour { get; private set; }

    /// <summary>Renames and recolours, all checked first; the same name and colour again change nothing.</summary>
    public void Update(string name, string colour)
    {
        var (n, c) = (Guard.Text(name, NameMax, "Name"), Common.Colour.Parse(colour));
        if ((n, c) == (Name, Colour)) return;
        (Name, Colour) = (n, c);
        Raise(new TagChanged(Id));
    }

    /// <summary>Marks the tag as deleted, so every picker forgets it once the delete is committed.</summary>
    public void Remove() => Raise(new TagChanged(Id));
}

/// <summary>A lead source was added, renamed or deleted.</summary>
public sealed record LeadSourceChanged(Guid SourceId) : IDomainEvent;

/// <summary>A tag was added, renamed, recoloured or deleted.</summary>
public sealed record TagChanged(Guid TagId) : IDomainEvent;
