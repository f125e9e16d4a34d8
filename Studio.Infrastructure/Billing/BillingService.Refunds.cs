using Microsoft.EntityFrameworkCore;
using Studio.Domain.Billing;
using Studio.Domain.Common;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Schedule;

namespace Studio.Infrastructure.Billing;

/// <summary>
/// What may be taken back from a payment now: <see cref="Refundable"/> (the amount less the refunds made, and for a pass its
/// unused part, see <see cref="Pass.RefundableOn"/>), and whether it may still be voided.
/// </summary>
public sealed record RefundTerms(Guid PaymentId, Guid Version, decimal Amount, decimal Refunded, decimal Refundable, bool CanVoid,
    string? PassName, int? VisitsUsed, int? VisitsTotal);

/// <summary>Voiding a payment and refunding money from it: the owner's (<see cref="Policy.RefundPayments"/>), with a reason.</summary>
public sealed partial class BillingService
{
    public Task<RefundTerms> RefundTermsAsync(Guid actorId, Guid paymentId, CancellationToken ct = default) =>
        factory.ReadAsync<RefundTerms>(actorId, Policy.RefundPayments, async (db, _) =>
        {
            var payment = await db.Payments.AsNoTracking().SingleOrDefaultAsync(p => p.Id == paymentId, ct) ?? throw new NotFoundException();
            var pass = await db.Passes.AsNoTracking().SingleOrDefaultAsync(p => p.PaymentId == paymentId, ct);
            var limit = pass is null ? payment.Refundable : Math.Min(payment.Refundable, pass.RefundableOn(await TodayAsync(db, payment, ct)));
            return new(payment.Id, payment.Version, payment.Amount, payment.Refunded, Math.Max(0m, limit),
                payment is { IsRefund: false, IsVoided: false, Refunded: 0m }, pass?.Name, pass?.VisitsUsed, pass?.VisitsTotal);
        }, ct);

    /// <summary>
    /// Gives <paramref name="amount"/> back from the payment: a refund (a payment of minus the amount, today, by the actor, with
    /// the reason). A pass bought by it ends (valid through yesterday; the visits used stay used); at most its unused part is given back.
    /// </summary>
    public Task<Guid> RefundAsync(Guid actorId, Guid paymentId, Guid expectedVersion, decimal amount, string? reason, CancellationToken ct = default) =>
        factory.RunInTransactionAsync<Guid>(actorId, Policy.RefundPayments, async (db, actor) =>
        {
            var payment = await db.Payments.SingleOrDefaultAsync(p => p.Id == paymentId, ct) ?? throw new NotFoundException();
            db.ExpectVersion(payment, expectedVersion);
            if (payment.ClientId is { } clientId) await db.LockAsync([PassLocks.For(clientId)], ct);
            var pass = await db.Passes.SingleOrDefaultAsync(p => p.PaymentId == paymentId, ct);
            if (pass is { IsEnded: true } && !payment.IsVoided) throw new DomainException("Error.Refund.PassEnded");
            var today = await TodayAsync(db, payment, ct);
            var refund = payment.Refund(amount, reason, Now, actor.Id, pass?.RefundableOn(today));
            pass?.EndByRefund(today, Now);
            db.Payments.Add(refund);
            return refund.Id;
        }, ct);

    /// <summary>
    /// Voids a payment made by mistake (with the reason): it counts for nothing from now on. A pass bought by it is never valid;
    /// the visits it paid for are paid from another pass of the client that covers them, or owed again.
    /// </summary>
    public Task VoidAsync(Guid actorId, Guid paymentId, Guid expectedVersion, string? reason, CancellationToken ct = default) =>
        factory.RunInTransactionAsync(actorId, Policy.RefundPayments, async (db, actor) =>
        {
            var payment = await db.Payments.SingleOrDefaultAsync(p => p.Id == paymentId, ct) ?? throw new NotFoundException();
            db.ExpectVersion(payment, expectedVersion);
            payment.Void(reason, Now, actor.Id);
            if (payment.ClientId is not { } clientId) return;
            await db.LockAsync([PassLocks.For(clientId)], ct);
            var passes = await db.Passes.Where(p => p.ClientId == clientId).ToListAsync(ct);
            if (passes.FirstOrDefault(p => p.PaymentId == paymentId) is not { } pass) return;
            var charged = await db.LessonParticipants
                .Join(db.Lessons.IgnoreAutoIncludes(), p => p.LessonId, l => l.Id, (p, l) => new { p, l.Day, l.TypeId })
                .Where(x => x.p.PassId == pass.Id).OrderBy(x => x.Day).ToListAsync(ct);
            pass.EndByVoid(Now);
            var others = passes.Where(p => p.Id != pass.Id).ToList();
            foreach (var c in charged)
            {
                var other = VisitCharging.PassFor(others, c.TypeId, c.Day, c.p.Visits);
                other?.Use(c.p.Visits);
                c.p.Charge(other?.Id, c.p.Visits);
            }
        }, ct);

    /// <summary>Today where the payment was taken (its branch's zone, else the studio's).</summary>
    private async Task<DateOnly> TodayAsync(StudioDbContext db, Payment payment, CancellationToken ct) =>
        Zones.Today(Now, payment.BranchId is { } branch ? await BranchZones.ZoneAsync(db, branch, ct) : (await settings.GetAsync(ct)).Zone);
}
