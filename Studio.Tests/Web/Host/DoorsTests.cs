using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Seed;
using Studio.Web;

namespace Studio.Tests.Web.Host;

/// <summary>
/// The app's doors over HTTP (in-memory test server), each test on its own SQLite file: demo
/// accounts only when asked for, every page behind sign-in, readiness that needs a write.
/// </summary>
public sealed class DoorsTests : IAsyncDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "studio-doors-" + Guid.NewGuid().ToString("N"));
    private readonly List<WebApplicationFactory<Program>> _factories = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string DbFile => Path.Combine(_dir, "studio.db");

    public DoorsTests() => Directory.CreateDirectory(_dir);

    private WebApplicationFactory<Program> App(string environment, IReadOnlyDictionary<string, string>? settings = null,
        string? connectionString = null)
    {
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment(environment);
            b.UseSetting("Database:Provider", "Sqlite");
            b.UseSetting("ConnectionStrings:Studio", connectionString ?? $"Data Source={DbFile}");
            b.UseTestLogging();
            foreach (var (key, value) in settings ?? new Dictionary<string, string>()) b.UseSetting(key, value);
        });
        _factories.Add(factory);
        return factory;
    }

    private static async Task<List<string>> DemoAccountsInDatabaseAsync(WebApplicationFactory<Program> app)
    {
        await using var db = app.Services.GetRequiredService<IDbContextFactory<StudioDbContext>>().CreateDbContext();
        var demo = DemoSeeder.Accounts.Select(a => a.Email.ToUpperInvariant()).ToList();
        return await db.Users.Where(u => demo.Contains(u.NormalizedEmail!)).Select(u => u.Email!).ToListAsync(Ct);
    }

    // ---------- 1. demo accounts only when asked for ----------

    [Fact]
    public async Task Production_NoDemoSetting_NoDemoAccountsSeededAndSignInPageListsNone()
    {
        var app = App("Production");
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var page = await client.GetStringAsync("/account/login", Ct);

        Assert.False(app.Services.GetRequiredService<DemoMode>().On);
        Assert.Empty(await DemoAccountsInDatabaseAsync(app));
        Assert.DoesNotContain(DemoSeeder.Password, page);
        Assert.DoesNotContain("studio.demo", page);
    }

    [Fact]
    public async Task Development_NoDemoSetting_DemoSeededAndListedOnSignInPage()
    {
        var app = App("Development");
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var page = await client.GetStringAsync("/account/login", Ct);

        Assert.True(app.Services.GetRequiredService<DemoMode>().On);
        Assert.Contains("owner@studio.demo", await DemoAccountsInDatabaseAsync(app));
        Assert.Contains(DemoSeeder.Password, page);
        Assert.Contains("owner@studio.demo", page);
    }

    [Fact]
    public void Production_DemoSeedTrue_DemoOnAsAsked()
    {
        var app = App("Production", new Dictionary<string, string> { ["Demo:Seed"] = "true" });

        Assert.True(app.Services.GetRequiredService<DemoMode>().On);
    }

    // ---------- 7. every page but sign-in needs sign-in ----------

    /// <summary>Pages an anonymous visitor may open.</summary>
    // The refused page is for someone signed in (it shows inside the app shell); a stranger is sent to sign in like everywhere.
    private static readonly string[] Anonymous = ["/account/login"];

    /// <summary>Every @page route of the web assembly, with a made-up id for each route parameter.</summary>
    private static List<string> Routes()
    {
        var routes = typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(IComponent).IsAssignableFrom(t))
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>())
            .Select(r => System.Text.RegularExpressions.Regex.Replace(r.Template, "{[^}]+}", Guid.NewGuid().ToString()))
            .Distinct().Order(StringComparer.Ordinal);
        return [.. routes];
    }

    [Fact]
    public void Routes_FoundByReflection_IncludeTheTaskPages()
    {
        var routes = Routes();

        Assert.Contains("/tasks", routes);
        Assert.Contains("/tasks/current", routes);
        Assert.Contains("/account/login", routes);
        Assert.True(routes.Count >= 20, string.Join(", ", routes));
    }

    [Fact]
    public async Task AnonymousGet_EveryRoutablePage_RedirectsToSignIn_ExceptSignIn()
    {
        var app = App("Development", new Dictionary<string, string> { ["Demo:Seed"] = "false" });
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var wrong = new List<string>();
        foreach (var route in Routes())
        {
            var response = await client.GetAsync(route, Ct);
            var location = response.Headers.Location?.ToString() ?? "";
            var ok = Anonymous.Contains(route)
                ? response.StatusCode == HttpStatusCode.OK
                : response.StatusCode == HttpStatusCode.Redirect && location.Contains("/account/login", StringComparison.Ordinal);
            if (!ok) wrong.Add($"{route}: {(int)response.StatusCode} {location}");
        }

        Assert.Equal([], wrong);
    }

    // ---------- 9. ready means the database takes a write ----------

    [Fact]
    public async Task HealthReady_DatabaseFileReadOnly_Answers503_LiveStill200()
    {
        var writable = App("Development", new Dictionary<string, string> { ["Demo:Seed"] = "false" });
        using (var client = writable.CreateClient())
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready", Ct)).StatusCode);
        await writable.DisposeAsync();
        _factories.Remove(writable);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(DbFile, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        else File.SetAttributes(DbFile, FileAttributes.ReadOnly);
        // root writes through a read-only mode bit; then SQLite is told the file is read-only instead.
        var root = Environment.UserName == "root" || CanWrite(DbFile);
        var readOnly = App("Development", new Dictionary<string, string> { ["Demo:Seed"] = "false", ["Database:MigrateOnStart"] = "false" },
            $"Data Source={DbFile}" + (root ? ";Mode=ReadOnly" : ""));
        using var reader = readOnly.CreateClient();

        var ready = await reader.GetAsync("/health/ready", Ct);
        var live = await reader.GetAsync("/health", Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    private static bool CanWrite(string file)
    {
        try { using var _ = File.OpenWrite(file); return true; }
        catch (UnauthorizedAccessException) { return false; }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var factory in _factories) await factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            if (File.Exists(DbFile) && !OperatingSystem.IsWindows()) File.SetUnixFileMode(DbFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException) { }
    }
}
