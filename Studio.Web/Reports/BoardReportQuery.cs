using Microsoft.AspNetCore.Http;
using Studio.Domain.Reports;

namespace Studio.Web.Reports;

/// <summary>How the board and staff reports write their filters in addresses (the tab's and the export links').</summary>
public static class BoardReportQuery
{
    public static string Of(DateOnly from, DateOnly to, Guid boardId, Guid? employeeId) =>
        ReportQuery.PeriodQuery(from, to) + $"&board={boardId}" + (employeeId is { } e ? $"&employee={e}" : "");

    public static string Staff(DateOnly from, DateOnly to, Guid? employeeId, SalesBucket bucket) =>
        ReportQuery.PeriodQuery(from, to) + (employeeId is { } e ? $"&employee={e}" : "") + (bucket == SalesBucket.Week ? "&bucket=week" : "");

    public static Guid? Id(IQueryCollection query, string name) => Guid.TryParse(query[name], out var id) ? id : null;

    public static SalesBucket Bucket(string? text) => string.Equals(text, "week", StringComparison.OrdinalIgnoreCase) ? SalesBucket.Week : SalesBucket.Day;
}
