using System.Diagnostics;

namespace Studio.Tests.Infrastructure;

/// <summary>
/// The one way a test waits for what happens off its own thread (a live message, a feed's background load, a circuit's
/// save): it checks the condition until it holds, and fails with what did not happen once the patience runs out. Not a
/// timing assert: the patience is generous and only bounds a failing run. Time in the app is moved with the fake clock;
/// this waits only for threads.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    public static Task TrueAsync(Func<bool> condition, string what, TimeSpan? patience = null) =>
        TrueAsync(() => Task.FromResult(condition()), what, patience);

    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? patience = null)
    {
        var ct = TestContext.Current.CancellationToken;
        var limit = patience ?? Patience;
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed > limit) Assert.Fail($"{what} did not happen within {limit.TotalSeconds:0} s.");
            await Task.Delay(10, ct);
        }
    }
}
