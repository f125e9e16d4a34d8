using System.Text.RegularExpressions;

namespace Studio.Domain.Common;

/// <summary>A colour as #RRGGBB.</summary>
public static partial class Colour
{
    public const int MaxLength = 7;

    public static string Parse(string? value, string field = "Colour")
    {
        var v = (value ?? "").Trim();
        if (!HexColour().IsMatch(v)) throw new DomainException("Error.Colour", field);
        return v.ToUpperInvariant();
    }

    [GeneratedRegex("^#[0-9A-Fa-f]{6}$")]
    private static partial Regex HexColour();
}
