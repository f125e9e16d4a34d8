using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Live;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Billing;
using Studio.Infrastructure.Pipelines;
using Studio.Infrastructure.Schedule;
using Studio.Infrastructure.Seed;

namespace Studio.Infrastructure;

/// <summary>Each feature registers itself; the web host's Program.cs reads as a table of contents.</summary>
public static class ServiceCollectionExtensions
{
    public static IServiceCollection AddStudioInfrastructure(this IServiceCollection services, IConfiguration config) =>
        services
            .AddStudioPersistence(DatabaseOptions.From(config))
            .AddLiveFeature()
            .AddOrganisationFeature()
            .AddClientsFeature()
            .AddPipelinesFeature()
            .AddScheduleFeature()
            .AddBillingFeature()
            .AddTasksFeature()
            .AddDashboardFeature();

    public static IServiceCollection AddLiveFeature(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<InProcessLiveBus>();
        services.AddSingleton<ILiveBus>(sp => sp.GetRequiredService<InProcessLiveBus>());
        services.AddSingleton<PresenceTracker>();
        services.AddHostedService<ClockTicker>();
        return services;
    }

    public static IServiceCollection AddOrganisationFeature(this IServiceCollection services)
    {
        services.AddSingleton<OrganisationService>();
        services.AddSingleton<OrganisationSettingsSource>();
        services.AddSingleton<DictionaryService>();
        services.AddSingleton<DemoSeeder>();
        services.TryAddSingleton(new SignInLimits());
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<SessionValidity>();
        return services;
    }

    public static IServiceCollection AddClientsFeature(this IServiceCollection services)
    {
        services.AddSingleton<ClientService>();
        services.AddSingleton<ClientListViews>();
        services.AddSingleton<ClientLookupsViews>();
        services.AddSingleton<ClientCardViews>();
        services.AddSingleton<ClientTimeline>();
        services.AddSingleton<ClientImport>();
        services.AddTimelineSource<CreatedSource>().AddTimelineSource<StatusSource>().AddTimelineSource<DealSource>().AddTimelineSource<NoteSource>();
        return services;
    }

    /// <summary>One more kind of line on the client's timeline (lessons, payments, tasks…).</summary>
    public static IServiceCollection AddTimelineSource<T>(this IServiceCollection services) where T : class, ITimelineSource =>
        services.AddSingleton<ITimelineSource, T>();

    public static IServiceCollection AddPipelinesFeature(this IServiceCollection services)
    {
        services.AddSingleton<PipelineService>();
        services.AddSingleton<LeadIntakeService>();
        services.AddSingleton<BoardViews>();
        services.AddSingleton<Search.GlobalSearch>();
        // Board analytics and the staff report (issue 7).
        services.AddSingleton<Reports.BoardReports>();
        services.AddSingleton<Reports.StaffReports>();
        services.AddSingleton<Reports.StageFlowViews>();
        return services;
    }

    public static IServiceCollection AddScheduleFeature(this IServiceCollection services)
    {
        services.AddSingleton<ScheduleService>();
        services.AddSingleton<ScheduleReads>();
        services.AddSingleton<ScheduleViews>();
        services.AddTimelineSource<LessonTimelineSource>().AddTimelineSource<FreezeTimelineSource>();
        return services;
    }

    public static IServiceCollection AddTasksFeature(this IServiceCollection services)
    {
        services.AddSingleton<Tasks.TaskService>();
        services.AddSingleton<Tasks.TaskBadges>();
        services.AddSingleton<Tasks.TaskTemplateService>();
        services.AddSingleton<Tasks.Reminders>();
        services.AddSingleton<Tasks.PassEndingCalls>();
        services.AddSingleton<Reports.FunnelReports>();
        services.AddSingleton<Reports.GeneralReports>();
        services.AddHostedService<Tasks.ReminderJob>();
        return services;
    }

    public static IServiceCollection AddDashboardFeature(this IServiceCollection services)
    {
        services.AddSingleton<Reports.DashboardReads>();
        services.AddSingleton<Reports.DashboardViews>();
        services.AddSingleton<Reports.DashboardService>();
        return services;
    }

    public static IServiceCollection AddBillingFeature(this IServiceCollection services)
    {
        services.AddSingleton<BillingService>();
        services.AddSingleton<PaymentExport>();
        services.AddSingleton<DebtorService>();
        services.AddSingleton<Clients.BirthdayService>();
        services.AddTimelineSource<PaymentTimelineSource>();
        return services;
    }
}
