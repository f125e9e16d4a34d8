using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Studio.Bench.Harness;
using Studio.Infrastructure.Live;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Pipelines;

namespace Studio.Bench.Benchmarks;

/// <summary>
/// (a) How long one snapshot load of the big board takes, what it allocates and keeps, and how
/// many database reader commands it sends. The first load goes through the node's own
/// <see cref="BoardViews"/> (cold: the queries are compiled then); the repeated loads each use a
/// fresh <see cref="BoardViews"/> (its first <c>WatchAsync</c> is exactly one snapshot load).
/// </summary>
public sealed class SnapshotLoadBenchmark : IBenchmark
{
    public string Name => "Snapshot load";
    public BenchScope Scope => BenchScope.EachDatabase;

    public async Task<IReadOnlyList<Figure>> RunAsync(BenchTarget target, BenchOptions options, CancellationToken ct)
    {
        var boardId = target.Board.BoardId;
        var views = target.Get<BoardViews>();
        var counter = target.Get<CommandCounter>();
        static Task Ignore(BoardSnapshot _) => Task.CompletedTask;

        var sw = Stopwatch.StartNew();
        using (await views.WatchAsync(boardId, Ignore, ct)) { }
        var coldMs = sw.Elapsed.TotalMilliseconds;

        var pipelines = target.Get<PipelineService>();
        var bus = target.Get<ILiveBus>();
        var logger = target.Get<ILogger<BoardViews>>();
        var times = new List<double>();
        var allocations = new List<double>();
        var reads = new List<double>();
        BoardSnapshot? last = null;
        for (var i = 0; i < options.Loads; i++)
        {
            var fresh = new BoardViews(pipelines, bus, logger);
            var reads0 = counter.Reads;
            var alloc0 = GC.GetTotalAllocatedBytes(precise: true);
            var t0 = Stopwatch.GetTimestamp();
            using (var watch = await fresh.WatchAsync(boardId, Ignore, ct))
            {
                var t1 = Stopwatch.GetTimestamp();
                allocations.Add(GC.GetTotalAllocatedBytes(precise: true) - alloc0);
                reads.Add(counter.Reads - reads0);
                times.Add(Clock.Ms(t0, t1));
                last = watch.Current ?? throw new InvalidOperationException("The board did not load.");
            }
        }

        // What one snapshot keeps alive: the settled heap before and after holding a few more.
        last = null;
        const int held = 5;
        var before = SettledHeap();
        var kept = new BoardSnapshot?[held];
        for (var i = 0; i < held; i++)
            using (var watch = await new BoardViews(pipelines, bus, logger).WatchAsync(boardId, Ignore, ct))
                kept[i] = watch.Current;
        var retained = (SettledHeap() - before) / (double)held;
        var deals = kept[0]?.Deals.Count ?? 0;
        var counted = kept[0]?.CountedMoves.Count ?? 0;
        GC.KeepAlive(kept);

        var t = new Stats(times);
        var a = new Stats(allocations);
        return
        [
            new("deals on the board (open cards in the snapshot)", deals, "cards"),
            new("counted moves in the snapshot (Won/Lost/trial, 366 d)", counted, "moves"),
            new("first load, cold (node's BoardViews, queries compiled)", coldMs, "ms"),
            new($"warm load median ({options.Loads} fresh BoardViews)", t.Median, "ms"),
            new("warm load p95", t.Percentile(95), "ms"),
            new("warm load max", t.Max, "ms"),
            new("allocated per load (median)", a.Median / 1024.0 / 1024.0, "MB"),
            new("retained by one snapshot (heap delta)", retained / 1024.0 / 1024.0, "MB", $"approximate: settled heap delta over {held} snapshots held"),
            new("DB reader commands per load", new Stats(reads).Median, "reads"),
        ];
    }

    private static long SettledHeap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
