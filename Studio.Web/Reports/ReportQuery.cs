using Studio.Infrastructure.Organisation;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Studio.Domain.Reports;
using Studio.Infrastructure.Reports;
using Studio.Web.Components.Shared;

namespace Studio.Web.Reports;

/// <summary>How reports write their period and filters in addresses (the page's and the export links').</summary>
public static class ReportQuery
{
    /// <summary>A yyyy-MM-dd day from an address, null when it is not one or lies outside <see cref="FirstDay"/>–<see cref="LastDay"/>
    /// (a far date in a link would otherwise run a page's arithmetic off the calendar's end).</summary>
    public static DateOnly? Day(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) && d >= FirstDay && d <= LastDay ? d : null;

    public static string Text(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string PeriodQuery(DateOnly from, DateOnly to) => $"from={Text(from)}&to={Text(to)}";

    /// <summary>The first and last day a filter in an address may name: wide for any studio, and far from the calendar's ends.</summary>
    public static readonly DateOnly FirstDay = new(2000, 1, 1), LastDay = new(2100, 12, 31);

    /// <summary>
    /// The period an export link carries (this month so far when it carries none), as UTC instants in the studio's zone.
    /// A day that is not yyyy-MM-dd, given twice, or outside <see cref="FirstDay"/>–<see cref="LastDay"/>, or a 'to' before
    /// the 'from', is a <see cref="BadQueryException"/> naming the parameter (a 400, never a guess or a failure).
    /// With a branch, the days are the branch's (its zone), as the page shows them.
    /// </summary>
    public static Period Period(IQueryCollection query, DateTime utcNow, OrganisationSettings org, Guid? branchId = null)
    {
        var today = org.Today(utcNow, branchId);
        var from = Bounded(query, "from") ?? new DateOnly(today.Year, today.Month, 1);
        var to = Bounded(query, "to") ?? today;
        if (to < from) throw new BadQueryException("to", BadQueryException.BeforeFrom);
        return ReportPeriods.ToUtc(from, to, org.ZoneOf(branchId));
    }

    /// <summary>The day in the named parameter, null when it is absent or empty.</summary>
    public static DateOnly? Bounded(IQueryCollection query, string name)
    {
        var values = query[name];
        if (values.Count == 0 || (values.Count == 1 && string.IsNullOrEmpty(values[0]))) return null;
        if (values.Count > 1 || Day(values[0]) is not { } day || day < FirstDay || day > LastDay)
            throw new BadQueryException(name, BadQueryException.NotADay);
        return day;
    }
}

/// <summary>A filter in an export's address that cannot be used: <see cref="Parameter"/> names it, <see cref="Code"/> says why.</summary>
public sealed class BadQueryException(string parameter, string code) : Exception($"{parameter}: {code}")
{
    public const string NotADay = "Export.BadDay";
    public const string BeforeFrom = "Export.ToBeforeFrom";

    public string Parameter { get; } = parameter;
    public string Code { get; } = code;

    public string Text(Microsoft.Extensions.Localization.IStringLocalizer L) =>
        L[Code, Parameter, ReportQuery.Text(ReportQuery.FirstDay), ReportQuery.Text(ReportQuery.LastDay)];
}
