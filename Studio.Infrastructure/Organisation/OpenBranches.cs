using Microsoft.EntityFrameworkCore;
using Studio.Domain.Common;
using Studio.Infrastructure.Persistence;

namespace Studio.Infrastructure.Organisation;

/// <summary>
/// The one rule of an archived branch (issue 17, item 18): nothing new goes into it — no client, deal, lesson, group or
/// payment — while a record that is already in it keeps it when saved. Refusals are <c>Error.Branch.Archived</c>.
/// </summary>
internal static class OpenBranches
{
    /// <summary>
    /// Checks a branch chosen for a record: it exists and is open, unless it is the branch the record already has
    /// (<paramref name="current"/>), which it keeps even when archived.
    /// </summary>
    public static async Task CheckAsync(StudioDbContext db, Guid chosen, Guid? current, CancellationToken ct)
    {
        if (chosen == current) return;
        var archived = await db.Branches.Where(b => b.Id == chosen).Select(b => (bool?)b.IsArchived).SingleOrDefaultAsync(ct)
            ?? throw new DomainException("Error.Unknown", "Branch");
        if (archived) throw new DomainException("Error.Branch.Archived");
    }

    /// <summary>
    /// A payment taken in a client's branch: refused while that branch is archived, naming it (the client is moved to an open
    /// branch first).
    /// </summary>
    public static async Task CheckClientsAsync(StudioDbContext db, Guid branchId, CancellationToken ct)
    {
        var branch = await db.Branches.AsNoTracking().Where(b => b.Id == branchId).Select(b => new { b.Name, b.IsArchived }).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException();
        if (branch.IsArchived) throw new DomainException("Error.Branch.ClientArchived", branch.Name);
    }

    /// <summary>The first of <paramref name="preferred"/> that is open, else the first open branch by name; empty when none is open.</summary>
    public static async Task<Guid> FirstAsync(StudioDbContext db, IEnumerable<Guid> preferred, CancellationToken ct)
    {
        var open = await db.Branches.AsNoTracking().Where(b => !b.IsArchived).OrderBy(b => b.Name).Select(b => b.Id).ToListAsync(ct);
        var first = preferred.FirstOrDefault(open.Contains);
        return first != Guid.Empty ? first : open.FirstOrDefault();
    }
}
