using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Studio.Tests.Components;

/// <summary>
/// A bUnit context as our components need it: MudBlazor's services, our localisation, JS calls answered
/// loosely, and the UI culture set for the test and put back after it.
/// </summary>
public abstract class MudComponentTest : IDisposable, IAsyncDisposable
{
    private readonly CultureInfo _culture = CultureInfo.CurrentUICulture;
    private bool _disposed;

    protected BunitContext Ctx { get; } = new();

    protected MudComponentTest(string culture = "en")
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        Ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        Ctx.Services.AddMudServices();
        Ctx.Services.AddLocalization();
        Ctx.Services.AddSingleton(new Studio.Web.Components.Shared.Formats(() => Studio.Infrastructure.Organisation.OrganisationSettings.Default));
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        CultureInfo.CurrentUICulture = _culture;
        Ctx.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Some MudBlazor services (the popovers' pointer-events service) can only be disposed asynchronously.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        CultureInfo.CurrentUICulture = _culture;
        await Ctx.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
