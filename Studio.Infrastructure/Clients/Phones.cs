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
