using Microsoft.EntityFrameworkCore;
using Studio.Domain.Common;

namespace Studio.Infrastructure.Persistence;

/// <summary>
/// Keeps a name unique among the stored ones by the rule of <see cref="Names"/> ("Йога" and "йога" are one), compared in
/// .NET, never in SQL: SQLite's lower() folds only ASCII, so a SQL comparison gave one answer on PostgreSQL and another on
/// SQLite. The sets compared are small (a studio's dictionary), so reading their names is cheap.
/// </summary>
public static class UniqueNames
{
    public static bool Same(string a, string b) => Names.Same(a, b);

    /// <summary>Refuses <paramref name="name"/> with Error.Duplicate when one of <paramref name="otherNames"/> is the same name.</summary>
    public static async Task RefuseDuplicateAsync(IQueryable<string> otherNames, string name, CancellationToken ct)
    {
        var names = await otherNames.ToListAsync(ct);
        if (names.Any(n => Same(n, name))) throw new DomainException("Error.Duplicate", name.Trim());
    }
}
