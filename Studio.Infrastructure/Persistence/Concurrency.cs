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
}
