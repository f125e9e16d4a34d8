using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Studio.Infrastructure.Organisation;

/// <summary>The organisation, its branches and staff, its settings, and signing in.</summary>
public static class OrganisationFeature
{
    public static IServiceCollection AddOrganisationFeature(this IServiceCollection services)
    {
        services.AddSingleton<OrganisationService>();
        services.AddSingleton<HandoverService>();
        services.AddSingleton<OrganisationSettingsSource>();
        services.TryAddSingleton(new SignInLimits());
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<SessionValidity>();
        return services;
    }
}
