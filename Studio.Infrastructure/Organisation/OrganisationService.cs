using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Persistence;

namespace Studio.Infrastructure.Organisation;

public sealed record EmployeeView(Guid Id, string FullName, string Email, EmployeeRole Role, bool IsActive,
    IReadOnlyList<Guid> BranchIds, Guid Version)
{
    public string Initials => Employee.InitialsOf(FullName);

    /// <summary>Set while the sign-in account is locked (ADR-006): until when.</summary>
    public DateTimeOffset? LockedUntil { get; init; }
}

/// <summary>The employee behind a sign-in account, as the sign-in needs them.</summary>
public sealed record AccountHolder(EmployeeRole Role, string FullName, bool IsActive)
{
    public string Initials => Employee.InitialsOf(FullName);
}

public sealed record BranchView(Guid Id, string Name, string? Address, string TimeZoneId, Guid Version, IReadOnlyList<RoomView> Rooms)
{
    /// <summary>Archived: listed only where asked for (the organisation's settings, to restore it; reports).</summary>
    public bool IsArchived { get; init; }
}
public sealed record RoomView(Guid Id, string Name, int Capacity, Guid Version);
public sealed record OrganisationView(string Name, string Country, string TimeZoneId, Guid Version)
{
    /// <summary>How many days before a pass ends its client gets a call task.</summary>
    public int PassEndingDays { get; init; } = 3;
}

/// <summary>Organisation, branches, rooms and staff. Reading is open to staff; changing is the owner's.</summary>
public sealed class OrganisationService(IDbContextFactory<StudioDbContext> factory, IServiceProvider services, OrganisationSettingsSource settings)
{
    public async Task<OrganisationView> GetOrganisationAsync(CancellationToken ct = default)
    {
        await using var db = factory.CreateDbContext();
        var o = await db.Organisations.AsNoTracking().OrderBy(o => o.Id).FirstOrDefaultAsync(ct);
        var unsaved = OrganisationSettings.Default;
        return o is null ? new("Studio", unsaved.Country, unsaved.TimeZoneId, Guid.Empty) : new(o.Name, o.Country, o.TimeZoneId, o.Version) { PassEndingDays = o.PassEndingDays };
    }

    /// <summary>The owner sets how many days before a pass ends (or at its last visit) the client's responsible gets a call task.</summary>
    public Task SetPassEndingDaysAsync(Guid actorId, int days, CancellationToken ct = default) =>
        factory.RunAsync(actorId, Policy.Settings, async (db, _) =>
        {
            var o = await db.Organisations.OrderBy(o => o.Id).FirstOrDefaultAsync(ct) ?? throw new NotFoundException();
            o.SetPassEndingDays(days);
            await db.SaveChangesAsync(ct);
        }, ct);

    public Task UpdateOrganisationAsync(Guid actorId, Guid expectedVersion, string name, string country, string timeZoneId, CancellationToken ct = default) =>
        UpdateOrganisationAsync(actorId, expectedVersion, name, country, timeZoneId, passEndingDays: null, ct);

    /// <summary>Name, country, time zone and (if given) the pass-ending warning days, in one save.</summary>
    public Task UpdateOrganisationAsync(Guid actorId, Guid expectedVersion, string name, string country, string timeZoneId, int? passEndingDays,
        CancellationToken ct = default) =>
        factory.RunAsync(actorId, Policy.Settings, async (db, _) =>
        {
            CheckTimeZone(timeZoneId);
            CheckCountry(country);
            var o = await db.Organisations.OrderBy(o => o.Id).FirstOrDefaultAsync(ct);
            if (o is null) db.Organisations.Add(new StudioOrganisation(name, country, timeZoneId));
            else
            {
                db.ExpectVersion(o, expectedVersion);
                o.Update(name, country, timeZoneId);
                if (passEndingDays is { } days) o.SetPassEndingDays(days);
            }
            await db.SaveOrConflictAsync(ct);
            settings.Forget(); // this node's screens read the new settings at once; other nodes hear OrganisationChanged
        }, ct);

    public Task<IReadOnlyList<BranchView>> ListBranchesAsync(Guid actorId, CancellationToken ct = default) =>
        ListBranchesAsync(actorId, includeArchived: false, ct);

    /// <summary>The branches by name; archived ones only when <paramref name="includeArchived"/> (marked <see cref="BranchView.IsArchived"/>).</summary>
    public Task<IReadOnlyList<BranchView>> ListBranchesAsync(Guid actorId, bool includeArchived, CancellationToken ct = default) =>
        factory.ReadAsync<IReadOnlyList<BranchView>>(actorId, Policy.SeeStudio, async (db, _) =>
        {
            var branches = await db.Branches.AsNoTracking().Where(b => includeArchived || !b.IsArchived).OrderBy(b => b.Name).ToListAsync(ct);
            var rooms = await db.Rooms.AsNoTracking().OrderBy(r => r.Name).ToListAsync(ct);
            return branches.Select(b => new BranchView(b.Id, b.Name, b.Address, b.TimeZoneId, b.Version,
                rooms.Where(r => r.BranchId == b.Id).Select(r => new RoomView(r.Id, r.Name, r.Capacity, r.Version)).ToList()) { IsArchived = b.IsArchived }).ToList();
        }, ct);

    /// <summary>
    /// The owner archives a branch (or restores it): gone from the branch pickers, filters and booking, kept in history and
    /// reports. The last active branch stays; a branch with planned lessons still ahead is refused with their count (they
    /// are moved or cancelled first: nobody is expected in a branch no one can see). A stale version is a conflict.
    /// </summary>
    public Task ArchiveBranchAsync(Guid actorId, Guid branchId, Guid expectedVersion, bool archived, CancellationToken ct = default) =>
        factory.RunInTransactionAsync(actorId, Policy.Settings, async (db, _) =>
        {
            var branch = await db.Branches.SingleOrDefaultAsync(b => b.Id == branchId, ct) ?? throw new NotFoundException();
            db.ExpectVersion(branch, expectedVersion);
            if (archived && !branch.IsArchived)
            {
                if (!await db.Branches.AnyAsync(b => b.Id != branchId && !b.IsArchived, ct)) throw new DomainException("Error.Branch.LastActive");
                var now = Now.UtcDateTime;
                var ahead = await db.Lessons.CountAsync(l => l.BranchId == branchId && l.Status == Domain.Schedule.LessonStatus.Planned && l.StartsAt >= now, ct);
                if (ahead > 0) throw new DomainException("Error.Branch.FutureLessons", ahead);
            }
            branch.Archive(archived);
            await db.SaveOrConflictAsync(ct);
            settings.Forget();
        }, ct);

    public Task<Guid> SaveBranchAsync(Guid actorId, Guid? branchId, Guid expectedVersion, string name, string? address,
        string timeZoneId, CancellationToken ct = default) =>
        factory.RunAsync<Guid>(actorId, Policy.Settings, async (db, _) =>
        {
            CheckTimeZone(timeZoneId);
            Branch branch;
            if (branchId is { } id)
            {
                branch = await db.Branches.SingleOrDefaultAsync(b => b.Id == id, ct) ?? throw new NotFoundException();
                db.ExpectVersion(branch, expectedVersion);
                branch.Update(name, address, timeZoneId);
            }
            else db.Branches.Add(branch = new Branch(name, address, timeZoneId));
            await db.SaveOrConflictAsync(ct);
            settings.Forget();
            return branch.Id;
        }, ct);

    public Task<Guid> SaveRoomAsync(Guid actorId, Guid branchId, Guid? roomId, Guid expectedVersion, string name, int capacity,
        CancellationToken ct = default) =>
        factory.RunAsync<Guid>(actorId, Policy.Settings, async (db, _) =>
        {
            if (!await db.Branches.AnyAsync(b => b.Id == branchId, ct)) throw new NotFoundException();
            await UniqueNames.RefuseDuplicateAsync(db.Rooms.Where(r => r.BranchId == branchId && r.Id != roomId).Select(r => r.Name), name, ct);
            Room room;
            if (roomId is { } id)
            {
                room = await db.Rooms.SingleOrDefaultAsync(r => r.Id == id, ct) ?? throw new NotFoundException();
                db.ExpectVersion(room, expectedVersion);
                room.Update(name, capacity);
            }
            else db.Rooms.Add(room = new Room(branchId, name, capacity));
            return room.Id;
        }, ct);

    public Task<IReadOnlyList<EmployeeView>> ListEmployeesAsync(Guid actorId, bool includeInactive = false, CancellationToken ct = default) =>
        factory.ReadAsync<IReadOnlyList<EmployeeView>>(actorId, Policy.SeeStudio, async (db, _) =>
        {
            var list = await db.Employees.AsNoTracking().Where(e => includeInactive || e.IsActive).OrderBy(e => e.FullName).ToListAsync(ct);
            // Lock ends are compared here, not in SQL: SQLite keeps them as text.
            var now = Now;
            var locked = (await db.Users.AsNoTracking().Where(u => u.LockoutEnd != null).Select(u => new { u.Id, u.LockoutEnd }).ToListAsync(ct))
                .Where(u => u.LockoutEnd > now).ToDictionary(u => u.Id, u => u.LockoutEnd);
            return list.Select(e => ToView(e) with { LockedUntil = locked.GetValueOrDefault(e.Id) }).ToList();
        }, ct);

    /// <summary>
    /// The owner unlocks an employee's sign-in account (ADR-006): the lock and its failed attempts go,
    /// and every address may try the account again at once.
    /// </summary>
    public Task UnlockAccountAsync(Guid actorId, Guid employeeId, CancellationToken ct = default) =>
        factory.RunAsync(actorId, Policy.ManageStaff, async (db, _) =>
        {
            var user = await db.Users.SingleOrDefaultAsync(u => u.Id == employeeId, ct) ?? throw new NotFoundException();
            user.LockoutEnd = null;
            user.AccessFailedCount = 0;
            await db.SaveChangesAsync(ct);
            Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<SignInThrottle>(services)
                .Forget(SignInThrottle.AccountKey(user.UserName ?? ""));
        }, ct);

    private DateTimeOffset Now =>
        Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<TimeProvider>(services).GetUtcNow();

    public Task<EmployeeView?> FindEmployeeAsync(Guid actorId, Guid id, CancellationToken ct = default) =>
        factory.ReadAsync<EmployeeView?>(actorId, Policy.SeeStudio, async (db, _) =>
        {
            var e = await db.Employees.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
            return e is null ? null : ToView(e);
        }, ct);

    /// <summary>
    /// For signing in only: who holds the sign-in account <paramref name="userId"/>, active or not. The account is
    /// the one asking (there is no actor yet), so it learns its own role and name and nothing about anyone else.
    /// </summary>
    public async Task<AccountHolder?> AccountHolderAsync(Guid userId, CancellationToken ct = default)
    {
        await using var db = factory.CreateDbContext();
        var e = await db.Employees.AsNoTracking().SingleOrDefaultAsync(x => x.Id == userId, ct);
        return e is null ? null : new AccountHolder(e.Role, e.FullName, e.IsActive);
    }

    /// <summary>Creates the employee and their sign-in account together; nothing is half-saved.</summary>
    public Task<Guid> CreateEmployeeAsync(Guid actorId, string fullName, string email, EmployeeRole role,
        IReadOnlyList<Guid> branchIds, string password, CancellationToken ct = default)
    {
        var id = Guid.CreateVersion7();
        return factory.RunInTransactionAsync(actorId, Policy.ManageStaff, async (db, _) =>
        {
            var normalised = email.Trim().ToLowerInvariant();
            if (await db.Employees.AnyAsync(e => e.Email == normalised, ct)) throw new DomainException("Error.EmailTaken", normalised);
            return await AddWithAccountAsync(db, id, fullName, email, role, branchIds, password, ct);
        }, ct);
    }

    /// <summary>Used by the owner's screen (after the check above) and by the demo seed.</summary>
    internal Task<Guid> CreateEmployeeWithAccountAsync(string fullName, string email, EmployeeRole role,
        IReadOnlyList<Guid> branchIds, string password, CancellationToken ct = default)
    {
        var id = Guid.CreateVersion7();
        return factory.InTransactionAsync(db => AddWithAccountAsync(db, id, fullName, email, role, branchIds, password, ct), ct);
    }

    /// <summary>
    /// The employee and their sign-in account, in the attempt's own context (Identity's store is made over it): a
    /// retried attempt starts from nothing, never from the user a failed one left tracked.
    /// </summary>
    private async Task<Guid> AddWithAccountAsync(StudioDbContext db, Guid id, string fullName, string email, EmployeeRole role,
        IReadOnlyList<Guid> branchIds, string password, CancellationToken ct)
    {
        var employee = new Employee(id, fullName, email, role, branchIds); // validates before anything is written
        using var scope = services.CreateScope();
        var sp = scope.ServiceProvider;
        using var users = new UserManager<AppUser>(new UserStore<AppUser, IdentityRole<Guid>, StudioDbContext, Guid>(db),
            sp.GetRequiredService<IOptions<IdentityOptions>>(), sp.GetRequiredService<IPasswordHasher<AppUser>>(),
            sp.GetServices<IUserValidator<AppUser>>(), sp.GetServices<IPasswordValidator<AppUser>>(),
            sp.GetRequiredService<ILookupNormalizer>(), sp.GetRequiredService<IdentityErrorDescriber>(), sp,
            sp.GetRequiredService<ILogger<UserManager<AppUser>>>());
        var user = new AppUser { Id = id, UserName = employee.Email, Email = employee.Email, EmailConfirmed = true };
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded)
            throw new DomainException("Error.Identity", string.Join(" ", result.Errors.Select(e => e.Description)));
        db.Employees.Add(employee);
        return id;
    }

    public Task UpdateEmployeeAsync(Guid actorId, Guid employeeId, Guid expectedVersion, string fullName, EmployeeRole role,
        IReadOnlyList<Guid> branchIds, bool isActive, CancellationToken ct = default) =>
        factory.RunAsync(actorId, Policy.ManageStaff, async (db, actor) =>
        {
            var e = await db.Employees.SingleOrDefaultAsync(x => x.Id == employeeId, ct) ?? throw new NotFoundException();
            db.ExpectVersion(e, expectedVersion);
            if (e.Id == actor.Id && (role != EmployeeRole.Owner || !isActive)) throw new DomainException("Error.OwnAccount");
            e.Update(fullName, role, branchIds);
            e.SetActive(isActive);
            // A new security stamp makes open sessions re-read their role, or end, at the next revalidation.
            var user = await db.Users.SingleOrDefaultAsync(u => u.Id == employeeId, ct);
            if (user is not null) user.SecurityStamp = Guid.NewGuid().ToString();
        }, ct);

    private static EmployeeView ToView(Employee e) =>
        new(e.Id, e.FullName, e.Email, e.Role, e.IsActive, e.Branches.Select(b => b.BranchId).ToList(), e.Version);

    private static void CheckTimeZone(string id)
    {
        if (string.IsNullOrWhiteSpace(id)) throw new DomainException("Error.Required", "TimeZone");
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out _)) throw new DomainException("Error.TimeZone", id);
    }

    /// <summary>An assigned ISO 3166 code (UA, PL, LV…): it is the default region of every phone typed in.</summary>
    private static void CheckCountry(string country)
    {
        var code = StudioOrganisation.CountryCode(country);
        if (!Clients.Phones.IsKnownRegion(code)) throw new DomainException("Error.Country", code);
    }
}
