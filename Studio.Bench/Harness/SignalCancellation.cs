using System.Runtime.InteropServices;

namespace Studio.Bench.Harness;

/// <summary>
/// The run's cancellation: Ctrl+C or SIGTERM (bench.sh's cleanup) cancel it, and what the run started (servers,
/// databases, browsers) is then stopped and dropped by the code that started it. Dispose it when the run ends.
/// </summary>
public sealed class SignalCancellation : CancellationTokenSource
{
    private readonly PosixSignalRegistration _term;

    public SignalCancellation()
    {
        Console.CancelKeyPress += OnCancelKey;
        _term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; Cancel(); });
    }

    private void OnCancelKey(object? sender, ConsoleCancelEventArgs e)
    {
        e.Cancel = true;
        Cancel();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Console.CancelKeyPress -= OnCancelKey;
            _term.Dispose();
        }
        base.Dispose(disposing);
    }
}
