using Microsoft.EntityFrameworkCore;
using Studio.Domain.Billing;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;

namespace Studio.Infrastructure.Billing;

/// <summary>The client's payments on the timeline: a pass bought, or goods (all lines of one payment on one line), with the amount.</summary>
internal sealed class PaymentTimelineSource(OrganisationSettingsSource settings) : ITimelineSource
{
    public async Task<IEnumerable<TimelineEntry>> ReadAsync(StudioDbContext db, Employee actor, Guid clientId, IReadOnlyDictionary<Guid, string> people, CancellationToken ct)
    {
        if (!actor.Can(Policy.SeeClients)) return [];
        var payments = await db.Payments.AsNoTracking().Where(p => p.ClientId == clientId).OrderByDescending(p => p.PaidAt)
            .Take(ClientTimeline.Max).ToListAsync(ct);
        var org = await settings.GetAsync(ct);
        return payments.Select(p => new TimelineEntry(p.PaidAt,
            p.Lines.Any(l => l.Kind == PaymentLineKind.Pass) ? TimelineKind.PassBought : TimelineKind.GoodsBought,
            $"{string.Join(", ", p.Lines.Select(l => l.Quantity > 1 ? $"{l.Name} ×{l.Quantity}" : l.Name))} · {org.Money(p.Amount)}",
            people.GetValueOrDefault(p.EmployeeId)));
    }
}
