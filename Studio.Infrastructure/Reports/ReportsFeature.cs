using Microsoft.Extensions.DependencyInjection;

namespace Studio.Infrastructure.Reports;

/// <summary>Reports: board analytics and stage flow, staff, funnels, the general report, and their exports.</summary>
public static class ReportsFeature
{
    public static IServiceCollection AddReportsFeature(this IServiceCollection services)
    {
        services.AddSingleton<BoardReports>();
        services.AddSingleton<StaffReports>();
        services.AddSingleton<StageFlowViews>();
        services.AddSingleton<FunnelReports>();
        services.AddSingleton<GeneralReports>();
        return services;
    }
}
