using Studio.Domain.Clients;
using Xunit;

namespace Studio.Tests.Domain.Clients;

/// <summary>The week of "birthdays this week", its year-end wrap and 29 February (issue 17.16).</summary>
public sealed class BirthdaysTests
{
    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    [Theory]
    [InlineData(2026, 12, 31, DayOfWeek.Monday, 2026, 12, 28, 2027, 1, 3)]   // Thursday: the week crosses the year end
    [InlineData(2026, 12, 28, DayOfWeek.Monday, 2026, 12, 28, 2027, 1, 3)]   // its Monday
    [InlineData(2027, 1, 3, DayOfWeek.Monday, 2026, 12, 28, 2027, 1, 3)]     // its Sunday, already next year
    [InlineData(2026, 12, 31, DayOfWeek.Sunday, 2026, 12, 27, 2027, 1, 2)]   // a culture whose week starts on Sunday
    public void WeekOf_TheSevenDaysFromTheCulturesFirstDay(int y, int m, int d, DayOfWeek first, int fy, int fm, int fd, int ty, int tm, int td)
    {
        Assert.Equal((D(fy, fm, fd), D(ty, tm, td)), Birthdays.WeekOf(D(y, m, d), first));
    }

    [Fact]
    public void Within_AWeekAcrossTheYearEnd_FindsEachBirthdayInItsOwnYear()
    {
        var (from, to) = (D(2026, 12, 28), D(2027, 1, 3));

        Assert.Equal(D(2026, 12, 30), Birthdays.Within(D(1990, 12, 30), from, to));
        Assert.Equal(D(2027, 1, 2), Birthdays.Within(D(2015, 1, 2), from, to));
        Assert.Null(Birthdays.Within(D(1990, 1, 4), from, to));
        Assert.Null(Birthdays.Within(D(1990, 12, 27), from, to));
        Assert.Equal(12, Birthdays.Turns(D(2015, 1, 2), D(2027, 1, 2)));
    }

    [Fact]
    public void LeapDay_KeptOnThe28thInAYearWithoutOne_AndOnItsOwnDayInALeapYear()
    {
        var born = D(2000, 2, 29);

        Assert.Equal(D(2027, 2, 28), Birthdays.Within(born, D(2027, 2, 22), D(2027, 2, 28)));
        Assert.Null(Birthdays.Within(born, D(2027, 3, 1), D(2027, 3, 7)));             // not carried to 1 March
        Assert.Equal(D(2028, 2, 29), Birthdays.Within(born, D(2028, 2, 28), D(2028, 3, 5)));
        Assert.Null(Birthdays.Within(born, D(2028, 2, 21), D(2028, 2, 27)));           // a leap year: not on the 28th
        Assert.Contains(229, Birthdays.Keys(D(2027, 2, 22), D(2027, 2, 28)));
        Assert.DoesNotContain(229, Birthdays.Keys(D(2028, 2, 21), D(2028, 2, 27)));
        Assert.Equal([1228, 1229, 1230, 1231, 101, 102, 103], Birthdays.Keys(D(2026, 12, 28), D(2027, 1, 3)));
    }

    [Fact]
    public void Within_BornThisWeek_IsNoBirthdayYet()
    {
        Assert.Null(Birthdays.Within(D(2026, 12, 29), D(2026, 12, 28), D(2027, 1, 3)));
    }
}
