using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Studio.Infrastructure.Organisation;

namespace Studio.Web.Organisation;

/// <summary>What the sign-in form says: in, the one "wrong e-mail or password", or wait this long.</summary>
public readonly record struct SignInAnswer(bool Succeeded, TimeSpan? Wait)
{
    public static readonly SignInAnswer In = new(true, null);
    public static readonly SignInAnswer Refused = new(false, null);
}

/// <summary>A password hash of nothing, made once per app by the app's hasher, for e-mails with no account.</summary>
public sealed class SignInDecoy
{
    public static readonly AppUser User = new() { Id = Guid.Empty, UserName = "decoy" };
    private string? _hash;

    public string Hash(IPasswordHasher<AppUser> hasher) =>
        _hash ??= hasher.HashPassword(User, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(18)));
}

/// <summary>
/// Password sign-in as ADR-006 has it: one answer for an unknown e-mail, a wrong password and a locked
/// account, each paying one password hash; growing waits per account and address, a limit per address
/// across accounts, and the account's own lock only from many addresses or many failures.
/// </summary>
public sealed class SignInGate(UserManager<AppUser> users, SignInManager<AppUser> signIn, IPasswordHasher<AppUser> hasher,
    SignInDecoy decoy, SignInThrottle throttle, TimeProvider clock, IOptions<IdentityOptions> options, ILogger<SignInGate> log)
{
    public async Task<SignInAnswer> SignInAsync(string email, string password, bool remember, IPAddress? from)
    {
        var account = SignInThrottle.AccountKey(email);
        var address = SignInThrottle.AddressKey(from);
        if (throttle.WaitBefore(account, address) is { } wait) return new SignInAnswer(false, wait);

        var user = await users.FindByNameAsync(account);
        bool passwordRight;
        if (user?.PasswordHash is null)
        {
            hasher.VerifyHashedPassword(SignInDecoy.User, decoy.Hash(hasher), password);
            passwordRight = false;
        }
        else passwordRight = await users.CheckPasswordAsync(user, password); // checks the hash even when locked

        if (user is not null && passwordRight && !IsLocked(user) && await signIn.CanSignInAsync(user))
        {
            throttle.Succeeded(account, address);
            if (user.AccessFailedCount > 0) await users.ResetAccessFailedCountAsync(user);
            await signIn.SignInWithClaimsAsync(user, remember, [new Claim("amr", "pwd")]);
            return SignInAnswer.In;
        }

        if (throttle.Failed(account, address) && user is not null && user.LockoutEnabled && !IsLocked(user))
        {
            await users.SetLockoutEndDateAsync(user, clock.GetUtcNow() + options.Value.Lockout.DefaultLockoutTimeSpan);
            log.LogWarning("Sign-in account {UserId} locked: failed sign-ins from many addresses", user.Id);
        }
        return SignInAnswer.Refused;
    }

    private bool IsLocked(AppUser user) => user.LockoutEnabled && user.LockoutEnd > clock.GetUtcNow();
}
