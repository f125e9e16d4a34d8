using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Live;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;

namespace Studio.Infrastructure.Tasks;

/// <summary>
/// Fires due task reminders: one job per node, never a timer per circuit. Each reminder is claimed in the
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
