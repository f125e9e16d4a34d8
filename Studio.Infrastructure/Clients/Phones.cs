using PhoneNumbers;
using Studio.Domain.Common;

namespace Studio.Infrastructure.Clients;

/// <summary>Phones in any format become E.164; the organisation's country is the default region.</summary>
public static class Phones
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    public static string? Normalise(string? raw, string defaultRegion)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        try
        {
            var number = Util.Parse(raw.Trim(), defaultRegion);
            if (!Util.IsValidNumber(number)) throw new DomainException("Error.Phone", raw);
            return Util.Format(number, PhoneNumberFormat.E164);
        }
        catch (NumberParseException)
        {
            throw new DomainException("Error.Phone", raw);
        }
    }

    /// <summary>Normalises a search text if it looks like a phone, else null.</summary>
    public static string? TryNormalise(string? raw, string defaultRegion)
    {
        if (string.IsNullOrWhiteSpace(raw) || raw.Count(char.IsDigit) < 5) return null;
        try { return Normalise(raw, defaultRegion); }
        catch (DomainException) { return null; }
    }

    /// <summary>
    /// The digits of a search text that is a piece of a phone ("067 123", "45-67", "+38067"), else null: they are looked
    /// for inside stored E.164 numbers, where a Ukrainian trunk 0 sits right after the country code 38.
    /// </summary>
    public static string? Fragment(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        var text = raw.Trim();
        var digits = new string(text.Where(char.IsAsciiDigit).ToArray());
        return digits.Length >= 3 && text.All(ch => char.IsAsciiDigit(ch) || ch is '+' or ' ' or '-' or '(' or ')') ? digits : null;
    }

    /// <summary>An ISO 3166 two-letter code the phone rules know: the organisation's country must be one.</summary>
    public static bool IsKnownRegion(string? code) =>
        code is { Length: 2 } && Util.GetSupportedRegions().Contains(code.ToUpperInvariant());

    public static string Display(string? e164)
    {
        if (string.IsNullOrEmpty(e164)) return "";
        try { return Util.Format(Util.Parse(e164, null), PhoneNumberFormat.INTERNATIONAL); }
        catch (NumberParseException) { return e164; }
    }
}
