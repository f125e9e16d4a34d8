using Studio.Domain.Pipelines;

namespace Studio.Tests.Domain.Pipelines;

public sealed class StaleRuleTests
{
    private static readonly DateTime Entered = new(2026, 11, 1, 8, 30, 0, DateTimeKind.Utc);

    public static readonly TheoryData<StageKind, int?, TimeSpan, bool> Cases = new()
    {
        // open stages with a limit of 3 days
        { StageKind.Open, 3, TimeSpan.FromDays(2), false },
        { StageKind.Open, 3, TimeSpan.FromDays(3), false },                          // exactly at the limit
        { StageKind.Open, 3, TimeSpan.FromDays(3) + TimeSpan.FromTicks(1), true },   // just over it
        { StageKind.Open, 3, TimeSpan.FromDays(40), true },
        { StageKind.Start, 3, TimeSpan.FromDays(3), false },
        { StageKind.Start, 3, TimeSpan.FromDays(4), true },
        // no limit: never stale
        { StageKind.Open, null, TimeSpan.FromDays(400), false },
        { StageKind.Start, null, TimeSpan.FromDays(400), false },
        // final stages are never stale, whatever the limit says
        { StageKind.Won, 3, TimeSpan.FromDays(40), false },
        { StageKind.Lost, 3, TimeSpan.FromDays(40), false },
    };

    [Theory, MemberData(nameof(Cases))]
    public void IsStale_KindLimitAndTimeInStage_Decides(StageKind kind, int? limitDays, TimeSpan inStage, bool expected) =>
        Assert.Equal(expected, StaleRule.IsStale(kind, limitDays, Entered, Entered + inStage));

    [Theory]
    [InlineData(0, 0)]
    [InlineData(23.99, 0)]
    [InlineData(24, 1)]
    [InlineData(24 * 7 + 5, 7)]
    [InlineData(-5, 0)]
    public void DaysInStage_HoursInStage_CountsWholeDaysNeverNegative(double hours, int expected) =>
        Assert.Equal(expected, StaleRule.DaysInStage(Entered, Entered.AddHours(hours)));
}
