using Studio.Infrastructure.Organisation;
using Microsoft.EntityFrameworkCore;
using Studio.Domain.Organisation;
using Studio.Domain.Schedule;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Persistence;

namespace Studio.Infrastructure.Billing;

/// <summary>The client's freezes on the timeline, when they were made: the days and the reason.</summary>
internal sealed class FreezeTimelineSource(OrganisationSettingsSource settings) : ITimelineSource
{
    public async Task<IEnumerable<TimelineEntry>> ReadAsync(StudioDbContext db, Employee actor, Guid clientId, IReadOnlyDictionary<Guid, string> people, CancellationToken ct)
    {
        var freezes = await db.ClientFreezes.AsNoTracking().Where(f => f.ClientId == clientId).OrderByDescending(f => f.CreatedAt).Take(ClientTimeline.Max).ToListAsync(ct);
        var org = await settings.GetAsync(ct);
        return freezes.Select(f => new TimelineEntry(f.CreatedAt, TimelineKind.Freeze,
            $"{org.DateOf(f.From)} – {org.DateOf(f.To)}{(string.IsNullOrWhiteSpace(f.Reason) ? "" : " · " + f.Reason)}", people.GetValueOrDefault(f.CreatedById)));
    }
}
