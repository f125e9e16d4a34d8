using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Reports;
using Studio.Tests.Infrastructure;
using Studio.Web.Reports;

namespace Studio.Tests.Components.Reports;

/// <summary>
/// The reports page over the real services (SQLite): moving to another tab or period keeps every filter of the address (board,
/// employee, source, tags, bucket, branch), so a reload or a shared link shows the same report — in English and in Ukrainian.
/// </summary>
public sealed class ReportsPageTests(Databases databases) : MudComponentTest
{
    private TestStudio _studio = default!;
    private Guid _owner, _manager;
    private TestBoard _board = default!;

    public override async ValueTask InitializeAsync()
    {
        _studio = await StartStudioAsync(databases, typeof(GeneralReports), typeof(FunnelReports), typeof(BoardReports), typeof(StageFlowViews), typeof(StaffReports));
        _owner = await _studio.AddEmployeeAsync(EmployeeRole.Owner);
        _manager = await _studio.AddEmployeeAsync(EmployeeRole.Manager);
        _board = await _studio.AddBoardAsync(_owner, _manager);
        SignIn(_owner, EmployeeRole.Owner);
    }

    [Theory]
    [InlineData("en", "Staff", "This month")]
    [InlineData("uk", "Персонал", "Цей місяць")]
    public async Task TabAndPeriod_Changed_TheAddressKeepsBoardEmployeeSourceTagsAndBranch(string culture, string staffTab, string monthPreset)
    {
        UseCulture(culture);
        var dictionaries = _studio.Services.GetRequiredService<Studio.Infrastructure.Clients.DictionaryService>();
        var source = await dictionaries.CreateSourceAsync(_owner, "Instagram", Ct);
        var (vip, kids) = (await dictionaries.CreateTagAsync(_owner, "VIP", "#FFB300", Ct), await dictionaries.CreateTagAsync(_owner, "Kids", "#42A5F5", Ct));
        var nav = Ctx.Services.GetRequiredService<NavigationManager>();
        var day = _studio.Today.AddDays(-3);
        var from = ReportQuery.Text(day);
        nav.NavigateTo($"/reports?tab=boards&from={from}&to={from}&board={_board.Id}&employee={_manager}&source={source}&tags={vip},{kids}&bucket=week&branch={_studio.BranchId}");

        var cut = Ctx.Render<ReportsPage>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=board-totals]")), TimeSpan.FromSeconds(5));

        // The person opens the Staff tab by its name.
        cut.FindAll(".mud-tab").Single(t => t.TextContent.Trim() == staffTab).Click();
        var q = Query(nav);
        Assert.Equal(("staff", from, from), (q["tab"].ToString(), q["from"].ToString(), q["to"].ToString()));
        AssertFiltersKept(q, source, vip, kids);

        // Then "this month": the period changes, the filters stay.
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=staff-report]")), TimeSpan.FromSeconds(5));
        cut.FindAll("[data-testid=period-preset]").Single(b => b.TextContent.Trim() == monthPreset).Click();
        q = Query(nav);
        var today = _studio.Today;
        Assert.Equal(("staff", ReportQuery.Text(new DateOnly(today.Year, today.Month, 1)), ReportQuery.Text(today)), (q["tab"].ToString(), q["from"].ToString(), q["to"].ToString()));
        AssertFiltersKept(q, source, vip, kids);
    }

    private void AssertFiltersKept(Dictionary<string, Microsoft.Extensions.Primitives.StringValues> q, Guid source, Guid vip, Guid kids)
    {
        Assert.Equal(_board.Id.ToString(), q["board"]);
        Assert.Equal(_manager.ToString(), q["employee"]);
        Assert.Equal(source.ToString(), q["source"]);
        Assert.Equal([vip, kids], BoardReportQuery.Tags(q["tags"]));
        Assert.Equal("week", q["bucket"]);
        Assert.Equal(_studio.BranchId.ToString(), q["branch"]);
    }

    private static Dictionary<string, Microsoft.Extensions.Primitives.StringValues> Query(NavigationManager nav) =>
        QueryHelpers.ParseQuery(new Uri(nav.Uri).Query);
}
