using Microsoft.EntityFrameworkCore;
using Studio.Domain.Billing;
using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Domain.Schedule;
using Studio.Infrastructure.Live;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Schedule;

namespace Studio.Infrastructure.Billing;

public sealed record PassPlanView(Guid Id, Guid Version, string Name, int? Visits, int ValidityDays, decimal Price, IReadOnlyList<Guid> LessonTypeIds, bool IsArchived);

public sealed record GoodView(Guid Id, Guid Version, string Name, decimal Price, bool IsArchived);

public sealed record PassView(Guid Id, string Name, int? VisitsTotal, int VisitsUsed, int? VisitsLeft, DateOnly StartsOn, DateOnly ValidUntil,
    int FrozenDays, decimal Price, DateTime SoldAt, IReadOnlyList<Guid> LessonTypeIds, bool Ended = false)
{
    public bool IsActiveOn(DateOnly day) => day >= StartsOn && day <= ValidUntil && (VisitsLeft is null || VisitsLeft > 0);
}

public sealed record PaymentLineView(PaymentLineKind Kind, string Name, int Quantity, decimal UnitPrice, decimal Amount);

/// <summary>
/// A payment as lists show it. A refund (<see cref="PaymentState.Refund"/>) has a negative <see cref="Amount"/>, the lines of the
/// sale it gives back from, and <see cref="Reason"/>; a voided payment keeps its amount but <see cref="Counted"/> is nothing.
/// </summary>
public sealed record PaymentView(Guid Id, DateTime PaidAt, Guid? ClientId, string? ClientName, decimal Amount, PaymentMethod Method,
    string EmployeeName, string? Note, IReadOnlyList<PaymentLineView> Lines, PaymentState State = PaymentState.Paid, decimal Refunded = 0m,
    Guid Version = default, Guid? RefundOfId = null, string? Reason = null, DateTime? VoidedAt = null, string? VoidedBy = null)
{
    /// <summary>What the payment adds to totals: nothing when voided, minus the money given back for a refund.</summary>
    public decimal Counted => State == PaymentState.Voided ? 0m : Amount;
    /// <summary>May still be voided or refunded (not a refund itself, not voided, not wholly refunded).</summary>
    public bool CanReverse => State is PaymentState.Paid || (State == PaymentState.Refunded && Refunded < Amount);
}

public sealed record OwedVisit(Guid LessonId, DateOnly Day, DateTime LocalStart, string What, int Visits);

public sealed record ClientLesson(Guid LessonId, DateOnly Day, DateTime LocalStart, string What, LessonStatus Status, Attendance Attendance,
    bool Owed, int Visits, string? PassName);

/// <summary>Everything about a client's money and visits for the card.</summary>
public sealed record ClientAccount(IReadOnlyList<PassView> Passes, IReadOnlyList<PaymentView> Payments, IReadOnlyList<OwedVisit> Owed,
    IReadOnlyList<ClientLesson> Upcoming, IReadOnlyList<ClientLesson> Past, IReadOnlyList<FreezeEntry> Freezes);

public sealed record PaymentFilter(DateOnly? From = null, DateOnly? To = null, PaymentMethod? Method = null, Guid? EmployeeId = null,
    Guid? BranchId = null, Guid? ClientId = null, PaymentLineKind? Kind = null, int Skip = 0, int Take = 50, PaymentState? State = null);

/// <summary>A page of payments; <see cref="Sum"/> is of every payment the filter finds, voided ones counting nothing and refunds netted.</summary>
public sealed record PaymentPage(IReadOnlyList<PaymentView> Items, int Total, decimal Sum);

public sealed record GoodsLine(Guid GoodId, int Quantity);

/// <summary>Pass plans, goods, selling, payments. Every call re-reads the actor: managers and the owner sell; the owner edits the catalogue.</summary>
public sealed partial class BillingService(IDbContextFactory<StudioDbContext> factory, TimeProvider clock, FreezeService freezes, Organisation.OrganisationSettingsSource settings)
{
    /// <summary>The kinds of message on <see cref="LiveTopics.Dictionaries"/> when a plan or a good changes (see <see cref="PassPlanChanged"/>, <see cref="GoodChanged"/>).</summary>
    public const string PlansKind = "PassPlans";
    public const string GoodsKind = "Goods";
    private DateTime Now => clock.GetUtcNow().UtcDateTime;


    // ---------- catalogue ----------

    public Task<IReadOnlyList<PassPlanView>> ListPlansAsync(Guid actorId, bool includeArchived = false, CancellationToken ct = default) =>
        factory.ReadAsync<IReadOnlyList<PassPlanView>>(actorId, null, async (db, _) =>
        {
            var plans = await db.PassPlans.AsNoTracking().Where(p => includeArchived || !p.IsArchived).ToListAsync(ct);
            return plans.OrderBy(p => p.IsArchived).ThenBy(p => p.Name)
                .Select(p => new PassPlanView(p.Id, p.Version, p.Name, p.Visits, p.ValidityDays, p.Price, p.LessonTypeIds, p.IsArchived)).ToList();
        }, ct);

    public Task<Guid> SavePlanAsync(Guid actorId, Guid? planId, Guid? expectedVersion, string name, int? visits, int validityDays, decimal price,
        IReadOnlyList<Guid> lessonTypeIds, CancellationToken ct = default) =>
        factory.RunAsync<Guid>(actorId, Policy.Settings, async (db, _) =>
        {
            var types = lessonTypeIds.Distinct().ToList();
            if (await db.LessonTypes.CountAsync(t => types.Contains(t.Id), ct) != types.Count) throw new DomainException("Error.Plan.Types");
            PassPlan plan;
            if (planId is { } id)
            {
                plan = await db.PassPlans.SingleOrDefaultAsync(p => p.Id == id, ct) ?? throw new NotFoundException();
                if (expectedVersion is { } v) db.ExpectVersion(plan, v);
                plan.Update(name, visits, validityDays, price, types);
            }
            else
            {
                plan = new PassPlan(name, visits, validityDays, price, types);
                db.PassPlans.Add(plan);
            }
            await UniqueNames.RefuseDuplicateAsync(db.PassPlans.Where(p => p.Id != plan.Id).Select(p => p.Name), plan.Name, ct);
            return plan.Id;
        }, ct);

    public Task ArchivePlanAsync(Guid actorId, Guid planId, bool archived, CancellationToken ct = default) =>
        factory.RunAsync(actorId, Policy.Settings, async (db, _) =>
        {
            var plan = await db.PassPlans.SingleOrDefaultAsync(p => p.Id == planId, ct) ?? throw new NotFoundException();
            plan.Archive(archived);
            await db.SaveChangesAsync(ct);
        }, ct);

    public Task<IReadOnlyList<GoodView>> ListGoodsAsync(Guid actorId, bool includeArchived = false, CancellationToken ct = default) =>
        factory.ReadAsync<IReadOnlyList<GoodView>>(actorId, null, async (db, _) =>
        {
            var goods = await db.Goods.AsNoTracking().Where(g => includeArchived || !g.IsArchived).ToListAsync(ct);
            return goods.OrderBy(g => g.IsArchived).ThenBy(g => g.Name).Select(g => new GoodView(g.Id, g.Version, g.Name, g.Price, g.IsArchived)).ToList();
        }, ct);

    public Task<Guid> SaveGoodAsync(Guid actorId, Guid? goodId, Guid? expectedVersion, string name, decimal price, CancellationToken ct = default) =>
        factory.RunAsync<Guid>(actorId, Policy.Settings, async (db, _) =>
        {
            Good good;
            if (goodId is { } id)
            {
                good = await db.Goods.SingleOrDefaultAsync(g => g.Id == id, ct) ?? throw new NotFoundException();
                if (expectedVersion is { } v) db.ExpectVersion(good, v);
                good.Update(name, price);
            }
            else
            {
                good = new Good(name, price);
                db.Goods.Add(good);
            }
            return good.Id;
        }, ct);

    public Task ArchiveGoodAsync(Guid actorId, Guid goodId, bool archived, CancellationToken ct = default) =>
        factory.RunAsync(actorId, Policy.Settings, async (db, _) =>
        {
            var good = await db.Goods.SingleOrDefaultAsync(g => g.Id == goodId, ct) ?? throw new NotFoundException();
            good.Archive(archived);
            await db.SaveChangesAsync(ct);
        }, ct);

    // ---------- selling ----------

    /// <summary>
    /// Sells a pass: one payment with one line, the pass starting on <paramref name="startsOn"/> (today by default).
    /// Visits the client owes of the types it covers, on days it is valid, are paid from it at once, oldest first.
    /// </summary>
    public async Task<Guid> SellPassAsync(Guid actorId, Guid clientId, Guid planId, DateOnly? startsOn, decimal? amount, PaymentMethod method,
        string? note = null, CancellationToken ct = default)
    {
        return await factory.RunInTransactionAsync(actorId, Policy.Sell, async (db, actor) =>
        {
            var client = await db.Clients.AsNoTracking().SingleOrDefaultAsync(c => c.Id == clientId && c.MergedIntoId == null, ct) ?? throw new NotFoundException();
            var plan = await db.PassPlans.AsNoTracking().SingleOrDefaultAsync(p => p.Id == planId, ct) ?? throw new NotFoundException();
            await db.LockAsync([PassLocks.For(clientId)], ct);

            await OpenBranches.CheckClientsAsync(db, client.BranchId, ct);
            var zone = await BranchZones.ZoneAsync(db, client.BranchId, ct);
            var payment = new Payment(clientId, client.BranchId, method, Now, actor.Id, note);
            var pass = new Pass(clientId, plan, startsOn ?? Zones.Today(Now, zone), amount ?? plan.Price, payment.Id, Now, actor.Id);
            payment.AddLine(PaymentLineKind.Pass, plan.Id, plan.Name, 1, pass.Price);
            pass.Recount(await db.ClientFreezes.AsNoTracking().Where(f => f.ClientId == clientId).ToListAsync(ct));
            db.Payments.Add(payment);
            db.Passes.Add(pass);

            var owed = await db.LessonParticipants
                .Join(db.Lessons.IgnoreAutoIncludes(), p => p.LessonId, l => l.Id, (p, l) => new { p, l.Day, l.TypeId })
                .Where(x => x.p.ClientId == clientId && x.p.Owed)
                .OrderBy(x => x.Day).ToListAsync(ct);
            foreach (var o in owed.Where(o => pass.Covers(o.TypeId, o.Day, o.p.Visits)))
            {
                pass.Use(o.p.Visits);
                o.p.Settle(pass.Id, Now);
            }
            await db.SaveChangesAsync(ct);
            return pass.Id;
        }, ct);
    }

    /// <summary>Several goods bought together: one payment with a line each.</summary>
    public Task<Guid> SellGoodsAsync(Guid actorId, Guid? clientId, Guid? branchId, IReadOnlyList<GoodsLine> lines, PaymentMethod method,
        string? note = null, CancellationToken ct = default) =>
        factory.RunAsync<Guid>(actorId, Policy.Sell, async (db, actor) =>
        {
            if (lines.Count == 0) throw new DomainException("Error.Sale.Empty");
            if (clientId is { } cid && !await db.Clients.AnyAsync(c => c.Id == cid && c.MergedIntoId == null, ct)) throw new NotFoundException();
            var ids = lines.Select(l => l.GoodId).Distinct().ToList();
            var goods = await db.Goods.AsNoTracking().Where(g => ids.Contains(g.Id) && !g.IsArchived).ToDictionaryAsync(g => g.Id, ct);
            if (goods.Count != ids.Count) throw new NotFoundException();
            if (branchId is { } branch) await OpenBranches.CheckAsync(db, branch, null, ct);
            var payment = new Payment(clientId, branchId, method, Now, actor.Id, note);
            foreach (var line in lines.GroupBy(l => l.GoodId))
                payment.AddLine(PaymentLineKind.Good, line.Key, goods[line.Key].Name, line.Sum(l => l.Quantity), goods[line.Key].Price);
            db.Payments.Add(payment);
            await db.SaveChangesAsync(ct);
            return payment.Id;
        }, ct);

    // ---------- reading ----------

    public Task<PaymentPage> ListPaymentsAsync(Guid actorId, PaymentFilter filter, CancellationToken ct = default) =>
        factory.ReadAsync<PaymentPage>(actorId, Policy.Sell, async (db, actor) =>
        {
            var zone = (await settings.GetAsync(ct)).Zone;
            var q = db.Payments.AsNoTracking().IgnoreAutoIncludes().AsQueryable();
            if (filter.From is { } f) { var u = Zones.ToUtc(f.ToDateTime(TimeOnly.MinValue), zone); q = q.Where(p => p.PaidAt >= u); }
            if (filter.To is { } t) { var u = Zones.ToUtc(t.AddDays(1).ToDateTime(TimeOnly.MinValue), zone); q = q.Where(p => p.PaidAt < u); }
            if (filter.Method is { } m) q = q.Where(p => p.Method == m);
            if (filter.EmployeeId is { } e) q = q.Where(p => p.EmployeeId == e);
            if (filter.BranchId is { } b) q = q.Where(p => p.BranchId == b);
            if (filter.ClientId is { } c) q = q.Where(p => p.ClientId == c);
            // A refund has no lines of its own: it is of the kind of the sale it gives back from.
            if (filter.Kind is { } k) q = q.Where(p => db.PaymentLines.Any(l => (l.PaymentId == p.Id || l.PaymentId == p.RefundOfId) && l.Kind == k));
            q = filter.State switch
            {
                PaymentState.Paid => q.Where(p => p.RefundOfId == null && p.VoidedAt == null && p.Refunded == 0m),
                PaymentState.Refunded => q.Where(p => p.RefundOfId == null && p.VoidedAt == null && p.Refunded != 0m),
                PaymentState.Voided => q.Where(p => p.VoidedAt != null),
                PaymentState.Refund => q.Where(p => p.RefundOfId != null),
                _ => q,
            };
            var total = await q.CountAsync(ct);
            // Summed in memory: SQLite cannot SUM decimals; the filtered amounts are small next to a page's rows. Voided counts nothing.
            var sum = (await q.Where(p => p.VoidedAt == null).Select(p => p.Amount).ToListAsync(ct)).Sum();
            var page = await q.OrderByDescending(p => p.PaidAt).Skip(Math.Max(0, filter.Skip)).Take(Math.Clamp(filter.Take, 1, 200))
                .Include(p => p.Lines).ToListAsync(ct);
            return new(await ViewsAsync(db, page, ct), total, sum);
        }, ct);

    public Task<ClientAccount> ClientAccountAsync(Guid actorId, Guid clientId, CancellationToken ct = default) =>
        factory.ReadAsync<ClientAccount>(actorId, Policy.Sell, async (db, actor) =>
        {
            var client = await db.Clients.AsNoTracking().SingleOrDefaultAsync(c => c.Id == clientId, ct) ?? throw new NotFoundException();
            var zone = await BranchZones.ZoneAsync(db, client.BranchId, ct);
            var passes = await db.Passes.AsNoTracking().Where(p => p.ClientId == clientId).ToListAsync(ct);
            var payments = await db.Payments.AsNoTracking().Where(p => p.ClientId == clientId).OrderByDescending(p => p.PaidAt).Take(100).ToListAsync(ct);

            var now = Now;
            var rows = await db.LessonParticipants.AsNoTracking()
                .Join(db.Lessons.AsNoTracking().IgnoreAutoIncludes(), p => p.LessonId, l => l.Id, (p, l) => new { p, l })
                .Where(x => x.p.ClientId == clientId)
                .OrderByDescending(x => x.l.StartsAt).Take(400).ToListAsync(ct);
            var typeIds = rows.Select(r => r.l.TypeId).Distinct().ToList();
            var types = await db.LessonTypes.AsNoTracking().Where(t => typeIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Name, ct);
            var seriesIds = rows.Where(r => r.l.SeriesId != null).Select(r => r.l.SeriesId!.Value).Distinct().ToList();
            var series = await db.LessonSeries.AsNoTracking().Where(s => seriesIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
            var passNames = passes.ToDictionary(p => p.Id, p => p.Name);
            string What(Lesson l) => l.SeriesId is { } s && series.TryGetValue(s, out var n) ? n : types.GetValueOrDefault(l.TypeId) ?? "";
            ClientLesson ToLesson(LessonParticipant p, Lesson l) => new(l.Id, l.Day, Zones.ToLocal(l.StartsAt, zone), What(l), l.Status, p.Attendance,
                p.Owed, p.Visits, p.PassId is { } id ? passNames.GetValueOrDefault(id) : null);

            return new(
                passes.OrderByDescending(p => p.StartsOn).Select(p => new PassView(p.Id, p.Name, p.VisitsTotal, p.VisitsUsed, p.VisitsLeft, p.StartsOn,
                    p.ValidUntil, p.FrozenDays, p.Price, p.SoldAt, p.LessonTypeIds, p.IsEnded)).ToList(),
                await ViewsAsync(db, payments, ct),
                rows.Where(r => r.p.Owed).OrderBy(r => r.l.StartsAt)
                    .Select(r => new OwedVisit(r.l.Id, r.l.Day, Zones.ToLocal(r.l.StartsAt, zone), What(r.l), r.p.Visits)).ToList(),
                rows.Where(r => r.l.StartsAt >= now && r.l.Status == LessonStatus.Planned).OrderBy(r => r.l.StartsAt).Select(r => ToLesson(r.p, r.l)).ToList(),
                rows.Where(r => r.l.StartsAt < now || r.l.Status != LessonStatus.Planned).Take(100).Select(r => ToLesson(r.p, r.l)).ToList(),
                await freezes.ListFreezesAsync(actorId, clientId, ct));
        }, ct);

    private static async Task<IReadOnlyList<PaymentView>> ViewsAsync(StudioDbContext db, IReadOnlyList<Payment> payments, CancellationToken ct)
    {
        var clientIds = payments.Where(p => p.ClientId != null).Select(p => p.ClientId!.Value).Distinct().ToList();
        var clients = await db.Clients.AsNoTracking().IgnoreAutoIncludes().Where(c => clientIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.FullName, ct);
        var people = await db.Employees.AsNoTracking().IgnoreAutoIncludes().ToDictionaryAsync(e => e.Id, e => e.FullName, ct);
        var saleIds = payments.Where(p => p.RefundOfId != null).Select(p => p.RefundOfId!.Value).Distinct().ToList();
        var saleLines = saleIds.Count == 0 ? Array.Empty<PaymentLine>().ToLookup(l => l.PaymentId) : (await db.PaymentLines.AsNoTracking().Where(l => saleIds.Contains(l.PaymentId)).ToListAsync(ct)).ToLookup(l => l.PaymentId);
        return payments.Select(p => new PaymentView(p.Id, p.PaidAt, p.ClientId, p.ClientId is { } c ? clients.GetValueOrDefault(c) : null, p.Amount,
            p.Method, people.GetValueOrDefault(p.EmployeeId) ?? "", p.Note,
            (p.RefundOfId is { } sale ? saleLines[sale] : p.Lines).Select(l => new PaymentLineView(l.Kind, l.Name, l.Quantity, l.UnitPrice, l.Amount)).ToList(),
            p.State, p.Refunded, p.Version, p.RefundOfId, p.IsVoided ? p.VoidReason : p.Reason, p.VoidedAt,
            p.VoidedById is { } v ? people.GetValueOrDefault(v) : null)).ToList();
    }
}
