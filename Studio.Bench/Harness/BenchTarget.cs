using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Studio.Infrastructure;
using Studio.Infrastructure.Persistence;

namespace Studio.Bench.Harness;

/// <summary>
/// One database with the node's services around it, exactly as the web host composes them
/// (<c>AddStudioInfrastructure</c>), migrated and seeded with one big board. Disposing it drops
/// what it created: the temp directory of the SQLite file, or the PostgreSQL database.
/// </summary>
public sealed class BenchTarget : IAsyncDisposable
{
    private readonly Func<Task> _cleanup;

    private BenchTarget(string name, ServiceProvider services, Func<Task> cleanup)
    {
        Name = name;
        Services = services;
        _cleanup = cleanup;
    }

    /// <summary>"SQLite" or "PostgreSQL": the table's second column.</summary>
    public string Name { get; }
    public ServiceProvider Services { get; }
    public SeededBoard Board { get; private set; } = null!;
    public TimeSpan SeedTime { get; private set; }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public static async Task<BenchTarget> CreateSqliteAsync(BenchOptions options, CancellationToken ct)
    {
        var dir = Directory.CreateTempSubdirectory("studio-bench-").FullName;
        var services = Build(new()
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:Studio"] = $"Data Source={Path.Combine(dir, "bench.db")}",
        });
        var target = new BenchTarget("SQLite", services, async () =>
        {
            await services.DisposeAsync();
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        });
        return await target.PrepareAsync(options, ct);
    }

    /// <summary>A fresh database named after the given one plus a timestamp; dropped again on dispose.</summary>
    public static async Task<BenchTarget> CreatePostgresAsync(string connectionString, BenchOptions options, CancellationToken ct)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        b.Database = $"{(string.IsNullOrEmpty(b.Database) ? "studio_bench" : b.Database)}_{DateTime.UtcNow:yyyyMMddHHmmss}_{Random.Shared.Next(1000, 9999)}";
        var services = Build(new()
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Studio"] = b.ConnectionString,
        });
        // Created here, empty, so that the migration does not log a failed connection first.
        var admin = new NpgsqlConnectionStringBuilder(b.ConnectionString) { Database = "postgres", Pooling = false };
        await using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            await connection.OpenAsync(ct);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{b.Database}\"", connection);
            await create.ExecuteNonQueryAsync(ct);
        }
        var target = new BenchTarget("PostgreSQL", services, async () =>
        {
            try
            {
                await using var db = services.GetRequiredService<IDbContextFactory<StudioDbContext>>().CreateDbContext();
                NpgsqlConnection.ClearAllPools();
                await db.Database.EnsureDeletedAsync();
            }
            finally { await services.DisposeAsync(); }
        });
        return await target.PrepareAsync(options, ct);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddLogging(l => l.ClearProviders().AddProvider(WarningCollector.Instance).SetMinimumLevel(LogLevel.Warning))
            .AddStudioInfrastructure(config)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    private async Task<BenchTarget> PrepareAsync(BenchOptions options, CancellationToken ct)
    {
        try
        {
            using (WarningCollector.Instance.Pause())
                await DatabaseSetup.MigrateAsync(Services, ct);
            var sw = Stopwatch.StartNew();
            Board = await BoardSeeder.SeedAsync(Services, options.OpenDeals, options.ClosedDeals, ct);
            SeedTime = sw.Elapsed;
            return this;
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync() => await _cleanup();
}
