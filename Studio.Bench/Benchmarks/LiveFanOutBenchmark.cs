using System.Diagnostics;
using Studio.Bench.Harness;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Pipelines;

namespace Studio.Bench.Benchmarks;

/// <summary>
/// (b)/(c) The performance rule: N circuits watch one board on one node; a card is moved; every
/// watcher must get the new snapshot, at the cost of one snapshot load on the node. Moves are
/// sequential: the next starts when all watchers have seen the previous one.
/// </summary>
public sealed class LiveFanOutBenchmark : IBenchmark
{
    public string Name => "Live fan-out";
    public BenchScope Scope => BenchScope.EachDatabase;

    public async Task<IReadOnlyList<Figure>> RunAsync(BenchTarget target, BenchOptions options, CancellationToken ct)
    {
        var board = target.Board;
        var views = target.Get<BoardViews>();
        var pipelines = target.Get<PipelineService>();
        var counter = target.Get<CommandCounter>();
        var deals = new Mover(board);
        var watchers = options.Watchers;
        if (views.Watchers(board.BoardId) != 0) throw new InvalidOperationException("The board is already watched.");

        // 1. The move's own cost, nobody watching: reader commands and duration of MoveDealAsync.
        var ownReads0 = counter.Reads;
        var ownTimes = new List<double>();
        for (var i = 0; i < options.BaselineMoves; i++)
        {
            var (dealId, stageId) = deals.Next();
            var t0 = Stopwatch.GetTimestamp();
            await pipelines.MoveDealAsync(board.OwnerId, dealId, stageId, ct: ct);
            ownTimes.Add(Clock.Ms(t0, Stopwatch.GetTimestamp()));
        }
        var ownReadsPerMove = (double)(counter.Reads - ownReads0) / options.BaselineMoves;

        // 2. Subscribe the watchers, as circuits opening the board would.
        var probeBox = new ProbeBox();
        var loads0 = views.Loads;
        var subscribeStart = Stopwatch.GetTimestamp();
        var watches = new List<BoardViews.Watch>(watchers);
        try
        {
            for (var w = 0; w < watchers; w++)
            {
                var index = w;
                watches.Add(await views.WatchAsync(board.BoardId, s => probeBox.OnSnapshot(index, s), ct));
            }
            var subscribeMs = Clock.Ms(subscribeStart, Stopwatch.GetTimestamp());
            var subscribeLoads = views.Loads - loads0;

            // 3. Sequential moves; each waits until every watcher has the snapshot that shows it.
            var fromCall = new List<double>(watchers * options.Moves);
            var fromReturn = new List<double>(watchers * options.Moves);
            var spread = new List<double>(options.Moves);
            var callTimes = new List<double>(options.Moves);
            var missing = 0;
            long loadsBefore = 0, readsBefore = 0, callbacksBefore = 0, allocBefore = 0;
            var pauseBefore = TimeSpan.Zero;
            int gen0Before = 0, gen2Before = 0;
            for (var i = 0; i < options.WarmupMoves + options.Moves; i++)
            {
                if (i == options.WarmupMoves)
                {
                    await Task.Delay(100, ct); // let the warm-up's reload loop finish
                    (loadsBefore, readsBefore, callbacksBefore) = (views.Loads, counter.Reads, probeBox.Callbacks);
                    (allocBefore, pauseBefore) = (GC.GetTotalAllocatedBytes(precise: true), GC.GetTotalPauseDuration());
                    (gen0Before, gen2Before) = (GC.CollectionCount(0), GC.CollectionCount(2));
                }
                var (dealId, stageId) = deals.Next();
                var probe = probeBox.Arm(dealId, stageId, watchers);
                var t0 = Stopwatch.GetTimestamp();
                await pipelines.MoveDealAsync(board.OwnerId, dealId, stageId, ct: ct);
                var t1 = Stopwatch.GetTimestamp();
                try { await probe.AllReceived.WaitAsync(options.NotificationTimeout, ct); }
                catch (TimeoutException) { }
                if (i < options.WarmupMoves) continue;

                callTimes.Add(Clock.Ms(t0, t1));
                long first = long.MaxValue, last = long.MinValue;
                foreach (var at in probe.ReceivedAt)
                {
                    if (at == 0) { missing++; continue; }
                    fromCall.Add(Clock.Ms(t0, at));
                    fromReturn.Add(Clock.Ms(t1, at));
                    first = Math.Min(first, at);
                    last = Math.Max(last, at);
                }
                if (first <= last) spread.Add(Clock.Ms(first, last));
            }
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocBefore;
            var pause = GC.GetTotalPauseDuration() - pauseBefore;
            var (gen0, gen2) = (GC.CollectionCount(0) - gen0Before, GC.CollectionCount(2) - gen2Before);
            probeBox.Disarm();
            await Task.Delay(500, ct); // any trailing, uncoalesced reload would show up in the counts
            var changes = options.Moves;
            var loads = views.Loads - loadsBefore;
            var totalReads = counter.Reads - readsBefore;
            var modelReads = totalReads - ownReadsPerMove * changes;
            var callbacks = probeBox.Callbacks - callbacksBefore;

            var c = new Stats(fromCall);
            var r = new Stats(fromReturn);
            var s = new Stats(spread);
            return
            [
                new($"subscribe {watchers} watchers: snapshot loads", subscribeLoads, "loads"),
                new($"subscribe {watchers} watchers: time", subscribeMs, "ms"),
                new("MoveDealAsync alone (nobody watching), median", new Stats(ownTimes).Median, "ms"),
                new($"MoveDealAsync with {watchers} watchers, median", new Stats(callTimes).Median, "ms"),
                new("snapshot loads per change", (double)loads / changes, "loads", "the rule: 1"),
                new("DB reader commands per change, total", (double)totalReads / changes, "reads"),
                new("  of which the move itself", ownReadsPerMove, "reads", "measured with nobody watching"),
                new("  of which the read model", modelReads / changes, "reads"),
                new("DB reader commands per snapshot load", loads == 0 ? null : modelReads / loads, "reads"),
                new("notifications per watcher per change", (double)callbacks / (watchers * changes), "calls", "the rule: 1"),
                new($"latency from call p50 ({c.Count} notifications)", c.Median, "ms", "MoveDealAsync called -> watcher callback"),
                new("latency from call p95", c.Percentile(95), "ms"),
                new("latency from call max", c.Max, "ms"),
                new("latency from return p50", r.Median, "ms", "MoveDealAsync returned -> watcher callback"),
                new("latency from return p95", r.Percentile(95), "ms"),
                new("latency from return max", r.Max, "ms"),
                new("fan-out spread first->last watcher, median", s.Median, "ms"),
                new("fan-out spread max", s.Max, "ms"),
                // The process-wide counter can step back when thread-pool threads retire under Server GC: then there is no figure.
                new("allocated per change (move + load + fan-out)", allocated < 0 ? null : allocated / 1024.0 / 1024.0 / changes, "MB",
                    allocated < 0 ? "not measurable in this run (the counter went back)" : null),
                new("GC pause per change", pause.TotalMilliseconds / changes, "ms", $"{gen0} gen0 / {gen2} gen2 collections in {changes} changes"),
                new("notifications missing (timed out)", missing, "calls", missing == 0 ? null : $"after {options.NotificationTimeout.TotalSeconds:0} s"),
            ];
        }
        finally
        {
            foreach (var w in watches) w.Dispose();
        }
    }

    /// <summary>Moves distinct open cards one column to the right (wrapping round), never to Won/Lost.</summary>
    private sealed class Mover(SeededBoard board)
    {
        private readonly Dictionary<Guid, Guid> _stages = board.OpenDeals.ToDictionary(d => d.DealId, d => d.StageId);
        private int _next;

        public (Guid DealId, Guid StageId) Next()
        {
            // A stride co-prime with most board sizes spreads the moves over stages and cards.
            var (dealId, _) = board.OpenDeals[(int)((long)_next++ * 7919 % board.OpenDeals.Count)];
            var columns = board.ColumnStageIds;
            var to = columns[(IndexOf(columns, _stages[dealId]) + 1) % columns.Count];
            _stages[dealId] = to;
            return (dealId, to);
        }

        private static int IndexOf(IReadOnlyList<Guid> list, Guid id)
        {
            for (var i = 0; i < list.Count; i++) if (list[i] == id) return i;
            throw new InvalidOperationException("Stage not on the board.");
        }
    }

    /// <summary>What the watchers wait for: the snapshot that shows the card in its new stage.</summary>
    private sealed class Probe(Guid dealId, Guid stageId, int watchers)
    {
        private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private Check? _checked;
        private int _received;

        public long[] ReceivedAt { get; } = new long[watchers];
        public Task AllReceived => _all.Task;

        public void Receive(int watcher, BoardSnapshot snapshot, long at)
        {
            if (!Shows(snapshot)) return;
            if (Interlocked.CompareExchange(ref ReceivedAt[watcher], at, 0) == 0 && Interlocked.Increment(ref _received) == ReceivedAt.Length)
                _all.TrySetResult();
        }

        // All watchers of one reload get the same instance: check the 2,000 cards once per snapshot.
        private bool Shows(BoardSnapshot snapshot)
        {
            if (Volatile.Read(ref _checked) is { } c && ReferenceEquals(c.Snapshot, snapshot)) return c.Shows;
            var shows = snapshot.Deals.Any(d => d.Id == dealId && d.StageId == stageId);
            Volatile.Write(ref _checked, new Check(snapshot, shows));
            return shows;
        }

        private sealed record Check(BoardSnapshot Snapshot, bool Shows);
    }

    private sealed class ProbeBox
    {
        private volatile Probe? _probe;
        private long _callbacks;

        public long Callbacks => Interlocked.Read(ref _callbacks);

        public Probe Arm(Guid dealId, Guid stageId, int watchers) => _probe = new Probe(dealId, stageId, watchers);
        public void Disarm() => _probe = null;

        /// <summary>The watcher's callback: as cheap as a circuit's InvokeAsync hand-off, no rendering.</summary>
        public Task OnSnapshot(int watcher, BoardSnapshot snapshot)
        {
            var at = Stopwatch.GetTimestamp();
            Interlocked.Increment(ref _callbacks);
            _probe?.Receive(watcher, snapshot, at);
            return Task.CompletedTask;
        }
    }
}
