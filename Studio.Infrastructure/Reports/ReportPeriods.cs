using Studio.Domain.Reports;
using Studio.Domain.Common;

namespace Studio.Infrastructure.Reports;

/// <summary>Reporting periods as people pick them (whole local days, both ends included) and as queries use them (UTC instants).</summary>
public static class ReportPeriods
{
    /// <summary>From the first day's midnight to the midnight after the last day, in the studio's zone.</summary>
    public static Period ToUtc(DateOnly from, DateOnly to, TimeZoneInfo zone)
    {
        if (to < from) (from, to) = (to, from);
        return new(Utc(from, zone), Utc(to.AddDays(1), zone));
    }

    private static DateTime Utc(DateOnly day, TimeZoneInfo zone) =>
        Zones.ToUtc(day.ToDateTime(TimeOnly.MinValue), zone);
}
