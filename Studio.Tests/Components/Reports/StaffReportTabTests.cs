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
using Studio.Web.Reports;
using Studio.Web.Organisation;

namespace Studio.Tests.Components.Reports;

/// <summary>The Staff tab over the real services (SQLite): the owner sees every manager's line with their revenue, and the exports.</summary>
public sealed class StaffReportTabTests(Databases databases) : MudComponentTest
{
    private TestStudio _studio = default!;
    private Guid _owner, _manager;

    public override async ValueTask InitializeAsync()
    {
        _studio = await StartStudioAsync(databases, typeof(StaffReports));
        _owner = await _studio.AddEmployeeAsync(EmployeeRole.Owner);
        _manager = await _studio.AddEmployeeAsync(EmployeeRole.Manager);
        SignIn(_owner, EmployeeRole.Owner);
    }

    [Fact]
    public async Task Render_Owner_EveryManagersLine_WithRevenue_SalesAndExports()
    {
        var good = await _studio.Billing.SaveGoodAsync(_owner, null, null, "Water", 40m, Ct);
        await _studio.Billing.SellGoodsAsync(_manager, null, _studio.BranchId, [new GoodsLine(good, 3)], PaymentMethod.Cash, ct: Ct);
        var today = _studio.Today;

        var cut = Ctx.Render<StaffReportTab>(p => p.Add(c => c.From, today).Add(c => c.To, today));

        cut.WaitForAssertion(() => Assert.Equal("120", cut.Find($"[data-testid=staff-manager-row][data-employee='{_manager}']").GetAttribute("data-revenue")),
            TimeSpan.FromSeconds(5));
        Assert.Equal(2, cut.FindAll("[data-testid=staff-manager-row]").Count); // the owner and the manager
        Assert.NotNull(cut.Find("[data-testid=staff-sales-table]"));
        Assert.Equal(["staff-managers", "staff-sales"], cut.FindAll("[data-testid=export-csv]").Select(a => a.GetAttribute("data-report")));
    }
}
