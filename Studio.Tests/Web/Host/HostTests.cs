using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Studio.Tests.Web.Host;

/// <summary>The host over HTTP (in-memory test server) on its own SQLite file: health, sign-in limits, headers.</summary>
public sealed class HostTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "studio-host-" + Guid.NewGuid().ToString("N"));
    private WebApplicationFactory<Program> _factory = default!;

    public ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Development");
            b.UseSetting("Database:Provider", "Sqlite");
            b.UseSetting("ConnectionStrings:Studio", $"Data Source={Path.Combine(_dir, "studio.db")}");
            b.UseSetting("Demo:Seed", "false");
            b.UseTestLogging();
        });
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task Health_LiveAndReady_AnswerHealthy()
    {
        using var client = _factory.CreateClient();

        var live = await client.GetAsync("/health", TestContext.Current.CancellationToken);
        var ready = await client.GetAsync("/health/ready", TestContext.Current.CancellationToken);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (live.StatusCode, ready.StatusCode));
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task SignInPost_SixthAttemptForOneAccountInAMinute_Gets429WithRetryAfter_OtherAccountStillTried()
    {
        using var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        HttpResponseMessage Post(string email) => client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["Input.Email"] = email, ["Input.Password"] = "wrong-password-123",
        }), TestContext.Current.CancellationToken).Result;

        var first = Enumerable.Range(0, 5).Select(_ => Post("anna@studio.test").StatusCode).ToList();
        var sixth = Post("anna@studio.test");
        var other = Post("oleh@studio.test");

        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, first);
        Assert.Equal(HttpStatusCode.TooManyRequests, sixth.StatusCode);
        Assert.True(sixth.Headers.RetryAfter is not null);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, other.StatusCode);
    }

    [Fact]
    public async Task Culture_UnknownOrForeignRedirect_RefusedOrKeptLocal()
    {
        using var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var unknown = await client.GetAsync("/culture/xx", TestContext.Current.CancellationToken);
        var foreign = await client.GetAsync("/culture/uk?redirectUri=//evil.example/", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("/", foreign.Headers.Location?.OriginalString);
        Assert.Contains(foreign.Headers.GetValues("Set-Cookie"), c => c.Contains(".AspNetCore.Culture") && c.Contains("uk"));
    }
}
