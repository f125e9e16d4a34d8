using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Studio.Infrastructure.Billing;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Dashboard;
using Studio.Infrastructure.Live;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Pipelines;
using Studio.Infrastructure.Reports;
using Studio.Infrastructure.Schedule;
using Studio.Infrastructure.Search;
using Studio.Infrastructure.Seed;
using Studio.Infrastructure.Tasks;

namespace Studio.Infrastructure;

/// <summary>The table of contents: each feature registers itself in its own folder (<c>Clients/ClientsFeature.cs</c>…).</summary>
public static class ServiceCollectionExtensions
{
    public static IServiceCollection AddStudioInfrastructure(this IServiceCollection services, IConfiguration config) =>
        services
            .AddStudioPersistence(DatabaseOptions.From(config))
            .AddLiveFeature()
            .AddOrganisationFeature()
            .AddSeedFeature()
            .AddClientsFeature()
            .AddPipelinesFeature()
            .AddSearchFeature()
            .AddScheduleFeature()
            .AddBillingFeature()
            .AddTasksFeature()
            .AddReportsFeature()
            .AddDashboardFeature();
}
