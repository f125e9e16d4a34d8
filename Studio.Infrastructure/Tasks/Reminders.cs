using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Studio.Domain.Pipelines;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Live;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;

namespace Studio.Infrastructure.Tasks;

/// <summary>
/// Fires due task reminders and deals' due callbacks: one job per node, never a timer per circuit. Each reminder is claimed in the
/// database (an update that only one node can win) before its notices are made, so with two nodes it
/// still fires once.
/// </summary>
public sealed class Reminders(IDbContextFactory<StudioDbContext> factory, TimeProvider clock)
{
    /// <summary>The kind of message on each person's <see cref="LiveTopics.Tasks"/> topic when a reminder fires (<see cref="ReminderFired"/>).</summary>
    public const string Fired = "Reminder";
    public const int Batch = 200;

    /// <summary>Fires what is due now; returns how many reminders this call fired.</summary>
    public async Task<int> RunAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = factory.CreateDbContext();
        var due = await db.Tasks.AsNoTracking().IgnoreAutoIncludes()
            .Where(t => t.RemindAt != null && t.RemindAt <= now && t.RemindedAt == null && !WorkTask.Finished.Contains(t.Status))
            .OrderBy(t => t.RemindAt).Select(t => new { t.Id, t.RemindAt }).Take(Batch).ToListAsync(ct);
        var fired = 0;
        foreach (var d in due)
        {
            // The claim: only the node whose update finds the reminder still unclaimed fires it.
            var claimed = await db.Tasks.Where(t => t.Id == d.Id && t.RemindedAt == null && t.RemindAt == d.RemindAt)
                .ExecuteUpdateAsync(u => u.SetProperty(t => t.RemindedAt, now), ct);
            if (claimed != 1) continue;
            var task = await db.Tasks.AsNoTracking().AsSingleQuery().SingleAsync(t => t.Id == d.Id, ct);
            db.TaskNotices.AddRange(TaskNotice.Reminder(task, now));
            await db.SaveChangesAsync(ct);
            fired++;
        }
        return fired + await RunCallbacksAsync(db, now, ct);
    }

    /// <summary>
    /// Deals' callbacks come due as tasks' reminders do: each armed one (<see cref="Deal.CallbackRemindAt"/>) is claimed by a
    /// small update of its own — never the deal's version, so no one editing the deal meets a conflict — and its responsible
    /// gets a notice (lighting their indicator and popping the reminder); an earlier one of the same deal they left is seen.
    /// </summary>
    private static async Task<int> RunCallbacksAsync(StudioDbContext db, DateTime now, CancellationToken ct)
    {
        var due = await db.Deals.AsNoTracking().IgnoreAutoIncludes()
            .Where(d => d.CallbackRemindAt != null && d.CallbackRemindAt <= now && d.ClosedAt == null && d.ResponsibleId != null)
            .OrderBy(d => d.CallbackRemindAt).Select(d => new { d.Id, d.CallbackRemindAt, d.ResponsibleId }).Take(Batch).ToListAsync(ct);
        var fired = 0;
        foreach (var d in due)
        {
            var claimed = await db.Deals.Where(x => x.Id == d.Id && x.CallbackRemindAt == d.CallbackRemindAt)
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.CallbackRemindAt, (DateTime?)null), ct);
            if (claimed != 1) continue;
            var responsible = d.ResponsibleId!.Value;
            foreach (var old in await db.CallbackNotices.Where(n => n.DealId == d.Id && n.EmployeeId == responsible && n.SeenAt == null).ToListAsync(ct))
                old.See(now);
            db.CallbackNotices.Add(new CallbackNotice(responsible, d.Id, now));
            await db.SaveChangesAsync(ct);
            fired++;
        }
        return fired;
    }
}

/// <summary>The node's task job: reminders every 15 seconds of the app's clock, pass-ending calls every minute.</summary>
public sealed class ReminderJob(Reminders reminders, PassEndingCalls passEnding, TimeProvider clock, ILogger<ReminderJob> logger) : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(15);
    private const int PassEndingEveryTicks = 4;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every, clock);
        var tick = 0;
        do
        {
            try
            {
                await reminders.RunAsync(stoppingToken);
                if (tick++ % PassEndingEveryTicks == 0) await passEnding.RunAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception ex) { logger.LogError(ex, "Firing reminders or pass-ending calls failed"); }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
