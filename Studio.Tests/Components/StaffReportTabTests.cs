using System.Globalization;
using System.Security.Claims;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Studio.Domain.Billing;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Billing;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Reports;
using Studio.Tests.Infrastructure;
using Studio.Web.Components.Pages.Reports;
using Studio.Web.Organisation;

namespace Studio.Tests.Components;

/// <summary>The Staff tab over the real services (SQLite): the owner sees every manager's line with their revenue, and the exports.</summary>
public sealed class StaffReportTabTests(Databases databases) : IAsyncLifetime
{
    private readonly BunitContext _ctx = new();
    private readonly CultureInfo _culture = CultureInfo.CurrentUICulture;
    private TestStudio _studio = default!;
    private Guid _owner, _manager;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
        _studio = await databases.StartAsync(DatabaseProvider.Sqlite);
        _owner = await _studio.AddEmployeeAsync(EmployeeRole.Owner);
        _manager = await _studio.AddEmployeeAsync(EmployeeRole.Manager);
        _ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        _ctx.Services.AddMudServices();
        Studio.Web.Components.Shared.ScreenServices.AddScreenHelpers(_ctx.Services);
        _ctx.Services.AddLocalization();
        _ctx.Services.AddSingleton(new Studio.Web.Components.Shared.Formats(_studio.Services.GetRequiredService<Studio.Infrastructure.Organisation.OrganisationSettingsSource>()));
        foreach (var type in new[] { typeof(StaffReports), typeof(TimeProvider) })
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

    [Fact]
    public async Task Render_Owner_EveryManagersLine_WithRevenue_SalesAndExports()
    {
        var good = await _studio.Billing.SaveGoodAsync(_owner, null, null, "Water", 40m, Ct);
        await _studio.Billing.SellGoodsAsync(_manager, null, _studio.BranchId, [new GoodsLine(good, 3)], PaymentMethod.Cash, ct: Ct);
        var today = _studio.Today;

        var cut = _ctx.Render<StaffReportTab>(p => p.Add(c => c.From, today).Add(c => c.To, today));

        cut.WaitForAssertion(() => Assert.Equal("120", cut.Find($"[data-testid=staff-manager-row][data-employee='{_manager}']").GetAttribute("data-revenue")),
            TimeSpan.FromSeconds(5));
        Assert.Equal(2, cut.FindAll("[data-testid=staff-manager-row]").Count); // the owner and the manager
        Assert.NotNull(cut.Find("[data-testid=staff-sales-table]"));
        Assert.Equal(["staff-managers", "staff-sales"], cut.FindAll("[data-testid=export-csv]").Select(a => a.GetAttribute("data-report")));
    }
}
