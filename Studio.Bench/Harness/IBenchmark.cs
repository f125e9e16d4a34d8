namespace Studio.Bench.Harness;

/// <summary>Where a benchmark runs: on every database target (SQLite, PostgreSQL…) or once.</summary>
public enum BenchScope { EachDatabase, Once }

/// <summary>
/// One measurement. A new figure is one more class implementing this, added to the list in
/// Program.cs; the runner prints every figure in one table.
/// </summary>
public interface IBenchmark
{
    /// <summary>Short name printed in the table's first column; also what <c>--only</c> matches.</summary>
    string Name { get; }

    BenchScope Scope { get; }

    /// <summary>
    /// Measures on <paramref name="target"/> (a seeded database and the node's services) and
    /// returns the figures. Benchmarks run one after another on the same target and may change
    /// its data (move deals); they must leave no watcher or subscription behind.
    /// </summary>
    Task<IReadOnlyList<Figure>> RunAsync(BenchTarget target, BenchOptions options, CancellationToken ct);
}

/// <summary>One printed figure. A null value means "not measured" (the note says why).</summary>
public sealed record Figure(string Name, double? Value, string Unit, string? Note = null);
