using Microsoft.Extensions.DependencyInjection;

namespace Studio.Infrastructure.Search;

/// <summary>The search across clients, deals and tasks in the top bar.</summary>
public static class SearchFeature
{
    public static IServiceCollection AddSearchFeature(this IServiceCollection services)
    {
        services.AddSingleton<GlobalSearch>();
        return services;
    }
}
