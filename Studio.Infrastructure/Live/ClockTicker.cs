using Microsoft.Extensions.Hosting;

namespace Studio.Infrastructure.Live;

/// <summary>
/// One clock tick per node for everything that changes with time (callback colours, stale
/// deals): circuits listen to the "clock" topic instead of each running a timer.
/// </summary>
public sealed class ClockTicker(ILiveBus bus, TimeProvider clock) : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                await bus.PublishAsync(new LiveMessage(LiveTopics.Clock, "Tick"));
        }
        catch (OperationCanceledException) { }
    }
}
