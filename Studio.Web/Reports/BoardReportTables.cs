using Microsoft.Extensions.Localization;
using Studio.Domain.Reports;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Reports;
using Studio.Web.Reports;
using Studio.Web.Components.Shared;
using Studio.Web.Resources;

namespace Studio.Web.Reports;

/// <summary>
/// The board analytics' tables as exports, each with the filters the tab shows (period, board, employee, source, branch, tags) and the same rows.
/// The figures are grouped in the database first, so a table is a handful of rows; they are still written as they are yielded.
/// </summary>
public abstract class BoardReportTable(BoardReports reports, TimeProvider clock, OrganisationSettingsSource settings) : IReportTable
{
    public abstract string Name { get; }

    public async Task<ReportTable> BuildAsync(Guid actorId, IQueryCollection query, IStringLocalizer<SharedResource> L, CancellationToken ct)
    {
        var boardId = BoardReportQuery.Id(query, "board") ?? throw new Studio.Domain.Common.DomainException("Error.Required", "Board");
        var org = await settings.GetAsync(ct);
        var branchId = BoardReportQuery.Id(query, "branch");
        var period = ReportQuery.Period(query, clock.GetUtcNow().UtcDateTime, org, branchId);
        var view = await reports.AnalyticsAsync(actorId, new BoardReportFilter(boardId, period, BoardReportQuery.Id(query, "employee"),
            BoardReportQuery.Id(query, "source"), branchId, BoardReportQuery.Tags(query["tags"])), ct);
        var (headers, rows) = Table(view, L);
        return new ReportTable($"{Name}-{org.Local(period.From, branchId):yyyy-MM-dd}", headers, Yield(rows));
    }

    protected abstract (IReadOnlyList<string> Headers, IEnumerable<IReadOnlyList<object?>> Rows) Table(BoardAnalyticsView view, IStringLocalizer<SharedResource> L);

    internal static string Person(BoardAnalyticsView v, Guid? id, IStringLocalizer<SharedResource> L) =>
        id is { } x && v.Board.People.TryGetValue(x, out var n) ? n : L["Reports.NoOne"];

    internal static async IAsyncEnumerable<IReadOnlyList<object?>> Yield(IEnumerable<IReadOnlyList<object?>> rows)
    {
        foreach (var row in rows)
        {
            yield return row;
            await Task.Yield();
        }
    }
}

public sealed class BoardOutcomesTable(BoardReports reports, TimeProvider clock, OrganisationSettingsSource settings) : BoardReportTable(reports, clock, settings)
{
    public override string Name => "board-outcomes";

    protected override (IReadOnlyList<string>, IEnumerable<IReadOnlyList<object?>>) Table(BoardAnalyticsView v, IStringLocalizer<SharedResource> L) =>
        ([L["Reports.Employee"], L["Reports.Boards.Trials"], L["Reports.Boards.Losses"], L["Reports.Boards.Wins"]],
         v.PerEmployee.Select(r => (IReadOnlyList<object?>)[Person(v, r.EmployeeId, L), r.Trials, r.Losses, r.Wins])
             .Append([L["Reports.Total"].Value, v.Totals.Trials, v.Totals.Losses, v.Totals.Wins]));
}

public sealed class BoardLossesTable(BoardReports reports, TimeProvider clock, OrganisationSettingsSource settings) : BoardReportTable(reports, clock, settings)
{
    public override string Name => "board-losses";

    protected override (IReadOnlyList<string>, IEnumerable<IReadOnlyList<object?>>) Table(BoardAnalyticsView v, IStringLocalizer<SharedResource> L) =>
        ([L["Reports.Boards.Reason"], L["Reports.Boards.Losses"]],
         v.Losses.Select(r => (IReadOnlyList<object?>)[v.Board.LossReasons.FirstOrDefault(x => x.Id == r.ReasonId)?.Name ?? L["Reports.NotSet"], r.Losses]));
}

public sealed class BoardConversionTable(BoardReports reports, TimeProvider clock, OrganisationSettingsSource settings) : BoardReportTable(reports, clock, settings)
{
    public override string Name => "board-conversion";

    protected override (IReadOnlyList<string>, IEnumerable<IReadOnlyList<object?>>) Table(BoardAnalyticsView v, IStringLocalizer<SharedResource> L) =>
        ([L["Reports.Boards.FromStage"], L["Reports.Boards.ToStage"], L["Reports.Boards.Entered"], L["Reports.Boards.WentOn"], "%"],
         v.Conversion.Select(r => (IReadOnlyList<object?>)[v.Board.StageName(r.FromStageId), v.Board.StageName(r.ToStageId), r.Entered, r.WentOn, r.Percent]));
}

public sealed class BoardStageTimeTable(BoardReports reports, TimeProvider clock, OrganisationSettingsSource settings) : BoardReportTable(reports, clock, settings)
{
    public override string Name => "board-stage-time";

    protected override (IReadOnlyList<string>, IEnumerable<IReadOnlyList<object?>>) Table(BoardAnalyticsView v, IStringLocalizer<SharedResource> L) =>
        ([L["Reports.Boards.Stage"], L["Reports.Boards.Stays"], L["Reports.Boards.AverageHours"], L["Reports.Boards.MedianHours"]],
         v.Times.OrderBy(t => v.Board.StageOrder(t.StageId))
             .Select(r => (IReadOnlyList<object?>)[v.Board.StageName(r.StageId), r.Stays, r.AverageHours, r.MedianHours]));
}

/// <summary>The staff report's tables as exports, with the tab's filters (period, employee, day or week, branch).</summary>
public abstract class StaffReportTable(StaffReports reports, TimeProvider clock, OrganisationSettingsSource settings) : IReportTable
{
    public abstract string Name { get; }

    public async Task<ReportTable> BuildAsync(Guid actorId, IQueryCollection query, IStringLocalizer<SharedResource> L, CancellationToken ct)
    {
        var org = await settings.GetAsync(ct);
        var branchId = BoardReportQuery.Id(query, "branch");
        var period = ReportQuery.Period(query, clock.GetUtcNow().UtcDateTime, org, branchId);
        var view = await reports.ReportAsync(actorId, period, BoardReportQuery.Id(query, "employee"), BoardReportQuery.Bucket(query["bucket"]), branchId, ct);
        var (headers, rows) = Table(view, L);
        return new ReportTable($"{Name}-{org.Local(period.From, branchId):yyyy-MM-dd}", headers, BoardReportTable.Yield(rows));
    }

    protected abstract (IReadOnlyList<string> Headers, IEnumerable<IReadOnlyList<object?>> Rows) Table(StaffReportView view, IStringLocalizer<SharedResource> L);

    internal static string Person(StaffReportView v, Guid id) => v.People.GetValueOrDefault(id) ?? "?";
}

public sealed class StaffManagersTable(StaffReports reports, TimeProvider clock, OrganisationSettingsSource settings) : StaffReportTable(reports, clock, settings)
{
    public override string Name => "staff-managers";

    protected override (IReadOnlyList<string>, IEnumerable<IReadOnlyList<object?>>) Table(StaffReportView v, IStringLocalizer<SharedResource> L) =>
        ([L["Reports.Employee"], L["Reports.Staff.ActiveDeals"], L["Reports.Staff.ClosedDeals"], L["Reports.Staff.WonDeals"], L["Reports.Staff.Payments"],
          L["Reports.Staff.Revenue"], L["Reports.Staff.TasksDone"], L["Reports.Staff.TasksOverdue"]],
         v.Managers.Select(r => (IReadOnlyList<object?>)[Person(v, r.EmployeeId), r.ActiveDeals, r.ClosedDeals, r.WonDeals, r.Payments, r.Revenue,
             r.TasksDone, r.TasksOverdue]));
}

public sealed class StaffTeachersTable(StaffReports reports, TimeProvider clock, OrganisationSettingsSource settings) : StaffReportTable(reports, clock, settings)
{
    public override string Name => "staff-teachers";

    protected override (IReadOnlyList<string>, IEnumerable<IReadOnlyList<object?>>) Table(StaffReportView v, IStringLocalizer<SharedResource> L) =>
        ([L["Reports.Employee"], L["Reports.Staff.LessonsHeld"], L["Reports.Staff.Minutes"]],
         v.Teachers.Select(r => (IReadOnlyList<object?>)[Person(v, r.EmployeeId), r.LessonsHeld, r.Minutes]));
}

public sealed class StaffSalesTable(StaffReports reports, TimeProvider clock, OrganisationSettingsSource settings) : StaffReportTable(reports, clock, settings)
{
    public override string Name => "staff-sales";

    protected override (IReadOnlyList<string>, IEnumerable<IReadOnlyList<object?>>) Table(StaffReportView v, IStringLocalizer<SharedResource> L) =>
        ([L["Reports.Staff.Day"], L["Reports.Employee"], L["Reports.Staff.Payments"], L["Reports.Staff.Revenue"]],
         v.Sales.Select(r => (IReadOnlyList<object?>)[r.Day, Person(v, r.EmployeeId), r.Payments, r.Amount]));
}

public static class ReportTablesSetup
{
    /// <summary>The board analytics' and staff report's exports.</summary>
    public static IServiceCollection AddBoardAndStaffReportTables(this IServiceCollection services) => services
        .AddSingleton<IReportTable, BoardOutcomesTable>().AddSingleton<IReportTable, BoardLossesTable>()
        .AddSingleton<IReportTable, BoardConversionTable>().AddSingleton<IReportTable, BoardStageTimeTable>()
        .AddSingleton<IReportTable, StaffManagersTable>().AddSingleton<IReportTable, StaffTeachersTable>()
        .AddSingleton<IReportTable, StaffSalesTable>();
}
