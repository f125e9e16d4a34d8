using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Localization;
using MudBlazor;
using MudBlazor.Services;

namespace Studio.Web.Resources;

/// <summary>
/// MudBlazor's own words — the pager's "Rows per page:" and "1-25 of 62", the pickers' buttons, "Not a valid date time" — from our
/// resources, as <c>MudBlazor.{MudBlazor's key}</c>, in English and in Ukrainian. A key we do not have falls back to MudBlazor's English.
/// </summary>
public sealed class StudioMudLocalizer(IStringLocalizer<SharedResource> L) : MudLocalizer
{
    public const string Prefix = "MudBlazor.";

    public override LocalizedString this[string key] => Ours(key, L[Prefix + key]);

    public override LocalizedString this[string key, params object[] arguments] => Ours(key, L[Prefix + key, arguments]);

    private static LocalizedString Ours(string key, LocalizedString found) => new(key, found.Value, found.ResourceNotFound);
}

public static class StudioMudLocalization
{
    /// <summary>MudBlazor asks <see cref="StudioMudLocalizer"/> first in every language, English included. Call after AddMudServices.</summary>
    public static IServiceCollection AddStudioMudLocalization(this IServiceCollection services)
    {
        services.RemoveAll<MudLocalizer>();
        services.AddTransient<MudLocalizer, StudioMudLocalizer>();
        services.AddLocalizationInterceptor(sp => new DefaultLocalizationInterceptor(sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<MudLocalizer>())
        {
            IgnoreDefaultEnglish = true,
        });
        return services;
    }
}
