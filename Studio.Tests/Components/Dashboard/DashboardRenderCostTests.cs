using Bunit;
using MudBlazor;
using Studio.Domain.Organisation;
using Studio.Domain.Reports;
using Studio.Infrastructure.Reports;
using Studio.Web.Dashboard;
using Xunit;
using Studio.Infrastructure.Dashboard;
using Studio.Domain.Dashboard;

namespace Studio.Tests.Components.Dashboard;

/// <summary>
/// The dashboard costs the change (ADR-008): a new snapshot with one moved figure renders that figure's tile and nothing
/// else; one with no figure moved renders no tile and not the staff table. Counted with bUnit's render counts of each
/// tile's paper (the same component before tiles became their own, so these counts compare the old and the new): a
/// count grows when the paper or anything in it renders.
/// </summary>
public sealed class DashboardRenderCostTests : MudComponentTest
{
    private static readonly DateTime Now = new(2026, 11, 23, 9, 0, 0, DateTimeKind.Utc);
    private static readonly Guid Sales = Guid.NewGuid(), Kids = Guid.NewGuid(), Manager = Guid.NewGuid(), Teacher = Guid.NewGuid();

    private static DashboardSnapshot Snapshot(long sequence, int newLeads = 3, int overdue = 2, int teacherTasks = 1, int minute = 0, int debtors = 4) =>
        new(sequence, Now.AddMinutes(minute), new DateOnly(2026, 11, 23), new LessonsToday(4, 2, 1), newLeads, 1, overdue, 1,
            [new DashboardBoard(Kids, "Kids", 1, 0, 1), new DashboardBoard(Sales, "Sales", newLeads - 1, 1, 0)],
            [new StaffLoadView(Teacher, "Olena Koval", "OK", EmployeeRole.Teacher, 3, teacherTasks, 0), new StaffLoadView(Manager, "Andrii Shevchenko", "AS", EmployeeRole.Manager, 0, 4, 2)],
            Now.AddHours(1)) { Birthdays = 1, Debtors = debtors };

    // The snapshot shown last: the next follows it as the node's feed makes it (DashboardSnapshot.Reuse).
    private DashboardSnapshot? _shown;

    private IRenderedComponent<DashboardTiles> Render(DashboardSnapshot s)
    {
        _shown = s;
        return Ctx.Render<DashboardTiles>(p => p.Add(c => c.Snapshot, s));
    }

    private void Show(IRenderedComponent<DashboardTiles> cut, DashboardSnapshot s)
    {
        _shown = s.Reuse(_shown);
        cut.Render(p => p.Add(c => c.Snapshot, _shown));
    }

    /// <summary>Render counts by tile kind, and of the staff table as "staff".</summary>
    private static Dictionary<string, int> Renders(IRenderedComponent<DashboardTiles> cut) =>
        cut.FindComponents<MudPaper>().ToDictionary(
            p => p.Instance.UserAttributes.TryGetValue("data-kind", out var kind) ? (string)kind! : "staff",
            p => p.RenderCount);

    private static Dictionary<string, int> Plus(Dictionary<string, int> counts, params string[] rendered) =>
        counts.ToDictionary(kv => kv.Key, kv => kv.Value + (rendered.Contains(kv.Key) ? 1 : 0));

    [Fact]
    public void NewSnapshot_OneFigureMoved_RendersThatTileOnly()
    {
        var cut = Render(Snapshot(1));
        var before = Renders(cut);
        Assert.Equal(8, before.Count);                       // seven tiles and the staff table

        Show(cut, Snapshot(2, newLeads: 4));

        Assert.Equal(Plus(before, "new-leads"), Renders(cut));
        Assert.Equal("4", cut.Find("[data-kind=new-leads]").GetAttribute("data-value"));
        Assert.Equal("+1", cut.Find("[data-kind=new-leads] [data-testid=dashboard-delta]").TextContent);
    }

    [Fact]
    public void NewSnapshot_OnlyTheDebtorsMoved_RendersTheDebtorsTileOnly()
    {
        var cut = Render(Snapshot(1));
        var before = Renders(cut);

        Show(cut, Snapshot(2, debtors: 3));

        Assert.Equal(Plus(before, "debtors"), Renders(cut));
        Assert.Equal("−1", cut.Find("[data-kind=debtors] [data-testid=dashboard-delta]").TextContent);
    }

    [Fact]
    public void NewSnapshot_NoFigureMoved_RendersNoTileAndNotTheStaff()
    {
        var cut = Render(Snapshot(1));
        var before = Renders(cut);

        Show(cut, Snapshot(2, minute: 5));                   // read again later, nothing moved

        Assert.Equal(before, Renders(cut));
    }

    [Fact]
    public void NewSnapshot_OnlyAnEmployeesLoadMoved_RendersTheStaffTableOnly()
    {
        var cut = Render(Snapshot(1));
        var before = Renders(cut);

        Show(cut, Snapshot(2, teacherTasks: 2));

        var after = Renders(cut);
        Assert.True(after["staff"] > before["staff"]);       // the table's MudBlazor parts may take more than one batch
        after["staff"] = before["staff"];
        Assert.Equal(before, after);
        Assert.Equal("2", cut.Find($"[data-testid=dashboard-staff-row][data-employee='{Teacher}']").GetAttribute("data-open"));
    }

    [Fact]
    public void NewSnapshot_TwoFiguresMoved_RendersThoseTwoTiles_AndTheNextChangeLeavesTheirDeltasAlone()
    {
        var cut = Render(Snapshot(1));
        var before = Renders(cut);

        Show(cut, Snapshot(2, newLeads: 4, overdue: 1));
        Show(cut, Snapshot(3, newLeads: 4, overdue: 1, minute: 1));

        Assert.Equal(Plus(before, "new-leads", "overdue-calls"), Renders(cut));
        Assert.Equal(["+1", "−1"], cut.FindAll("[data-testid=dashboard-delta]").Select(d => d.TextContent));
    }

    [Fact]
    public void Reuse_NoFigureMoved_KeepsTheReadTimeAndTheLists()
    {
        var first = Snapshot(1);
        var again = Snapshot(2, minute: 5).Reuse(first);

        Assert.Equal(first.LoadedAt, again.LoadedAt);
        Assert.Same(first.Boards, again.Boards);
        Assert.Same(first.Staff, again.Staff);
        Assert.Equal(2, again.Sequence);
        Assert.True(again.SameFigures(first));

        var moved = Snapshot(3, newLeads: 5, minute: 6).Reuse(again);
        Assert.Equal(Now.AddMinutes(6), moved.LoadedAt);
        Assert.NotSame(again.Boards, moved.Boards);
        Assert.Same(again.Staff, moved.Staff);
        Assert.False(moved.SameFigures(again));
    }
}
