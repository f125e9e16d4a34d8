using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text;

namespace Studio.Bench.Harness;

public sealed record Row(string Benchmark, string Database, Figure Figure);

/// <summary>Seeds each database target, runs every benchmark on it and prints one table.</summary>
public sealed class BenchRunner(IReadOnlyList<IBenchmark> benchmarks, BenchOptions options, TextWriter output)
{
    public async Task<IReadOnlyList<Row>> RunAsync(CancellationToken ct)
    {
        var rows = new List<Row>();
        var selected = benchmarks.Where(b => options.Only is null || b.Name.Contains(options.Only, StringComparison.OrdinalIgnoreCase)).ToList();
        var targets = new List<Func<Task<BenchTarget>>>();
        if (!options.SkipSqlite) targets.Add(() => BenchTarget.CreateSqliteAsync(options, ct));
        if (options.PostgresConnectionString is { } pg) targets.Add(() => BenchTarget.CreatePostgresAsync(pg, options, ct));
        else output.WriteLine("PostgreSQL: skipped (set STUDIO_BENCH_PG or --pg to measure it).");

        var onceDone = false;
        foreach (var create in targets)
        {
            var started = Stopwatch.GetTimestamp();
            await using var target = await create();
            var b = target.Board;
            output.WriteLine($"{target.Name}: seeded {b.OpenDeals.Count:N0} open + {b.ClosedDeals:N0} closed deals, {b.Moves:N0} moves in {target.SeedTime.TotalSeconds:0.0} s");
            rows.Add(new("Seed", target.Name, new("seed time (clients, deals, history)", target.SeedTime.TotalMilliseconds, "ms")));
            foreach (var bench in selected)
            {
                if (bench.Scope == BenchScope.Once && onceDone) continue;
                var t0 = Stopwatch.GetTimestamp();
                var figures = await bench.RunAsync(target, options, ct);
                rows.AddRange(figures.Select(f => new Row(bench.Name, bench.Scope == BenchScope.Once ? "-" : target.Name, f)));
                output.WriteLine($"{target.Name}: {bench.Name} done in {Clock.Ms(t0, Stopwatch.GetTimestamp()) / 1000:0.0} s");
            }
            onceDone = true;
            output.WriteLine($"{target.Name}: total {Clock.Ms(started, Stopwatch.GetTimestamp()) / 1000:0.0} s");
        }
        return rows;
    }

    public static string Header(BenchOptions o) =>
        $"Studio.Bench {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC | {Environment.ProcessorCount} cores | {RuntimeInformation.OSDescription} | " +
        $"{RuntimeInformation.FrameworkDescription} | {(GCSettings.IsServerGC ? "Server" : "Workstation")} GC | " +
        $"{o.OpenDeals:N0} open deals, {o.Watchers} watchers, {o.Moves} moves, {o.Loads} loads | load average {LoadAverage()}";

    /// <summary>The 1-minute load average: other work on the machine shows up in every figure.</summary>
    public static string LoadAverage()
    {
        try { return File.ReadAllText("/proc/loadavg").Split(' ')[0]; }
        catch (IOException) { return "?"; }
        catch (UnauthorizedAccessException) { return "?"; }
    }

    public static string Table(IReadOnlyList<Row> rows, bool markdown)
    {
        string[] head = ["Benchmark", "DB", "Figure", "Value", "Unit", "Note"];
        var cells = rows.Select(r => new[]
        {
            r.Benchmark, r.Database, r.Figure.Name, Format(r.Figure.Value), r.Figure.Unit, r.Figure.Note ?? "",
        }).ToList();
        var widths = head.Select((h, i) => Math.Max(h.Length, cells.Count == 0 ? 0 : cells.Max(c => c[i].Length))).ToArray();
        var sb = new StringBuilder();
        void Line(string[] c)
        {
            if (markdown) sb.Append("| ").AppendJoin(" | ", c.Select((x, i) => i == 3 ? x.PadLeft(widths[i]) : x.PadRight(widths[i]))).AppendLine(" |");
            else sb.AppendJoin("  ", c.Select((x, i) => i == 3 ? x.PadLeft(widths[i]) : x.PadRight(widths[i]))).Append('\n');
        }
        Line(head);
        if (markdown) sb.Append("|").AppendJoin("|", widths.Select((w, i) => i == 3 ? new string('-', w + 1) + ":" : new string('-', w + 2))).AppendLine("|");
        else Line(widths.Select(w => new string('-', w)).ToArray());
        var previous = "";
        foreach (var c in cells)
        {
            var group = c[0] + c[1];
            if (!markdown && previous.Length > 0 && group != previous) sb.Append('\n');
            previous = group;
            Line(c);
        }
        return sb.ToString().TrimEnd() + "\n";
    }

    private static string Format(double? v) => v switch
    {
        null => "n/a",
        { } x when double.IsNaN(x) => "n/a",
        { } x when Math.Abs(x) >= 100 || x == Math.Round(x) => x.ToString("N0", CultureInfo.InvariantCulture),
        { } x when Math.Abs(x) >= 10 => x.ToString("0.0", CultureInfo.InvariantCulture),
        { } x => x.ToString("0.00", CultureInfo.InvariantCulture),
    };
}
