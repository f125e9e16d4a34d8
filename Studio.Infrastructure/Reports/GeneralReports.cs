using Microsoft.EntityFrameworkCore;
using Studio.Domain.Reports;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Tasks;

namespace Studio.Infrastructure.Reports;

public sealed record ResultLine(Guid ResultId, string Template, string Result, int Tasks);

/// <summary>The general report with the names its result lines need.</summary>
public sealed record GeneralReportView(Period Period, GeneralFigures Figures, IReadOnlyList<ResultLine> Results);

/// <summary>
/// <see cref="GeneralReport"/> in the database: each figure one grouped query (counts and sums, never the rows).
/// With a branch (the top bar's): tasks in it as <see cref="TaskBranches"/> says (the client's branch, else an executor's), clients of
/// the branch, payments taken in the branch (a payment's own branch).
/// </summary>
public sealed class GeneralReports(IDbContextFactory<StudioDbContext> factory)
{
    public Task<GeneralReportView> GetAsync(Guid actorId, Period period, CancellationToken ct = default) => GetAsync(actorId, period, null, ct);

    public Task<GeneralReportView> GetAsync(Guid actorId, Period period, Guid? branchId, CancellationToken ct = default) =>
        factory.ReadAsync<GeneralReportView>(actorId, Policy.ReadReports, async (db, _) =>
        {
            var (from, to) = (period.From, period.To);
            var tasks = db.Tasks.IgnoreAutoIncludes().InBranch(db, branchId);
            var taskIds = tasks.Select(t => t.Id);
            var changes = branchId is null ? db.TaskChanges : db.TaskChanges.Where(c => taskIds.Contains(c.TaskId));
            var doneIds = changes.Where(c => c.To == TaskState.Done && c.At >= from && c.At < to).Select(c => c.TaskId).Distinct();
            var done = tasks.Where(t => doneIds.Contains(t.Id));
            var results = await done.Where(t => t.ResultId != null).GroupBy(t => t.ResultId!.Value)
                .Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
            var clientTasks = await done.CountAsync(t => t.ClientId != null, ct);
            var uniqueClients = await done.Where(t => t.ClientId != null).Select(t => t.ClientId).Distinct().CountAsync(ct);
            var current = await tasks.Where(t => t.Status == TaskState.New || t.Status == TaskState.Read || t.Status == TaskState.InProgress)
                .GroupBy(t => t.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
            var doneOrClosed = await changes.Where(c => (c.To == TaskState.Done || c.To == TaskState.Closed) && c.At >= from && c.At < to)
                .Select(c => c.TaskId).Distinct().CountAsync(ct);
            var clients = await db.Clients.IgnoreAutoIncludes().Where(c => c.MergedIntoId == null && (branchId == null || c.BranchId == branchId)).GroupBy(c => c.IsArchived)
                .Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
            // Voided payments count for nothing; refunds are on their own day, netting the sum, and are not sales.
            var paid = db.Payments.Where(p => p.PaidAt >= from && p.PaidAt < to && p.VoidedAt == null && (branchId == null || p.BranchId == branchId));
            var payments = await paid.CountAsync(p => p.RefundOfId == null, ct);
            // SQLite keeps decimals as text and cannot sum them: there the sum is taken as REAL in SQL and rounded to kopecks.
            var sum = db.Database.IsSqlite()
                ? Math.Round((decimal)await paid.SumAsync(p => (double)p.Amount, ct), 2)
                : await paid.SumAsync(p => (decimal?)p.Amount, ct) ?? 0m;
            int Of(TaskState s) => current.FirstOrDefault(c => c.Key == s)?.Count ?? 0;
            var figures = new GeneralFigures(results.Select(r => new ResultCount(r.Key, r.Count)).OrderBy(r => r.ResultId).ToList(),
                Of(TaskState.InProgress), Of(TaskState.New), Of(TaskState.Read), doneOrClosed,
                clients.FirstOrDefault(c => !c.Key)?.Count ?? 0, clients.FirstOrDefault(c => c.Key)?.Count ?? 0, clientTasks, uniqueClients, payments, sum);
            var names = (await db.TaskTemplates.AsNoTracking().ToListAsync(ct))
                .SelectMany(t => t.Results.Select(r => (r.Id, Template: t.Name, Result: r.Name))).ToDictionary(x => x.Id);
            return new(period, figures, figures.Results.Select(r => new ResultLine(r.ResultId, names.GetValueOrDefault(r.ResultId).Template ?? "",
                names.GetValueOrDefault(r.ResultId).Result ?? "", r.Tasks)).OrderByDescending(r => r.Tasks).ToList());
        }, ct);
}
