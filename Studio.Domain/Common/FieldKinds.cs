using System.Globalization;

namespace Studio.Domain.Common;

/// <summary>What a typed field the owner adds holds: a client's custom field or a board's deal field.</summary>
public enum CustomFieldKind { Text, Number, Date, Choice, YesNo }

/// <summary>
/// The one set of rules for typed field values, shared by the client card's custom fields and the boards' deal fields:
/// the choices a field may offer, how a typed value is checked and stored (invariant text), and how it is read back.
/// </summary>
public static class FieldKinds
{
    public const int NameMax = 60;
    public const int ValueMax = 500;
    public const int ChoiceMax = 60;

    /// <summary>The choices a field of this kind keeps: checked, without repeats; a choice field needs at least one, others keep none.</summary>
    public static IReadOnlyList<string> Choices(CustomFieldKind kind, IEnumerable<string> choices)
    {
        var list = choices.Select(c => Guard.Text(c, ChoiceMax, "Choice")).Distinct(Names.Comparer).ToList();
        if (kind == CustomFieldKind.Choice && list.Count == 0) throw new DomainException("Error.ChoicesRequired");
        return kind == CustomFieldKind.Choice ? list.AsReadOnly() : [];
    }

    /// <summary>The value as stored (invariant text; null when empty), or a domain error naming the field.</summary>
    public static string? Normalise(CustomFieldKind kind, string name, IReadOnlyList<string> choices, string? raw)
    {
        var v = raw?.Trim();
        if (string.IsNullOrEmpty(v)) return null;
        return kind switch
        {
            CustomFieldKind.Text => Guard.Text(v, ValueMax, name),
            CustomFieldKind.Number => decimal.TryParse(v.Replace(',', '.').Replace(" ", "", StringComparison.Ordinal), NumberStyles.Number,
                CultureInfo.InvariantCulture, out var n) ? n.ToString(CultureInfo.InvariantCulture)
                : throw new DomainException("Error.Number", name),
            CustomFieldKind.Date => DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                || DateOnly.TryParse(v, CultureInfo.InvariantCulture, out d)
                || DateOnly.TryParseExact(v, ["dd.MM.yyyy", "d.M.yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out d)
                ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : throw new DomainException("Error.Date", name),
            CustomFieldKind.Choice => choices.FirstOrDefault(c => Names.Same(c, v)) ?? throw new DomainException("Error.Choice", name),
            CustomFieldKind.YesNo => v.ToLowerInvariant() is "true" or "yes" or "так" or "1" ? "true"
                : v.ToLowerInvariant() is "false" or "no" or "ні" or "0" ? "false" : throw new DomainException("Error.YesNo", name),
            _ => v,
        };
    }

    /// <summary>A stored number (invariant text), or null.</summary>
    public static decimal? Number(string? stored) =>
        decimal.TryParse(stored, NumberStyles.Number, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>A stored date (yyyy-MM-dd), or null.</summary>
    public static DateOnly? Date(string? stored) =>
        DateOnly.TryParseExact(stored, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    /// <summary>A stored value as a spreadsheet should hold it: a number, a date, yes/no as a boolean, or text.</summary>
    public static object? Typed(CustomFieldKind kind, string? stored) => stored is null ? null : kind switch
    {
        CustomFieldKind.Number => Number(stored) is { } n ? n : stored,
        CustomFieldKind.Date => Date(stored) is { } d ? d : stored,
        CustomFieldKind.YesNo => stored == "true",
        _ => stored,
    };
}
