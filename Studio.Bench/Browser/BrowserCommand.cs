using Studio.Bench.Harness;

namespace Studio.Bench.Browser;

/// <summary><c>Studio.Bench browser</c>: prints one table, the board sizes side by side.</summary>
public static class BrowserCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        BrowserBenchOptions options;
        try { options = BrowserBenchOptions.Parse(args); }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
        using var cts = new SignalCancellation();
        var header = $"Studio in Chromium: boards of {string.Join(", ", options.Deals.Select(d => d.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)))} open cards; " +
            $"{options.Runs} first renders, {options.Moves} drags, {options.KeyMoves} Shift+→ moves, {options.Leads} leads each; " +
            $"{Environment.ProcessorCount} cores; load average {BenchRunner.LoadAverage()}; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC";
        Console.WriteLine(header);
        try
        {
            var results = await new BrowserBench(options, Console.Out).RunAsync(cts.Token);
            Console.WriteLine($"\nload average at the end: {BenchRunner.LoadAverage()}");
            if (options.MarkdownPath is { } path)
            {
                await File.WriteAllTextAsync(path, header + "\n\n" + BrowserBench.Table(results, markdown: true) +
                    $"\nload average at the end: {BenchRunner.LoadAverage()}\n", cts.Token);
                Console.WriteLine($"Markdown written to {path}");
            }
            return results.All(r => r.Moves.Values.All(m => m.Missed == 0)) ? 0 : 3;
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            Console.Error.WriteLine("Cancelled.");
            return 130;
        }
    }
}
