using Microsoft.EntityFrameworkCore;
using Studio.Domain.Common;

namespace Studio.Infrastructure.Persistence;

/// <summary>
/// The one rule for names that must be unique (dictionary entries, pass plans, lesson types, task templates, rooms): the same
/// name trimmed, in any case, in any alphabet, is a duplicate ("Йога" and "йога" are one). Compared here in .NET, never in
/// SQL: SQLite's lower() folds only ASCII, so a SQL comparison gave one answer on PostgreSQL and another on SQLite. The sets
/// compared are small (a studio's dictionary), so reading their names is cheap.
/// </summary>
public static class UniqueNames
{
    public static bool Same(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);

    /// <summary>Refuses <paramref name="name"/> with Error.Duplicate when one of <paramref name="otherNames"/> is the same name.</summary>
    public static async Task RefuseDuplicateAsync(IQueryable<string> otherNames, string name, CancellationToken ct)
    {
        var names = await otherNames.ToListAsync(ct);
        if (names.Any(n => Same(n, name))) throw new DomainException("Error.Duplicate", name.Trim());
    }
}
