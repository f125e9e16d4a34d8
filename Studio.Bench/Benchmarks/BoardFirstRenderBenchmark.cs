using Microsoft.Extensions.DependencyInjection;
using Studio.Bench.Harness;
using Studio.Infrastructure.Pipelines;
using Studio.Web.Pipelines;

namespace Studio.Bench.Benchmarks;

/// <summary>
/// First render of the board component (<see cref="BoardColumns"/>: every stage column, its drop
/// zone and the cards it shows) for the seeded 2,000-deal snapshot, in bUnit: the server-side cost
/// of one circuit drawing the board, without the browser.
/// </summary>
public sealed class BoardFirstRenderBenchmark : IBenchmark
{
    public string Name => "Board first render (bUnit)";
    public BenchScope Scope => BenchScope.Once;

    public async Task<IReadOnlyList<Figure>> RunAsync(BenchTarget target, BenchOptions options, CancellationToken ct)
    {
        using var watch = await target.Get<BoardViews>().WatchAsync(target.Board.BoardId, _ => Task.CompletedTask, ct);
        var snapshot = watch.Current ?? throw new InvalidOperationException("The board did not load.");
        var now = snapshot.LoadedAt;
        var shown = snapshot.Columns.Sum(s => Math.Min(BoardColumn.Window, snapshot.Deals.Count(d => d.StageId == s.Id)));
        var r = BunitRender.Measure<BoardColumns>(options.Loads,
            ctx => ctx.Services.AddLocalization(),
            p => p.Add(c => c.Snapshot, snapshot).Add(c => c.Cards, snapshot.View(BoardFilter.None, now).Cards).Add(c => c.Now, now));
        var note = $"{snapshot.Deals.Count:N0} deals; {shown} cards drawn ({BoardColumn.Window} per column, the rest as the column is scrolled)";
        return
        [
            new("first render, cold (JIT)", r.ColdMs, "ms", note),
            new("first render median", r.Warm.Median, "ms"),
            new("first render p95", r.Warm.Percentile(95), "ms"),
            new("allocated per render", r.AllocatedMbMedian, "MB"),
            new("markup size", r.MarkupChars / 1024.0, "KB"),
        ];
    }
}
