using System.Net;
using System.Net.Sockets;

namespace Studio.Infrastructure.Organisation;

/// <summary>The sign-in limits of ADR-006; the web host reads them from <c>RateLimits:SignIn…</c>.</summary>
public sealed record SignInLimits
{
    /// <summary>Failed sign-ins one address may make within <see cref="AddressWindow"/>, whatever the accounts.</summary>
    public int FailuresPerAddress { get; init; } = 20;
    public TimeSpan AddressWindow { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Failures of one account from one address before that address has to wait before trying it again.</summary>
    public int FreeFailures { get; init; } = 3;
    /// <summary>The first wait; it doubles with every further failure, up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan FirstDelay { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>The account itself locks when, within <see cref="AccountWindow"/>, it failed from this many different addresses…</summary>
    public int LockAddresses { get; init; } = 10;
    /// <summary>…or this many times in all.</summary>
    public int LockFailures { get; init; } = 50;
    public TimeSpan AccountWindow { get; init; } = TimeSpan.FromHours(1);
}

/// <summary>
/// Failed sign-ins, kept in memory (one node; a restart forgets them, ADR-006): per address across
/// accounts, per account and address for the growing wait, and per account across addresses for the
/// hard lock. Accounts are the e-mails as typed (trimmed, lower case), known or not, so an unknown
/// e-mail is throttled exactly like a real one.
/// </summary>
public sealed class SignInThrottle(TimeProvider clock, SignInLimits limits)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Queue<DateTimeOffset>> _byAddress = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Account, string Address), Pair> _byPair = [];
    private readonly Dictionary<string, List<(DateTimeOffset At, string Address)>> _byAccount = new(StringComparer.Ordinal);
    private DateTimeOffset _swept = DateTimeOffset.MinValue;

    public SignInLimits Limits => limits;

    public static string AccountKey(string email) => email.Trim().ToLowerInvariant();

    /// <summary>
    /// An IPv4 address as it is; an IPv6 address by its /64 network (one household or server gets a
    /// whole /64, so single addresses would be free to change).
    /// </summary>
    public static string AddressKey(IPAddress? address)
    {
        if (address is null) return "-";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    /// <summary>Null when the address may try the account now; otherwise how long it has to wait.</summary>
    public TimeSpan? WaitBefore(string account, string address)
    {
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            Sweep(now);
            var wait = TimeSpan.Zero;
            if (_byAddress.TryGetValue(address, out var failures) && failures.Count >= limits.FailuresPerAddress)
                wait = failures.ElementAt(failures.Count - limits.FailuresPerAddress) + limits.AddressWindow - now;
            if (_byPair.TryGetValue((account, address), out var pair) && pair.Count >= limits.FreeFailures)
            {
                var pairWait = pair.Last + Delay(pair.Count) - now;
                if (pairWait > wait) wait = pairWait;
            }
            return wait > TimeSpan.Zero ? wait : null;
        }
    }

    /// <summary>Counts a failure; true when the account now has to be locked (and its count starts again).</summary>
    public bool Failed(string account, string address)
    {
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            Sweep(now);
            if (!_byAddress.TryGetValue(address, out var failures)) _byAddress[address] = failures = new();
            failures.Enqueue(now);
            while (failures.Count > limits.FailuresPerAddress) failures.Dequeue();

            var pair = _byPair.TryGetValue((account, address), out var p) ? p : new Pair();
            _byPair[(account, address)] = pair with { Count = pair.Count + 1, Last = now };

            if (!_byAccount.TryGetValue(account, out var history)) _byAccount[account] = history = [];
            history.RemoveAll(f => now - f.At >= limits.AccountWindow);
            history.Add((now, address));
            var lockNow = history.Count >= limits.LockFailures
                || history.Select(f => f.Address).Distinct(StringComparer.Ordinal).Count() >= limits.LockAddresses;
            if (lockNow) history.Clear();
            return lockNow;
        }
    }

    /// <summary>The account signed in from this address: its failures from here are forgotten.</summary>
    public void Succeeded(string account, string address)
    {
        lock (_gate) _byPair.Remove((account, address));
    }

    /// <summary>The owner unlocked the account: every address may try it again at once.</summary>
    public void Forget(string account)
    {
        lock (_gate)
        {
            _byAccount.Remove(account);
            foreach (var key in _byPair.Keys.Where(k => k.Account == account).ToList()) _byPair.Remove(key);
        }
    }

    private TimeSpan Delay(int failures)
    {
        var doublings = Math.Min(failures - limits.FreeFailures, 20);
        var delay = limits.FirstDelay * Math.Pow(2, doublings);
        return delay < limits.MaxDelay ? delay : limits.MaxDelay;
    }

    /// <summary>At most once a minute, what no rule looks at any more goes, so memory stays bounded.</summary>
    private void Sweep(DateTimeOffset now)
    {
        if (now - _swept < TimeSpan.FromMinutes(1)) return;
        _swept = now;
        foreach (var (address, failures) in _byAddress.ToList())
        {
            while (failures.Count > 0 && now - failures.Peek() >= limits.AddressWindow) failures.Dequeue();
            if (failures.Count == 0) _byAddress.Remove(address);
        }
        var keep = limits.MaxDelay > limits.AccountWindow ? limits.MaxDelay : limits.AccountWindow;
        foreach (var (key, pair) in _byPair.ToList())
            if (now - pair.Last >= keep) _byPair.Remove(key);
        foreach (var (account, history) in _byAccount.ToList())
            if (history.TrueForAll(f => now - f.At >= limits.AccountWindow)) _byAccount.Remove(account);
    }

    private readonly record struct Pair(int Count, DateTimeOffset Last);
}
