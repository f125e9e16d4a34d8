namespace Studio.Domain.Clients;

/// <summary>
/// "Birthdays this week" (issue 17.16): the week holding the studio's today (its first day as the studio's culture
/// says), a year end inside it handled, and 29 February kept on 28 February in years without one.
/// </summary>
public static class Birthdays
{
    /// <summary>The seven days of the week holding <paramref name="today"/>, starting on <paramref name="firstDay"/>.</summary>
    public static (DateOnly From, DateOnly To) WeekOf(DateOnly today, DayOfWeek firstDay)
    {
        var from = today.AddDays(-(((int)today.DayOfWeek - (int)firstDay + 7) % 7));
        return (from, from.AddDays(6));
    }

    /// <summary>The day the birthday is kept in <paramref name="year"/>: 29 February on 28 February when the year has none.</summary>
    public static DateOnly InYear(DateOnly birth, int year) =>
        birth is { Month: 2, Day: 29 } && !DateTime.IsLeapYear(year) ? new(year, 2, 28) : new(year, birth.Month, birth.Day);

    /// <summary>The day within <paramref name="from"/>..<paramref name="to"/> (a week; it may cross a year end) the birthday is kept on, or none.</summary>
    public static DateOnly? Within(DateOnly birth, DateOnly from, DateOnly to)
    {
        for (var year = from.Year; year <= to.Year; year++)
        {
            var day = InYear(birth, year);
            if (day >= from && day <= to && day > birth) return day;
        }
        return null;
    }

    /// <summary>
    /// The birthdays the days <paramref name="from"/>..<paramref name="to"/> keep, as month × 100 + day (what the database
    /// compares): each day's own, and 29 February's on a 28 February without a 29th.
    /// </summary>
    public static IReadOnlyList<int> Keys(DateOnly from, DateOnly to)
    {
        var keys = new List<int>();
        for (var d = from; d <= to; d = d.AddDays(1))
        {
            keys.Add(d.Month * 100 + d.Day);
            if (d is { Month: 2, Day: 28 } && !DateTime.IsLeapYear(d.Year)) keys.Add(229);
        }
        return keys;
    }

    /// <summary>The age reached on the birthday kept on <paramref name="day"/>.</summary>
    public static int Turns(DateOnly birth, DateOnly day) => day.Year - birth.Year;

    /// <summary>Under this age a client is a child.</summary>
    public const int AdultAge = 18;
}
