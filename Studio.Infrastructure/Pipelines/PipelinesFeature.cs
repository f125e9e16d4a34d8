using Microsoft.Extensions.DependencyInjection;

namespace Studio.Infrastructure.Pipelines;

/// <summary>Sales boards, deals, and leads from the web form.</summary>
public static class PipelinesFeature
{
    public static IServiceCollection AddPipelinesFeature(this IServiceCollection services)
    {
        services.AddSingleton<PipelineService>();
        services.AddSingleton<LeadIntakeService>();
        services.AddSingleton<BoardViews>();
        return services;
    }
}
