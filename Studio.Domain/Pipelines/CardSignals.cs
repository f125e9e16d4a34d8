namespace Studio.Domain.Pipelines;

public enum CallbackState { None, Yellow, Green, Red }

/// <summary>
/// The callback chip's colour. Yellow: there is still time before the call. Green: call now —
/// from <see cref="CallNowLead"/> before the due time until <see cref="Grace"/> after it.
/// Red: the call is overdue.
/// </summary>
public static class CallbackColour
{
    public static readonly TimeSpan CallNowLead = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(15);

    public static CallbackState At(DateTime? due, DateTime now)
    {
        if (due is not { } d) return CallbackState.None;
        if (now < d - CallNowLead) return CallbackState.Yellow;
        if (now < d + Grace) return CallbackState.Green;
        return CallbackState.Red;
    }

    /// <summary>The next moment the colour changes, so a clock can be precise if it wants.</summary>
    public static DateTime? NextChange(DateTime? due, DateTime now) => At(due, now) switch
    {
        CallbackState.Yellow => due!.Value - CallNowLead,
        CallbackState.Green => due!.Value + Grace,
        _ => null,
    };
}

/// <summary>Stage time limit: a deal longer than the limit in an open stage is stale.</summary>
public static class StaleRule
{
    public static bool IsStale(StageKind kind, int? timeLimitDays, DateTime enteredAt, DateTime now) =>
        kind is StageKind.Start or StageKind.Open
        && timeLimitDays is { } days
        && now - enteredAt > TimeSpan.FromDays(days);

    public static int DaysInStage(DateTime enteredAt, DateTime now) =>
        Math.Max(0, (int)Math.Floor((now - enteredAt).TotalDays));
}

/// <summary>amoCRM's rule: a deal in an open stage always has a next contact planned.</summary>
public static class NextStepRule
{
    public static bool HasNoNextStep(StageKind kind, DateTime? callbackAt, bool hasOpenTask) =>
        kind is StageKind.Start or StageKind.Open && callbackAt is null && !hasOpenTask;
}
