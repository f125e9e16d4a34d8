using Microsoft.Extensions.Logging.Abstractions;
using Studio.Infrastructure.Live;
using Studio.Tests.Infrastructure;
using Studio.Web.Components.Shared;
using Xunit;

namespace Studio.Tests.Components.Shared;

/// <summary>The one way screens follow live changes: on the circuit, failures reported, the last change of a burst never dropped.</summary>
public sealed class LiveFollowTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task Until(Func<bool> condition)
    {
        await Eventually.TrueAsync(condition, "The follow's run");
    }

    [Fact]
    public async Task Topic_ABurstOfMessages_RunsAtOnceThenOnceMoreAfterTheLast()
    {
        var bus = new InProcessLiveBus(NullLogger<InProcessLiveBus>.Instance);
        var invoked = 0;
        var seen = new List<int>();
        var latest = 0;
        using var live = new LiveFollow(h => { Interlocked.Increment(ref invoked); return h(); }, _ => Task.CompletedTask);
        live.Topic(bus, "clients", () => { lock (seen) seen.Add(Volatile.Read(ref latest)); }, pace: TimeSpan.FromMilliseconds(100));

        for (var i = 1; i <= 30; i++)
        {
            Volatile.Write(ref latest, i);
            await bus.PublishAsync(new LiveMessage("clients", "ClientUpdated"));
        }
        await Until(() => { lock (seen) return seen.Count > 0 && seen[^1] == 30; });
        await Task.Delay(300, Ct); // nothing more comes after the trailing run

        lock (seen)
        {
            Assert.Equal(30, seen[^1]); // the burst's last change was shown
            Assert.InRange(seen.Count, 2, 5); // not once per message
        }
        Assert.Equal(seen.Count, invoked); // every run went through the circuit's InvokeAsync
    }

    [Fact]
    public async Task Topic_HandlerThrows_TheCircuitIsToldAndLaterMessagesStillRun()
    {
        var bus = new InProcessLiveBus(NullLogger<InProcessLiveBus>.Instance);
        var reported = new List<Exception>();
        var runs = 0;
        using var live = new LiveFollow(h => h(), e => { lock (reported) reported.Add(e); return Task.CompletedTask; });
        live.Topic(bus, "tasks:1", () => { if (Interlocked.Increment(ref runs) == 1) throw new InvalidOperationException("boom"); },
            pace: TimeSpan.FromMilliseconds(10));

        await bus.PublishAsync(new LiveMessage("tasks:1", "TaskChanged"));
        await Until(() => { lock (reported) return reported.Count == 1; });
        await bus.PublishAsync(new LiveMessage("tasks:1", "TaskChanged"));
        await Until(() => Volatile.Read(ref runs) == 2);

        Assert.Equal("boom", Assert.Single(reported).Message);
        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task Dispose_LaterMessagesRunNothing()
    {
        var bus = new InProcessLiveBus(NullLogger<InProcessLiveBus>.Instance);
        var runs = 0;
        var live = new LiveFollow(h => h(), _ => Task.CompletedTask);
        live.Topic(bus, "boards", () => Interlocked.Increment(ref runs));

        live.Dispose();
        await bus.PublishAsync(new LiveMessage("boards", "BoardChanged"));
        await Task.Delay(200, Ct);

        Assert.Equal(0, runs);
    }
}
