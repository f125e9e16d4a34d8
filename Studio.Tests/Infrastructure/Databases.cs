using Microsoft.Data.Sqlite;
using Npgsql;
using Studio.Infrastructure.Persistence;
using Studio.Tests.Infrastructure;

[assembly: AssemblyFixture(typeof(Databases))]

namespace Studio.Tests.Infrastructure;

/// <summary>
/// One migrated template per provider for the whole test run, and a fresh copy of it for every
/// test: SQLite copies the template file, PostgreSQL creates a database from the template
/// database. Templates are made on first use, so a run that needs only SQLite never touches
/// PostgreSQL.
/// </summary>
public sealed class Databases : IAsyncDisposable
{
    public const string PostgresVariable = "STUDIO_TEST_PG";

    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"studio-tests-{Guid.NewGuid():N}");
    private readonly string _postgresTemplate = $"studio_template_{Guid.NewGuid():N}";
    private readonly Lazy<Task<string>> _sqliteTemplate;
    private readonly Lazy<Task<NpgsqlConnectionStringBuilder>> _postgresServer;
    private readonly SemaphoreSlim _postgresCreate = new(1, 1);
    private readonly Lock _gate = new();
    private readonly List<Task> _drops = [];
    private Task<string>? _nextPostgres;

    public Databases()
    {
        Directory.CreateDirectory(_dir);
        _sqliteTemplate = new(CreateSqliteTemplateAsync);
        _postgresServer = new(CreatePostgresTemplateAsync);
    }

    /// <summary>
    /// A fresh, migrated database of the provider with the app's services on top: with the
    /// organisation and one branch in it, or, when <paramref name="empty"/>, with nothing at all.
    /// </summary>
    public async Task<TestStudio> StartAsync(DatabaseProvider provider, bool empty = false)
    {
        var (connectionString, drop) = provider switch
        {
            DatabaseProvider.Sqlite => await NewSqliteAsync(),
            DatabaseProvider.Postgres => await NewPostgresAsync(),
            DatabaseProvider.SqlServer => await NewSqlServerAsync(),
            _ => throw new NotSupportedException($"No test database for {provider}: no such server can be had here."),
        };
        try
        {
            return await TestStudio.StartAsync(provider, connectionString, empty, drop);
        }
        catch
        {
            await drop();
            throw;
        }
    }

    // ---------- SQLite: a template file, copied per test ----------

    private async Task<string> CreateSqliteTemplateAsync()
    {
        var path = Path.Combine(_dir, "template.db");
        await MigrateAsync(DatabaseProvider.Sqlite, $"Data Source={path}");
        // The last connection closing checkpoints the WAL into the file: then the file alone is the database.
        SqliteConnection.ClearAllPools();
        return path;
    }

    private async Task<(string, Func<Task>)> NewSqliteAsync()
    {
        var template = await _sqliteTemplate.Value;
        var path = Path.Combine(_dir, $"{Guid.NewGuid():N}.db");
        File.Copy(template, path);
        var connectionString = $"Data Source={path}";
        return (connectionString, () =>
        {
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
                File.Delete(file);
            return Task.CompletedTask;
        });
    }

    // ---------- PostgreSQL: a template database, CREATE DATABASE … TEMPLATE per test ----------

    private static NpgsqlConnectionStringBuilder Server()
    {
        var value = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(value))
            throw new InvalidOperationException(
                $"{PostgresVariable} is not set, so the PostgreSQL cases cannot run. Run ./test.sh, which starts a " +
                $"throwaway PostgreSQL and sets it (or set {PostgresVariable}=\"Host=127.0.0.1;Port=55432;Username=postgres\").");
        return new NpgsqlConnectionStringBuilder(value) { Pooling = true };
    }

    private async Task<NpgsqlConnectionStringBuilder> CreatePostgresTemplateAsync()
    {
        var server = Server();
        await AdminAsync(server, $"""CREATE DATABASE "{_postgresTemplate}" """);
        await MigrateAsync(DatabaseProvider.Postgres, WithDatabase(server, _postgresTemplate));
        // CREATE DATABASE … TEMPLATE refuses a template anyone is connected to.
        NpgsqlConnection.ClearAllPools();
        await AdminAsync(server, $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{_postgresTemplate}'");
        return server;
    }

    private async Task<(string, Func<Task>)> NewPostgresAsync()
    {
        var server = await _postgresServer.Value;
        // Creating a database takes a quarter of a second: the next test's is made while this one runs.
        Task<string> mine;
        lock (_gate)
        {
            mine = _nextPostgres ?? CreatePostgresDatabaseAsync(server);
            _nextPostgres = CreatePostgresDatabaseAsync(server);
        }
        var name = await mine;
        var connectionString = WithDatabase(server, name);
        return (connectionString, () =>
        {
            // Dropped in the background; the run waits for every drop at its end.
            lock (_gate) _drops.Add(DropPostgresDatabaseAsync(server, name));
            return Task.CompletedTask;
        });
    }

    private async Task<string> CreatePostgresDatabaseAsync(NpgsqlConnectionStringBuilder server)
    {
        var name = $"studio_test_{Guid.NewGuid():N}";
        // One copy at a time: CREATE DATABASE … TEMPLATE copies the template block by block.
        await _postgresCreate.WaitAsync();
        try { await AdminAsync(server, $"""CREATE DATABASE "{name}" TEMPLATE "{_postgresTemplate}" """); }
        finally { _postgresCreate.Release(); }
        return name;
    }

    private static async Task DropPostgresDatabaseAsync(NpgsqlConnectionStringBuilder server, string name)
    {
        await AdminAsync(server, $"""DROP DATABASE IF EXISTS "{name}" WITH (FORCE)""");
        NpgsqlConnection.ClearPool(new NpgsqlConnection(WithDatabase(server, name)));
    }

    private static string WithDatabase(NpgsqlConnectionStringBuilder server, string database) =>
        new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = database }.ConnectionString;

    private static async Task AdminAsync(NpgsqlConnectionStringBuilder server, string sql)
    {
        await using var connection = new NpgsqlConnection(WithDatabase(server, "postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    // ---------- SQL Server: only where a server is configured; a fresh database per test ----------

    public const string SqlServerVariable = "STUDIO_TEST_SQLSERVER";

    private static async Task<(string, Func<Task>)> NewSqlServerAsync()
    {
        var server = Environment.GetEnvironmentVariable(SqlServerVariable)
            ?? throw new InvalidOperationException($"{SqlServerVariable} is not set.");
        var name = "studio_test_" + Guid.NewGuid().ToString("N");
        var database = new Microsoft.Data.SqlClient.SqlConnectionStringBuilder(server) { InitialCatalog = name }.ConnectionString;
        await MigrateAsync(DatabaseProvider.SqlServer, database);
        return (database, async () =>
        {
            Microsoft.Data.SqlClient.SqlConnection.ClearAllPools();
            await using var connection = new Microsoft.Data.SqlClient.SqlConnection(
                new Microsoft.Data.SqlClient.SqlConnectionStringBuilder(server) { InitialCatalog = "master" }.ConnectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"ALTER DATABASE [{name}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{name}];";
            await command.ExecuteNonQueryAsync();
        });
    }

    private static async Task MigrateAsync(DatabaseProvider provider, string connectionString)
    {
        await using var services = TestStudio.BuildServices(provider, connectionString, TimeProvider.System);
        await DatabaseSetup.MigrateAsync(services);
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgresServer.IsValueCreated && _postgresServer.Value.IsCompletedSuccessfully)
        {
            var server = _postgresServer.Value.Result;
            if (_nextPostgres is not null)
            {
                try { _drops.Add(DropPostgresDatabaseAsync(server, await _nextPostgres)); }
                catch (NpgsqlException) { } // the spare database was never made
            }
            await Task.WhenAll(_drops);
            await AdminAsync(server, $"""DROP DATABASE IF EXISTS "{_postgresTemplate}" WITH (FORCE)""");
        }
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
        _postgresCreate.Dispose();
    }
}
