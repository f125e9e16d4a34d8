using Studio.Domain.Pipelines;

namespace Studio.Tests.Domain.Pipelines;

public sealed class NextStepRuleTests
{
    [Theory]
    [InlineData(StageKind.Start, false, false, true)]
    [InlineData(StageKind.Open, false, false, true)]
    [InlineData(StageKind.Open, true, false, false)]
    [InlineData(StageKind.Open, false, true, false)]
    [InlineData(StageKind.Start, true, true, false)]
    [InlineData(StageKind.Won, false, false, false)]
    [InlineData(StageKind.Lost, false, false, false)]
    public void HasNoNextStep_StageCallbackAndTask_Decides(StageKind kind, bool hasCallback, bool hasOpenTask, bool expected)
    {
        DateTime? callback = hasCallback ? new DateTime(2026, 11, 24, 10, 0, 0, DateTimeKind.Utc) : null;

        Assert.Equal(expected, NextStepRule.HasNoNextStep(kind, callback, hasOpenTask));
    }
}
