using Microsoft.Extensions.DependencyInjection;

namespace Studio.Infrastructure.Dashboard;

/// <summary>The owner's live dashboard.</summary>
public static class DashboardFeature
{
    public static IServiceCollection AddDashboardFeature(this IServiceCollection services)
    {
        services.AddSingleton<DashboardReads>();
        services.AddSingleton<DashboardViews>();
        services.AddSingleton<DashboardService>();
        return services;
    }
}
