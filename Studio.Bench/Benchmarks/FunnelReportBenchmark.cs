using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Studio.Bench.Harness;
using Studio.Domain.Clients;
using Studio.Domain.Reports;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Reports;

namespace Studio.Bench.Benchmarks;

/// <summary>
/// The sales funnels over 1,000,000 client status changes (50,000 clients, a year of history): Funnel 1 and Funnel 2 with the
/// transitions and every source, for one month, as <see cref="FunnelReports.GetAsync"/> computes them in the database.
/// Target: under 2 s on PostgreSQL and 4 s on SQLite. The changes are bulk-loaded (COPY on PostgreSQL, one prepared insert in a
/// transaction on SQLite), then the tables are analysed, as a live database would be.
/// </summary>
public sealed class FunnelReportBenchmark : IBenchmark
{
    public const int Changes = 1_000_000;
    private static readonly DateTime YearStart = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public string Name => "Funnel report";
    public BenchScope Scope => BenchScope.EachDatabase;

    public async Task<IReadOnlyList<Figure>> RunAsync(BenchTarget target, BenchOptions options, CancellationToken ct)
    {
        var factory = target.Get<IDbContextFactory<StudioDbContext>>();
        await ClientListBenchmark.SeedAsync(factory, ct);
        var t0 = Stopwatch.GetTimestamp();
        var count = await SeedAsync(factory, target.Board.OwnerId, ct);
        var seedMs = Clock.Ms(t0, Stopwatch.GetTimestamp());
        var reports = target.Get<FunnelReports>();
        var month = new Period(YearStart.AddMonths(5), YearStart.AddMonths(6));
        var times = new List<double>();
        FunnelReport? report = null;
        for (var i = 0; i <= Math.Max(5, options.Loads / 4); i++)
        {
            var s = Stopwatch.GetTimestamp();
            report = await reports.GetAsync(target.Board.OwnerId, month, ct);
            if (i > 0) times.Add(Clock.Ms(s, Stopwatch.GetTimestamp()));
        }
        var stats = new Stats(times);
        var inMonth = report!.EveryMove.Sum(r => r.Transitions);
        return
        [
            new("status changes in the database", count, "changes", $"seeded in {seedMs / 1000:F1} s"),
            new("funnels 1+2, transitions, per source (one month): median", stats.Median, "ms",
                $"{inMonth:N0} moves in the month, {report.WhereNow.Rows.Sum(r => r.Clients):N0} clients, {report.PerSource.Count} sources"),
            new("funnels 1+2, transitions, per source (one month): p95", stats.Percentile(95), "ms"),
        ];
    }

    /// <summary>Tops the table up to a million changes: each client walks the statuses forward (and sometimes back) over the year.</summary>
    private static async Task<int> SeedAsync(IDbContextFactory<StudioDbContext> factory, Guid byId, CancellationToken ct)
    {
        List<Guid> clients, statuses;
        int existing;
        await using (var db = factory.CreateDbContext())
        {
            existing = await db.ClientStatusChanges.CountAsync(ct);
            if (existing >= Changes) return existing;
            if (await db.ClientStatuses.CountAsync(ct) < 4)
            {
                foreach (var (name, i) in new[] { "LEAD", "Пробне", "Новий", "Постійний", "Пішов" }.Select((n, i) => (n, i)))
                    db.ClientStatuses.Add(new ClientStatus($"{name} {Guid.NewGuid():N}"[..20], 100 + i, true, "#90A4AE"));
                await db.SaveChangesAsync(ct);
            }
            clients = await db.Clients.Select(c => c.Id).ToListAsync(ct);
            statuses = await db.ClientStatuses.OrderBy(s => s.Order).Select(s => s.Id).ToListAsync(ct);
        }
        var rnd = new Random(42);
        var perClient = (Changes - existing) / clients.Count + 1;
        IEnumerable<(Guid Id, Guid Client, Guid? From, Guid To, DateTime At)> Rows()
        {
            var made = 0;
            foreach (var client in clients)
            {
                Guid? current = null;
                var at = YearStart.AddMinutes(rnd.Next(0, 60 * 24 * 20));
                var step = TimeSpan.FromMinutes(60 * 24 * 340.0 / perClient);
                for (var k = 0; k < perClient && made < Changes - existing; k++, made++)
                {
                    var next = statuses[rnd.Next(statuses.Count)];
                    if (next == current) next = statuses[(statuses.IndexOf(next) + 1) % statuses.Count];
                    yield return (Guid.CreateVersion7(), client, current, next, at);
                    current = next;
                    at += step * (0.5 + rnd.NextDouble());
                }
            }
        }

        await using (var db = factory.CreateDbContext())
        {
            var conn = db.Database.GetDbConnection();
            await conn.OpenAsync(ct);
            if (conn is NpgsqlConnection pg)
            {
                await using (var copy = await pg.BeginBinaryImportAsync(
                    "COPY \"ClientStatusChanges\" (\"Id\", \"ClientId\", \"FromStatusId\", \"ToStatusId\", \"ById\", \"At\") FROM STDIN (FORMAT BINARY)", ct))
                {
                    foreach (var r in Rows())
                    {
                        await copy.StartRowAsync(ct);
                        await copy.WriteAsync(r.Id, NpgsqlDbType.Uuid, ct);
                        await copy.WriteAsync(r.Client, NpgsqlDbType.Uuid, ct);
                        if (r.From is { } f) await copy.WriteAsync(f, NpgsqlDbType.Uuid, ct); else await copy.WriteNullAsync(ct);
                        await copy.WriteAsync(r.To, NpgsqlDbType.Uuid, ct);
                        await copy.WriteAsync(byId, NpgsqlDbType.Uuid, ct);
                        await copy.WriteAsync(r.At, NpgsqlDbType.TimestampTz, ct);
                    }
                    await copy.CompleteAsync(ct);
                }
                await using var analyse = new NpgsqlCommand("ANALYZE \"ClientStatusChanges\"; ANALYZE \"Clients\";", pg);
                await analyse.ExecuteNonQueryAsync(ct);
            }
            else
            {
                var sqlite = (SqliteConnection)conn;
                await using var tx = (SqliteTransaction)await sqlite.BeginTransactionAsync(ct);
                await using var insert = sqlite.CreateCommand();
                insert.Transaction = tx;
                insert.CommandText = "INSERT INTO \"ClientStatusChanges\" (\"Id\", \"ClientId\", \"FromStatusId\", \"ToStatusId\", \"ById\", \"At\") VALUES ($id, $client, $from, $to, $by, $at)";
                DbParameter P(string name) { var p = insert.CreateParameter(); p.ParameterName = name; insert.Parameters.Add(p); return p; }
                var (id, client, from, to, by, at) = (P("$id"), P("$client"), P("$from"), P("$to"), P("$by"), P("$at"));
                by.Value = Text(byId);
                foreach (var r in Rows())
                {
                    (id.Value, client.Value, from.Value, to.Value, at.Value) =
                        (Text(r.Id), Text(r.Client), r.From is { } f ? Text(f) : DBNull.Value, Text(r.To), r.At.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));
                    await insert.ExecuteNonQueryAsync(ct);
                }
                await tx.CommitAsync(ct);
                await using var analyse = sqlite.CreateCommand();
                analyse.CommandText = "ANALYZE";
                await analyse.ExecuteNonQueryAsync(ct);
            }
        }
        await using (var db = factory.CreateDbContext()) return await db.ClientStatusChanges.CountAsync(ct);
    }

    /// <summary>How EF stores a Guid in SQLite: upper-case text.</summary>
    private static string Text(Guid id) => id.ToString().ToUpperInvariant();
}
