using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Studio.Infrastructure.Persistence;

/// <summary>Counts the reads this node sends to the database; benchmarks and tests read it.</summary>
public sealed class CommandCounter : DbCommandInterceptor
{
    private long _reads;

    public long Reads => Interlocked.Read(ref _reads);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command,
        CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _reads);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result)
    {
        Interlocked.Increment(ref _reads);
        return base.ReaderExecuting(command, eventData, result);
    }
}
