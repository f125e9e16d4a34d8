using Studio.Bench.Harness;
using Studio.Infrastructure.Pipelines;

namespace Studio.Bench.Benchmarks;

/// <summary>
/// PLACEHOLDER: first render of a board with 2,000 deals (bUnit). The board component is not in
/// Studio.Web yet; until it is, this prints "pending". To measure it, replace the body of
/// <see cref="RunAsync"/> with something like:
/// <code>
/// using var watch = await target.Get&lt;BoardViews&gt;().WatchAsync(target.Board.BoardId, _ =&gt; Task.CompletedTask, ct);
/// var r = BunitRender.Measure&lt;BoardView&gt;(options.Loads,
///     ctx =&gt; { /* ctx.Services.AddSingleton(...) whatever the component injects */ },
///     p =&gt; p.Add(c =&gt; c.Snapshot, watch.Current));
/// return [new("first render, cold (JIT)", r.ColdMs, "ms"), new("first render median", r.Warm.Median, "ms"),
///         new("first render p95", r.Warm.Percentile(95), "ms"), new("allocated per render", r.AllocatedMbMedian, "MB"),
///         new("markup size", r.MarkupChars / 1024.0, "KB")];
/// </code>
/// </summary>
public sealed class BoardFirstRenderBenchmark : IBenchmark
{
    public string Name => "Board first render (bUnit)";
    public BenchScope Scope => BenchScope.Once;

    public async Task<IReadOnlyList<Figure>> RunAsync(BenchTarget target, BenchOptions options, CancellationToken ct)
    {
        // The snapshot the component will be given: proves the data side is ready.
        using var watch = await target.Get<BoardViews>().WatchAsync(target.Board.BoardId, _ => Task.CompletedTask, ct);
        var cards = watch.Current?.Deals.Count ?? 0;
        return [new($"first render of a board with {cards:N0} deals", null, "ms", "pending: the board component is not in Studio.Web yet")];
    }
}
