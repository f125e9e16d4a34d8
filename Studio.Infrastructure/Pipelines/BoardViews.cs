using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Studio.Infrastructure.Live;

namespace Studio.Infrastructure.Pipelines;

/// <summary>
/// The node's live read model of boards. However many circuits show a board, a change costs
/// one snapshot load on this node; every circuit then gets the same immutable snapshot.
/// </summary>
public sealed class BoardViews(PipelineService pipelines, ILiveBus bus, ILogger<BoardViews> logger)
{
    private readonly PipelineService _pipelines = pipelines;
    private readonly ILiveBus _bus = bus;
    private readonly ILogger _logger = logger;
    private readonly ConcurrentDictionary<Guid, Feed> _feeds = new();
    private readonly Lock _gate = new();
    private long _loads;

    /// <summary>How many snapshots this node has loaded: the benchmark's "reads per change".</summary>
    public long Loads => Interlocked.Read(ref _loads);

    public int Watchers(Guid boardId) => _feeds.TryGetValue(boardId, out var f) ? f.Count : 0;

    /// <summary>
    /// Starts watching a board: the returned handle holds the current snapshot and calls
    /// <paramref name="onChange"/> with each new one. Rights are the caller's to check first.
    /// </summary>
    public async Task<BoardWatch> WatchAsync(Guid boardId, Func<BoardSnapshot, Task> onChange, CancellationToken ct = default)
    {
        Feed feed;
        BoardWatch watch;
        lock (_gate)
        {
            feed = _feeds.GetOrAdd(boardId, id => new Feed(this, id));
            watch = feed.Add(onChange);
        }
        try
        {
            await feed.EnsureLoadedAsync(ct);
        }
        catch
        {
            watch.Dispose();
            throw;
        }
        return watch;
    }

    private void Release(Feed feed, BoardWatch watch)
    {
        lock (_gate)
        {
            if (feed.Remove(watch) == 0 && _feeds.TryRemove(new(feed.BoardId, feed)))
                feed.Stop();
        }
    }

    private sealed class Feed
    {
        private readonly BoardViews _owner;
        private readonly List<BoardWatch> _watches = [];
        private readonly IDisposable _subscription;
        private readonly IDisposable _dictionaries;
        private readonly SemaphoreSlim _firstLoad = new(1, 1);
        private readonly Lock _reloadGate = new();
        private bool _reloading, _dirty;
        private long _sequence;

        public Feed(BoardViews owner, Guid boardId)
        {
            _owner = owner;
            BoardId = boardId;
            _subscription = owner._bus.Subscribe(LiveTopics.Board(boardId), _ => { RequestReload(); return Task.CompletedTask; });
            // Cards show tag names and colours and filter by source: a renamed or recoloured entry reloads the board.
            _dictionaries = owner._bus.Subscribe(LiveTopics.Dictionaries, m =>
            {
                if (m.Kind is Organisation.DictionaryKinds.Sources or Organisation.DictionaryKinds.Tags) RequestReload();
                return Task.CompletedTask;
            });
        }

        public Guid BoardId { get; }
        public BoardSnapshot? Current { get; private set; }
        public int Count { get { lock (_watches) return _watches.Count; } }

        public BoardWatch Add(Func<BoardSnapshot, Task> onChange)
        {
            var watch = new BoardWatch(this, onChange, w => _owner.Release(this, w));
            lock (_watches) _watches.Add(watch);
            return watch;
        }

        public int Remove(BoardWatch watch)
        {
            lock (_watches) { _watches.Remove(watch); return _watches.Count; }
        }

        public void Stop()
        {
            _subscription.Dispose();
            _dictionaries.Dispose();
        }

        public async Task EnsureLoadedAsync(CancellationToken ct)
        {
            if (Current is not null) return;
            await _firstLoad.WaitAsync(ct);
            try
            {
                if (Current is null) Offer(await LoadAsync(ct));
            }
            finally { _firstLoad.Release(); }
        }

        /// <summary>Keeps the snapshot unless a newer one is already here (loads may finish out of order).</summary>
        private bool Offer(BoardSnapshot? snapshot)
        {
            if (snapshot is null) return false;
            lock (_reloadGate)
            {
                if (Current is { } current && current.Sequence >= snapshot.Sequence) return false;
                Current = snapshot;
                return true;
            }
        }

        private async Task<BoardSnapshot?> LoadAsync(CancellationToken ct)
        {
            Interlocked.Increment(ref _owner._loads);
            return await _owner._pipelines.LoadSnapshotAsync(BoardId, Interlocked.Increment(ref _sequence), ct);
        }

        /// <summary>Coalesces a burst of changes: while a load runs, further changes make one more load.</summary>
        private void RequestReload()
        {
            lock (_reloadGate)
            {
                if (_reloading) { _dirty = true; return; }
                _reloading = true;
            }
            _ = Task.Run(ReloadLoopAsync);
        }

        private async Task ReloadLoopAsync()
        {
            while (true)
            {
                try
                {
                    var snapshot = await LoadAsync(CancellationToken.None);
                    if (snapshot is not null && Offer(snapshot))
                    {
                        BoardWatch[] watches;
                        lock (_watches) watches = [.. _watches];
                        // Hand over and go on: a slow screen must not hold up the next load for everyone.
                        foreach (var w in watches) _ = w.NotifyAsync(snapshot, _owner._logger);
                    }
                }
                catch (Exception ex)
                {
                    _owner._logger.LogError(ex, "Reloading board {BoardId} failed", BoardId);
                }
                lock (_reloadGate)
                {
                    if (!_dirty) { _reloading = false; return; }
                    _dirty = false;
                }
            }
        }

        internal BoardSnapshot? CurrentSnapshot => Current;
    }

    /// <summary>One circuit's view of a board feed. Dispose it when the screen closes.</summary>
    public sealed class BoardWatch : IDisposable
    {
        private readonly Feed _feed;
        private readonly Func<BoardSnapshot, Task> _onChange;
        private Action<BoardWatch>? _release;

        internal BoardWatch(object feed, Func<BoardSnapshot, Task> onChange, Action<BoardWatch> release)
        {
            _feed = (Feed)feed;
            _onChange = onChange;
            _release = release;
        }

        public BoardSnapshot? Current => _feed.CurrentSnapshot;

        internal async Task NotifyAsync(BoardSnapshot snapshot, ILogger logger)
        {
            try { await _onChange(snapshot); }
            catch (ObjectDisposedException) { }
            catch (Exception ex) { logger.LogWarning(ex, "A board watcher failed to take a snapshot"); }
        }

        public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke(this);
    }
}
