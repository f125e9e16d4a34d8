using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Studio.Infrastructure.Live;

/// <summary>The live bus, presence and the clock tick every live screen follows.</summary>
public static class LiveFeature
{
    public static IServiceCollection AddLiveFeature(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<InProcessLiveBus>();
        services.AddSingleton<ILiveBus>(sp => sp.GetRequiredService<InProcessLiveBus>());
        services.AddSingleton<PresenceTracker>();
        services.AddHostedService<ClockTicker>();
        return services;
    }
}
