using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Studio.Infrastructure.Persistence;
using Studio.Tests.Infrastructure;

namespace Studio.Tests.Web.Host;

/// <summary>
/// Issue 13, item 6: each input found to end in an empty 500 answers a 4xx with a clear message; a real failure
/// shows a real, localised error page with a request id and nothing of the exception; the developer page only on
/// the machine itself in Development. The real app on Kestrel (Production unless said), on SQLite.
/// </summary>
public sealed class ErrorHandlingTests(Databases databases) : IAsyncLifetime
{
    private RealApp _app = default!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _app = await RealApp.StartAsync(databases, DatabaseProvider.Sqlite);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    // ---------- the error page ----------

    [Theory]
    [InlineData("en", "Something went wrong")]
    [InlineData("uk", "Щось пішло не так")]
    public async Task Failure_InProduction_ErrorPageInTheVisitorsLanguage_Status500_RequestId_NoExceptionText(string language, string heading)
    {
        var response = await _app.Anonymous(language).GetAsync(RealApp.ThrowPath, Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(heading, html);
        Assert.Matches("data-testid=\"request-id\">[^<]{6,}<", html);
        Assert.DoesNotContain("secret-detail-42", html);
        Assert.DoesNotContain("InvalidOperationException", html);
    }

    [Fact]
    public async Task ErrorPage_OpenedDirectly_Anonymous_Answers()
    {
        var response = await _app.Anonymous("en").GetAsync("/error", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Something went wrong", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task UnknownAddress_Anonymous_404PageInUkrainian()
    {
        var response = await _app.Anonymous("uk").GetAsync("/no/such/place", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Сторінку не знайдено", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task ApiAddressWithoutAnAnswer_AnswersProblemJsonNotAnEmptyBody()
    {
        var response = await _app.Anonymous().GetAsync("/api/forms/some-key/leads", Ct);

        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed });
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Development_VisitorFromAnotherMachine_GetsErrorPage_LocalMachineGetsDeveloperPage()
    {
        await using var dev = await RealApp.StartAsync(databases, DatabaseProvider.Sqlite, "Development");
        var client = dev.Anonymous("en");

        using var remote = new HttpRequestMessage(HttpMethod.Get, RealApp.ThrowPath);
        remote.Headers.Add(RealApp.AddressHeader, "203.0.113.7");
        var fromAfar = await client.SendAsync(remote, Ct);
        var local = await client.GetAsync(RealApp.ThrowPath, Ct);

        Assert.Equal(HttpStatusCode.InternalServerError, fromAfar.StatusCode);
        Assert.DoesNotContain("secret-detail-42", await fromAfar.Content.ReadAsStringAsync(Ct));
        Assert.Contains("Something went wrong", await fromAfar.Content.ReadAsStringAsync(Ct));
        Assert.Contains("secret-detail-42", await local.Content.ReadAsStringAsync(Ct));
    }

    // ---------- sign-in posts ----------

    [Fact]
    public async Task SignInPost_Multipart_Answers4xxOrTheForm_Never5xx()
    {
        var client = _app.Anonymous();
        using var body = new MultipartFormDataContent
        {
            { new StringContent("login"), "_handler" },
            { new StringContent("owner1@studio.test"), "Input.Email" },
            { new StringContent("wrong-password-123"), "Input.Password" },
        };

        var response = await client.PostAsync("/account/login", body, Ct);

        Assert.InRange((int)response.StatusCode, 200, 499);
    }

    [Fact]
    public async Task SignInPost_MoreThan1024Fields_Answers400WithMessage()
    {
        var fields = Enumerable.Range(0, 1100).Select(i => new KeyValuePair<string, string>($"f{i}", "x"))
            .Append(new("Input.Email", "owner1@studio.test"));

        var response = await _app.Anonymous().PostAsync("/account/login", new FormUrlEncodedContent(fields), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("form", await response.Content.ReadAsStringAsync(Ct), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SignInPost_Utf7Charset_Answers4xx()
    {
        var content = new StringContent("_handler=login&Input.Email=a%40b.c&Input.Password=x", Encoding.ASCII);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded; charset=utf-7");

        var response = await _app.Anonymous().PostAsync("/account/login", content, Ct);

        Assert.InRange((int)response.StatusCode, 400, 499);
    }

    // ---------- culture switch ----------

    [Theory]
    [InlineData("/%5Cx")]
    [InlineData("/%5C%5Cevil.example")]
    [InlineData("//evil.example")]
    [InlineData("%5C%5Cevil.example")]
    [InlineData("/%09/evil.example")]
    [InlineData("https://evil.example/")]
    public async Task Culture_RedirectThatIsNotPlainlyLocal_GoesHome(string redirect)
    {
        var response = await _app.Anonymous().GetAsync("/culture/en?redirectUri=" + redirect, Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Culture_LocalRedirectWithQuery_Kept()
    {
        var response = await _app.Anonymous().GetAsync("/culture/uk?redirectUri=%2Fschedule%3Fdate%3D2026-11-23", Ct);

        Assert.Equal("/schedule?date=2026-11-23", response.Headers.Location?.OriginalString);
    }

    // ---------- the web form ----------

    [Fact]
    public async Task LeadPost_MalformedChunkedBody_Answers400_NothingSaved()
    {
        var key = await _app.FormKeyAsync();
        var before = await _app.CountsAsync();

        var (status, _) = await _app.RawAsync(RealApp.Ascii(
            $"POST /api/forms/{key}/leads HTTP/1.1\nHost: localhost\nContent-Type: application/json\nTransfer-Encoding: chunked\nConnection: close\n\n" +
            "zz\n{\"name\":\"Ann\"}\n0\n\n"));

        Assert.Equal(400, status);
        Assert.Equal(before, await _app.CountsAsync());
    }

    // ---------- exports ----------

    [Theory]
    [InlineData("/reports/export/general.csv?from=2026-01-01&to=9999-12-31", "to")]
    [InlineData("/reports/export/funnels.csv?from=0001-01-01&to=2026-01-01", "from")]
    [InlineData("/reports/export/general.csv?from=%C3%BC%C3%BC&to=2026-01-01", "from")]
    [InlineData("/reports/export/status-transitions.xlsx?from=2026-13-01", "from")]
    [InlineData("/reports/export/staff-managers.csv?from=2026-02-01&to=2026-01-01", "to")]
    [InlineData("/payments/export.csv?from=2026-01-01&to=9999-12-31", "to")]
    [InlineData("/payments/export.csv?from=%D0%B2%D1%87%D0%BE%D1%80%D0%B0", "from")]
    public async Task Export_BadPeriod_Answers400NamingTheParameter(string url, string parameter)
    {
        var client = await _app.SignedInAsync();

        var response = await client.GetAsync(url, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"'{parameter}'", WebUtility.HtmlDecode(text));
    }

    [Fact]
    public async Task BoardExport_RandomOrNoBoard_404Or400WithARealMessage()
    {
        var client = await _app.SignedInAsync();

        var random = await client.GetAsync($"/reports/export/board-outcomes.csv?board={Guid.NewGuid()}", Ct);
        var none = await client.GetAsync("/reports/export/board-losses.csv", Ct);
        var noneText = await none.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.NotFound, random.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        Assert.DoesNotContain("{0}", noneText);
        Assert.Contains("required", noneText);
    }

    [Fact]
    public async Task BoardExport_ItsOwnBoard_StillAFile()
    {
        var client = await _app.SignedInAsync();

        var response = await client.GetAsync($"/reports/export/board-outcomes.csv?board={_app.Board.Id}&from=2026-01-01&to=2026-12-31", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
    }
}
