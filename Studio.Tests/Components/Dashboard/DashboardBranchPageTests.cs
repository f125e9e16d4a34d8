using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Dashboard;
using Studio.Infrastructure.Live;
using Studio.Infrastructure.Pipelines;
using Studio.Tests.Infrastructure;
using Studio.Web.Dashboard;
using Studio.Web.Organisation;

namespace Studio.Tests.Components.Dashboard;

/// <summary>
/// The dashboard page follows the top bar's branch (issue 17.10) over the real services: choosing a branch shows that branch's
/// figures and its own "today", in place, and the page stays live on the new branch (the old watch let go).
/// </summary>
public sealed class DashboardBranchPageTests(Databases databases) : MudComponentTest
{
    private TestStudio _studio = default!;
    private Guid _owner, _brooklyn;
    private TestBoard _board = default!;

    public override async ValueTask InitializeAsync()
    {
        _studio = await StartStudioAsync(databases, typeof(DashboardService), typeof(ILiveBus));
        _owner = await _studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await _studio.AddEmployeeAsync(EmployeeRole.Manager);
        _brooklyn = await _studio.Organisation.SaveBranchAsync(_owner, null, Guid.Empty, "Brooklyn", null, "America/New_York", Ct);
        _board = await _studio.AddBoardAsync(_owner, manager);
        // Two Brooklyn leads at 14:00 UTC on Monday; then 23:00 UTC: Tuesday in Kyiv (the studio's zone), still Monday in New York.
        _studio.Clock.Advance(new DateTime(2026, 11, 23, 14, 0, 0, DateTimeKind.Utc) - _studio.Clock.GetUtcNow().UtcDateTime);
        await BrooklynLeadAsync(0);
        await BrooklynLeadAsync(1);
        _studio.Clock.Advance(TimeSpan.FromHours(9));
        await _studio.AddDealAsync(manager, _board);   // Main's lead, on Kyiv's Tuesday
        SignIn(_owner, EmployeeRole.Owner);
    }

    private Task<Guid> BrooklynLeadAsync(int n) => _studio.Pipelines.CreateDealAsync(_owner,
        new NewDeal(_board.Id, null, $"Brooklyn lead {n}", $"+38067222000{n}", null, _brooklyn, null, null, 500m, null), Ct);

    [Theory]
    [InlineData("en", "Today, 24.11.2026", "Today, 23.11.2026")]
    [InlineData("uk", "Сьогодні, 24.11.2026", "Сьогодні, 23.11.2026")]
    public async Task ChoosingABranchInTheTopBar_ShowsItsFiguresAndItsDay_AndStaysLive(string culture, string studioDay, string brooklynDay)
    {
        UseCulture(culture);
        var views = _studio.Services.GetRequiredService<DashboardViews>();
        var cut = Ctx.Render<DashboardPage>();
        string NewLeads() => cut.Find("[data-kind=new-leads]").GetAttribute("data-value")!;
        string Caption() => cut.Find("[data-testid=dashboard-updated]").TextContent;

        // All branches: the studio's Tuesday, Main's one lead (Brooklyn's were on Kyiv's Monday).
        cut.WaitForAssertion(() => Assert.Equal("1", NewLeads()));
        Assert.StartsWith(studioDay, Caption());

        await cut.InvokeAsync(() => Ctx.Services.GetRequiredService<BranchContext>().Set(_brooklyn));

        // Brooklyn: its Monday and its two leads; Main's lead is not its.
        cut.WaitForAssertion(() => Assert.Equal("2", NewLeads()));
        Assert.StartsWith(brooklynDay, Caption());
        Assert.Equal((0, 1), (views.Watchers(DashboardScope.Studio), views.Watchers(DashboardScope.Of(_brooklyn))));

        // Still live, on Brooklyn's feed.
        await BrooklynLeadAsync(2);
        cut.WaitForAssertion(() => Assert.Equal("3", NewLeads()), TimeSpan.FromSeconds(15));

        // Back to all branches: Main's lead and the new Brooklyn one are on Kyiv's Tuesday.
        await cut.InvokeAsync(() => Ctx.Services.GetRequiredService<BranchContext>().Set(null));
        cut.WaitForAssertion(() => Assert.Equal("2", NewLeads()));
        Assert.StartsWith(studioDay, Caption());
        Assert.Equal((1, 0), (views.Watchers(DashboardScope.Studio), views.Watchers(DashboardScope.Of(_brooklyn))));
    }
}
