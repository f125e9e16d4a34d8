using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Studio.Infrastructure.Persistence;

/// <summary>
/// Counts the reads this node sends to the database; benchmarks and tests read it. Commands sent while a shared read
/// model loads or patches (<see cref="ReadModel"/>) are also counted under that read model's name.
/// </summary>
public sealed class CommandCounter : DbCommandInterceptor
{
    private static readonly AsyncLocal<string?> Current = new();
    private readonly ConcurrentDictionary<string, long> _byReadModel = new();
    private long _reads;
    private long _others;

    public long Reads => Interlocked.Read(ref _reads);

    /// <summary>Commands sent so far by each shared read model, by name.</summary>
    public IReadOnlyDictionary<string, long> ByReadModel => new Dictionary<string, long>(_byReadModel);

    /// <summary>Counts the commands of this flow (and what it awaits) under <paramref name="name"/> until disposed.</summary>
    public static Scope ReadModel(string name)
    {
        var previous = Current.Value;
        Current.Value = name;
        return new Scope(previous);
    }

    public readonly struct Scope(string? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }

    private void Count(ref long counter)
    {
        Interlocked.Increment(ref counter);
        if (Current.Value is { } name) _byReadModel.AddOrUpdate(name, 1, (_, n) => n + 1);
    }

    /// <summary>Every command sent: the readers above plus non-queries and scalars (writes without a reader).</summary>
    public long Commands => Reads + Interlocked.Read(ref _others);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command,
        CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Count(ref _reads);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result)
    {
        Count(ref _reads);
        return base.ReaderExecuting(command, eventData, result);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Count(ref _others);
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Count(ref _others);
        return base.NonQueryExecuting(command, eventData, result);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Count(ref _others);
        return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Count(ref _others);
        return base.ScalarExecuting(command, eventData, result);
    }
}
