using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Studio.Web.Organisation;

/// <summary>Counts open circuits per user on this node.</summary>
public sealed class CircuitLimiter(IConfiguration config)
{
    private readonly ConcurrentDictionary<string, int> _open = new();
    public int Max { get; } = config.GetValue("Circuits:MaxPerUser", 10);

    public bool TryOpen(string user)
    {
        var count = _open.AddOrUpdate(user, 1, (_, n) => n + 1);
        if (count <= Max) return true;
        Close(user);
        return false;
    }

    public void Close(string user) => _open.AddOrUpdate(user, 0, (_, n) => Math.Max(0, n - 1));
}

/// <summary>Caps the circuits one user may hold open (tabs, devices) so one account cannot exhaust the node.</summary>
public sealed class CircuitLimitHandler(CircuitLimiter limiter, AuthenticationStateProvider auth) : CircuitHandler
{
    private string? _user;

    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken ct)
    {
        var state = await auth.GetAuthenticationStateAsync();
        var user = state.User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (user is null) return;
        if (!limiter.TryOpen(user)) throw new InvalidOperationException("Too many open Studio windows for this account.");
        _user = user;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken ct)
    {
        if (_user is not null) limiter.Close(_user);
        _user = null;
        return Task.CompletedTask;
    }
}

/// <summary>Whether this circuit's browser is connected now; screens that show presence listen to it.</summary>
public sealed class CircuitConnection
{
    public bool IsUp { get; private set; } = true;
    public event Action<bool>? Changed;

    internal void Set(bool up)
    {
        if (IsUp == up) return;
        IsUp = up;
        Changed?.Invoke(up);
    }
}

/// <summary>Tells <see cref="CircuitConnection"/> when the browser's connection goes down and comes back.</summary>
public sealed class ConnectionTrackingHandler(CircuitConnection connection) : CircuitHandler
{
    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken ct)
    {
        connection.Set(false);
        return Task.CompletedTask;
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken ct)
    {
        connection.Set(true);
        return Task.CompletedTask;
    }
}
