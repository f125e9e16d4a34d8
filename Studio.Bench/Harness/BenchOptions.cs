using System.Globalization;

namespace Studio.Bench.Harness;

/// <summary>Command-line knobs; the defaults are the figures documented in docs/benchmarks.md.</summary>
public sealed record BenchOptions
{
    public int OpenDeals { get; init; } = 2_000;
    public int ClosedDeals { get; init; } = 400;
    public int Loads { get; init; } = 20;
    public int Watchers { get; init; } = 200;
    public int Moves { get; init; } = 50;
    public int WarmupMoves { get; init; } = 3;
    public int BaselineMoves { get; init; } = 10;
    public TimeSpan NotificationTimeout { get; init; } = TimeSpan.FromSeconds(30);
    public string? PostgresConnectionString { get; init; }
    public bool SkipSqlite { get; init; }
    public string? Only { get; init; }
    public string? MarkdownPath { get; init; }

    public const string Usage = """
        Studio.Bench [options]
          --deals N          open deals on the board (default 2000)
          --closed N         closed (Won/Lost) deals in the board's history (default 400)
          --loads N          repeated snapshot loads (default 20)
          --watchers N       subscribed watchers (default 200)
          --moves N          measured moves (default 50)
          --pg CONN          PostgreSQL connection string (default: env STUDIO_BENCH_PG); a fresh
                             database named <Database>_<timestamp> is created and dropped
          --no-sqlite        PostgreSQL only
          --only TEXT        run only benchmarks whose name contains TEXT
          --markdown FILE    also write the table as Markdown
        Studio.Bench circuits --help   the circuit benchmark (headless circuits, minimal page vs board)
        Studio.Bench browser --help    the board in Chromium (first render, drag-to-landed, DOM nodes per remote move)
        """;

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions { PostgresConnectionString = NullIfEmpty(Environment.GetEnvironmentVariable("STUDIO_BENCH_PG")) };
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.\n{Usage}");
            int NextInt() => int.Parse(Next(), CultureInfo.InvariantCulture);
            o = args[i] switch
            {
                "--deals" => o with { OpenDeals = NextInt() },
                "--closed" => o with { ClosedDeals = NextInt() },
                "--loads" => o with { Loads = NextInt() },
                "--watchers" => o with { Watchers = NextInt() },
                "--moves" => o with { Moves = NextInt() },
                "--pg" => o with { PostgresConnectionString = NullIfEmpty(Next()) },
                "--no-sqlite" => o with { SkipSqlite = true },
                "--only" => o with { Only = Next() },
                "--markdown" => o with { MarkdownPath = Next() },
                "-h" or "--help" => throw new ArgumentException(Usage),
                _ => throw new ArgumentException($"Unknown option {args[i]}.\n{Usage}"),
            };
        }
        return o;
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
