using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Studio.Infrastructure.Persistence;

// Used only by `dotnet ef migrations add` (scripts/add-migration.sh); the app configures contexts in DatabaseSetup.

internal sealed class SqliteDesignFactory : IDesignTimeDbContextFactory<SqliteStudioDbContext>
{
    public SqliteStudioDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteStudioDbContext>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class PostgresDesignFactory : IDesignTimeDbContextFactory<PostgresStudioDbContext>
{
    public PostgresStudioDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresStudioDbContext>().UseNpgsql("Host=localhost;Database=design").Options);
}

internal sealed class SqlServerDesignFactory : IDesignTimeDbContextFactory<SqlServerStudioDbContext>
{
    public SqlServerStudioDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerStudioDbContext>().UseSqlServer("Server=localhost;Database=design;TrustServerCertificate=true").Options);
}
