namespace Studio.Domain.Common;

/// <summary>Time-zone lookups: the organisation's and each branch's local time.</summary>
public static class Zones
{
    public static TimeZoneInfo Find(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : throw new DomainException("Error.TimeZone", id);

    /// <summary>
    /// A local wall-clock time to UTC, the one conversion every screen and service uses. A time skipped by a clock change
    /// moves forward by the gap: it is read with the offset in force before the change (Kyiv, last Sunday of March:
    /// 03:00 → 04:00, 03:30 → 04:30 local, i.e. 01:00 and 01:30 UTC). A time the autumn change repeats is the first
    /// (summer) one, as <see cref="TimeZoneInfo.ConvertTimeToUtc(DateTime, TimeZoneInfo)"/> reads it.
    /// </summary>
    public static DateTime ToUtc(DateTime local, TimeZoneInfo zone)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (!zone.IsInvalidTime(unspecified)) return TimeZoneInfo.ConvertTimeToUtc(unspecified, zone);
        var before = unspecified;
        for (var i = 0; i < 96 && zone.IsInvalidTime(before); i++) before = before.AddMinutes(-15); // gaps are an hour or less (a day at most)
        return DateTime.SpecifyKind(unspecified - zone.GetUtcOffset(before), DateTimeKind.Utc);
    }

    public static DateTime ToLocal(DateTime utc, TimeZoneInfo zone) => TimeZoneInfo.ConvertTimeFromUtc(utc, zone);

    public static DateOnly Today(DateTime utcNow, TimeZoneInfo zone) => DateOnly.FromDateTime(ToLocal(utcNow, zone));
}
