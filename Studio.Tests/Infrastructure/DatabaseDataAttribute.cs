using System.Reflection;
using Studio.Infrastructure.Persistence;
using Xunit.Sdk;
using Xunit.v3;

namespace Studio.Tests.Infrastructure;

/// <summary>
/// Runs a theory once on every database provider the tests have: SQLite and PostgreSQL (SQL Server
/// has no engine on this machine). The test takes the provider as its one parameter and gets its
/// own fresh database from <see cref="Databases.StartAsync"/>. A missing PostgreSQL fails the
/// PostgreSQL cases; it never skips them.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class DatabaseDataAttribute : DataAttribute
{
    public static readonly IReadOnlyList<DatabaseProvider> Providers = [DatabaseProvider.Sqlite, DatabaseProvider.Postgres];

    public override ValueTask<IReadOnlyCollection<ITheoryDataRow>> GetData(MethodInfo testMethod, DisposalTracker disposalTracker) =>
        new(Providers.Select(p => (ITheoryDataRow)new TheoryDataRow<DatabaseProvider>(p)).ToList());

    public override bool SupportsDiscoveryEnumeration() => true;
}
