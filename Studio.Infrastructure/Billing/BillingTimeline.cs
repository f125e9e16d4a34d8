using Microsoft.EntityFrameworkCore;
using Studio.Domain.Billing;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;

namespace Studio.Infrastructure.Billing;

/// <summary>
/// The client's payments on the timeline: a pass bought, or goods (all lines of one payment on one line), with the amount; a refund
/// on its day (what it gave back from, the amount, the reason), and a void when it was made (the sale stays on its own day).
/// </summary>
internal sealed class PaymentTimelineSource(OrganisationSettingsSource settings) : ITimelineSource
{
    public async Task<IEnumerable<TimelineEntry>> ReadAsync(StudioDbContext db, Employee actor, Guid clientId, IReadOnlyDictionary<Guid, string> people, CancellationToken ct)
    {
        if (!actor.Can(Policy.SeeClients)) return [];
        var payments = await db.Payments.AsNoTracking().Where(p => p.ClientId == clientId).OrderByDescending(p => p.PaidAt)
            .Take(ClientTimeline.Max).ToListAsync(ct);
        var org = await settings.GetAsync(ct);
        var saleIds = payments.Where(p => p.RefundOfId != null).Select(p => p.RefundOfId!.Value).Distinct().ToList();
        var sales = saleIds.Count == 0 ? [] : await db.Payments.AsNoTracking().Where(p => saleIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        static string What(Payment p) => string.Join(", ", p.Lines.Select(l => l.Quantity > 1 ? $"{l.Name} ×{l.Quantity}" : l.Name));
        var entries = new List<TimelineEntry>();
        foreach (var p in payments)
        {
            if (p.RefundOfId is { } sale)
            {
                entries.Add(new(p.PaidAt, TimelineKind.Refund,
                    $"{(sales.TryGetValue(sale, out var s) ? What(s) : "")} · {org.Money(p.Amount)} · {p.Reason}", people.GetValueOrDefault(p.EmployeeId)));
                continue;
            }
            entries.Add(new(p.PaidAt, p.Lines.Any(l => l.Kind == PaymentLineKind.Pass) ? TimelineKind.PassBought : TimelineKind.GoodsBought,
                $"{What(p)} · {org.Money(p.Amount)}", people.GetValueOrDefault(p.EmployeeId)));
            if (p.VoidedAt is { } voided)
                entries.Add(new(voided, TimelineKind.PaymentVoided, $"{What(p)} · {org.Money(p.Amount)} · {p.VoidReason}",
                    p.VoidedById is { } by ? people.GetValueOrDefault(by) : null));
        }
        return entries;
    }
}
