using Studio.Bench.Harness;

namespace Studio.Bench.Circuits;

/// <summary>The two command-line entries of the circuit benchmark.</summary>
public static class CircuitCommands
{
    /// <summary><c>serve</c>: the bench's Studio host; stops on SIGTERM, Ctrl+C, or when its standard input closes (the bench that started it is gone).</summary>
    public static async Task<int> ServeAsync(string[] args)
    {
        using var cts = new SignalCancellation();
        _ = Task.Run(async () =>
        {
            while (await Console.In.ReadLineAsync() is not null) { }
            await cts.CancelAsync();
        });
        try { return await BenchServer.RunAsync(args, cts.Token); }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
    }

    /// <summary><c>circuits</c>: the driver; prints a table per N.</summary>
    public static async Task<int> CircuitsAsync(string[] args)
    {
        CircuitBenchOptions options;
        try { options = CircuitBenchOptions.Parse(args); }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
        using var cts = new SignalCancellation();
        Console.WriteLine($"Studio circuits: N = {string.Join(", ", options.Circuits)}; {options.Deals} open cards; {options.Changes} changes of each kind on the {options.Page.Name} page " +
            $"{options.Interval.TotalMilliseconds:0} ms apart; {Environment.ProcessorCount} cores; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        try
        {
            var results = await new CircuitBench(options, Console.Out).RunAsync(cts.Token);
            if (options.MarkdownPath is { } path)
            {
                await File.WriteAllTextAsync(path, string.Concat(results.Select(r => CircuitBench.Table(r.N, r.Minimal, r.Board, markdown: true) + "\n")));
                Console.WriteLine($"Markdown written to {path}");
            }
            return results.All(r => r.Minimal.Opened == r.Minimal.Asked && r.Board.Opened == r.Board.Asked) ? 0 : 3;
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            Console.Error.WriteLine("Cancelled.");
            return 130;
        }
    }
}
