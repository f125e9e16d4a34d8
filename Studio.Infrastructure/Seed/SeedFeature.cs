using Microsoft.Extensions.DependencyInjection;

namespace Studio.Infrastructure.Seed;

/// <summary>The demo organisation a fresh installation can be filled with.</summary>
public static class SeedFeature
{
    public static IServiceCollection AddSeedFeature(this IServiceCollection services)
    {
        services.AddSingleton<DemoSeeder>();
        return services;
    }
}
