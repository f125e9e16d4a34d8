using Microsoft.EntityFrameworkCore;
using Studio.Domain.Billing;
using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;

namespace Studio.Infrastructure.Billing;

/// <summary>Client freezes: a date range in which the client's passes stand still (they last that many days longer).</summary>
public sealed record FreezeEntry(Guid Id, DateOnly From, DateOnly To, int Days, string? Reason, DateTime CreatedAt, string ByName);

public sealed class FreezeService(IDbContextFactory<StudioDbContext> factory, TimeProvider clock)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public Task<IReadOnlyList<FreezeEntry>> ListFreezesAsync(Guid actorId, Guid clientId, CancellationToken ct = default) =>
        factory.ReadAsync<IReadOnlyList<FreezeEntry>>(actorId, Policy.SeeClients, async (db, actor) =>
        {
            var rows = await db.ClientFreezes.AsNoTracking().Where(f => f.ClientId == clientId).OrderByDescending(f => f.From).ToListAsync(ct);
            var names = await db.Employees.AsNoTracking().IgnoreAutoIncludes().ToDictionaryAsync(e => e.Id, e => e.FullName, ct);
            return rows.Select(f => new FreezeEntry(f.Id, f.From, f.To, f.Days, f.Reason, f.CreatedAt, names.GetValueOrDefault(f.CreatedById) ?? "")).ToList();
        }, ct);

    /// <summary>Freezes a client for a date range: the client's passes last that many days longer. Freezes may not overlap.</summary>
    public Task<Guid> FreezeClientAsync(Guid actorId, Guid clientId, DateOnly from, DateOnly to, string? reason, CancellationToken ct = default) =>
        factory.RunInTransactionAsync(actorId, Policy.SeeClients, async (db, actor) =>
        {
            if (!await db.Clients.AnyAsync(c => c.Id == clientId && c.MergedIntoId == null, ct)) throw new NotFoundException();
            await db.LockAsync([PassLocks.For(clientId)], ct);
            var freeze = new ClientFreeze(clientId, from, to, reason, Now, actor.Id);
            var existing = await db.ClientFreezes.AsNoTracking().Where(f => f.ClientId == clientId).ToListAsync(ct);
            if (existing.Any(freeze.Overlaps)) throw new DomainException("Error.Freeze.Overlap");
            db.ClientFreezes.Add(freeze);
            await RecountPassesAsync(db, clientId, [.. existing, freeze], ct);
            await db.SaveChangesAsync(ct);
            return freeze.Id;
        }, ct);

    public Task UnfreezeAsync(Guid actorId, Guid freezeId, CancellationToken ct = default) =>
        factory.RunInTransactionAsync(actorId, Policy.SeeClients, async (db, actor) =>
        {
            var freeze = await db.ClientFreezes.SingleOrDefaultAsync(f => f.Id == freezeId, ct) ?? throw new NotFoundException();
            await db.LockAsync([PassLocks.For(freeze.ClientId)], ct);
            freeze.Remove();
            db.ClientFreezes.Remove(freeze);
            var rest = await db.ClientFreezes.AsNoTracking().Where(f => f.ClientId == freeze.ClientId && f.Id != freeze.Id).ToListAsync(ct);
            await RecountPassesAsync(db, freeze.ClientId, rest, ct);
            await db.SaveChangesAsync(ct);
            return true;
        }, ct);

    private static async Task RecountPassesAsync(StudioDbContext db, Guid clientId, IReadOnlyList<ClientFreeze> freezes, CancellationToken ct)
    {
        foreach (var pass in await db.Passes.Where(p => p.ClientId == clientId).ToListAsync(ct)) pass.Recount(freezes);
    }
}
