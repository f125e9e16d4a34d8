using Microsoft.AspNetCore.Http;
using Studio.Domain.Reports;

namespace Studio.Web.Reports;

/// <summary>How the board and staff reports write their filters in addresses (the tab's and the export links').</summary>
public static class BoardReportQuery
{
    public static string Of(DateOnly from, DateOnly to, Guid boardId, Guid? employeeId, Guid? sourceId = null, Guid? branchId = null,
        IReadOnlyList<Guid>? tagIds = null) =>
        ReportQuery.PeriodQuery(from, to) + $"&board={boardId}" + (employeeId is { } e ? $"&employee={e}" : "")
        + (sourceId is { } s ? $"&source={s}" : "") + Branch(branchId) + (tagIds is { Count: > 0 } t ? $"&tags={string.Join(',', t)}" : "");

    /// <summary>The top bar's branch as reports carry it ("&amp;branch=…"; nothing for all branches).</summary>
    public static string Branch(Guid? branchId) => branchId is { } b ? $"&branch={b}" : "";

    /// <summary>Tags as an address writes them: ids separated by commas; anything unreadable is left out.</summary>
    public static IReadOnlyList<Guid> Tags(string? text) =>
        [.. (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(t => Guid.TryParse(t, out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty).Distinct()];

    public static string Staff(DateOnly from, DateOnly to, Guid? employeeId, SalesBucket bucket) =>
        ReportQuery.PeriodQuery(from, to) + (employeeId is { } e ? $"&employee={e}" : "") + (bucket == SalesBucket.Week ? "&bucket=week" : "");

    public static Guid? Id(IQueryCollection query, string name) => Guid.TryParse(query[name], out var id) ? id : null;

    public static SalesBucket Bucket(string? text) => string.Equals(text, "week", StringComparison.OrdinalIgnoreCase) ? SalesBucket.Week : SalesBucket.Day;
}
