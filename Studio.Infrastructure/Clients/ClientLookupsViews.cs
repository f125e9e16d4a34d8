using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Live;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Pipelines;

namespace Studio.Infrastructure.Clients;

/// <summary>The client screens' pickers as the node last read them.</summary>
public sealed record ClientLookupsSnapshot(long Sequence, ClientLookups Lookups) : ISequenced;

/// <summary>
/// The node's live copy of the client screens' pickers (branches, sources, tags, statuses, colleagues, custom fields): a
/// renamed tag or a new status costs one read on the node, shared by every open client list and card, not one read per
/// screen (issue 14). Screens watch it through <see cref="ClientService.WatchLookupsAsync"/>, which checks the person.
/// </summary>
public sealed class ClientLookupsViews(IDbContextFactory<StudioDbContext> factory, ILiveBus bus, ILogger<ClientLookupsViews> logger)
    : SharedFeeds<ClientListScope, ClientLookupsSnapshot>(bus, logger)
{
    /// <summary>Dictionaries (sources, tags, statuses, custom fields) and the organisation's branches.</summary>
    protected override IEnumerable<string> TopicsOf(ClientListScope key) => [LiveTopics.Dictionaries, LiveTopics.Organisation];

    protected override async Task<ClientLookupsSnapshot?> LoadAsync(ClientListScope key, long sequence, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        return new(sequence, await ReadAsync(db, ct));
    }

    /// <summary>
    /// The pickers as they are now (no rights: the caller checked them). Branches are read once: the open ones are offered,
    /// the archived ones only named on a client already in one (<see cref="ClientLookups.ArchivedBranches"/>).
    /// </summary>
    internal static async Task<ClientLookups> ReadAsync(StudioDbContext db, CancellationToken ct)
    {
        var branches = await db.Branches.AsNoTracking().OrderBy(b => b.Name)
            .Select(b => new NamedView(b.Id, b.Name, null) { IsArchived = b.IsArchived }).ToListAsync(ct);
        return new(
            branches.Where(b => !b.IsArchived).ToList(),
            await db.LeadSources.AsNoTracking().OrderBy(s => s.Name).Select(s => new NamedView(s.Id, s.Name, null)).ToListAsync(ct),
            await db.Tags.AsNoTracking().OrderBy(t => t.Name).Select(t => new NamedView(t.Id, t.Name, t.Colour)).ToListAsync(ct),
            await db.ClientStatuses.AsNoTracking().OrderBy(s => s.Order).Select(s => new StatusView(s.Id, s.Name, s.Colour, s.Order, s.ShowInFunnel)).ToListAsync(ct),
            (await db.Employees.AsNoTracking().IgnoreAutoIncludes().Where(e => e.IsActive).OrderBy(e => e.FullName)
                .Select(e => new { e.Id, e.FullName, e.Role }).ToListAsync(ct))
                .Select(e => new PersonView(e.Id, e.FullName, Employee.InitialsOf(e.FullName), e.Role)).ToList(),
            (await db.CustomFields.AsNoTracking().OrderBy(f => f.Order).ToListAsync(ct)).Select(f => new FieldView(f.Id, f.Name, f.Kind, f.Choices)).ToList())
        {
            ArchivedBranches = branches.Where(b => b.IsArchived).ToList(),
        };
    }
}
