using Microsoft.EntityFrameworkCore;
using Studio.Domain.Billing;
using Studio.Domain.Organisation;
using Studio.Domain.Schedule;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Persistence;

namespace Studio.Infrastructure.Tasks;

/// <summary>
/// "Pass ending": a pass down to its last visit, or valid for at most the organisation's N more days, makes one call task for
/// the client's responsible (else whoever sold it). Run by the node's task job; each pass is claimed in the database in the
/// same transaction that makes the task, so with two nodes the call is made once. A pass that expired unseen, or whose client
/// has already bought the next one, is claimed without a call.
/// </summary>
public sealed class PassEndingCalls(IDbContextFactory<StudioDbContext> factory, TimeProvider clock, Organisation.OrganisationSettingsSource settings)
{
    public const int Batch = 200;

    /// <summary>Makes the calls due now; returns how many tasks this call made.</summary>
    public async Task<int> RunAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = factory.CreateDbContext();
        var org = await db.Organisations.AsNoTracking().OrderBy(o => o.Id).FirstOrDefaultAsync(ct);
        if (org is null) return 0;
        var today = (await settings.GetAsync(ct)).Today(now);
        var limit = today.AddDays(org.PassEndingDays);
        // Frozen days only lengthen a pass, so "sold to end by the limit" is a superset of "ends by the limit".
        var candidates = await db.Passes.AsNoTracking()
            .Where(p => p.EndingCallAt == null && p.EndedAt == null && (p.ExpiresOn <= limit || (p.VisitsTotal != null && p.VisitsTotal - p.VisitsUsed <= 1)))
            .OrderBy(p => p.ExpiresOn).Take(Batch).ToListAsync(ct);
        var made = 0;
        foreach (var pass in candidates)
        {
            var ending = pass.IsEnding(today, org.PassEndingDays);
            if (!ending && pass.ValidUntil >= today) continue; // not started yet, or frozen days carry it past the limit: later
            if (await ClaimAsync(pass, ending, today, org.PassEndingDays, now, ct)) made++;
        }
        return made;
    }

    private Task<bool> ClaimAsync(Pass pass, bool ending, DateOnly today, int days, DateTime now, CancellationToken ct) =>
        factory.InTransactionAsync(async db =>
        {
            var claimed = await db.Passes.Where(p => p.Id == pass.Id && p.EndingCallAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(p => p.EndingCallAt, now), ct);
            if (claimed != 1 || !ending) return false;
            var others = await db.Passes.AsNoTracking().Where(p => p.ClientId == pass.ClientId && p.Id != pass.Id && p.ExpiresOn >= today).ToListAsync(ct);
            if (others.Any(p => p.ValidUntil > today.AddDays(days) && (p.VisitsLeft is null || p.VisitsLeft > 1))) return false;
            var client = await db.Clients.AsNoTracking().IgnoreAutoIncludes().Where(c => c.Id == pass.ClientId)
                .Select(c => new { c.FullName, c.Phone, c.ResponsibleId, c.IsArchived }).SingleAsync(ct);
            if (client.IsArchived) return false;
            var active = await db.Employees.Where(e => e.IsActive).Select(e => new { e.Id, e.Role, e.FullName }).ToListAsync(ct);
            var ownerId = active.Where(e => e.Role == EmployeeRole.Owner).OrderBy(e => e.FullName).Select(e => e.Id).FirstOrDefault();
            var executorId = new[] { client.ResponsibleId, pass.SoldById, ownerId }.FirstOrDefault(id => id is { } x && active.Any(e => e.Id == x)) ?? ownerId;
            if (executorId == Guid.Empty) return false;
            var left = pass.VisitsLeft is { } v ? $", {v}" : "";
            var task = new WorkTask(TaskKind.PersonalCall, null, $"{pass.Name}: {client.FullName}",
                $"{pass.Name} — {pass.ValidUntil:dd.MM.yyyy}{left}", ownerId == Guid.Empty ? executorId : ownerId, [executorId], now,
                pass.ClientId, client.Phone, CallDirection.Outgoing);
            task.Schedule(now.AddDays(1), null, TaskPriority.Medium, urgent: false);
            db.Tasks.Add(task);
            db.TaskNotices.AddRange(TaskNotice.For(task, NoticeKind.Assigned, null, now));
            await db.SaveChangesAsync(ct);
            return true;
        }, ct);
}
