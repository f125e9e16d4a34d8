using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Studio.Infrastructure.Organisation;

namespace Studio.Web.Organisation;

public static class StudioClaims
{
    public const string Name = "studio:name";
    public const string Initials = "studio:initials";
}

/// <summary>Puts the employee's role and name into the sign-in cookie.</summary>
public sealed class StudioClaimsFactory(UserManager<AppUser> users, IOptions<IdentityOptions> options, OrganisationService organisation)
    : UserClaimsPrincipalFactory<AppUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (await organisation.AccountHolderAsync(user.Id) is { } e)
        {
            identity.AddClaim(new Claim(ClaimTypes.Role, e.Role.ToString()));
            identity.AddClaim(new Claim(StudioClaims.Name, e.FullName));
            identity.AddClaim(new Claim(StudioClaims.Initials, e.Initials));
        }
        return identity;
    }
}

/// <summary>
/// Re-checks open circuits every minute: a changed security stamp or a disabled employee ends the session on the next
/// check. The node answers every circuit's check from one shared table (<see cref="SessionValidity"/>), so open circuits
/// cost the database nothing per circuit.
/// </summary>
public sealed class RevalidatingIdentityStateProvider(ILoggerFactory loggerFactory, IOptions<IdentityOptions> options, SessionValidity sessions)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken ct)
    {
        var claims = options.Value.ClaimsIdentity;
        if (!Guid.TryParse(state.User.FindFirstValue(claims.UserIdClaimType), out var userId)) return Task.FromResult(false);
        return sessions.IsValidAsync(userId, state.User.FindFirstValue(claims.SecurityStampClaimType), ct);
    }
}

/// <summary>No composition rules, but the passwords everyone tries first are refused.</summary>
public sealed class CommonPasswordValidator : IPasswordValidator<AppUser>
{
    private static readonly HashSet<string> Common = new(StringComparer.OrdinalIgnoreCase)
    {
        "123456789012", "1234567890123", "password1234", "passwordpassword", "qwertyuiopas", "qwerty123456",
        "111111111111", "000000000000", "iloveyou1234", "administrator", "letmein12345", "welcome12345",
        "abcdefghijkl", "abc123456789", "123123123123", "qwertyqwerty", "passw0rd1234", "password123!",
    };

    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password)
    {
        if (password is null) return Task.FromResult(IdentityResult.Success);
        var common = Common.Contains(password) || password.Distinct().Count() <= 2
            || (user.Email is { } email && password.Contains(email.Split('@')[0], StringComparison.OrdinalIgnoreCase) && password.Length < email.Split('@')[0].Length + 4);
        return Task.FromResult(common
            ? IdentityResult.Failed(new IdentityError { Code = "CommonPassword", Description = "This password is too common; choose another." })
            : IdentityResult.Success);
    }
}

/// <summary>The signed-in employee of this circuit, as the services need it: an id.</summary>
public sealed class CurrentUser(AuthenticationStateProvider auth)
{
    public async Task<Me> GetAsync()
    {
        var user = (await auth.GetAuthenticationStateAsync()).User;
        var id = Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var g) ? g : Guid.Empty;
        return new Me(id, user.FindFirstValue(StudioClaims.Name) ?? user.Identity?.Name ?? "",
            user.FindFirstValue(StudioClaims.Initials) ?? "?", user.FindFirstValue(ClaimTypes.Role) ?? "");
    }
}

public sealed record Me(Guid Id, string Name, string Initials, string Role)
{
    public bool IsOwner => Role == "Owner";
    public Studio.Domain.Organisation.EmployeeRole EmployeeRole =>
        Enum.TryParse<Studio.Domain.Organisation.EmployeeRole>(Role, out var r) ? r : Studio.Domain.Organisation.EmployeeRole.Teacher;
    public bool IsTeacher => Role == "Teacher";

    /// <summary>The rights table (<see cref="Access.Allows"/>) for the signed-in user, to hide what the service would refuse.</summary>
    public bool Can(Policy policy, Scope scope = default) => Access.Allows(EmployeeRole, policy, scope);
}

/// <summary>
/// The rights table as ASP.NET authorization policies, one per <see cref="Policy"/> and of the same name, for pages
/// (<c>[Authorize(Policy = nameof(Policy.SeeClients))]</c>) and endpoints. Only a policy's role part is known here
/// (board, branch and "own" are the service's to check), so the scope is empty.
/// </summary>
public static class RightsPolicies
{
    public static void AddRightsPolicies(this Microsoft.AspNetCore.Authorization.AuthorizationOptions options)
    {
        foreach (var policy in Enum.GetValues<Policy>())
            options.AddPolicy(policy.ToString(), b => b.RequireAuthenticatedUser().RequireAssertion(ctx =>
                Enum.TryParse<Studio.Domain.Organisation.EmployeeRole>(ctx.User.FindFirstValue(ClaimTypes.Role), out var role)
                && Access.Allows(role, policy)));
    }
}

/// <summary>
/// The branch chosen in the top bar; every screen follows it. Empty means all branches. Kept in a cookie
/// (<see cref="CookieName"/>) so that a reload or a new tab opens on the same branch. A screen that shows one branch
/// at a time (the schedule) tells which one through <see cref="Show"/>, and the top bar says that one.
/// </summary>
public sealed class BranchContext
{
    public const string CookieName = "studio.branch";

    /// <summary>The chosen branch; null: all branches.</summary>
    public Guid? BranchId { get; private set; }

    /// <summary>The one branch an open screen shows (it may differ from "all branches"); null when the screen shows the choice.</summary>
    public Guid? ShownBranchId { get; private set; }

    /// <summary>The choice changed: screens follow it.</summary>
    public event Action? Changed;

    /// <summary>What a screen shows changed: the top bar says it.</summary>
    public event Action? ShownChanged;

    /// <summary>The choice kept from an earlier visit, before any screen reads it (no event).</summary>
    public void Restore(Guid? branchId) => BranchId = branchId;

    public void Set(Guid? branchId)
    {
        if (BranchId == branchId) return;
        BranchId = branchId;
        Changed?.Invoke();
    }

    public void Show(Guid? branchId)
    {
        if (ShownBranchId == branchId) return;
        ShownBranchId = branchId;
        ShownChanged?.Invoke();
    }

    /// <summary>Reads the kept choice from the request's cookie; anything unreadable is "all branches".</summary>
    public static Guid? FromCookie(string? value) => Guid.TryParse(value, out var id) && id != Guid.Empty ? id : null;
}
