using Studio.Domain.Common;

namespace Studio.Domain.Clients;

/// <summary>A client as far as deals need one; the full card grows in the clients feature.</summary>
public sealed class Client : VersionedEntity
{
    public const int NameMax = 160;
    public const int PhoneMax = 20;
    public const int EmailMax = 256;

    private Client() { FullName = ""; }

    public Client(string fullName, string? phone, string? email, Guid branchId, Guid? sourceId, Guid? responsibleId, DateTime createdAt)
    {
        FullName = Guard.Text(fullName, NameMax, "FullName");
        if (string.IsNullOrWhiteSpace(phone) && string.IsNullOrWhiteSpace(email))
            throw new DomainException("Error.PhoneOrEmail");
        Phone = Guard.OptionalText(phone, PhoneMax, "Phone");
        Email = Guard.OptionalText(email, EmailMax, "Email")?.ToLowerInvariant();
        BranchId = branchId;
        SourceId = sourceId;
        ResponsibleId = responsibleId;
        CreatedAt = Guard.Utc(createdAt);
    }

    public string FullName { get; private set; }
    /// <summary>E.164, normalised by the application before it reaches here.</summary>
    public string? Phone { get; private set; }
    public string? Email { get; private set; }
    public Guid BranchId { get; private set; }
    public Guid? SourceId { get; private set; }
    public Guid? ResponsibleId { get; private set; }
    public bool IsArchived { get; private set; }
    public DateTime CreatedAt { get; private set; }

    public void Reassign(Guid? responsibleId) => ResponsibleId = responsibleId;
}
