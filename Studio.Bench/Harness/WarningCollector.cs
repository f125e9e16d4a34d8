using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Studio.Bench.Harness;

/// <summary>
/// Keeps the warnings and errors the services log during the run (EF Core's query warnings,
/// a failed board reload…) so that they are listed once, after the figures, instead of being
/// interleaved with the progress lines.
/// </summary>
public sealed class WarningCollector : ILoggerProvider
{
    public static readonly WarningCollector Instance = new();

    private readonly ConcurrentDictionary<string, int> _seen = new();
    private int _paused;

    /// <summary>Ignores what is logged until disposed: EF logs a failed history-table query on a fresh database.</summary>
    public IDisposable Pause()
    {
        Interlocked.Increment(ref _paused);
        return new Resume(this);
    }

    private sealed class Resume(WarningCollector owner) : IDisposable
    {
        private int _done;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0) Interlocked.Decrement(ref owner._paused);
        }
    }

    public IReadOnlyList<(string Message, int Count)> Entries =>
        _seen.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, kv.Value)).ToList();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger(WarningCollector owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel) || Volatile.Read(ref owner._paused) > 0) return;
            var text = $"{logLevel} {category}[{eventId.Id}]: {formatter(state, exception)}";
            if (exception is not null) text += $" ({exception.GetType().Name}: {exception.Message})";
            owner._seen.AddOrUpdate(text, 1, (_, n) => n + 1);
        }
    }
}
