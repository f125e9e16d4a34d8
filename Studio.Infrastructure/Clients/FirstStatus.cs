using Microsoft.EntityFrameworkCore;
using Studio.Domain.Clients;
using Studio.Infrastructure.Persistence;

namespace Studio.Infrastructure.Clients;

/// <summary>
/// The one way a new client gets their first status, whatever door they came in by (the Clients page, an import, the web
/// form, quick add, the new-deal dialog): the organisation's first status in its order, with its history row, so the funnels
/// count them from the start. A studio without statuses leaves the client without one.
/// </summary>
internal static class FirstStatus
{
    /// <summary>The organisation's first status (lowest order), if it has any.</summary>
    public static Task<Guid?> FindAsync(StudioDbContext db, CancellationToken ct) =>
        db.ClientStatuses.OrderBy(s => s.Order).Select(s => (Guid?)s.Id).FirstOrDefaultAsync(ct);

    /// <summary>Puts a client just made into <paramref name="firstStatusId"/> (from <see cref="FindAsync"/>), history row and all.</summary>
    public static void Enter(StudioDbContext db, Client client, Guid? firstStatusId, Guid by, DateTime at)
    {
        if (client.ChangeStatus(firstStatusId, by, at) is { } change) db.ClientStatusChanges.Add(change);
    }

    /// <summary>Finds the first status and puts the client just made into it.</summary>
    public static async Task EnterAsync(StudioDbContext db, Client client, Guid by, DateTime at, CancellationToken ct) =>
        Enter(db, client, await FindAsync(db, ct), by, at);
}
