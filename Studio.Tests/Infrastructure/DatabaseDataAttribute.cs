using System.Reflection;
using Studio.Infrastructure.Persistence;
using Xunit.Sdk;
using Xunit.v3;

namespace Studio.Tests.Infrastructure;

/// <summary>
/// Runs a theory once on every database provider the tests have: SQLite and PostgreSQL always, and
/// SQL Server where a server is configured (STUDIO_TEST_SQLSERVER; there is no engine on this machine). The test takes the provider as its one parameter and gets its
/// own fresh database from <see cref="Databases.StartAsync"/>. A missing PostgreSQL fails the
/// PostgreSQL cases; it never skips them.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class DatabaseDataAttribute : DataAttribute
{
    public static readonly IReadOnlyList<DatabaseProvider> Providers =
        string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Databases.SqlServerVariable))
            ? [DatabaseProvider.Sqlite, DatabaseProvider.Postgres]
            : [DatabaseProvider.Sqlite, DatabaseProvider.Postgres, DatabaseProvider.SqlServer];

    public override ValueTask<IReadOnlyCollection<ITheoryDataRow>> GetData(MethodInfo testMethod, DisposalTracker disposalTracker) =>
        new(Providers.Select(p => (ITheoryDataRow)new TheoryDataRow<DatabaseProvider>(p)).ToList());

    public override bool SupportsDiscoveryEnumeration() => true;
}
