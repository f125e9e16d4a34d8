using Microsoft.Extensions.DependencyInjection;
using Studio.Infrastructure.Clients;

namespace Studio.Infrastructure.Schedule;

/// <summary>Lessons, weekly groups, lesson types and staff absences, and the live schedule views.</summary>
public static class ScheduleFeature
{
    public static IServiceCollection AddScheduleFeature(this IServiceCollection services)
    {
        services.AddSingleton<ScheduleService>();
        services.AddSingleton<SeriesService>();
        services.AddSingleton<LessonTypeService>();
        services.AddSingleton<AvailabilityService>();
        services.AddSingleton<SubstitutionService>();
        services.AddSingleton<JournalService>();
        services.AddSingleton<ScheduleReads>();
        services.AddSingleton<ScheduleViews>();
        services.AddTimelineSource<LessonTimelineSource>();
        return services;
    }
}
