namespace Studio.Web.Components.Shared;

/// <summary>The IANA time zones this machine knows (Europe/Kyiv, America/New_York…), for pickers.</summary>
public static class TimeZones
{
    private static readonly Lazy<IReadOnlyList<string>> All = new(() => TimeZoneInfo.GetSystemTimeZones()
        .Select(z => z.HasIanaId ? z.Id : TimeZoneInfo.TryConvertWindowsIdToIanaId(z.Id, out var iana) ? iana : null)
        .OfType<string>()
        .Where(id => id.Contains('/') && !id.StartsWith("Etc/", StringComparison.Ordinal))
        .Distinct(StringComparer.Ordinal)
        .Order(StringComparer.Ordinal)
        .ToList());

    public static IReadOnlyList<string> Ids => All.Value;

    /// <summary>Zones whose id contains the text (any case; spaces match underscores); all of them for empty text.</summary>
    public static IEnumerable<string> Search(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return Ids;
        var needle = text.Trim().Replace(' ', '_');
        return Ids.Where(id => id.Contains(needle, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>"UTC+02:00" now, for a known zone; null otherwise.</summary>
    public static string? Offset(string? zone)
    {
        if (string.IsNullOrWhiteSpace(zone) || !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out var tz)) return null;
        var offset = tz.GetUtcOffset(DateTime.UtcNow);
        return $"UTC{(offset < TimeSpan.Zero ? "−" : "+")}{offset.Duration():hh\\:mm}";
    }
}
