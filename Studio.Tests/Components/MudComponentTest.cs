using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Studio.Tests.Components;

/// <summary>
/// A bUnit context as our components need it: MudBlazor's services, our localisation, JS calls answered
/// loosely, and the UI culture set for the test and put back after it.
/// </summary>
public abstract class MudComponentTest : IDisposable
{
    private readonly CultureInfo _culture = CultureInfo.CurrentUICulture;

    protected BunitContext Ctx { get; } = new();

    protected MudComponentTest(string culture = "en")
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        Ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        Ctx.Services.AddMudServices();
        Ctx.Services.AddLocalization();
        Ctx.Services.AddSingleton(new Studio.Web.Components.Shared.Formats(() => Studio.Infrastructure.Organisation.OrganisationSettings.Default));
        Studio.Web.Components.Shared.ScreenServices.AddScreenHelpers(Ctx.Services);
    }

    public void Dispose()
    {
        CultureInfo.CurrentUICulture = _culture;
        // Some of MudBlazor's services (the dialog provider's) only dispose asynchronously.
        Ctx.DisposeAsync().AsTask().GetAwaiter().GetResult();
        GC.SuppressFinalize(this);
    }
}
