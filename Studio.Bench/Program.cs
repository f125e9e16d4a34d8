using Studio.Bench.Benchmarks;
using Studio.Bench.Browser;
using Studio.Bench.Circuits;
using Studio.Bench.Harness;

// `serve` and `circuits`: the circuit-level benchmark (Circuits/, docs/benchmarks.md "Circuits").
if (args is ["serve", ..]) return await CircuitCommands.ServeAsync(args[1..]);
if (args is ["circuits", ..]) return await CircuitCommands.CircuitsAsync(args[1..]);
// `browser`: the board in Chromium (Browser/, docs/benchmarks.md "Browser").
if (args is ["browser", ..]) return await BrowserCommand.RunAsync(args[1..]);

// Studio's figures (not tests): see docs/benchmarks.md. A new measurement is one more IBenchmark here.
IBenchmark[] benchmarks =
[
    new SnapshotLoadBenchmark(),
    new LiveFanOutBenchmark(),
    new BoardFirstRenderBenchmark(),
    new ClientListBenchmark(),
    new ClientImportBenchmark(),
    new ScheduleWeekBenchmark(),
    new FunnelReportBenchmark(),
    new ExportBenchmark(),
    new DashboardBenchmark(),
];

BenchOptions options;
try { options = BenchOptions.Parse(args); }
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

// Ctrl+C or SIGTERM (bench.sh's cleanup) cancel the run; the targets then drop what they created.
using var cts = new SignalCancellation();

Console.WriteLine(BenchRunner.Header(options));
IReadOnlyList<Row> rows;
try { rows = await new BenchRunner(benchmarks, options, Console.Out).RunAsync(cts.Token); }
catch (OperationCanceledException) when (cts.IsCancellationRequested)
{
    Console.Error.WriteLine("Cancelled.");
    return 130;
}
Console.WriteLine();
Console.Write(BenchRunner.Table(rows, markdown: false));
Console.WriteLine($"\nload average at the end: {BenchRunner.LoadAverage()}");
var warnings = WarningCollector.Instance.Entries;
if (warnings.Count > 0)
{
    Console.WriteLine("\nWarnings logged by the services during the run:");
    foreach (var (message, count) in warnings) Console.WriteLine($"  {count}x {message}");
}
if (options.MarkdownPath is { } path)
{
    await File.WriteAllTextAsync(path, BenchRunner.Header(options) + "\n\n" + BenchRunner.Table(rows, markdown: true) +
        string.Concat(warnings.Select(w => $"\n- logged {w.Count}x: {w.Message}\n")), cts.Token);
    Console.WriteLine($"\nMarkdown table written to {path}");
}
return 0;
