using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Studio.Infrastructure.Persistence;

namespace Studio.Infrastructure.Live;

/// <summary>A snapshot that knows its load order, so an older load never replaces a newer one.</summary>
public interface ISequenced
{
    long Sequence { get; }
}

/// <summary>A screen's hold on a live feed; <see cref="Released"/> once disposed.</summary>
public interface IWatch : IDisposable
{
    bool Released { get; }
}

/// <summary>
/// A node's live read model, keyed (a branch's week, a teacher's day…): however many circuits
/// watch a key, a change costs one load on this node, and every circuit gets the same immutable
/// snapshot. Bursts of changes coalesce into one more load; a slow screen never holds up the rest.
/// </summary>
public abstract class SharedFeeds<TKey, TSnapshot>(ILiveBus bus, ILogger logger)
    where TKey : notnull
    where TSnapshot : class, ISequenced
{
    private readonly ConcurrentDictionary<TKey, Feed> _feeds = new();
    private readonly Lock _gate = new();
    private long _loads;

    /// <summary>How many snapshots this node has loaded: the benchmark's "reads per change".</summary>
    public long Loads => Interlocked.Read(ref _loads);

    public int Watchers(TKey key) => _feeds.TryGetValue(key, out var f) ? f.Count : 0;

    /// <summary>The topics whose messages make the key's snapshot stale.</summary>
    protected abstract IEnumerable<string> TopicsOf(TKey key);

    /// <summary>Whether a message on one of those topics matters (default: all do).</summary>
    protected virtual bool Matters(TKey key, LiveMessage message) => true;

    protected abstract Task<TSnapshot?> LoadAsync(TKey key, long sequence, CancellationToken ct);

    /// <summary>
    /// The snapshot after these messages (each one mattered). By default a full load; a feed whose messages name
    /// what changed patches the current snapshot from a small read of those rows instead (ADR-008).
    /// </summary>
    protected virtual Task<TSnapshot?> NextAsync(TKey key, TSnapshot current, IReadOnlyList<LiveMessage> messages, long sequence, CancellationToken ct) =>
        LoadAsync(key, sequence, ct);

    /// <summary>
    /// How long a key's snapshot stays loaded, and live, after its last screen closed: someone who reopens the board, or
    /// goes to a client and comes back, gets it at once instead of loading it again (a 2,000-card board takes a few
    /// hundred milliseconds to load). Zero stops the feed with its last watcher.
    /// </summary>
    protected virtual TimeSpan Linger => DefaultLinger;

    public static readonly TimeSpan DefaultLinger = TimeSpan.FromMinutes(2);

    /// <summary>The clock that ends a lingering feed (tests give a fake one).</summary>
    protected virtual TimeProvider Clock => TimeProvider.System;

    /// <summary>A loaded snapshot made to share the unchanged parts of the one it replaces (default: as loaded).</summary>
    protected virtual TSnapshot Reuse(TSnapshot? previous, TSnapshot loaded) => loaded;

    /// <summary>
    /// Starts watching: the handle holds the current snapshot and calls <paramref name="onChange"/> with each new one.
    /// Internal: screens watch through their feature's own watch, which checks the person's rights first
    /// (<c>BoardViews.WatchBoardAsync</c>, <c>ScheduleViews.WatchRangeAsync</c>, <c>ClientService.WatchListAsync</c>…).
    /// </summary>
    internal async Task<Watch> WatchAsync(TKey key, Func<TSnapshot, Task> onChange, CancellationToken ct = default)
    {
        Feed feed;
        Watch watch;
        lock (_gate)
        {
            feed = _feeds.GetOrAdd(key, k => new Feed(this, k));
            watch = feed.Add(onChange);
        }
        try { await feed.EnsureLoadedAsync(ct); }
        catch
        {
            watch.Dispose();
            throw;
        }
        return watch;
    }

    private void Release(Feed feed, Watch watch)
    {
        lock (_gate)
        {
            if (feed.Remove(watch) > 0) return;
            var linger = Linger;
            if (linger <= TimeSpan.Zero) Drop(feed);
            else feed.LingerFor(linger, Clock, Expire);
        }
    }

    /// <summary>A lingering feed's time is up: dropped unless someone watches it again meanwhile.</summary>
    private void Expire(Feed feed, long generation)
    {
        lock (_gate)
        {
            if (feed.Count == 0 && feed.Generation == generation) Drop(feed);
        }
    }

    private void Drop(Feed feed)
    {
        if (_feeds.TryRemove(new(feed.Key, feed))) feed.Stop();
    }

    private sealed class Feed
    {
        private readonly SharedFeeds<TKey, TSnapshot> _owner;
        private readonly List<Watch> _watches = [];
        private readonly List<IDisposable> _subscriptions;
        private readonly SemaphoreSlim _firstLoad = new(1, 1);
        private readonly Lock _reloadGate = new();
        private bool _reloading;
        // Messages heard since the last load began; a burst is taken as one batch.
        private List<LiveMessage> _heard = [];
        private long _sequence;

        public Feed(SharedFeeds<TKey, TSnapshot> owner, TKey key)
        {
            _owner = owner;
            Key = key;
            _subscriptions = owner.TopicsOf(key).Distinct()
                .Select(t => bus.Subscribe(t, m => { if (owner.Matters(key, m)) RequestReload(m); return Task.CompletedTask; }))
                .ToList();
        }

        private ILiveBus bus => _owner._bus;

        public TKey Key { get; }
        public TSnapshot? Current { get; private set; }
        public int Count { get { lock (_watches) return _watches.Count; } }

        public Watch Add(Func<TSnapshot, Task> onChange)
        {
            var watch = new Watch(() => Current, SubscriberCulture.Keep(onChange), w => _owner.Release(this, w));
            lock (_watches)
            {
                _watches.Add(watch);
                Generation++; // a lingering feed is watched again: its timer no longer ends it
                _linger?.Dispose();
                _linger = null;
            }
            return watch;
        }

        private ITimer? _linger;

        /// <summary>Changes each time a watcher comes, so a timer set before that knows it is stale.</summary>
        public long Generation { get; private set; }

        /// <summary>No one watches: the feed stays (and stays live) for <paramref name="linger"/>, then <paramref name="expire"/> decides.</summary>
        public void LingerFor(TimeSpan linger, TimeProvider clock, Action<Feed, long> expire)
        {
            lock (_watches)
            {
                _linger?.Dispose();
                var generation = Generation;
                _linger = clock.CreateTimer(_ => expire(this, generation), null, linger, Timeout.InfiniteTimeSpan);
            }
        }

        public int Remove(Watch watch)
        {
            lock (_watches) { _watches.Remove(watch); return _watches.Count; }
        }

        public void Stop()
        {
            lock (_watches) _linger?.Dispose();
            foreach (var s in _subscriptions) s.Dispose();
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

        private bool Offer(TSnapshot? snapshot)
        {
            if (snapshot is null) return false;
            lock (_reloadGate)
            {
                if (Current is { } current && current.Sequence >= snapshot.Sequence) return false;
                Current = _owner.Reuse(Current, snapshot);
                return true;
            }
        }

        private async Task<TSnapshot?> LoadAsync(CancellationToken ct)
        {
            Interlocked.Increment(ref _owner._loads);
            using var counted = CommandCounter.ReadModel(_owner.GetType().Name);
            return await _owner.LoadAsync(Key, Interlocked.Increment(ref _sequence), ct);
        }

        private async Task<TSnapshot?> NextAsync(IReadOnlyList<LiveMessage> messages, CancellationToken ct)
        {
            if (Current is not { } current) return await LoadAsync(ct);
            Interlocked.Increment(ref _owner._loads);
            using var counted = CommandCounter.ReadModel(_owner.GetType().Name);
            return await _owner.NextAsync(Key, current, messages, Interlocked.Increment(ref _sequence), ct);
        }

        private void RequestReload(LiveMessage message)
        {
            lock (_reloadGate)
            {
                _heard.Add(message);
                if (_reloading) return;
                _reloading = true;
            }
            _ = Task.Run(ReloadLoopAsync);
        }

        private async Task ReloadLoopAsync()
        {
            while (true)
            {
                List<LiveMessage> messages;
                lock (_reloadGate) (messages, _heard) = (_heard, []);
                try
                {
                    TSnapshot? snapshot;
                    try { snapshot = await NextAsync(messages, CancellationToken.None); }
                    catch (Exception ex) when (Current is not null)
                    {
                        // A patch that fails must not leave the screens behind: read the whole snapshot instead.
                        _owner._logger.LogWarning(ex, "Patching {Key} failed; loading it whole", Key);
                        snapshot = await LoadAsync(CancellationToken.None);
                    }
                    if (Offer(snapshot) && Current is { } current)
                    {
                        Watch[] watches;
                        lock (_watches) watches = [.. _watches];
                        await FanOut.RunAsync(watches, w => w.NotifyAsync(current, _owner._logger));
                    }
                }
                catch (Exception ex)
                {
                    _owner._logger.LogError(ex, "Reloading {Key} failed", Key);
                }
                lock (_reloadGate)
                {
                    if (_heard.Count == 0) { _reloading = false; return; }
                }
            }
        }
    }

    private readonly ILiveBus _bus = bus;
    private readonly ILogger _logger = logger;

    /// <summary>One circuit's view of a feed. Dispose it when the screen closes.</summary>
    public sealed class Watch : IWatch
    {
        private readonly Func<TSnapshot?> _current;
        private readonly Func<TSnapshot, Task> _onChange;
        private Action<Watch>? _release;

        internal Watch(Func<TSnapshot?> current, Func<TSnapshot, Task> onChange, Action<Watch> release) =>
            (_current, _onChange, _release) = (current, onChange, release);

        public TSnapshot? Current => _current();

        /// <summary>Disposed: it hears nothing more.</summary>
        public bool Released => Volatile.Read(ref _release) is null;

        internal async Task NotifyAsync(TSnapshot snapshot, ILogger logger)
        {
            try { await _onChange(snapshot); }
            catch (ObjectDisposedException) { }
            catch (Exception ex) { logger.LogWarning(ex, "A watcher failed to take a snapshot"); }
        }

        public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke(this);
    }
}
