using System.Globalization;
using System.Security.Claims;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Tests.Infrastructure;
using Studio.Web.Components.Pages.Settings;
using Studio.Web.Components.Shared;
using Studio.Web.Organisation;

namespace Studio.Tests.Components;

/// <summary>
/// The organisation's settings page over the real services (SQLite): saving the country changes how every screen writes
/// money at once, with no restart, in an English UI too (the format is the studio's, the language the person's).
/// </summary>
public sealed class OrganisationPageTests(Databases databases) : IAsyncLifetime
{
    private readonly BunitContext _ctx = new();
    private readonly CultureInfo _culture = CultureInfo.CurrentUICulture;
    private TestStudio _studio = default!;
    private Guid _owner;

    public async ValueTask InitializeAsync()
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
        _studio = await databases.StartAsync(DatabaseProvider.Sqlite);
        _owner = await _studio.AddEmployeeAsync(EmployeeRole.Owner);
        _ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        _ctx.Services.AddMudServices();
        Studio.Web.Components.Shared.ScreenServices.AddScreenHelpers(_ctx.Services);
        _ctx.Services.AddLocalization();
        _ctx.Services.AddSingleton(new Formats(_studio.Services.GetRequiredService<OrganisationSettingsSource>()));
        foreach (var type in new[] { typeof(OrganisationService), typeof(TimeProvider) })
            _ctx.Services.AddSingleton(type, _studio.Services.GetRequiredService(type));
        var auth = _ctx.AddAuthorization();
        auth.SetAuthorized("owner");
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, _owner.ToString()), new Claim(ClaimTypes.Role, nameof(EmployeeRole.Owner)));
        _ctx.Services.AddScoped<CurrentUser>();
    }

    public async ValueTask DisposeAsync()
    {
        await _ctx.DisposeAsync();
        await _studio.DisposeAsync();
        CultureInfo.CurrentUICulture = _culture;
    }

    private static string Plain(string s) => s.Replace('\u00A0', ' ').Replace('\u202F', ' ');

    [Fact]
    public async Task SaveCountry_Latvia_MoneyInEurosAtOnce()
    {
        _ctx.Render<MudPopoverProvider>();
        var cut = _ctx.Render<OrganisationPage>();
        cut.WaitForAssertion(() => Assert.Contains("1 250,50 ₴", Plain(cut.Find("[data-testid=org-formats]").TextContent)));

        await cut.InvokeAsync(() => cut.Find("input[data-testid=org-country]").Input("LV"));
        await cut.InvokeAsync(() => cut.Find("[data-testid=org-save]").Click());

        cut.WaitForAssertion(() => Assert.Contains("1 250,50 €", Plain(cut.Find("[data-testid=org-formats]").TextContent)));
        Assert.Equal("LV", (await _studio.Organisation.GetOrganisationAsync(Xunit.TestContext.Current.CancellationToken)).Country);
    }
}
