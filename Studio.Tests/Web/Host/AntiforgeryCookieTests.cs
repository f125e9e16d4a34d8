using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Studio.Tests.Web.Host;

/// <summary>
/// The antiforgery cookie the sign-in form sets is Secure over HTTPS, in development and with production's secure cookies;
/// over plain HTTP it is not, and the form is still served (antiforgery with Secure "Always" would refuse it with a 500).
/// </summary>
public sealed class AntiforgeryCookieTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "studio-xsrf-" + Guid.NewGuid().ToString("N"));
    private readonly List<WebApplicationFactory<Program>> _apps = [];

    public ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        return ValueTask.CompletedTask;
    }

    private WebApplicationFactory<Program> App(bool? secureCookies)
    {
        var app = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Development");
            b.UseSetting("Database:Provider", "Sqlite");
            b.UseSetting("ConnectionStrings:Studio", $"Data Source={Path.Combine(_dir, $"studio-{_apps.Count}.db")}");
            b.UseSetting("Demo:Seed", "false");
            b.UseTestLogging();
            if (secureCookies is { } on) b.UseSetting("Auth:SecureCookies", on ? "true" : "false");
        });
        _apps.Add(app);
        return app;
    }

    private static async Task<string> AntiforgeryCookieAsync(WebApplicationFactory<Program> app, string baseAddress)
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri(baseAddress), AllowAutoRedirect = false });
        var response = await client.GetAsync("/account/login", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
    }

    private static bool IsSecure(string setCookie) =>
        setCookie.Split(';', StringSplitOptions.TrimEntries).Any(a => a.Equals("secure", StringComparison.OrdinalIgnoreCase));

    [Fact]
    public async Task Development_OverHttps_Secure_OverHttp_NotSecure()
    {
        var app = App(secureCookies: null);

        var https = await AntiforgeryCookieAsync(app, "https://localhost");
        var http = await AntiforgeryCookieAsync(app, "http://localhost");

        Assert.True(IsSecure(https), https);
        Assert.False(IsSecure(http), http);
    }

    [Fact]
    public async Task SecureCookiesOn_OverHttps_Secure_AndPlainHttpStillGetsTheForm()
    {
        var app = App(secureCookies: true);

        var https = await AntiforgeryCookieAsync(app, "https://localhost");
        var http = await AntiforgeryCookieAsync(app, "http://localhost");

        Assert.True(IsSecure(https), https);
        Assert.False(IsSecure(http), http);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps) await app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
