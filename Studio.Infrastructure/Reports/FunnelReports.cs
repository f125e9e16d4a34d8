using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Studio.Domain.Organisation;
using Studio.Domain.Reports;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;

namespace Studio.Infrastructure.Reports;

public sealed record StatusInfo(Guid Id, string Name, string Colour, int Order, bool ShowInFunnel);

public sealed record SourceInfo(Guid Id, string Name);

/// <summary>One lead source's funnels (null: not set).</summary>
public sealed record SourceFunnels(Guid? SourceId, IReadOnlyList<EveryMoveRow> EveryMove, WhereNowFunnel WhereNow);

/// <summary>The sales funnels of a period: every move, where they are now (with its table), the transitions, and all of it per source.</summary>
public sealed record FunnelReport(Period Period, IReadOnlyList<StatusInfo> Statuses, IReadOnlyList<SourceInfo> Sources,
    IReadOnlyList<EveryMoveRow> EveryMove, WhereNowFunnel WhereNow, IReadOnlyList<TransitionCell> Transitions, IReadOnlyList<SourceFunnels> PerSource)
{
    /// <summary>
    /// The statuses the funnels show: those flagged "show in sales funnel", in their order. Moves through the others still count in
    /// the transitions table, which shows every status.
    /// </summary>
    public IReadOnlyList<StatusInfo> FunnelStatuses => Statuses.Where(s => s.ShowInFunnel).ToList();

    public string StatusName(Guid? id) => id is { } x ? Statuses.FirstOrDefault(s => s.Id == x)?.Name ?? "" : "";
    public string? SourceName(Guid? id) => id is { } x ? Sources.FirstOrDefault(s => s.Id == x)?.Name : null;
}

/// <summary>
/// The funnels of <see cref="Funnels"/> computed in the database: three grouped queries over the status changes, each grouped by the
/// client's source too. A client has one source, so the distinct-client counts per source add up to the whole. "Where they are now" picks
/// each client's last change in the period with a window function (ROW_NUMBER) and the last before it with one index seek per client;
/// the same SQL on SQLite, PostgreSQL and SQL Server but for how the seek takes its first row.
/// With a branch (the top bar's): only the moves of the branch's clients (the client's branch), every figure alike. The branch is a
/// parameter like the period's ends; the clause is left out for all branches (never "parameter IS NULL": PostgreSQL cannot type it).
/// </summary>
public sealed class FunnelReports(IDbContextFactory<StudioDbContext> factory)
{
    public Task<FunnelReport> GetAsync(Guid actorId, Period period, CancellationToken ct = default) => GetAsync(actorId, period, null, ct);

    public Task<FunnelReport> GetAsync(Guid actorId, Period period, Guid? branchId, CancellationToken ct = default) =>
        factory.ReadAsync<FunnelReport>(actorId, Policy.ReadReports, async (db, _) =>
        {
            var (from, to) = (period.From, period.To);
            // {2} is the branch: the clause only when one is asked for (the parameter is then passed, else only the period's two).
            var inBranch = branchId is null ? "" : """ AND cl."BranchId" = {2}""";
            object[] args = branchId is { } b ? [from, to, b] : [from, to];

            // Three independent scans of the period: each on its own connection, at the same time.
            async Task<List<Cell>> QueryAsync(Func<StudioDbContext, IQueryable<Cell>> query)
            {
                await using var own = factory.CreateDbContext();
                return await query(own).ToListAsync(ct);
            }
            var movesSql = FormattableStringFactory.Create($$"""
                SELECT NULL AS "FromStatusId", c."ToStatusId" AS "ToStatusId", cl."SourceId" AS "SourceId",
                       COUNT(*) AS "Transitions", COUNT(DISTINCT c."ClientId") AS "Clients"
                FROM "ClientStatusChanges" c JOIN "Clients" cl ON cl."Id" = c."ClientId"
                WHERE c."At" >= {0} AND c."At" < {1}{{inBranch}}
                GROUP BY c."ToStatusId", cl."SourceId"
                """, args);
            var movesTask = QueryAsync(db => db.Database.SqlQuery<Cell>(movesSql));
            var transitionsSql = FormattableStringFactory.Create($$"""
                SELECT c."FromStatusId" AS "FromStatusId", c."ToStatusId" AS "ToStatusId", cl."SourceId" AS "SourceId",
                       COUNT(*) AS "Transitions", COUNT(DISTINCT c."ClientId") AS "Clients"
                FROM "ClientStatusChanges" c JOIN "Clients" cl ON cl."Id" = c."ClientId"
                WHERE c."At" >= {0} AND c."At" < {1}{{inBranch}}
                GROUP BY c."FromStatusId", c."ToStatusId", cl."SourceId"
                """, args);
            var transitionsTask = QueryAsync(db => db.Database.SqlQuery<Cell>(transitionsSql));
            // Each client's last change in the period; the status they had before it is one index seek on (ClientId, At) per client.
            var firstRow = db.Database.IsSqlServer() ? "OFFSET 0 ROWS FETCH NEXT 1 ROWS ONLY" : "LIMIT 1";
            var endsSql = FormattableStringFactory.Create($$"""
                WITH "inper" AS (
                    SELECT c."ClientId", c."ToStatusId", ROW_NUMBER() OVER (PARTITION BY c."ClientId" ORDER BY c."At" DESC, c."Id" DESC) AS "rn"
                    FROM "ClientStatusChanges" c JOIN "Clients" cl ON cl."Id" = c."ClientId"
                    WHERE c."At" >= {0} AND c."At" < {1}{{inBranch}}),
                "ends" AS (
                    SELECT i."ClientId", i."ToStatusId",
                           (SELECT b."ToStatusId" FROM "ClientStatusChanges" b WHERE b."ClientId" = i."ClientId" AND b."At" < {0}
                            ORDER BY b."At" DESC, b."Id" DESC {{firstRow}}) AS "FromStatusId"
                    FROM "inper" i WHERE i."rn" = 1)
                SELECT e."FromStatusId" AS "FromStatusId", e."ToStatusId" AS "ToStatusId", cl."SourceId" AS "SourceId",
                       COUNT(*) AS "Transitions", COUNT(*) AS "Clients"
                FROM "ends" e JOIN "Clients" cl ON cl."Id" = e."ClientId"
                GROUP BY e."FromStatusId", e."ToStatusId", cl."SourceId"
                """, args);
            var endsTask = QueryAsync(db => db.Database.SqlQuery<Cell>(endsSql));
            var (moves, transitions, ends) = (await movesTask, await transitionsTask, await endsTask);

            var statuses = (await db.ClientStatuses.AsNoTracking().ToListAsync(ct))
                .Select(s => new StatusInfo(s.Id, s.Name, s.Colour, s.Order, s.ShowInFunnel)).OrderBy(s => s.Order).ToList();
            var sources = await db.LeadSources.AsNoTracking().OrderBy(s => s.Name).Select(s => new SourceInfo(s.Id, s.Name)).ToListAsync(ct);
            var sourceIds = moves.Select(m => m.SourceId).Concat(ends.Select(e => e.SourceId)).Distinct().OrderBy(s => s).ToList();
            return new(period, statuses, sources, EveryMove(moves), WhereNow(ends), TransitionCells(transitions),
                sourceIds.Select(s => new SourceFunnels(s, EveryMove(moves.Where(m => m.SourceId == s)), WhereNow(ends.Where(e => e.SourceId == s)))).ToList());
        }, ct);

    private static List<EveryMoveRow> EveryMove(IEnumerable<Cell> cells) =>
        cells.GroupBy(c => c.ToStatusId).Select(g => new EveryMoveRow(g.Key, (int)g.Sum(c => c.Transitions), (int)g.Sum(c => c.Clients)))
            .OrderBy(r => r.StatusId).ToList();

    private static WhereNowFunnel WhereNow(IEnumerable<Cell> cells)
    {
        var list = cells.ToList();
        return new(list.GroupBy(c => c.ToStatusId).Select(g => new WhereNowRow(g.Key, (int)g.Sum(c => c.Clients))).OrderBy(r => r.StatusId).ToList(),
            TransitionCells(list));
    }

    private static List<TransitionCell> TransitionCells(IEnumerable<Cell> cells) =>
        cells.GroupBy(c => (c.FromStatusId, c.ToStatusId)).Select(g => new TransitionCell(g.Key.FromStatusId, g.Key.ToStatusId, (int)g.Sum(c => c.Clients)))
            .OrderBy(c => c.FromStatusId).ThenBy(c => c.ToStatusId).ToList();

    /// <summary>A grouped row as the SQL returns it (counts are 64-bit on PostgreSQL).</summary>
    private sealed class Cell
    {
        public Guid? FromStatusId { get; init; }
        public Guid ToStatusId { get; init; }
        public Guid? SourceId { get; init; }
        public long Transitions { get; init; }
        public long Clients { get; init; }
    }
}
