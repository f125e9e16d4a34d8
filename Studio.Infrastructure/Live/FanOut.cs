namespace Studio.Infrastructure.Live;

/// <summary>
/// Hands one change to many screens on every core. A screen's handler renders on the calling thread when its circuit is
/// free, so a plain loop over a thousand open boards rendered them all on one thread while the other cores idled; here the
/// list is cut into one run per core (none shorter than <see cref="MinRun"/>), the first run on the calling thread and the
/// others on the thread pool. The returned task completes when every handler has been called (not when each finished),
/// so a caller that awaits it before handing over the next change keeps each screen's changes in order.
/// </summary>
public static class FanOut
{
    /// <summary>Fewer handlers than this per core are not worth a thread-pool hop.</summary>
    public const int MinRun = 32;

    public static Task RunAsync<T>(IReadOnlyList<T> items, Func<T, Task> handler)
    {
        var runs = Math.Min(Environment.ProcessorCount, (items.Count + MinRun - 1) / MinRun);
        if (runs <= 1)
        {
            Each(items, 0, items.Count, handler);
            return Task.CompletedTask;
        }
        var size = (items.Count + runs - 1) / runs;
        var others = new Task[runs - 1];
        for (var r = 1; r < runs; r++)
        {
            var from = r * size;
            var to = Math.Min(items.Count, from + size);
            others[r - 1] = Task.Run(() => Each(items, from, to, handler));
        }
        Each(items, 0, size, handler);
        return Task.WhenAll(others);
    }

    private static void Each<T>(IReadOnlyList<T> items, int from, int to, Func<T, Task> handler)
    {
        for (var i = from; i < to; i++)
        {
            // A handler reports its own failures (Watch.NotifyAsync logs them); one that throws must not stop the rest.
            try { _ = handler(items[i]); }
            catch (Exception) { }
        }
    }
}
