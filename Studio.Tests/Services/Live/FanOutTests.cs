using Studio.Infrastructure.Live;

namespace Studio.Tests.Services.Live;

/// <summary>One change handed to many screens: every screen once, on more than one core, each screen's changes in order.</summary>
public sealed class FanOutTests
{
    [Fact]
    public async Task RunAsync_AThousandScreens_EachCalledOnce_AndAllCalledBeforeItCompletes()
    {
        var calls = new int[1000];

        await FanOut.RunAsync(Enumerable.Range(0, calls.Length).ToList(), i =>
        {
            Interlocked.Increment(ref calls[i]);
            return Task.CompletedTask;
        });

        Assert.All(calls, c => Assert.Equal(1, c));
    }

    [Fact]
    public async Task RunAsync_TheFirstScreenBusy_TheLastIsServedMeanwhile()
    {
        var items = Enumerable.Range(0, 4 * FanOut.MinRun).ToList();
        var lastCalled = new ManualResetEventSlim();
        var sawLast = false;

        // The first screen's handler does not return until the last has been called: in one loop on one thread it never would.
        await FanOut.RunAsync(items, i =>
        {
            if (i == 0) sawLast = lastCalled.Wait(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
            if (i == items[^1]) lastCalled.Set();
            return Task.CompletedTask;
        });

        Assert.True(sawLast, $"the screens were served one after another on {Environment.ProcessorCount} core(s)");
    }

    [Fact]
    public async Task RunAsync_TwoChangesInTurn_EveryScreenGetsThemInOrder()
    {
        var seen = Enumerable.Range(0, 500).Select(_ => new List<int>()).ToArray();
        var screens = Enumerable.Range(0, seen.Length).ToList();

        for (var change = 1; change <= 3; change++)
        {
            var c = change;
            await FanOut.RunAsync(screens, i =>
            {
                lock (seen[i]) seen[i].Add(c);
                return Task.CompletedTask;
            });
        }

        Assert.All(seen, s => Assert.Equal([1, 2, 3], s));
    }

    [Fact]
    public async Task RunAsync_AHandlerThrows_TheOthersAreStillCalled()
    {
        var called = 0;

        await FanOut.RunAsync(Enumerable.Range(0, 100).ToList(), i =>
        {
            Interlocked.Increment(ref called);
            if (i % 10 == 0) throw new InvalidOperationException("one screen failed");
            return Task.CompletedTask;
        });

        Assert.Equal(100, called);
    }
}
