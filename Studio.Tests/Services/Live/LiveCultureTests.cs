using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Studio.Infrastructure.Live;

namespace Studio.Tests.Services.Live;

/// <summary>
/// A live callback renders in the subscriber's language: the bus and the shared feeds call back in the culture the
/// subscriber had when it subscribed, whatever culture the publisher (another circuit, a web-form request, the clock) runs in.
/// </summary>
public sealed class LiveCultureTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Runs <paramref name="work"/> in a culture without changing the test's own.</summary>
    private static async Task<T> InCulture<T>(string name, Func<Task<T>> work)
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(name);
        return await work();
    }

    private static Task InCulture(string name, Func<Task> work) => InCulture(name, async () => { await work(); return 0; });

    private static string Now => $"{CultureInfo.CurrentCulture.Name}/{CultureInfo.CurrentUICulture.Name}";

    [Fact]
    public async Task Subscribe_InUkrainian_PublishedFromAnEnglishContext_HandlerRunsInUkrainian()
    {
        var bus = new InProcessLiveBus(NullLogger<InProcessLiveBus>.Instance);
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = await InCulture("uk", () =>
            Task.FromResult(bus.Subscribe(LiveTopics.Clock, _ => { seen.TrySetResult(Now); return Task.CompletedTask; })));

        await InCulture("en", () => bus.PublishAsync(new LiveMessage(LiveTopics.Clock, "Tick")));

        Assert.Equal("uk/uk", await seen.Task.WaitAsync(TimeSpan.FromSeconds(5), Ct));
    }

    [Fact]
    public async Task Keep_CalledInline_LeavesTheCallersCultureAsItWas()
    {
        var handler = await InCulture("uk", () => Task.FromResult(SubscriberCulture.Keep<int>(_ => Task.CompletedTask)));
        var after = await InCulture("en", async () => { await handler(1); return Now; });
        Assert.Equal("en/en", after);
    }

    [Fact]
    public async Task Subscribe_DisposedAfterKeep_StopsTheHandler()
    {
        var bus = new InProcessLiveBus(NullLogger<InProcessLiveBus>.Instance);
        var calls = 0;
        var subscription = bus.Subscribe("t", _ => { Interlocked.Increment(ref calls); return Task.CompletedTask; });
        subscription.Dispose();
        await bus.PublishAsync(new LiveMessage("t", "x"));
        await Task.Delay(100, Ct);
        Assert.Equal(0, calls);
    }

    private sealed record Snap(long Sequence) : ISequenced;

    private sealed class Feeds(ILiveBus bus) : SharedFeeds<string, Snap>(bus, NullLogger.Instance)
    {
        protected override IEnumerable<string> TopicsOf(string key) => [key];
        protected override Task<Snap?> LoadAsync(string key, long sequence, CancellationToken ct) => Task.FromResult<Snap?>(new Snap(sequence));
    }

    [Fact]
    public async Task WatchAsync_InUkrainian_ReloadCausedFromAnEnglishContext_WatcherRunsInUkrainian()
    {
        var bus = new InProcessLiveBus(NullLogger<InProcessLiveBus>.Instance);
        var feeds = new Feeds(bus);
        // Someone in English watches first: the feed (and its bus subscription) is theirs.
        using var english = await InCulture("en", () => feeds.WatchAsync("schedule", _ => Task.CompletedTask, Ct));
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var watch = await InCulture("uk", () => feeds.WatchAsync("schedule", _ => { seen.TrySetResult(Now); return Task.CompletedTask; }, Ct));

        await InCulture("en", () => bus.PublishAsync(new LiveMessage("schedule", "LessonChanged")));

        Assert.Equal("uk/uk", await seen.Task.WaitAsync(TimeSpan.FromSeconds(5), Ct));
    }
}
