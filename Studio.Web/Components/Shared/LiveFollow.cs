using Studio.Infrastructure.Live;

namespace Studio.Web.Components.Shared;

/// <summary>
/// The one way a screen follows live changes (ADR-001): every handler runs on the circuit
/// (<c>InvokeAsync</c>), a failure goes to the circuit's error handling (<c>DispatchExceptionAsync</c>)
/// instead of vanishing on a thread-pool thread, and a burst of messages runs the handler at once and
/// then at most once per pace, always once more after the last message (a trailing edge: the last
/// change of a burst is never dropped). Dispose it with the component.
/// <code>
/// _live = new LiveFollow(InvokeAsync, DispatchExceptionAsync);
/// _live.Topic(Bus, LiveTopics.Clients, ReloadAsync, pace: TimeSpan.FromSeconds(1));
/// _watch = await _live.FeedAsync(Views, key, Apply);
/// </code>
/// </summary>
public sealed class LiveFollow(Func<Func<Task>, Task> invoke, Func<Exception, Task> report) : IDisposable
{
    /// <summary>How often a burst on one topic runs its handler, unless the screen asks for another pace.</summary>
    public static readonly TimeSpan DefaultPace = TimeSpan.FromMilliseconds(250);

    private readonly List<IDisposable> _subscriptions = [];
    private volatile bool _disposed;

    /// <summary>Runs <paramref name="onChange"/> on the circuit when a message on the topic (that <paramref name="when"/> accepts) is heard.</summary>
    public void Topic(ILiveBus bus, string topic, Func<Task> onChange, Func<LiveMessage, bool>? when = null, TimeSpan? pace = null)
    {
        var burst = new Burst(() => RunAsync(onChange), pace ?? DefaultPace);
        lock (_subscriptions)
            _subscriptions.Add(bus.Subscribe(topic, m =>
            {
                if (!_disposed && (when is null || when(m))) burst.Signal();
                return Task.CompletedTask;
            }));
    }

    /// <inheritdoc cref="Topic(ILiveBus, string, Func{Task}, Func{LiveMessage, bool}?, TimeSpan?)"/>
    public void Topic(ILiveBus bus, string topic, Action onChange, Func<LiveMessage, bool>? when = null, TimeSpan? pace = null) =>
        Topic(bus, topic, () => { onChange(); return Task.CompletedTask; }, when, pace);

    /// <summary>
    /// Watches a node's shared read model through its feature's own watch, which checks the person's rights first (the
    /// board's, the schedule's, the dashboard's…): each new snapshot is applied on the circuit. The feed already coalesces
    /// bursts into one load per node. The screen disposes the watch when it watches something else; this follower's
    /// disposal ends it too.
    /// </summary>
    public async Task<TWatch> FeedAsync<TSnapshot, TWatch>(Func<Func<TSnapshot, Task>, Task<TWatch>> watch, Action<TSnapshot> apply)
        where TWatch : IWatch
    {
        var held = await watch(s => RunAsync(() => { apply(s); return Task.CompletedTask; }));
        lock (_subscriptions)
        {
            _subscriptions.RemoveAll(s => s is IWatch { Released: true }); // watches the screen let go of
            if (_disposed) held.Dispose();
            else _subscriptions.Add(held);
        }
        return held;
    }

    /// <summary>Runs a handler on the circuit; what it throws is the circuit's to show, not a lost task's.</summary>
    private async Task RunAsync(Func<Task> handler)
    {
        if (_disposed) return;
        try { await invoke(handler); }
        catch (ObjectDisposedException) { } // the circuit closed while the message was on its way
        catch (Exception ex) when (!_disposed)
        {
            try { await report(ex); } catch (ObjectDisposedException) { }
        }
    }

    public void Dispose()
    {
        _disposed = true;
        lock (_subscriptions)
        {
            foreach (var s in _subscriptions) s.Dispose();
            _subscriptions.Clear();
        }
    }

    /// <summary>Leading edge at once, then at most once per pace while messages keep coming, and once after the last.</summary>
    private sealed class Burst(Func<Task> run, TimeSpan pace)
    {
        private readonly Lock _gate = new();
        private bool _running, _again;

        public void Signal()
        {
            lock (_gate)
            {
                if (_running) { _again = true; return; }
                _running = true;
            }
            _ = Task.Run(LoopAsync);
        }

        private async Task LoopAsync()
        {
            while (true)
            {
                await run();
                await Task.Delay(pace); // what arrives meanwhile is taken by one more run
                lock (_gate)
                {
                    if (!_again) { _running = false; return; }
                    _again = false;
                }
            }
        }
    }
}
