using Microsoft.EntityFrameworkCore;
using Studio.Infrastructure.Persistence;

namespace Studio.Infrastructure.Organisation;

/// <summary>
/// Whether a signed-in session may stay open: its account still exists, its employee is active and its security stamp is
/// the account's (a changed role, a new password or a deactivation gives the account a new stamp). Every open circuit asks
/// once a minute. The node answers them all from one small table — each account's stamp and whether its employee is
/// active, read in one command — that it reads again when it is older than <see cref="MaxAge"/>: 2,000 open circuits
/// cost the database one read per <see cref="MaxAge"/>, not two reads per circuit per minute (issue 14: a change must cost
/// the change, and so must nothing). A session therefore ends at most <see cref="MaxAge"/> after its circuit's check
/// would have seen the change.
/// </summary>
public sealed class SessionValidity(IDbContextFactory<StudioDbContext> factory, TimeProvider clock)
{
    /// <summary>How old the table may be when a check is answered from it.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(15);

    private readonly Lock _lock = new();
    private Task<Table>? _table;
    private long _loads;

    /// <summary>How many times the table was read (benchmarks and tests).</summary>
    public long Loads => Interlocked.Read(ref _loads);

    private sealed record Table(DateTimeOffset ReadAt, IReadOnlyDictionary<Guid, Account> Accounts);

    private readonly record struct Account(string? Stamp, bool Active);

    /// <summary>
    /// True while the account <paramref name="userId"/> exists, its employee is active and <paramref name="stamp"/> is its
    /// current security stamp (a sign-in that carried no stamp is not valid: every sign-in cookie carries one).
    /// </summary>
    public async Task<bool> IsValidAsync(Guid userId, string? stamp, CancellationToken ct = default)
    {
        var table = await CurrentAsync(ct);
        return table.Accounts.TryGetValue(userId, out var account) && account.Active && stamp is not null && stamp == account.Stamp;
    }

    private Task<Table> CurrentAsync(CancellationToken ct)
    {
        lock (_lock)
        {
            // One read at a time for the whole node; a read that failed is tried again by the next check.
            if (_table is { IsCompleted: false } loading) return loading.WaitAsync(ct);
            if (_table is { IsCompletedSuccessfully: true } done && clock.GetUtcNow() - done.Result.ReadAt < MaxAge) return done;
            _table = LoadAsync();
            return _table.WaitAsync(ct);
        }
    }

    private async Task<Table> LoadAsync()
    {
        Interlocked.Increment(ref _loads);
        var readAt = clock.GetUtcNow();
        using var counted = CommandCounter.ReadModel(nameof(SessionValidity));
        await using var db = await factory.CreateDbContextAsync();
        var rows = await (
            from u in db.Users.AsNoTracking()
            join e in db.Employees.AsNoTracking() on u.Id equals e.Id into employees
            from e in employees.DefaultIfEmpty()
            select new { u.Id, u.SecurityStamp, Active = e != null && e.IsActive }).ToListAsync();
        return new Table(readAt, rows.ToDictionary(r => r.Id, r => new Account(r.SecurityStamp, r.Active)));
    }
}
