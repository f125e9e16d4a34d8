using Studio.Bench.Benchmarks;
using Studio.Bench.Harness;

// Studio's figures (not tests): see docs/benchmarks.md. A new measurement is one more IBenchmark here.
IBenchmark[] benchmarks =
[
    new SnapshotLoadBenchmark(),
    new LiveFanOutBenchmark(),
    new BoardFirstRenderBenchmark(),
];

BenchOptions options;
try { options = BenchOptions.Parse(args); }
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };

Console.WriteLine(BenchRunner.Header(options));
var rows = await new BenchRunner(benchmarks, options, Console.Out).RunAsync(cts.Token);
Console.WriteLine();
Console.Write(BenchRunner.Table(rows, markdown: false));
if (options.MarkdownPath is { } path)
{
    await File.WriteAllTextAsync(path, BenchRunner.Header(options) + "\n\n" + BenchRunner.Table(rows, markdown: true), cts.Token);
    Console.WriteLine($"\nMarkdown table written to {path}");
}
return 0;
