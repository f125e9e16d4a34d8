using Microsoft.Extensions.DependencyInjection;

namespace Studio.Web.Components.Shared;

/// <summary>What every screen may inject to open a dialog (<see cref="Dialogs"/>) and show a refusal (<see cref="ErrorPresenter"/>) or an Undo (<see cref="UndoSnackbar"/>).</summary>
public static class ScreenServices
{
    public static IServiceCollection AddScreenHelpers(this IServiceCollection services) =>
        services.AddScoped<Dialogs>().AddScoped<ErrorPresenter>().AddScoped<UndoSnackbar>();
}
