using Studio.Tests.Web;
using Xunit;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Studio.Infrastructure.Persistence;

namespace Studio.Tests.Browser;

/// <summary>
/// The real app over real HTTP (Kestrel in-process) on a fresh SQLite file with the demo studio,
/// and Debian's Chromium driven by Playwright. Shared by the browser tests of one collection.
/// </summary>
public sealed class StudioAppFixture : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "studio-e2e-" + Guid.NewGuid().ToString("N"));
    private WebApplicationFactory<Program>? _factory;
    private IPlaywright? _playwright;

    public string BaseUrl { get; private set; } = "";
    public IBrowser Browser { get; private set; } = default!;
    public IServiceProvider Services => _factory!.Services;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        _factory = new KestrelFactory(port, Path.Combine(_dir, "studio.db"));
        _factory.StartServer();

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A fresh browser context (its own cookies) signed in as the given demo account.</summary>
    public async Task<IPage> SignedInPageAsync(string email, int width = 1440, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new() { Width = width, Height = height }, Locale = "en-US" });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        await new LoginPage(page, BaseUrl).SignInAsync(email, Studio.Infrastructure.Seed.DemoSeeder.Password);
        return page;
    }

    public async Task<Guid> BoardIdAsync(string formKey)
    {
        var factory = Services.GetRequiredService<IDbContextFactory<StudioDbContext>>();
        await using var db = factory.CreateDbContext();
        return await db.Boards.Where(b => b.FormKey == formKey).Select(b => b.Id).SingleAsync();
    }

    public async Task<Guid> EmployeeIdAsync(string email)
    {
        var factory = Services.GetRequiredService<IDbContextFactory<StudioDbContext>>();
        await using var db = factory.CreateDbContext();
        return await db.Employees.Where(e => e.Email == email).Select(e => e.Id).SingleAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (_factory is not null) await _factory.DisposeAsync();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}

/// <summary>The app on a real port, on its own SQLite file, with the demo studio seeded.</summary>
internal sealed class KestrelFactory : WebApplicationFactory<Program>
{
    private readonly string _database;

    public KestrelFactory(int port, string database)
    {
        _database = database;
        UseKestrel(port);
    }

    protected override void ConfigureWebHost(IWebHostBuilder b)
    {
        b.UseEnvironment("Development");
        b.UseSetting("Database:Provider", "Sqlite");
        b.UseSetting("ConnectionStrings:Studio", $"Data Source={_database}");
        b.UseSetting("Demo:Seed", "true");
        b.UseSetting("Auth:SecureCookies", "false");
        b.UseSetting("RateLimits:SignInPerMinute", "1000");
        b.UseTestLogging();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<StudioAppFixture>
{
    public const string Name = "browser";
}
