using Microsoft.EntityFrameworkCore;
using Studio.Infrastructure.Persistence;

namespace Studio.Tests.Services.Persistence;

/// <summary>Every provider has the same migrations and none lags behind the model (SQL Server included, without a server).</summary>
public sealed class MigrationsTests
{
    public static TheoryData<string> Providers => ["Sqlite", "Postgres", "SqlServer"];

    private static StudioDbContext Context(string provider) => provider switch
    {
        "Sqlite" => new SqliteStudioDbContext(new DbContextOptionsBuilder<SqliteStudioDbContext>().UseSqlite("Data Source=:memory:").Options),
        "Postgres" => new PostgresStudioDbContext(new DbContextOptionsBuilder<PostgresStudioDbContext>().UseNpgsql("Host=127.0.0.1;Database=none").Options),
        _ => new SqlServerStudioDbContext(new DbContextOptionsBuilder<SqlServerStudioDbContext>().UseSqlServer("Server=127.0.0.1;Database=none;TrustServerCertificate=true").Options),
    };

    [Theory, MemberData(nameof(Providers))]
    public void Migrations_EachProvider_CoverTheWholeModel(string provider)
    {
        using var db = Context(provider);

        Assert.False(db.Database.HasPendingModelChanges(), $"{provider}: the model changed without a migration; run scripts/add-migration.sh");
    }

    [Fact]
    public void Migrations_AllProviders_HaveTheSameNames()
    {
        static IEnumerable<string> Names(string provider)
        {
            using var db = Context(provider);
            return db.Database.GetMigrations().Select(m => m[(m.IndexOf('_') + 1)..]).ToList();
        }

        var sqlite = Names("Sqlite");
        Assert.NotEmpty(sqlite);
        Assert.Equal(sqlite, Names("Postgres"));
        Assert.Equal(sqlite, Names("SqlServer"));
    }
}
