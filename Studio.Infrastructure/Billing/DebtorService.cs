using Microsoft.EntityFrameworkCore;
using Studio.Domain.Billing;
using Studio.Domain.Organisation;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Tasks;

namespace Studio.Infrastructure.Billing;

/// <summary>
/// A client who owes visits: how many, their estimate in money (none when some visit has no price to go by), the days of
/// the first and last, whether their passes have ended, and the open "remind to pay" call if one is waiting.
/// </summary>
public sealed record DebtorRow(Guid ClientId, string FullName, string? Phone, Guid BranchId, int Visits, decimal? Amount,
    DateOnly FirstOwed, DateOnly LastOwed, bool PassesEnded, Guid? ReminderId);

/// <summary>
/// Debtors (issue 17.12): clients, not archived, with visits counted and no pass to pay them (<see cref="Debts"/>), by
/// branch if asked; most visits first. Who may see clients may see them and ask for the "remind to pay" call
/// (<see cref="TaskService.RemindToPayAsync"/>).
/// </summary>
public sealed class DebtorService(IDbContextFactory<StudioDbContext> factory, TimeProvider clock, OrganisationSettingsSource settings)
{
    public Task<IReadOnlyList<DebtorRow>> ListAsync(Guid actorId, Guid? branchId = null, CancellationToken ct = default) =>
        factory.ReadAsync<IReadOnlyList<DebtorRow>>(actorId, Policy.SeeClients, async (db, _) =>
        {
            var org = await settings.GetAsync(ct);
            var today = org.Today(clock.GetUtcNow().UtcDateTime);
            var clients = Owing(db);
            if (branchId is { } b) clients = clients.Where(c => c.BranchId == b);
            var owed = await (
                    from p in db.LessonParticipants
                    join l in db.Lessons.IgnoreAutoIncludes() on p.LessonId equals l.Id
                    join c in clients on p.ClientId equals c.Id
                    where p.Owed
                    select new { p.ClientId, c.FullName, c.Phone, c.BranchId, l.TypeId, l.Day, p.Visits })
                .ToListAsync(ct);
            if (owed.Count == 0) return [];
            var ids = owed.Select(o => o.ClientId).Distinct().ToList();
            var passes = (await db.Passes.AsNoTracking().Where(p => ids.Contains(p.ClientId)).ToListAsync(ct)).ToLookup(p => p.ClientId);
            var plans = (await db.PassPlans.AsNoTracking().Where(p => !p.IsArchived).ToListAsync(ct))
                .Select(p => new PriceFact(p.Price, p.Visits, p.LessonTypeIds, DateTime.MinValue)).ToList();
            var reminders = await TaskService.OpenRemindersToPay(db).Where(t => ids.Contains(t.ClientId!.Value))
                .Select(t => new { ClientId = t.ClientId!.Value, t.Id }).ToListAsync(ct);
            var reminderOf = reminders.GroupBy(r => r.ClientId).ToDictionary(g => g.Key, g => g.Min(r => r.Id));

            return owed.GroupBy(o => o.ClientId).Select(g =>
                {
                    var first = g.First();
                    var theirs = passes[g.Key].ToList();
                    var amount = Debts.Amount(g.Select(o => new OwedFact(o.TypeId, o.Day, o.Visits)),
                        theirs.Select(p => new PriceFact(p.Price, p.VisitsTotal, p.LessonTypeIds, p.SoldAt)).ToList(), plans);
                    return new DebtorRow(g.Key, first.FullName, first.Phone, first.BranchId, g.Sum(o => o.Visits), amount,
                        g.Min(o => o.Day), g.Max(o => o.Day), Debts.PassesEnded(theirs.Select(p => (p.StartsOn, p.ValidUntil, p.VisitsLeft)), today),
                        reminderOf.TryGetValue(g.Key, out var r) ? r : null);
                })
                .OrderByDescending(r => r.Visits).ThenBy(r => r.FullName, StringComparer.Create(org.Culture, true)).ToList();
        }, ct);

    /// <summary>The clients a debt counts for: not archived, not merged away.</summary>
    private static IQueryable<Domain.Clients.Client> Owing(StudioDbContext db) =>
        db.Clients.AsNoTracking().IgnoreAutoIncludes().Where(c => !c.IsArchived && c.MergedIntoId == null);

    /// <summary>How many clients owe visits (of the branch, when one is given): one grouped read for the dashboard's tile.</summary>
    internal static Task<int> CountAsync(StudioDbContext db, Guid? branchId, CancellationToken ct) =>
        db.LessonParticipants.Where(p => p.Owed)
            .Join(branchId is { } b ? Owing(db).Where(c => c.BranchId == b) : Owing(db), p => p.ClientId, c => c.Id, (p, c) => p.ClientId)
            .Distinct().CountAsync(ct);
}
