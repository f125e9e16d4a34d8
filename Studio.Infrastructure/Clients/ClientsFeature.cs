using Microsoft.Extensions.DependencyInjection;

namespace Studio.Infrastructure.Clients;

/// <summary>Clients, their card and timeline, import, and the dictionaries they are described with (statuses, sources, tags, fields).</summary>
public static class ClientsFeature
{
    public static IServiceCollection AddClientsFeature(this IServiceCollection services)
    {
        services.AddSingleton<ClientService>();
        services.AddSingleton<BirthdayService>();
        services.AddSingleton<DictionaryService>();
        services.AddSingleton<ClientListViews>();
        services.AddSingleton<ClientLookupsViews>();
        services.AddSingleton<ClientCardViews>();
        services.AddSingleton<ClientTimeline>();
        services.AddSingleton<ClientImport>();
        services.AddTimelineSource<CreatedSource>().AddTimelineSource<StatusSource>().AddTimelineSource<DealSource>().AddTimelineSource<NoteSource>()
            .AddTimelineSource<HandoverSource>()
            .AddTimelineSource<GuardianSource>();
        return services;
    }

    /// <summary>One more kind of line on the client's timeline (lessons, payments, tasks…).</summary>
    public static IServiceCollection AddTimelineSource<T>(this IServiceCollection services) where T : class, ITimelineSource =>
        services.AddSingleton<ITimelineSource, T>();
}
