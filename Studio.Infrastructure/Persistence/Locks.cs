using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace Studio.Infrastructure.Persistence;

/// <summary>
/// Named locks held by the current transaction until it ends: what makes "check, then write" safe
/// when two people act at the same moment (the same phone in two leads, the same teacher or room
/// booked twice). Call inside a transaction, before reading what the rule depends on.
/// </summary>
public static class Locks
{
    /// <summary>
    /// - SQLite: nothing to add. Microsoft.Data.Sqlite begins EF's transaction with BEGIN IMMEDIATE,
    ///   which takes the database's one write lock at once: writers run one after another.
    /// - PostgreSQL: pg_advisory_xact_lock on a 64-bit hash of each name; released at commit or rollback.
    ///   After the wait, READ COMMITTED reads see what the first transaction committed.
    /// - SQL Server: sp_getapplock owned by the transaction, likewise.
    /// Names are taken in a fixed order so two transactions holding one name each never wait for each other.
    /// </summary>
    public static async Task LockAsync(this StudioDbContext db, IEnumerable<string> names, CancellationToken ct)
    {
        if (db.Database.IsSqlite()) return;
        if (db.Database.CurrentTransaction is null) throw new InvalidOperationException("Named locks belong to a transaction.");
        foreach (var hash in names.Select(LockHash).Distinct().Order())
        {
            if (db.Database.IsNpgsql())
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({hash})", ct);
            else if (db.Database.IsSqlServer())
            {
                var resource = "studio:" + hash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
                await db.Database.ExecuteSqlAsync($"""
                    DECLARE @result int;
                    EXEC @result = sp_getapplock @Resource = {resource}, @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = 30000;
                    IF @result < 0 THROW 51000, 'Timed out waiting for a named lock.', 1;
                    """, ct);
            }
        }
    }

    private static long LockHash(string name) =>
        BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(name)));
}
