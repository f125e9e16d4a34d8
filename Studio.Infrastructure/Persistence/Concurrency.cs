using Microsoft.EntityFrameworkCore;
using Studio.Domain.Common;
using Studio.Infrastructure.Organisation;

namespace Studio.Infrastructure.Persistence;

/// <summary>The concurrency token rules every use case shares.</summary>
public static class Concurrency
{
    /// <summary>The edit was made on this version; if the row moved on since, the save is refused.</summary>
    public static void ExpectVersion<T>(this StudioDbContext db, T entity, Guid expected) where T : class, IVersioned
    {
        if (entity.Version != expected) throw new ConcurrencyConflictException();
        db.Entry(entity).Property(e => e.Version).OriginalValue = expected;
    }

    /// <summary>Saves; a row someone else changed meanwhile becomes a clear conflict, nothing overwritten.</summary>
    public static async Task SaveOrConflictAsync(this StudioDbContext db, CancellationToken ct)
    {
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { throw new ConcurrencyConflictException(); }
    }

    /// <summary>
    /// Runs <paramref name="work"/> in its own context and transaction and commits; each attempt (a server
    /// database may retry a transient failure) starts from a fresh context, so nothing of a failed one leaks.
    /// </summary>
    public static async Task<T> InTransactionAsync<T>(this IDbContextFactory<StudioDbContext> factory, Func<StudioDbContext, Task<T>> work,
        CancellationToken ct)
    {
        await using var probe = factory.CreateDbContext();
        return await probe.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var db = factory.CreateDbContext();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var result = await work(db);
            await tx.CommitAsync(ct);
            return result;
        });
    }
}
