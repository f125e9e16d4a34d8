using System.Globalization;
using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Tests.Infrastructure;
using Studio.Web.Components.Shared;
using Studio.Web.Organisation;

namespace Studio.Tests.Components;

/// <summary>
/// The one bUnit set-up every component test uses: MudBlazor's services, our localisation, JS calls answered loosely,
/// the formats, a fake clock, and the UI culture set for the test and put back after it (with the format culture, if
/// a test changes that). A test that needs the real services starts a studio (<see cref="StartStudioAsync"/>): its
/// own SQLite file, the chosen services, the studio's settings and its fake clock given to the components. A test that
/// needs a signed-in person calls <see cref="SignIn"/>.
/// </summary>
public abstract class MudComponentTest : IAsyncLifetime
{
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture, _uiCulture = CultureInfo.CurrentUICulture;
    private readonly FakeTimeProvider _clock = new(TestStudio.StartTime);
    private TestStudio? _studio;
    private BunitAuthorizationContext? _auth;

    protected BunitContext Ctx { get; } = new();

    protected static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    /// <summary>The components' clock: the studio's when one is started, else the test's own, both fake (move it with Advance).</summary>
    protected FakeTimeProvider Clock => _studio?.Clock ?? _clock;

    protected MudComponentTest(string culture = "en")
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        Ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        Ctx.Services.AddMudServices();
        Ctx.Services.AddLocalization();
        // Resolved at the first render, so a studio started after this constructor still gives its settings and clock.
        Ctx.Services.AddSingleton(_ => _studio is { } studio
            ? new Formats(studio.Services.GetRequiredService<OrganisationSettingsSource>())
            : new Formats(() => OrganisationSettings.Default));
        Ctx.Services.AddSingleton<TimeProvider>(_ => Clock);
        Ctx.Services.AddScoped<Drafts>();
        Ctx.Services.AddScoped<Studio.Web.Organisation.BranchContext>(); // the top bar's branch, which lists and reports follow
        Ctx.Services.AddScreenHelpers();
    }

    /// <summary>A fresh studio on its own SQLite file; the components get the given services of it, its settings and its clock.</summary>
    protected async Task<TestStudio> StartStudioAsync(Databases databases, params Type[] services)
    {
        _studio = await databases.StartAsync(DatabaseProvider.Sqlite);
        foreach (var type in services)
            Ctx.Services.AddSingleton(type, _studio.Services.GetRequiredService(type));
        return _studio;
    }

    /// <summary>Signs the components' person in (claims as the app sets them) and gives them <see cref="CurrentUser"/>.</summary>
    protected void SignIn(Guid employeeId, EmployeeRole role)
    {
        if (_auth is null)
        {
            _auth = Ctx.AddAuthorization();
            Ctx.Services.AddScoped<CurrentUser>();
        }
        _auth.SetAuthorized(employeeId.ToString());
        _auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, employeeId.ToString()), new Claim(ClaimTypes.Role, role.ToString()));
    }

    /// <summary>Sets the UI and the format culture for the rest of the test (both are put back after it).</summary>
    protected static void UseCulture(string culture) =>
        (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (CultureInfo.GetCultureInfo(culture), CultureInfo.GetCultureInfo(culture));

    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await Ctx.DisposeAsync();
        if (_studio is not null) await _studio.DisposeAsync();
        (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (_culture, _uiCulture);
        GC.SuppressFinalize(this);
    }
}
