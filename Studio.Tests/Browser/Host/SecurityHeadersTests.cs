using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Studio.Infrastructure.Schedule;

namespace Studio.Tests.Browser.Host;

/// <summary>
/// The security headers over real HTTP (Kestrel in-process, the demo studio): the same set on a page, static files,
/// the web form's answers (refusals and the CORS preflight too), exports, the calendar feed, health, redirects and a 404;
/// and no Server header anywhere.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class SecurityHeadersTests(StudioAppFixture app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Client(CookieContainer? cookies = null) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies ?? new CookieContainer(), UseCookies = true })
            { BaseAddress = new Uri(app.BaseUrl) };

    /// <summary>Every header of the set, with a policy that runs no eval and no inline script but by nonce.</summary>
    internal static void AssertHeaders(HttpResponseMessage response)
    {
        var what = $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery} ({(int)response.StatusCode})";
        string? One(string name) =>
            response.Headers.TryGetValues(name, out var v) ? string.Join(", ", v)
            : response.Content.Headers.TryGetValues(name, out var c) ? string.Join(", ", c) : null;

        var csp = One("Content-Security-Policy");
        Assert.True(csp is not null, $"{what}: no Content-Security-Policy");
        AssertPolicy(csp, what);
        Assert.Equal(("nosniff", "strict-origin-when-cross-origin", "DENY"),
            (One("X-Content-Type-Options"), One("Referrer-Policy"), One("X-Frame-Options")));
        var permissions = One("Permissions-Policy");
        Assert.True(permissions is not null, $"{what}: no Permissions-Policy");
        foreach (var device in new[] { "camera=()", "microphone=()", "geolocation=()" }) Assert.Contains(device, permissions);
        Assert.False(response.Headers.Contains("Server"), $"{what}: Server header '{One("Server")}'");
    }

    internal static void AssertPolicy(string csp, string what)
    {
        var directives = csp.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .ToDictionary(d => d.Split(' ')[0], d => d.Split(' ').Skip(1).ToArray());
        Assert.DoesNotContain("'unsafe-eval'", csp);
        Assert.Equal(["'self'"], directives["default-src"]);
        Assert.Equal("'self'", directives["script-src"][0]);
        Assert.All(directives["script-src"].Skip(1), s => Assert.Matches("^'nonce-[A-Za-z0-9+/=]{16,}'$", s));
        Assert.Equal(["'none'"], directives["object-src"]);
        Assert.Equal(["'none'"], directives["frame-ancestors"]);
        Assert.Equal(["'self'"], directives["base-uri"]);
        Assert.Equal(["'self'"], directives["form-action"]);
        Assert.Equal(["'self'"], directives["connect-src"]);
        Assert.True(directives.ContainsKey("style-src"), what);
    }

    [Fact]
    public async Task SignInPage_CarriesTheHeaders_AndItsImportMapRunsByThisRequestsNonce()
    {
        using var client = Client();

        var first = await client.GetAsync("/account/login", Ct);
        var second = await client.GetAsync("/account/login", Ct);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        AssertHeaders(first);
        var html = WebUtility.HtmlDecode(await first.Content.ReadAsStringAsync(Ct));
        var nonce = NonceOf(first);
        Assert.Matches($"<script[^>]*type=\"importmap\"[^>]*nonce=\"{Regex.Escape(nonce)}\"|<script[^>]*nonce=\"{Regex.Escape(nonce)}\"[^>]*type=\"importmap\"", html);
        // Every inline script carries the nonce; the others are files.
        foreach (Match script in ScriptTag().Matches(html))
            Assert.True(script.Value.Contains(" src=") || script.Value.Contains($"nonce=\"{nonce}\""), script.Value);
        Assert.NotEqual(nonce, NonceOf(second));
    }

    [Fact]
    public async Task StaticFiles_CarryTheHeaders()
    {
        using var client = Client();
        foreach (var path in new[] { "/app.css", "/app.js", "/_framework/blazor.web.js", "/_content/MudBlazor/MudBlazor.min.css" })
        {
            var response = await client.GetAsync(path, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            AssertHeaders(response);
        }
    }

    [Fact]
    public async Task WebForm_RefusalsAndPreflight_CarryTheHeaders_AndCorsStillAnswers()
    {
        using var client = Client();

        var unknown = await client.PostAsync("/api/forms/no-such-form/leads",
            new StringContent("{\"name\":\"Ivan\",\"phone\":\"+380671234567\"}", Encoding.UTF8, "application/json"), Ct);
        var unreadable = await client.PostAsync("/api/forms/demo-sales/leads", new StringContent("{", Encoding.UTF8, "application/json"), Ct);
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/forms/demo-sales/leads");
        preflight.Headers.Add("Origin", "https://elsewhere.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        var preflightAnswer = await client.SendAsync(preflight, Ct);

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.BadRequest), (unknown.StatusCode, unreadable.StatusCode));
        Assert.StartsWith("application/problem+json", unknown.Content.Headers.ContentType?.ToString());
        AssertHeaders(unknown);
        AssertHeaders(unreadable);
        Assert.True((int)preflightAnswer.StatusCode < 500, preflightAnswer.StatusCode.ToString());
        AssertHeaders(preflightAnswer);
    }

    [Fact]
    public async Task CsvExport_SignedIn_CarriesTheHeaders_AndSignedOutRedirectToo()
    {
        var cookies = new CookieContainer();
        using var client = Client(cookies);
        await SignInAsync(client, "owner@studio.demo");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        var payments = await client.GetAsync($"/payments/export.csv?from={today.AddDays(-30):yyyy-MM-dd}&to={today:yyyy-MM-dd}", Ct);
        var report = await client.GetAsync($"/reports/export/funnels.csv?from={today.AddDays(-60):yyyy-MM-dd}&to={today:yyyy-MM-dd}", Ct);
        using var anonymous = Client();
        var signedOut = await anonymous.GetAsync("/reports/export/funnels.csv", Ct);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (payments.StatusCode, report.StatusCode));
        Assert.StartsWith("text/csv", report.Content.Headers.ContentType?.ToString());
        AssertHeaders(payments);
        AssertHeaders(report);
        Assert.True((int)signedOut.StatusCode is 302 or 401 or 403, signedOut.StatusCode.ToString());
        AssertHeaders(signedOut);
    }

    [Fact]
    public async Task CalendarFeed_KnownAndUnknownKey_CarryTheHeaders()
    {
        var teacher = await app.EmployeeIdAsync("teacher1@studio.demo");
        var key = await app.Services.GetRequiredService<ScheduleService>().CalendarKeyAsync(teacher, teacher, ct: Ct);
        using var client = Client();

        var feed = await client.GetAsync($"/calendar/{key}.ics", Ct);
        var unknown = await client.GetAsync("/calendar/not-a-key.ics", Ct);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.NotFound), (feed.StatusCode, unknown.StatusCode));
        Assert.StartsWith("text/calendar", feed.Content.Headers.ContentType?.ToString());
        AssertHeaders(feed);
        AssertHeaders(unknown);
    }

    [Fact]
    public async Task HealthAndUnknownPath_CarryTheHeaders()
    {
        using var client = Client();
        foreach (var (path, status) in new[] { ("/health", HttpStatusCode.OK), ("/health/ready", HttpStatusCode.OK), ("/no-such-page/at-all", HttpStatusCode.NotFound) })
        {
            var response = await client.GetAsync(path, Ct);
            Assert.Equal(status, response.StatusCode);
            AssertHeaders(response);
        }
    }

    private static string NonceOf(HttpResponseMessage response)
    {
        var csp = string.Join("", response.Headers.GetValues("Content-Security-Policy"));
        return Regex.Match(csp, "'nonce-([^']+)'").Groups[1].Value is { Length: > 0 } nonce ? nonce : throw new Xunit.Sdk.XunitException("no nonce in " + csp);
    }

    /// <summary>Signs in through the real form (antiforgery token and all).</summary>
    private static async Task SignInAsync(HttpClient client, string email)
    {
        var form = await client.GetStringAsync("/account/login", Ct);
        var input = Regex.Match(form, "<input[^>]*name=\"__RequestVerificationToken\"[^>]*>").Value;
        var token = WebUtility.HtmlDecode(Regex.Match(input, "value=\"([^\"]+)\"").Groups[1].Value);
        var answer = await client.PostAsync("/account/login?returnUrl=%2Fboards", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["__RequestVerificationToken"] = token,
            ["Input.Email"] = email, ["Input.Password"] = Studio.Infrastructure.Seed.DemoSeeder.Password,
        }), Ct);
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        AssertHeaders(answer);
    }

    [GeneratedRegex("<script[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTag();
}
