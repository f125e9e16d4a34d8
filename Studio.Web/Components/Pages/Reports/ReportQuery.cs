using System.Globalization;
using Microsoft.AspNetCore.Http;
using Studio.Domain.Reports;
using Studio.Infrastructure.Reports;
using Studio.Web.Components.Shared;

namespace Studio.Web.Components.Pages.Reports;

/// <summary>How reports write their period and filters in addresses (the page's and the export links').</summary>
public static class ReportQuery
{
    public static DateOnly? Day(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    public static string Text(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string PeriodQuery(DateOnly from, DateOnly to) => $"from={Text(from)}&to={Text(to)}";

    /// <summary>The period an export link carries (this month so far when it carries none), as UTC instants in the studio's zone.</summary>
    public static Period Period(IQueryCollection query, DateTime utcNow)
    {
        var today = DateOnly.FromDateTime(Formats.Local(utcNow));
        var from = Day(query["from"]) ?? new DateOnly(today.Year, today.Month, 1);
        var to = Day(query["to"]) ?? today;
        return ReportPeriods.ToUtc(from, to, Formats.Zone);
    }
}
