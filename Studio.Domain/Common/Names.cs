namespace Studio.Domain.Common;

/// <summary>
/// The one rule for names that must be unique among their kind (dictionary entries, lesson types, plans, templates, rooms,
/// a board's loss reasons, a template's results): trimmed, in any case, in any alphabet, the same name is one ("Йога" and
/// "йога", "VIP" and "vip"). Always compared in .NET, never by a database's lower(), so every database gives one answer.
/// </summary>
public static class Names
{
    /// <summary>For sets and dictionaries of names (the keys trimmed).</summary>
    public static readonly StringComparer Comparer = StringComparer.OrdinalIgnoreCase;

    public static bool Same(string a, string b) => Comparer.Equals(a.Trim(), b.Trim());
}
