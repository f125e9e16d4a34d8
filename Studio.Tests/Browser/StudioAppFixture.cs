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
using Studio.Tests.Browser.Pages;

[assembly: Studio.Tests.Browser.CloseBrowserContexts]

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

    /// <summary>The shared Chromium. Every context a test opens in it is closed when that test ends (<see cref="CloseBrowserContextsAttribute"/>).</summary>
    public IBrowser Browser
    {
        get
        {
            if (TestContext.Current.TestCollection?.UniqueID is { } collection) InUse[collection] = this;
            // A test's first use of the browser: a page of an earlier test still open means the end-of-test closing failed,
            // and its circuits would run on into this test.
            if (TestContext.Current.Test?.UniqueID is { } test && test != _lastTest && _browser is not null)
            {
                _lastTest = test;
                if (_browser.Contexts.Count > 0)
                    throw new InvalidOperationException($"{_browser.Contexts.Count} browser context(s) of an earlier test are still open.");
            }
            return _browser!;
        }
    }

    private IBrowser _browser = default!;
    private string? _lastTest;

    /// <summary>The fixture each test collection uses, so the end of a test can close what it opened.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, StudioAppFixture> InUse = new();

    /// <summary>Closes every browser context still open: its pages and their circuits go with it.</summary>
    internal static async ValueTask CloseContextsAsync(string collection)
    {
        if (!InUse.TryGetValue(collection, out var app) || app._browser is null) return;
        foreach (var context in app._browser.Contexts.ToList())
        {
            try { await context.CloseAsync(); }
            catch (PlaywrightException) { } // already closed, or the browser went
        }
    }
    public IServiceProvider Services => _factory!.Services;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        _factory = new KestrelFactory(port, Path.Combine(_dir, "studio.db"));
        _factory.StartServer();

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
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
        foreach (var (collection, app) in InUse) if (app == this) InUse.TryRemove(collection, out _);
        if (_browser is not null) await _browser.DisposeAsync();
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

/// <summary>
/// Closes the browser contexts a test opened when it ends, passed or failed, so no test leaves pages and circuits running
/// into the next one (tests of one collection run one after another, so all the collection's open contexts are the test's).
/// </summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class CloseBrowserContextsAttribute : Xunit.v3.BeforeAfterTestAttribute
{
    // xUnit calls this synchronously; the closing runs off the test's synchronisation context and is waited for, so the
    // next test starts with none of this one's pages open.
    public override void After(System.Reflection.MethodInfo methodUnderTest, Xunit.v3.IXunitTest test) =>
        Task.Run(() => StudioAppFixture.CloseContextsAsync(test.TestCase.TestCollection.UniqueID).AsTask()).GetAwaiter().GetResult();
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<StudioAppFixture>
{
    public const string Name = "browser";
}
