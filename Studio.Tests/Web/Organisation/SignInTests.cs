using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;

namespace Studio.Tests.Web.Organisation;

/// <summary>
/// The real sign-in form over HTTP (antiforgery token and all), on its own SQLite file and a fake clock,
/// from addresses the tests name: it tells nothing about which accounts exist, and a stranger cannot
/// lock a colleague out (ADR-006). Limits: 8 failures per address, a wait after 3 failures of one
/// account from one address, the account's own lock from 3 addresses.
/// </summary>
public sealed partial class SignInTests : IAsyncLifetime
{
    private const string AddressHeader = TestRemoteAddress.Header;
    private const string Anna = "anna@studio.test";
    private const string Ghost = "ghost@studio.test";
    private const string Password = "anna-long-password-2026";
    private const int PerAddress = 8;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "studio-signin-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private WebApplicationFactory<Program> _factory = default!;
    private Guid _owner, _anna;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Development");
            b.UseSetting("Database:Provider", "Sqlite");
            b.UseSetting("ConnectionStrings:Studio", $"Data Source={Path.Combine(_dir, "studio.db")}");
            b.UseSetting("Demo:Seed", "false");
            b.UseSetting("Auth:SecureCookies", "false");
            b.UseSetting("RateLimits:SignInPerMinute", "1000");
            b.UseSetting("RateLimits:SignInFailuresPerAddress", PerAddress.ToString(System.Globalization.CultureInfo.InvariantCulture));
            b.UseSetting("RateLimits:SignInFreeFailures", "3");
            b.UseSetting("RateLimits:SignInFirstDelaySeconds", "5");
            b.UseSetting("RateLimits:SignInLockAddresses", "3");
            b.UseTestLogging();
            b.ConfigureTestServices(s =>
            {
                s.AddSingleton<TimeProvider>(_clock);
                s.AddSingleton<IStartupFilter, TestRemoteAddress>();
            });
        });
        var organisation = _factory.Services.GetRequiredService<OrganisationService>();
        await using (var db = _factory.Services.GetRequiredService<IDbContextFactory<StudioDbContext>>().CreateDbContext())
        {
            db.Organisations.Add(new StudioOrganisation("Test studio", "UA", "Europe/Kyiv"));
            await db.SaveChangesAsync(Ct);
        }
        _owner = await organisation.CreateEmployeeWithAccountAsync("Owner Person", "owner@studio.test", EmployeeRole.Owner, [], "owner-long-password-2026", Ct);
        _anna = await organisation.CreateEmployeeWithAccountAsync("Anna Koval", Anna, EmployeeRole.Owner, [], Password, Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task WrongPassword_RealAndUnknownAccount_SameStatusAndWordsEveryTime_EvenAfterSixFailures()
    {
        using var stranger = await FormAsync("10.0.1.1");
        var real = new List<Answer>();
        var unknown = new List<Answer>();
        for (var i = 0; i < 6; i++)
        {
            real.Add(await stranger.PostAsync(Anna, "wrong-password-123"));
            unknown.Add(await stranger.PostAsync(Ghost, "wrong-password-123"));
            _clock.Advance(TimeSpan.FromMinutes(20)); // past any wait: every attempt is a real try
        }

        Assert.Equal(unknown, real);
        Assert.All(real, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.Contains("Wrong e-mail or password", real[^1].Message, StringComparison.Ordinal);
        Assert.Null(await LockoutEndAsync(_anna));
    }

    [Fact]
    public async Task StrangerFailsFromAddressA_MadeToWait_RealUserSignsInFromAddressB()
    {
        using var stranger = await FormAsync("10.0.2.1");
        using var anna = await FormAsync("10.0.2.2");

        var tries = new List<Answer>();
        for (var i = 0; i < 10; i++) tries.Add(await stranger.PostAsync(Anna, "guess-" + i + "-password"));
        var signedIn = await anna.PostAsync(Anna, Password);

        Assert.Equal((HttpStatusCode.Redirect, "/"), (signedIn.Status, signedIn.Location));
        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, 3), .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 7)], tries.Select(t => t.Status));
        Assert.Contains("Too many attempts from here", tries[^1].Message, StringComparison.Ordinal);
        Assert.Null(await LockoutEndAsync(_anna));
    }

    [Fact]
    public async Task WaitPerAccountAndAddress_GrowsWithEachFailure()
    {
        using var stranger = await FormAsync("10.0.3.1");
        for (var i = 0; i < 3; i++) await stranger.PostAsync(Anna, "wrong-password-123");

        var now = await stranger.PostAsync(Anna, "wrong-password-123");
        _clock.Advance(TimeSpan.FromSeconds(5));
        var after5s = await stranger.PostAsync(Anna, "wrong-password-123");   // 4th failure: next wait is 10 s
        _clock.Advance(TimeSpan.FromSeconds(5));
        var again5s = await stranger.PostAsync(Anna, "wrong-password-123");
        _clock.Advance(TimeSpan.FromSeconds(5));
        var after10s = await stranger.PostAsync(Anna, "wrong-password-123");

        Assert.Equal((HttpStatusCode.TooManyRequests, "5"), (now.Status, now.RetryAfter));
        Assert.Equal(HttpStatusCode.OK, after5s.Status);
        Assert.Equal((HttpStatusCode.TooManyRequests, "5"), (again5s.Status, again5s.RetryAfter));
        Assert.Equal(HttpStatusCode.OK, after10s.Status);
    }

    [Fact]
    public async Task OneAddress_FailuresAcrossTenAccounts_RefusedAfterTheLimit_SameForRealAndUnknown_OtherAddressAnswered()
    {
        using var scanner = await FormAsync("10.0.4.1");
        using var other = await FormAsync("10.0.4.2");
        var accounts = Enumerable.Range(1, PerAddress).Select(i => $"person{i}@studio.test").Append(Anna).Append(Ghost).ToList();

        var answers = new List<Answer>();
        foreach (var account in accounts) answers.Add(await scanner.PostAsync(account, "wrong-password-123"));
        var fromOther = await other.PostAsync(Ghost, "wrong-password-123");
        _clock.Advance(TimeSpan.FromMinutes(15));
        var later = await scanner.PostAsync("person1@studio.test", "wrong-password-123");

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, PerAddress), HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests],
            answers.Select(a => a.Status));
        Assert.Equal(answers[^1], answers[^2]); // the real account and the unknown one: the same refusal
        Assert.Equal(HttpStatusCode.OK, fromOther.Status);
        Assert.Equal(HttpStatusCode.OK, later.Status);
    }

    [Fact]
    public async Task FailuresFromThreeAddresses_LockTheAccount_LockedAnswersLikeUnknown_OwnerUnlocks_SignInWorks()
    {
        foreach (var address in new[] { "10.0.5.1", "10.0.5.2", "10.0.5.3" })
        {
            using var form = await FormAsync(address);
            await form.PostAsync(Anna, "wrong-password-123");
        }
        using var anna = await FormAsync("10.0.5.9");
        var locked = await anna.PostAsync(Anna, Password);
        var unknown = await anna.PostAsync(Ghost, Password);
        var organisation = _factory.Services.GetRequiredService<OrganisationService>();
        var shown = (await organisation.ListEmployeesAsync(_owner, ct: Ct)).Single(e => e.Id == _anna).LockedUntil;

        await organisation.UnlockAccountAsync(_owner, _anna, Ct);
        var afterUnlock = await anna.PostAsync(Anna, Password);

        Assert.Equal(unknown, locked);
        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromMinutes(15), shown);
        Assert.Equal((HttpStatusCode.Redirect, "/"), (afterUnlock.Status, afterUnlock.Location));
    }

    private async Task<DateTimeOffset?> LockoutEndAsync(Guid userId)
    {
        using var scope = _factory.Services.CreateScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByIdAsync(userId.ToString());
        return user!.LockoutEnd;
    }

    /// <summary>A browser at an address: it has read the form (token and cookie) and posts it.</summary>
    private async Task<LoginForm> FormAsync(string address)
    {
        var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add(AddressHeader, address);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var page = await client.GetStringAsync("/account/login", Ct);
        var token = TokenField().Match(page).Groups[1].Value;
        Assert.NotEmpty(token);
        return new LoginForm(client, token);
    }

    private sealed class LoginForm(HttpClient client, string token) : IDisposable
    {
        public async Task<Answer> PostAsync(string email, string password)
        {
            using var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login", ["__RequestVerificationToken"] = token, ["Input.Email"] = email, ["Input.Password"] = password,
            }), Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);
            var alert = ErrorAlert().Match(body);
            var location = response.Headers.Location;
            return new Answer(response.StatusCode, alert.Success ? alert.Value : "",
                location is { IsAbsoluteUri: true } ? location.AbsolutePath : location?.OriginalString, response.Headers.RetryAfter?.ToString());
        }

        public void Dispose() => client.Dispose();
    }

    /// <summary>What a stranger sees: the status, the alert's markup byte for byte, where it is sent, how long to wait.</summary>
    private sealed record Answer(HttpStatusCode Status, string Message, string? Location, string? RetryAfter);

    [GeneratedRegex("""name="__RequestVerificationToken" value="([^"]+)""")]
    private static partial Regex TokenField();

    [GeneratedRegex("""<div class="login-error"[^>]*>[^<]*</div>""")]
    private static partial Regex ErrorAlert();
}
