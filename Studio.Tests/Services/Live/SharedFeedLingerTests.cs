using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Studio.Infrastructure.Live;
using Studio.Tests.Infrastructure;
using Xunit;

namespace Studio.Tests.Services.Live;

/// <summary>
/// A node keeps a read model loaded, and live, for a while after its last screen closed: reopening the board is
/// instant instead of a reload. After the linger it is dropped and stops listening.
/// </summary>
public sealed class SharedFeedLingerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Counted(long Sequence, int Value) : ISequenced;

    /// <summary>A feed whose "load" counts up: the test sees every load, and a fake clock ends the linger.</summary>
    private sealed class CountingFeeds(ILiveBus bus, TimeProvider clock) : SharedFeeds<string, Counted>(bus, NullLogger.Instance)
    {
        private int _value;
        protected override TimeSpan Linger => TimeSpan.FromMinutes(2);
        protected override TimeProvider Clock => clock;
        protected override IEnumerable<string> TopicsOf(string key) => [key];
        protected override Task<Counted?> LoadAsync(string key, long sequence, CancellationToken ct) =>
            Task.FromResult<Counted?>(new Counted(sequence, Interlocked.Increment(ref _value)));
    }

    [Fact]
    public async Task LastWatcherLeaves_ReopenedWithinTheLinger_NoLoadAndStillLive_AfterIt_DroppedAndLoadedAgain()
    {
        var clock = new FakeTimeProvider();
        var bus = new InProcessLiveBus(NullLogger<InProcessLiveBus>.Instance);
        var feeds = new CountingFeeds(bus, clock);

        (await feeds.WatchAsync("board", _ => Task.CompletedTask, Ct)).Dispose();
        Assert.Equal(1, feeds.Loads);

        // No one watches, but a change still reaches the lingering feed.
        await bus.PublishAsync(new LiveMessage("board", "DealMoved"));
        await Eventually.TrueAsync(() => feeds.Loads >= 2, "The lingering feed's reload");
        Assert.Equal(2, feeds.Loads);

        clock.Advance(TimeSpan.FromMinutes(1));
        var again = await feeds.WatchAsync("board", _ => Task.CompletedTask, Ct);
        Assert.Equal(2, feeds.Loads); // reopened within the linger: no load
        // And it shows the change: Loads counts a reload as it starts, so the reload may still be handing its snapshot over.
        await Eventually.TrueAsync(() => again.Current!.Value == 2, "The reopened feed showing the change");
        Assert.Equal(2, feeds.Loads);
        clock.Advance(TimeSpan.FromMinutes(5)); // watched again: the first linger's timer no longer ends it
        Assert.Equal(2, (await feeds.WatchAsync("board", _ => Task.CompletedTask, Ct)).Current!.Value);
        again.Dispose();

        clock.Advance(TimeSpan.FromMinutes(3)); // still one watcher: nothing ends
        Assert.Equal(1, feeds.Watchers("board"));
        Assert.Equal(2, feeds.Loads);
    }

    [Fact]
    public async Task NoOneComesBack_AfterTheLinger_TheFeedIsDroppedAndStopsListening()
    {
        var clock = new FakeTimeProvider();
        var bus = new InProcessLiveBus(NullLogger<InProcessLiveBus>.Instance);
        var feeds = new CountingFeeds(bus, clock);

        (await feeds.WatchAsync("board", _ => Task.CompletedTask, Ct)).Dispose();
        clock.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));

        await bus.PublishAsync(new LiveMessage("board", "DealMoved"));
        await Task.Delay(200, Ct); // a dropped feed hears nothing: no load would show here
        Assert.Equal(1, feeds.Loads);
        var reopened = await feeds.WatchAsync("board", _ => Task.CompletedTask, Ct);
        Assert.Equal(2, feeds.Loads); // loaded anew
        Assert.Equal(2, reopened.Current!.Value);
    }
}
