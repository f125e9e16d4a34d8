using Studio.Domain.Common;

namespace Studio.Domain.Organisation;

public enum EmployeeRole { Owner, Manager, Teacher }

/// <summary>The studio itself: one per installation for now.</summary>
public sealed class StudioOrganisation : VersionedEntity
{
    public const int NameMax = 200;

    private StudioOrganisation() { Name = ""; Country = "UA"; TimeZoneId = "Europe/Kyiv"; }

    public StudioOrganisation(string name, string country, string timeZoneId)
    {
        Name = Guard.Text(name, NameMax, "Name");
        Country = CountryCode(country);
        TimeZoneId = Guard.Text(timeZoneId, 64, "TimeZone");
        Raise(new OrganisationChanged(Id));
    }

    public string Name { get; private set; }
    /// <summary>ISO 3166 two-letter code; the default region for phone numbers.</summary>
    public string Country { get; private set; }
    public string TimeZoneId { get; private set; }
    /// <summary>A pass ending within this many days (or down to its last visit) makes a call task for the client's responsible.</summary>
    public int PassEndingDays { get; private set; } = 3;

    public const int PassEndingDaysMax = 60;

    public void SetPassEndingDays(int days) =>
        PassEndingDays = days is >= 0 and <= PassEndingDaysMax ? days : throw new DomainException("Error.Range", "PassEndingDays");

    /// <summary>All checked first: a refused update changes nothing.</summary>
    public void Update(string name, string country, string timeZoneId)
    {
        var (n, c, tz) = (Guard.Text(name, NameMax, "Name"), CountryCode(country), Guard.Text(timeZoneId, 64, "TimeZone"));
        if ((c, tz) != (Country, TimeZoneId)) Raise(new OrganisationChanged(Id)); // the settings every screen formats with
        (Name, Country, TimeZoneId) = (n, c, tz);
    }

    /// <summary>Two Latin letters, upper-cased (ua → UA). Whether the code is assigned is the infrastructure's to check.</summary>
    public static string CountryCode(string? country)
    {
        var c = Guard.Text(country, 2, "Country").ToUpperInvariant();
        return c.Length == 2 && c.All(ch => ch is >= 'A' and <= 'Z') ? c : throw new DomainException("Error.Country", c);
    }
}

public sealed class Branch : VersionedEntity
{
    public const int NameMax = 120;
    public const int AddressMax = 300;

    private Branch() { Name = ""; TimeZoneId = ""; }

    public Branch(string name, string? address, string timeZoneId)
    {
        Name = Guard.Text(name, NameMax, "Name");
        Address = Guard.OptionalText(address, AddressMax, "Address");
        TimeZoneId = Guard.Text(timeZoneId, 64, "TimeZone");
        Raise(new OrganisationChanged(Id));
    }

    public string Name { get; private set; }
    public string? Address { get; private set; }
    public string TimeZoneId { get; private set; }
    public bool IsArchived { get; private set; }

    /// <summary>Checks everything first, then changes it: a refused update changes nothing.</summary>
    public void Update(string name, string? address, string timeZoneId)
    {
        var (n, a, tz) = (Guard.Text(name, NameMax, "Name"), Guard.OptionalText(address, AddressMax, "Address"), Guard.Text(timeZoneId, 64, "TimeZone"));
        if (tz != TimeZoneId) Raise(new OrganisationChanged(Id)); // the branch's zone is part of the organisation's settings
        (Name, Address, TimeZoneId) = (n, a, tz);
    }

    /// <summary>Archived: gone from every list and picker, kept in history and reports; restored the same way. Every screen's branch list changes.</summary>
    public void Archive(bool archived)
    {
        if (IsArchived == archived) return;
        IsArchived = archived;
        Raise(new OrganisationChanged(Id));
    }
}

public sealed class Room : VersionedEntity
{
    public const int NameMax = 120;

    private Room() { Name = ""; }

    public Room(Guid branchId, string name, int capacity)
    {
        BranchId = branchId;
        Name = Guard.Text(name, NameMax, "Name");
        Capacity = capacity < 0 ? throw new DomainException("Error.Range", "Capacity") : capacity;
    }

    public Guid BranchId { get; private set; }
    public string Name { get; private set; }
    public int Capacity { get; private set; }

    public void Update(string name, int capacity)
    {
        var n = Guard.Text(name, NameMax, "Name");
        Capacity = capacity < 0 ? throw new DomainException("Error.Range", "Capacity") : capacity;
        Name = n;
    }
}

/// <summary>
/// A person who works in the studio. Shares its Id with the sign-in account; the account's
/// password and lockout live in the identity store, the business facts here.
/// </summary>
public sealed class Employee : VersionedEntity
{
    public const int NameMax = 120;
    public const int EmailMax = 256;

    private readonly List<EmployeeBranch> _branches = [];

    private Employee() { FullName = ""; Email = ""; }

    public Employee(Guid id, string fullName, string email, EmployeeRole role, IEnumerable<Guid> branchIds)
    {
        Id = id;
        FullName = Guard.Text(fullName, NameMax, "FullName");
        Email = Guard.Text(email, EmailMax, "Email").ToLowerInvariant();
        Role = role;
        IsActive = true;
        SetBranches(branchIds);
    }

    public string FullName { get; private set; }
    public string Email { get; private set; }
    public EmployeeRole Role { get; private set; }
    public bool IsActive { get; private set; }
    public IReadOnlyCollection<EmployeeBranch> Branches => _branches;

    public string Initials => InitialsOf(FullName);

    public static string InitialsOf(string fullName) =>
        string.Concat(fullName.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(2).Select(p => char.ToUpperInvariant(p[0])));

    public bool WorksIn(Guid branchId) => Role == EmployeeRole.Owner || _branches.Any(b => b.BranchId == branchId);

    public void Update(string fullName, EmployeeRole role, IEnumerable<Guid> branchIds)
    {
        var name = Guard.Text(fullName, NameMax, "FullName");
        (FullName, Role) = (name, role);
        SetBranches(branchIds);
    }

    public void SetActive(bool active) => IsActive = active;

    /// <summary>The secret in the teacher's calendar (ICS) feed address; a new one makes the old address stop working.</summary>
    public string? CalendarKey { get; private set; }

    public string RotateCalendarKey() =>
        CalendarKey = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20));

    private void SetBranches(IEnumerable<Guid> branchIds)
    {
        var wanted = branchIds.Distinct().ToHashSet();
        _branches.RemoveAll(b => !wanted.Contains(b.BranchId));
        foreach (var id in wanted.Where(id => _branches.All(b => b.BranchId != id)))
            _branches.Add(new EmployeeBranch(Id, id));
    }
}

public sealed class EmployeeBranch
{
    private EmployeeBranch() { }
    public EmployeeBranch(Guid employeeId, Guid branchId) { EmployeeId = employeeId; BranchId = branchId; }
    public Guid EmployeeId { get; private set; }
    public Guid BranchId { get; private set; }
}


/// <summary>The organisation's country or time zone, or a branch (added, or its zone), changed: the cached settings are stale.</summary>
public sealed record OrganisationChanged(Guid Id) : IDomainEvent;
