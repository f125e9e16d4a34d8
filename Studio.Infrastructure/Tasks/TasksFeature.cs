using Microsoft.Extensions.DependencyInjection;
using Studio.Infrastructure.Clients;

namespace Studio.Infrastructure.Tasks;

/// <summary>Tasks and calls, their templates, reminders and the automatic calls when a pass ends.</summary>
public static class TasksFeature
{
    public static IServiceCollection AddTasksFeature(this IServiceCollection services)
    {
        services.AddSingleton<TaskService>();
        services.AddSingleton<TaskBadges>();
        services.AddSingleton<TaskTemplateService>();
        services.AddSingleton<Reminders>();
        services.AddSingleton<PassEndingCalls>();
        services.AddHostedService<ReminderJob>();
        services.AddTimelineSource<TaskTimelineSource>();
        return services;
    }
}
