using Studio.Domain.Pipelines;

namespace Studio.Tests.Domain.Pipelines;

public sealed class CallbackColourTests
{
    private static readonly DateTime Due = new(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    /// <summary>How long before (negative) or after the due time "now" is, and the colour then.</summary>
    public static readonly TheoryData<TimeSpan, CallbackState> Colours = new()
    {
        { TimeSpan.FromDays(-2), CallbackState.Yellow },
        { TimeSpan.FromMinutes(-15) - Tick, CallbackState.Yellow },
        { TimeSpan.FromMinutes(-15), CallbackState.Green },
        { TimeSpan.Zero, CallbackState.Green },
        { TimeSpan.FromMinutes(15) - Tick, CallbackState.Green },
        { TimeSpan.FromMinutes(15), CallbackState.Red },
        { TimeSpan.FromDays(3), CallbackState.Red },
    };

    [Theory, MemberData(nameof(Colours))]
    public void At_NowRelativeToDue_GivesColour(TimeSpan nowMinusDue, CallbackState expected) =>
        Assert.Equal(expected, CallbackColour.At(Due, Due + nowMinusDue));

    [Fact]
    public void At_NoCallback_IsNone() =>
        Assert.Equal(CallbackState.None, CallbackColour.At(null, Due));

    public static readonly TheoryData<TimeSpan, TimeSpan?> Changes = new()
    {
        { TimeSpan.FromHours(-1), TimeSpan.FromMinutes(-15) },
        { TimeSpan.FromMinutes(-15), TimeSpan.FromMinutes(15) },
        { TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15) },
        { TimeSpan.FromMinutes(15), null },
    };

    [Theory, MemberData(nameof(Changes))]
    public void NextChange_NowRelativeToDue_IsTheNextBoundaryOrNone(TimeSpan nowMinusDue, TimeSpan? changeMinusDue) =>
        Assert.Equal(Due + changeMinusDue, CallbackColour.NextChange(Due, Due + nowMinusDue));

    [Fact]
    public void NextChange_NoCallback_IsNull() =>
        Assert.Null(CallbackColour.NextChange(null, Due));
}
