using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Studio.Domain.Organisation;
using Studio.Domain.Reports;
using Studio.Infrastructure.Reports;
using Studio.Web.Dashboard;
using Xunit;
using Studio.Infrastructure.Dashboard;
using Studio.Domain.Dashboard;

namespace Studio.Tests.Components.Dashboard;

public sealed class DashboardTilesTests : MudComponentTest
{
    private static readonly DateTime Now = new(2026, 11, 23, 9, 0, 0, DateTimeKind.Utc);
    private static readonly Guid Sales = Guid.NewGuid(), Kids = Guid.NewGuid(), Manager = Guid.NewGuid(), Teacher = Guid.NewGuid();
    private static DashboardSnapshot Snapshot(long sequence = 1, int newLeads = 3, int wins = 1, int overdue = 2, IReadOnlyList<StaffLoadView>? staff = null) =>
        new(sequence, Now, new DateOnly(2026, 11, 23), new LessonsToday(4, 2, 1), newLeads, wins, overdue, 1,
            [new DashboardBoard(Kids, "Kids", 1, 0, 1), new DashboardBoard(Sales, "Sales", newLeads - 1, wins, 0)],
            staff ?? [new StaffLoadView(Teacher, "Olena Koval", "OK", EmployeeRole.Teacher, 3, 1, 0), new StaffLoadView(Manager, "Andrii Shevchenko", "AS", EmployeeRole.Manager, 0, 4, 2)],
            Now.AddHours(1)) { Birthdays = 2, Debtors = 5 };

    private IRenderedComponent<DashboardTiles> Render(DashboardSnapshot s) => Ctx.Render<DashboardTiles>(p => p.Add(c => c.Snapshot, s));

    private static Dictionary<string, string?> Values(IRenderedComponent<DashboardTiles> cut) =>
        cut.FindAll("[data-testid=dashboard-tile]").ToDictionary(t => t.GetAttribute("data-kind")!, t => t.GetAttribute("data-value"));

    [Fact]
    public void Render_Snapshot_ATileForEachFigureWithItsNumberAndWhereItComesFrom()
    {
        var cut = Render(Snapshot());

        Assert.Equal(new Dictionary<string, string?>
        {
            ["lessons-today"] = "6", ["new-leads"] = "3", ["wins"] = "1", ["overdue-calls"] = "2", ["stale-deals"] = "1",
            ["birthdays"] = "2", ["debtors"] = "5",
        }, Values(cut));
        string Href(string kind) => cut.Find($"[data-kind={kind}] a.dashboard-tile-link").GetAttribute("href")!;
        Assert.Equal("/schedule", Href("lessons-today"));
        Assert.Equal("/boards", Href("new-leads"));                          // two boards brought leads
        Assert.Equal($"/boards/{Sales}?period=today", Href("wins"));        // one board won: straight to it
        Assert.Equal("/tasks?scope=all&kind=PersonalCall&overdue=true", Href("overdue-calls"));
        Assert.Equal($"/boards/{Kids}", Href("stale-deals"));
        Assert.Equal("/clients/birthdays", Href("birthdays"));
        Assert.Equal("/clients/debtors", Href("debtors"));
        Assert.Contains("dashboard-tile--alert", cut.Find("[data-kind=debtors]").ClassName);
        Assert.Equal(["4", "2", "1"], new[] { "planned", "held", "cancelled" }.Select(k => cut.Find($"[data-kind=lessons-{k}]").GetAttribute("data-value")));
        Assert.Equal(["Kids", "Sales"], cut.FindAll("[data-kind=new-leads-board] .dashboard-tile-line-name").Select(e => e.TextContent));
        Assert.Empty(cut.FindAll("[data-testid=dashboard-delta]"));
    }

    [Theory]
    [InlineData("en", "Birthdays this week: 2", "Debtors: 5")]
    [InlineData("uk", "Дні народження цього тижня: 2", "Боржники: 5")]
    public void Render_BirthdaysAndDebtors_NamedInTheLanguageOfTheScreen(string culture, string birthdays, string debtors)
    {
        UseCulture(culture);
        var cut = Render(Snapshot());

        Assert.Equal(birthdays, cut.Find("[data-kind=birthdays] a.dashboard-tile-link").GetAttribute("aria-label"));
        Assert.Equal(debtors, cut.Find("[data-kind=debtors] a.dashboard-tile-link").GetAttribute("aria-label"));
    }

    [Fact]
    public void Render_StaffLoad_ARowPerEmployeeWithOverdueLinkedToTheirTasks()
    {
        var cut = Render(Snapshot());

        var rows = cut.FindAll("[data-testid=dashboard-staff-row]");
        Assert.Equal([Teacher.ToString(), Manager.ToString()], rows.Select(r => r.GetAttribute("data-employee")));
        Assert.Equal(["3", "1", "0"], new[] { "data-lessons", "data-open", "data-overdue" }.Select(a => rows[0].GetAttribute(a)));
        Assert.Contains("Olena Koval", rows[0].TextContent);
        Assert.Equal($"/tasks?scope=all&executor={Manager}&overdue=true", rows[1].QuerySelector("a.task-overdue")!.GetAttribute("href"));
    }

    [Fact]
    public void Render_NoStaff_SaysHowToAddThem()
    {
        var cut = Render(Snapshot(staff: []));

        Assert.Empty(cut.FindAll("[data-testid=dashboard-staff-row]"));
        Assert.Equal("/settings/staff", cut.Find("[data-testid=dashboard-staff] a").GetAttribute("href"));
    }

    [Fact]
    public void NewSnapshot_NumbersMoveInPlace_WithTheirDeltaAndAHighlight()
    {
        var cut = Render(Snapshot());

        cut.Render(p => p.Add(c => c.Snapshot, Snapshot(sequence: 2, newLeads: 4, wins: 2, overdue: 1)));

        Assert.Equal("4", Values(cut)["new-leads"]);
        Assert.Equal("2", Values(cut)["wins"]);
        string? Delta(string kind) => cut.FindAll($"[data-kind={kind}] [data-testid=dashboard-delta]").SingleOrDefault()?.TextContent;
        Assert.Equal("+1", Delta("new-leads"));
        Assert.Equal("+1", Delta("wins"));
        Assert.Equal("−1", Delta("overdue-calls"));
        // What the tile shows is in its link's name (axe: label-content-name-mismatch), the move too while it shows.
        Assert.Equal("Overdue calls: 1 −1", cut.Find("[data-kind=overdue-calls] a.dashboard-tile-link").GetAttribute("aria-label"));
        Assert.Null(Delta("lessons-today"));                                   // unchanged: no delta, no flash
        Assert.Equal(3, cut.FindAll(".dashboard-flash").Count);
    }
}
