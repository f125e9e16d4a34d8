using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Studio.Web.Reports;
using Studio.Web.Schedule;

namespace Studio.Tests.Web.Host;

/// <summary>
/// Dates typed into addresses (the schedule's ?date=, the reports' ?from=&amp;to=) stay within 2000–2100: a far date is
/// read as no date on a screen, and named in a 400 by an export, never run off the calendar's end.
/// </summary>
public sealed class FarDatesTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    [Theory]
    [InlineData("9999-12-31")]
    [InlineData("9999-12-27")]
    [InlineData("0001-01-01")]
    [InlineData("2101-01-01")]
    [InlineData("1999-12-31")]
    public void Schedule_DateOffTheRange_ShowsToday_AndItsWeekCanBeWatched(string date)
    {
        var filter = ScheduleFilter.Parse(date, "week", null, null, null, null, null, Today);

        var week = filter.Range(Guid.NewGuid());

        Assert.Equal(Today, filter.Date);
        Assert.InRange(Today, week.From, week.From.AddDays(week.Days - 1));
    }

    [Theory]
    [InlineData("2000-01-01")]
    [InlineData("2100-12-31")]
    public void Schedule_DateAtTheRangesEnds_Kept(string date)
    {
        var filter = ScheduleFilter.Parse(date, "week", null, null, null, null, null, Today);

        var week = filter.Range(Guid.NewGuid());

        Assert.Equal(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), filter.Date);
        Assert.InRange(filter.Date, week.From, week.From.AddDays(week.Days - 1));
    }

    [Theory]
    [InlineData("from", "9999-12-31")]
    [InlineData("to", "0001-01-01")]
    [InlineData("to", "31.12.2026")]
    public void ExportPeriod_DayOffTheRangeOrNotIso_NamedInTheRefusal(string name, string value)
    {
        var query = new QueryCollection(new Dictionary<string, StringValues> { [name] = value });

        var refused = Assert.Throws<BadQueryException>(() => ReportQuery.Period(query, new DateTime(2026, 11, 23, 9, 0, 0, DateTimeKind.Utc), Studio.Infrastructure.Organisation.OrganisationSettings.Default));

        Assert.Equal(name, refused.Parameter);
    }
}
