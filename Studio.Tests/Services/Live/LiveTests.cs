using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Studio.Infrastructure.Live;

namespace Studio.Tests.Services.Live;

/// <summary>The node's live plumbing: the bus, presence and the single clock tick.</summary>
public sealed class LiveTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Publish_SubscribedTopicOnly_ReachesItsHandlersUntilDisposed()
    {
        var bus = new InProcessLiveBus(NullLogger<InProcessLiveBus>.Instance);
        var got = new TaskCompletionSource<LiveMessage>();
        var other = 0;
        var subscription = bus.Subscribe("board:1", m => { got.TrySetResult(m); return Task.CompletedTask; });
        using var _ = bus.Subscribe("board:2", _ => { Interlocked.Increment(ref other); return Task.CompletedTask; });

        await bus.PublishAsync(new LiveMessage("board:1", "DealMoved", Guid.Empty));
        Assert.Equal("DealMoved", (await got.Task.WaitAsync(TimeSpan.FromSeconds(5), Ct)).Kind);

        subscription.Dispose();
        var after = 0;
        using var probe = bus.Subscribe("board:1", _ => { Interlocked.Increment(ref after); return Task.CompletedTask; });
        await bus.PublishAsync(new LiveMessage("board:1", "DealMoved"));
        await Task.Delay(100, Ct);
        Assert.Equal((0, 1), (other, after));
    }

    [Fact]
    public async Task Join_TwoTabsOfOnePerson_ShowOnceAndLeaveWhenBothClose()
    {
        var bus = new InProcessLiveBus(NullLogger<InProcessLiveBus>.Instance);
        var presence = new PresenceTracker(bus);
        var announced = 0;
        using var _ = bus.Subscribe(LiveTopics.Presence("board:1"), _ => { Interlocked.Increment(ref announced); return Task.CompletedTask; });
        var anna = Guid.NewGuid();

        var tab1 = presence.Join("board:1", new PresentPerson(anna, "Anna", "A"));
        var tab2 = presence.Join("board:1", new PresentPerson(anna, "Anna", "A"));
        var deal = Guid.NewGuid();
        tab2.SetEditing(deal);

        Assert.Single(presence.Who("board:1"));
        Assert.Single(presence.Editing("board:1", deal));
        tab1.Dispose();
        Assert.Single(presence.Who("board:1"));
        tab2.Dispose();
        Assert.Empty(presence.Who("board:1"));
        await Task.Delay(PresenceTracker.Coalesce * 3, Ct);
        Assert.Equal(1, announced); // two joins, one editing, two leaves within a moment: one announcement

        using var tab3 = presence.Join("board:1", new PresentPerson(anna, "Anna", "A"));
        await Task.Delay(PresenceTracker.Coalesce * 3, Ct);
        Assert.Equal(2, announced); // a later change is heard again
    }

    [Fact]
    public void SetConnected_BrowserConnectionDropsAndReturns_HiddenThenShownAgain()
    {
        var presence = new PresenceTracker(new InProcessLiveBus(NullLogger<InProcessLiveBus>.Instance));
        var anna = Guid.NewGuid();
        using var tab = presence.Join("board:1", new PresentPerson(anna, "Anna", "A"));

        tab.SetConnected(false);
        Assert.Empty(presence.Who("board:1"));

        tab.SetConnected(true);
        Assert.Equal(anna, Assert.Single(presence.Who("board:1")).EmployeeId);
    }

    [Fact]
    public async Task ClockTicker_TimePasses_PublishesOneTickPerPeriod()
    {
        var bus = new InProcessLiveBus(NullLogger<InProcessLiveBus>.Instance);
        var clock = new ArmedClock(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));
        using var heard = new SemaphoreSlim(0);
        using var _ = bus.Subscribe(LiveTopics.Clock, _ => { heard.Release(); return Task.CompletedTask; });
        using var ticker = new ClockTicker(bus, clock);
        await ticker.StartAsync(Ct);
        // ExecuteAsync starts on a background thread: the clock says when the ticker's timer exists, so an advance is heard.
        await clock.Armed.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        for (var i = 0; i < 3; i++)
        {
            clock.Advance(ClockTicker.Period);
            Assert.True(await heard.WaitAsync(TimeSpan.FromSeconds(10), Ct), $"tick {i + 1} was not published");
        }
        await ticker.StopAsync(Ct); // the ticker's loop has ended: everything it published is counted

        Assert.Equal(3, bus.Published); // one tick per period, no more
    }

    /// <summary>A fake clock that says when a timer is made on it (the ticker's, once its loop has started).</summary>
    private sealed class ArmedClock(DateTimeOffset start) : FakeTimeProvider(start)
    {
        public TaskCompletionSource Armed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            Armed.TrySetResult();
            return timer;
        }
    }
}
