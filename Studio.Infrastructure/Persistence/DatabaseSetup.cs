using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Studio.Infrastructure.Live;

namespace Studio.Infrastructure.Persistence;

public enum DatabaseProvider { Sqlite, Postgres, SqlServer }

public sealed record DatabaseOptions(DatabaseProvider Provider, string ConnectionString, bool MigrateOnStart)
{
    public static DatabaseOptions From(IConfiguration config)
    {
        var providerText = config["Database:Provider"] ?? nameof(DatabaseProvider.Sqlite);
        if (!Enum.TryParse<DatabaseProvider>(providerText, ignoreCase: true, out var provider))
            throw new InvalidOperationException($"Database:Provider '{providerText}' is not one of Sqlite, Postgres, SqlServer.");
        var cs = config.GetConnectionString("Studio");
        if (string.IsNullOrWhiteSpace(cs))
        {
            if (provider != DatabaseProvider.Sqlite)
                throw new InvalidOperationException("ConnectionStrings:Studio is required for a database server.");
            cs = "Data Source=data/studio.db";
        }
        var migrate = config.GetValue<bool?>("Database:MigrateOnStart") ?? provider == DatabaseProvider.Sqlite;
        return new(provider, cs, migrate);
    }
}

/// <summary>Hands out the provider's context as the neutral <see cref="StudioDbContext"/>.</summary>
internal sealed class NeutralContextFactory<T>(IDbContextFactory<T> inner) : IDbContextFactory<StudioDbContext>
    where T : StudioDbContext
{
    public StudioDbContext CreateDbContext() => inner.CreateDbContext();
}

public static class DatabaseSetup
{
    public static IServiceCollection AddStudioPersistence(this IServiceCollection services, DatabaseOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton<DomainEventPublisher>();
        services.AddSingleton<CommandCounter>();
        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                PrepareSqliteFile(options.ConnectionString);
                Add<SqliteStudioDbContext>(services, (o, _) => o.UseSqlite(WithTimeout(options.ConnectionString), x => x.UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery)));
                break;
            case DatabaseProvider.Postgres:
                Add<PostgresStudioDbContext>(services, (o, _) => o.UseNpgsql(options.ConnectionString, n => n.EnableRetryOnFailure(3).UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery)));
                break;
            case DatabaseProvider.SqlServer:
                Add<SqlServerStudioDbContext>(services, (o, _) => o.UseSqlServer(options.ConnectionString, s => s.EnableRetryOnFailure(3).UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery)));
                break;
        }
        // Identity's stores want a scoped context.
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<StudioDbContext>>().CreateDbContext());
        return services;
    }

    private static void Add<T>(IServiceCollection services, Action<DbContextOptionsBuilder, IServiceProvider> configure)
        where T : StudioDbContext
    {
        services.AddDbContextFactory<T>((sp, o) =>
        {
            configure(o, sp);
            o.AddInterceptors(sp.GetRequiredService<DomainEventPublisher>(), sp.GetRequiredService<CommandCounter>());
        });
        services.AddSingleton<IDbContextFactory<StudioDbContext>>(sp =>
            new NeutralContextFactory<T>(sp.GetRequiredService<IDbContextFactory<T>>()));
    }

    private static string WithTimeout(string cs)
    {
        var b = new SqliteConnectionStringBuilder(cs);
        if (b.DefaultTimeout == 30 || b.DefaultTimeout <= 0) b.DefaultTimeout = 30; // busy waits up to 30 s
        b.Pooling = true;
        return b.ToString();
    }

    private static void PrepareSqliteFile(string cs)
    {
        var b = new SqliteConnectionStringBuilder(cs);
        if (b.DataSource is { Length: > 0 } path && path != ":memory:")
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        }
    }

    /// <summary>Applies pending migrations; for SQLite also turns on WAL (kept in the file).</summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct = default)
    {
        var factory = services.GetRequiredService<IDbContextFactory<StudioDbContext>>();
        await using var db = factory.CreateDbContext();
        if (db.Database.IsSqlite())
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        await db.Database.MigrateAsync(ct);
    }
}
