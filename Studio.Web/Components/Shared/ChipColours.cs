using System.Globalization;

namespace Studio.Web.Components.Shared;

/// <summary>
/// Colours people pick (tags, statuses, lesson types) used as a chip's background: the text on it is
/// black or white, whichever reads better — always at least 4.5:1 (WCAG AA), whatever the colour.
/// </summary>
public static class ChipColours
{
    public const string Dark = "#000000";
    public const string Light = "#ffffff";

    /// <summary>The text colour that reads best on the background; dark for anything that is not a colour.</summary>
    public static string TextOn(string? background) =>
        Luminance(background) is not { } l ? Dark
            : Ratio(l, Luminance(Light)!.Value) >= Ratio(l, Luminance(Dark)!.Value) ? Light : Dark;

    /// <summary>An inline style for a chip in the colour: its background and readable text.</summary>
    public static string Style(string? background) =>
        Luminance(background) is null ? $"background:#e0e0e0;color:{Dark}" : $"background:{background};color:{TextOn(background)}";

    /// <summary>The contrast ratio of two colours (1 to 21), or null if either is not a #rgb/#rrggbb colour.</summary>
    public static double? Contrast(string? a, string? b) =>
        Luminance(a) is { } la && Luminance(b) is { } lb ? Ratio(la, lb) : null;

    private static double Ratio(double a, double b) => (Math.Max(a, b) + 0.05) / (Math.Min(a, b) + 0.05);

    /// <summary>Relative luminance of a #rgb or #rrggbb colour (WCAG 2), or null.</summary>
    private static double? Luminance(string? colour)
    {
        var hex = colour?.Trim().TrimStart('#');
        if (hex is { Length: 3 }) hex = string.Concat(hex.Select(c => $"{c}{c}"));
        if (hex is not { Length: 6 } || !int.TryParse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var rgb)) return null;
        static double Channel(int v)
        {
            var c = v / 255.0;
            return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * Channel(rgb >> 16 & 0xff) + 0.7152 * Channel(rgb >> 8 & 0xff) + 0.0722 * Channel(rgb & 0xff);
    }
}
