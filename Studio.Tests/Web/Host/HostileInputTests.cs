using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Studio.Infrastructure.Persistence;
using Studio.Tests.Infrastructure;

namespace Studio.Tests.Web.Host;

/// <summary>
/// Issue 13: the hostile-input suite. Well over a thousand malformed requests (bad JSON, wrong types, huge strings, NUL and
/// control characters, wrong and bogus content types, truncated and malformed bodies, bad charsets, path traversal,
/// overlong query values, bad dates, unknown ids) against every public endpoint (web-form lead, sign-in, culture switch,
/// calendar feed, health, error page) and the signed-in exports, through the real app on Kestrel in Production, on
/// SQLite and on PostgreSQL. None may answer 5xx (or fail to answer), and the database may only grow by whole leads:
/// exactly one client (with its phone), one deal (with its first move) and one receipt per lead the server accepted,
/// and every lead that is plainly valid is accepted.
/// </summary>
public sealed class HostileInputTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>One request: what it is, who sends it, and what it must get (any non-5xx answer unless said).</summary>
    private sealed record Case(string Name, bool SignedIn, Func<HttpRequestMessage> Make, Expect Expect = Expect.NotServerError);

    private enum Expect { NotServerError, Accepted, Refused }

    [Theory, DatabaseData]
    public async Task OverAThousandMalformedRequests_No5xx_OnlyWholeLeadsSaved(DatabaseProvider provider)
    {
        await using var app = await RealApp.StartAsync(databases, provider);
        var key = await app.FormKeyAsync();
        var anonymous = app.Anonymous("uk");
        var signedIn = await app.SignedInAsync();
        var withToken = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
        { BaseAddress = new Uri(app.BaseUrl), Timeout = RealApp.AnswerWithin };
        var (token, _) = await RealApp.SignInFormAsync(withToken);
        var before = await app.CountsAsync();

        var cases = LeadCases(key).Concat(SignInCases(token)).Concat(CultureCases()).Concat(CalendarCases())
            .Concat(HealthAndErrorCases()).Concat(ExportCases(app.Board.Id)).ToList();
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        var accepted = 0;
        var acceptedWithKey = 0;
        var watch = Stopwatch.StartNew();

        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = 6, CancellationToken = Ct }, async (c, ct) =>
        {
            var client = c.SignedIn ? signedIn : c.Name.StartsWith("sign-in token", StringComparison.Ordinal) ? withToken : anonymous;
            try
            {
                using var request = c.Make();
                // Each request on its own connection: a server that closes a connection after refusing an unread body
                // must not make the next request, sent on that connection, look unanswered.
                request.Headers.ConnectionClose = true;
                using var response = await client.SendAsync(request, ct);
                var status = (int)response.StatusCode;
                if (status == 201) Interlocked.Increment(ref accepted);
                if (status == 201 && request.Headers.Contains("Idempotency-Key")) Interlocked.Increment(ref acceptedWithKey);
                var wrong = status >= 500
                    || (c.Expect == Expect.Accepted && status != 201)
                    || (c.Expect == Expect.Refused && status is < 400 or >= 500);
                if (wrong) failures.Add($"{c.Name}: {status} {Short(await response.Content.ReadAsStringAsync(ct))}");
            }
            catch (HttpRequestException ex) when (BodyOverLeadLimit(c))
            {
                // A body over the lead limit is answered 413 before it is read, and the connection closed under the
                // sender: the client may see the reset instead of the answer. A refusal either way.
                _ = ex;
            }
            catch (HttpRequestException ex)
            {
                failures.Add($"{c.Name}: no answer ({ex.Message})");
            }
        });

        var raw = RawCases(key);
        foreach (var (name, bytes, halfClose) in raw)
        {
            var (status, text) = await app.RawAsync(bytes, halfClose);
            // A client that half-closes its side may get no answer at all (the server drops the connection): never a 5xx,
            // but for the one 5xx HTTP itself prescribes: 505 for a version that is not HTTP/1.x (Kestrel, before the app).
            var prescribed = name == UnknownVersion && status == 505;
            if ((status >= 500 && !prescribed) || (status == 0 && !halfClose)) failures.Add($"raw {name}: {status} {Short(text)}");
            if (status == 201) Interlocked.Increment(ref accepted);
        }
        watch.Stop();

        var after = await app.CountsAsync();
        var orphans = await app.Studio.ReadAsync(async db => (
            ClientsWithoutDeal: await db.Clients.CountAsync(c => !db.Deals.Any(d => d.ClientId == c.Id), Ct),
            DealsWithoutMove: await db.Deals.CountAsync(d => !db.DealMoves.Any(m => m.DealId == d.Id), Ct),
            ClientsWithoutPhone: await db.Clients.CountAsync(c => !c.Phones.Any(), Ct)));

        Assert.True(cases.Count + raw.Count >= 1000, $"only {cases.Count + raw.Count} requests");
        if (!failures.IsEmpty) Assert.Fail($"{failures.Count} wrong answers:\n" + string.Join("\n", failures.Order(StringComparer.Ordinal).Take(60)));
        Assert.True(accepted >= ValidLeads, $"{accepted} leads accepted");
        Assert.Equal(before.Clients + accepted, after.Clients);
        Assert.Equal(before.Deals + accepted, after.Deals);
        Assert.True(acceptedWithKey >= ValidLeads / 2, $"{acceptedWithKey} leads with a key accepted");
        Assert.Equal(before.Receipts + acceptedWithKey, after.Receipts);
        Assert.Equal(before.Phones + accepted, after.Phones);
        Assert.True(after.Moves >= before.Moves + accepted);
        Assert.Equal((0, 0, 0), orphans);
        TestContext.Current.SendDiagnosticMessage(
            $"{provider}: {cases.Count + raw.Count} hostile requests in {watch.Elapsed.TotalSeconds:0.0} s, {accepted} leads accepted");
    }

    private static bool BodyOverLeadLimit(Case c)
    {
        using var request = c.Make();
        return request.RequestUri?.OriginalString.StartsWith("/api/forms/", StringComparison.Ordinal) == true
            && request.Content?.Headers.ContentLength > Studio.Web.Pipelines.LeadFormEndpoints.BodyLimit;
    }

    private static string Short(string text) => text.Length > 160 ? text[..160] + "…" : text;

    // ---------- the web form ----------

    private const int ValidLeads = 24;

    private static IEnumerable<Case> LeadCases(string key)
    {
        var keys = new[]
        {
            key, "no-such-key", "..%2F..%2Fetc%2Fpasswd", "%2e%2e%2f%2e%2e%2fweb.config", new string('k', 3000), "%00",
            "%D0%BA%D0%BB%D1%8E%D1%87", "k%0D%0ASet-Cookie:x=1",
        };
        var n = 0;
        foreach (var k in keys)
            foreach (var (name, make) in LeadBodies())
            {
                var id = n++;
                yield return new Case($"lead {Short(k)} {name} #{id}", false,
                    () => WithHeader(Post($"/api/forms/{k}/leads", make()), "Idempotency-Key", id % 2 == 0 ? $"junk-{id}" : new string('i', 300)),
                    k == key && name.StartsWith("refused", StringComparison.Ordinal) ? Expect.Refused : Expect.NotServerError);
            }

        // Plainly valid leads among the junk, each with its own phone: each must be taken whole. Every other one carries
        // an Idempotency-Key (its receipt is part of the lead); so does junk, which must leave no receipt.
        for (var i = 0; i < ValidLeads; i++)
        {
            var phone = $"+38067{7000000 + i}";
            var idempotencyKey = i % 2 == 0 ? $"hostile-valid-{i}" : null;
            var lead = (i % 3) switch
            {
                0 => new Case($"valid JSON lead {i}", false, () => Post($"/api/forms/{key}/leads",
                    Json($$"""{"name":"Valid Visitor {{i}}","phone":"{{phone}}","comment":"Привіт 👋","utm_source":"hostile"}""")), Expect.Accepted),
                1 => new Case($"valid form lead {i}", false, () => Post($"/api/forms/{key}/leads",
                    new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = $"Valid Visitor {i}", ["phone"] = phone })), Expect.Accepted),
                _ => new Case($"valid multipart lead {i}", false, () => Post($"/api/forms/{key}/leads",
                    new MultipartFormDataContent { { new StringContent($"Valid Visitor {i}"), "name" }, { new StringContent(phone), "phone" } }), Expect.Accepted),
            };
            yield return idempotencyKey is null ? lead : lead with { Make = () => WithHeader(lead.Make(), "Idempotency-Key", idempotencyKey) };
        }
    }

    /// <summary>Bodies that are not a lead; those named "refused …" must get a 4xx on a real form.</summary>
    private static IEnumerable<(string, Func<HttpContent>)> LeadBodies()
    {
        const string ok = "\"phone\":\"0671112233\"";
        yield return ("refused empty", () => new ByteArrayContent([]));
        yield return ("refused empty JSON", () => Json(""));
        yield return ("refused open brace", () => Json("{"));
        yield return ("refused truncated", () => Json("{\"name\":\"Ivan\",\"pho"));
        yield return ("refused list", () => Json("[{\"name\":\"Ivan\"}]"));
        yield return ("refused string", () => Json("\"Ivan\""));
        yield return ("refused null", () => Json("null"));
        yield return ("refused number", () => Json("42"));
        yield return ("refused name number", () => Json($"{{\"name\":42,{ok}}}"));
        yield return ("refused name object", () => Json($"{{\"name\":{{\"first\":\"Ivan\"}},{ok}}}"));
        yield return ("refused name list", () => Json($"{{\"name\":[\"Ivan\"],{ok}}}"));
        yield return ("refused name true", () => Json($"{{\"name\":true,{ok}}}"));
        yield return ("refused phone number", () => Json("{\"name\":\"Ivan\",\"phone\":380671112233}"));
        yield return ("refused deep nesting", () => Json(new string('[', 5000) + new string(']', 5000)));
        yield return ("refused deep object", () => Json("{\"name\":\"Ivan\",\"x\":" + string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 201)));
        yield return ("refused huge name", () => Json($"{{\"name\":\"{new string('x', 15_000)}\",{ok}}}"));
        yield return ("refused over the limit", () => Json($"{{\"name\":\"{new string('x', 40_000)}\",{ok}}}"));
        yield return ("refused NUL in name", () => Json($"{{\"name\":\"Iv\\u0000an\",{ok}}}"));
        yield return ("refused raw NUL", () => new ByteArrayContent([.. "{\"name\":\"Iv"u8, 0, .. "an\",\"phone\":\"0671112233\"}"u8]) { Headers = { ContentType = new("application/json") } });
        yield return ("refused control chars", () => Json($"{{\"name\":\"Iv\\u001b[31man\\u0007\",{ok}}}"));
        yield return ("refused lone surrogate", () => Json($"{{\"name\":\"Iv\\ud800an\",{ok}}}"));
        yield return ("refused invalid UTF-8", () => new ByteArrayContent([.. "{\"name\":\""u8, 0xff, 0xfe, 0xc3, 0x28, .. "\",\"phone\":\"0671112233\"}"u8]) { Headers = { ContentType = new("application/json") } });
        yield return ("refused UTF-16 as JSON", () => new ByteArrayContent(Encoding.Unicode.GetBytes($"{{\"name\":\"Ivan\",{ok}}}")) { Headers = { ContentType = new("application/json") } });
        yield return ("refused missing name", () => Json($"{{{ok}}}"));
        yield return ("refused blank name", () => Json($"{{\"name\":\" \\t \",{ok}}}"));
        yield return ("refused bad phone", () => Json("{\"name\":\"Ivan\",\"phone\":\"not a phone'; DROP TABLE \\\"Clients\\\";--\"}"));
        yield return ("refused huge phone", () => Json($"{{\"name\":\"Ivan\",\"phone\":\"{new string('9', 5000)}\"}}"));
        yield return ("refused bad email", () => Json("{\"name\":\"Ivan\",\"email\":\"<script>alert(1)</script>\"}"));
        yield return ("refused XML", () => Raw("<lead><name>Ivan</name></lead>", "application/xml"));
        yield return ("refused text", () => Raw("name=Ivan&phone=0671112233", "text/plain"));
        yield return ("refused image", () => Raw("\u0089PNG\r\n", "image/png"));
        yield return ("refused any type", () => Raw("{}", "*/*"));
        yield return ("refused no type", () => new ByteArrayContent(Encoding.UTF8.GetBytes($"{{\"name\":\"Ivan\",{ok}}}")));
        yield return ("refused bogus type", () => RawType("{}", ";;;=="));
        // JSON is UTF-8 whatever its label says (RFC 8259): this one is read, and is a good lead.
        yield return ("JSON labelled utf-7", () => RawType($"{{\"name\":\"Ivan\",{ok}}}", "application/json; charset=utf-7"));
        yield return ("refused form utf-7", () => RawType("name=+AEkAdgBhAG4-&phone=0671112233&phone=1", "application/x-www-form-urlencoded; charset=utf-7"));
        yield return ("refused form bogus charset", () => RawType("name=Ivan&phone=0671112233&name=x", "application/x-www-form-urlencoded; charset=x-no-such"));
        yield return ("refused form bad escapes", () => RawType("name=%ZZ%&phone=%", "application/x-www-form-urlencoded"));
        yield return ("refused form invalid UTF-8 escape", () => RawType("name=%C3%28%FF&phone=0671112233&name=2", "application/x-www-form-urlencoded"));
        yield return ("refused form repeated", () => RawType("name=Ivan&name=Oleh&phone=0671112233", "application/x-www-form-urlencoded"));
        yield return ("refused form 3000 fields", () => RawType(string.Join('&', Enumerable.Range(0, 3000).Select(i => $"f{i}=1")), "application/x-www-form-urlencoded"));
        yield return ("refused form NUL", () => RawType("name=Iv%00an&phone=0671112233", "application/x-www-form-urlencoded"));
        yield return ("refused multipart no boundary", () => RawType("--x\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nIvan\r\n--x--", "multipart/form-data"));
        yield return ("refused multipart wrong boundary", () => RawType("--y\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nIvan\r\n--y--", "multipart/form-data; boundary=x"));
        yield return ("refused multipart truncated", () => RawType("--x\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nIv", "multipart/form-data; boundary=x"));
        yield return ("refused multipart long boundary", () => RawType("--" + new string('b', 200) + "\r\n", "multipart/form-data; boundary=" + new string('b', 200)));
        yield return ("refused multipart file", () => new MultipartFormDataContent
        {
            { new StringContent("Ivan"), "name" }, { new ByteArrayContent(new byte[5000]), "phone", "phone.bin" },
        });
        yield return ("refused multipart many parts", () =>
        {
            var m = new MultipartFormDataContent();
            for (var i = 0; i < 300; i++) m.Add(new StringContent("x"), $"p{i}");
            return m;
        });
        yield return ("refused multipart header only", () => RawType("--x\r\nContent-Disposition: form-data\r\n\r\n\r\n--x--\r\n", "multipart/form-data; boundary=x"));
    }

    private static HttpRequestMessage Post(string url, HttpContent content) => new(HttpMethod.Post, url) { Content = content };

    private static HttpRequestMessage WithHeader(HttpRequestMessage request, string name, string value)
    {
        request.Headers.TryAddWithoutValidation(name, value);
        return request;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static ByteArrayContent Raw(string text, string mediaType) =>
        new(Encoding.UTF8.GetBytes(text)) { Headers = { ContentType = new MediaTypeHeaderValue(mediaType) } };

    /// <summary>A body with a Content-Type header taken as written, however broken.</summary>
    private static ByteArrayContent RawType(string text, string contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    // ---------- sign-in ----------

    private static IEnumerable<Case> SignInCases(string token)
    {
        var bodies = new List<(string, Func<string, HttpContent>)>
        {
            ("no fields", t => Form(t)),
            ("wrong password", t => Form(t, ("Input.Email", "owner1@studio.test"), ("Input.Password", "wrong-password-123"))),
            ("unknown account", t => Form(t, ("Input.Email", "nobody@studio.test"), ("Input.Password", "whatever-it-is-123"))),
            ("huge email", t => Form(t, ("Input.Email", new string('a', 20_000) + "@x.y"), ("Input.Password", "x"))),
            ("huge password", t => Form(t, ("Input.Email", "owner1@studio.test"), ("Input.Password", new string('p', 50_000)))),
            ("NUL email", t => Form(t, ("Input.Email", "own\0er1@studio.test"), ("Input.Password", "x\0y"))),
            ("control chars", t => Form(t, ("Input.Email", "\u001b[2J\r\n"), ("Input.Password", "\u0007"))),
            ("remember not bool", t => Form(t, ("Input.Email", "a@b.c"), ("Input.Password", "x"), ("Input.Remember", "maybe"))),
            ("remember twice", t => Form(t, ("Input.Email", "a@b.c"), ("Input.Password", "x"), ("Input.Remember", "true"), ("Input.Remember", "false"))),
            ("email twice", t => Form(t, ("Input.Email", "a@b.c"), ("Input.Email", "d@e.f"), ("Input.Password", "x"))),
            ("unknown handler", t => new FormUrlEncodedContent([new("_handler", "nope"), new("__RequestVerificationToken", t), new("Input.Email", "a@b.c")])),
            ("no handler", t => new FormUrlEncodedContent([new("__RequestVerificationToken", t), new("Input.Email", "a@b.c")])),
            ("handler twice", t => new FormUrlEncodedContent([new("_handler", "login"), new("_handler", "login"), new("__RequestVerificationToken", t)])),
            ("1100 fields", t => new FormUrlEncodedContent(Enumerable.Range(0, 1100).Select(i => new KeyValuePair<string, string>($"f{i}", "x"))
                .Append(new("_handler", "login")).Append(new("__RequestVerificationToken", t)))),
            ("5000 fields", t => new FormUrlEncodedContent(Enumerable.Range(0, 5000).Select(i => new KeyValuePair<string, string>($"Input.X{i}", "x")))),
            ("utf-7", t => RawType($"_handler=login&__RequestVerificationToken={Uri.EscapeDataString(t)}&Input.Email=+AGEAQABi-.c&Input.Password=x",
                "application/x-www-form-urlencoded; charset=utf-7")),
            ("bogus charset", t => RawType($"_handler=login&__RequestVerificationToken={Uri.EscapeDataString(t)}&Input.Email=a", "application/x-www-form-urlencoded; charset=ebcdic-xx")),
            ("utf-16 charset", t => new ByteArrayContent(Encoding.Unicode.GetBytes("_handler=login&Input.Email=a")) { Headers = { ContentType = MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded; charset=utf-16") } }),
            ("bad escapes", t => RawType("_handler=login&Input.Email=%ZZ&Input.Password=%", "application/x-www-form-urlencoded")),
            ("invalid UTF-8", t => RawType("_handler=login&Input.Email=%FF%FE%C3%28", "application/x-www-form-urlencoded")),
            ("multipart", t => new MultipartFormDataContent
            {
                { new StringContent("login"), "_handler" }, { new StringContent(t), "__RequestVerificationToken" },
                { new StringContent("owner1@studio.test"), "Input.Email" }, { new StringContent("wrong-password-123"), "Input.Password" },
            }),
            ("multipart file", t => new MultipartFormDataContent
            {
                { new StringContent("login"), "_handler" }, { new ByteArrayContent(new byte[20_000]), "Input.Email", "a.bin" },
            }),
            ("multipart truncated", t => RawType("--x\r\nContent-Disposition: form-data; name=\"_handler\"\r\n\r\nlog", "multipart/form-data; boundary=x")),
            ("multipart no boundary", t => RawType("--x\r\n", "multipart/form-data")),
            ("JSON", t => Json("{\"Input.Email\":\"owner1@studio.test\",\"Input.Password\":\"x\"}")),
            ("XML", t => Raw("<login/>", "application/xml")),
            ("text", t => Raw("Input.Email=a", "text/plain")),
            ("no type", t => new ByteArrayContent(Encoding.UTF8.GetBytes("_handler=login&Input.Email=a"))),
            ("bogus type", t => RawType("_handler=login", "application/x-www-form-urlencoded; ===;;")),
            ("empty", t => new ByteArrayContent([]) { Headers = { ContentType = new("application/x-www-form-urlencoded") } }),
        };
        var returns = new[] { "", "?ReturnUrl=%2F%5Cevil.example", "?ReturnUrl=" + new string('r', 4000) };
        var n = 0;
        foreach (var (name, body) in bodies)
            foreach (var back in returns)
            {
                yield return new Case($"sign-in no token {name} #{n++}", false, () => Post("/account/login" + back, body("not-a-token")));
                yield return new Case($"sign-in token {name} #{n++}", false, () => Post("/account/login" + back, body(token)));
            }
        foreach (var back in returns)
            yield return new Case($"sign-in page {Short(back)}", false, () => new HttpRequestMessage(HttpMethod.Get, "/account/login" + back));
    }

    private static FormUrlEncodedContent Form(string token, params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))
            .Prepend(new("__RequestVerificationToken", token)).Prepend(new("_handler", "login")));

    // ---------- culture switch ----------

    private static IEnumerable<Case> CultureCases()
    {
        var cultures = new[] { "en", "uk", "xx", "EN", "uk-UA", "%00", "..%2F..", new string('c', 2000), "%D1%83%D0%BA" };
        var redirects = new[]
        {
            "", "/", "/schedule?date=9999-12-31", "%2F%5Cx", "/%5Cx", "//evil.example", "%5C%5Cevil.example", "/%09/evil.example",
            "https://evil.example/", "javascript:alert(1)", "/%0D%0ASet-Cookie:%20x=1", "/%00", "/%C3%BC%F0%9F%98%80", "/" + new string('a', 5000),
            "%E0%A4%A", "/..%2F..%2Fetc%2Fpasswd",
        };
        foreach (var c in cultures)
            foreach (var r in redirects)
                yield return new Case($"culture {Short(c)} {Short(r)}", false, () => new HttpRequestMessage(HttpMethod.Get, $"/culture/{c}?redirectUri={r}"));
        yield return new Case("culture twice", false, () => new HttpRequestMessage(HttpMethod.Get, "/culture/en?redirectUri=/a&redirectUri=/b"));
        yield return new Case("culture post", false, () => Post("/culture/en", Json("{}")));
    }

    // ---------- calendar feed ----------

    private static IEnumerable<Case> CalendarCases()
    {
        var keys = new[]
        {
            "no-such-key", Guid.NewGuid().ToString(), "..%2F..%2Fetc%2Fpasswd", "%2e%2e", "%00", new string('k', 4000), "%D0%BA", "a%0D%0Ab",
            "k.ics", "'%20OR%201=1--", "%25", "%C0%AF",
        };
        var queries = new[] { "", "?lang=uk", "?lang=xx", "?lang=" + new string('l', 3000), "?lang=%00" };
        foreach (var k in keys)
            foreach (var q in queries)
                yield return new Case($"calendar {Short(k)} {Short(q)}", false, () => new HttpRequestMessage(HttpMethod.Get, $"/calendar/{k}.ics{q}"));
        yield return new Case("calendar post", false, () => Post("/calendar/x.ics", Json("{}")));
    }

    // ---------- health and the error page ----------

    private static IEnumerable<Case> HealthAndErrorCases()
    {
        var methods = new[] { HttpMethod.Get, HttpMethod.Head, HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Options, new HttpMethod("PROPFIND") };
        foreach (var path in new[] { "/health", "/health/ready", "/error", "/error/x", "/no/such/page", "/%2e%2e/%2e%2e/etc/passwd", "/_framework/..%2F..%2Fappsettings.json" })
            foreach (var m in methods)
                foreach (var q in new[] { "", "?x=" + new string('q', 6000) })
                    yield return new Case($"{m} {path}{Short(q)}", false, () => new HttpRequestMessage(m, path + q)
                    { Content = m == HttpMethod.Post || m == HttpMethod.Put ? Json("{") : null });
    }

    // ---------- signed-in exports ----------

    private static IEnumerable<Case> ExportCases(Guid boardId)
    {
        var reports = new[]
        {
            "general", "funnels", "status-transitions", "board-outcomes", "board-losses", "board-conversion", "board-stage-time",
            "staff-managers", "staff-teachers", "staff-sales", "no-such-report", "..%2F..%2Fetc",
        };
        var formats = new[] { "csv", "xlsx" };
        var queries = new[]
        {
            "", $"?board={boardId}", $"?board={boardId}&from=2026-01-01&to=2026-12-31", "?to=9999-12-31", "?from=0001-01-01", "?from=2026-13-45",
            "?from=%C3%BC%C3%BC", "?from=2026-02-01&to=2026-01-01", $"?board={Guid.NewGuid()}", "?board=not-a-guid", "?board=%00",
            "?from=" + new string('9', 5000), "?from=2026-01-01&from=2026-02-01", "?employee=" + Guid.NewGuid(), "?bucket=%00&employee=x",
            $"?board={boardId}&to=9999-12-31", $"?board={Guid.Empty}", "?to=2026-01-01T00:00:00Z",
        };
        foreach (var r in reports)
            foreach (var f in formats)
                foreach (var q in queries)
                    yield return new Case($"export {r}.{f}{Short(q)}", true, () => new HttpRequestMessage(HttpMethod.Get, $"/reports/export/{r}.{f}{q}"));

        var payments = new[]
        {
            "", "?from=2026-01-01&to=9999-12-31", "?from=%D0%B2%D1%87%D0%BE%D1%80%D0%B0", "?to=0001-01-01", "?from=2026-02-01&to=2026-01-01",
            "?method=%00", "?method=Bitcoin", "?method=999", "?kind=x", "?employee=" + Guid.NewGuid(), "?branch=" + Guid.NewGuid(), "?branch=%00",
            "?from=" + new string('1', 8000), "?from=2026-01-01&from=2027-01-01", "?method=Cash&kind=Pass&from=2026-01-01&to=2026-01-31",
        };
        foreach (var f in formats.Append("pdf"))
            foreach (var q in payments)
                yield return new Case($"payments.{f}{Short(q)}", true, () => new HttpRequestMessage(HttpMethod.Get, $"/payments/export.{f}{q}"));
        foreach (var r in new[] { "general", "board-losses" })
            yield return new Case($"export {r}.pdf", true, () => new HttpRequestMessage(HttpMethod.Get, $"/reports/export/{r}.pdf?board={boardId}"));
        // The same links without signing in: sent to sign in, never a failure.
        foreach (var q in queries.Take(6))
            yield return new Case($"anonymous export{Short(q)}", false, () => new HttpRequestMessage(HttpMethod.Get, $"/reports/export/general.csv{q}"));
    }

    // ---------- raw HTTP: what a client library would never send ----------

    private const string UnknownVersion = "HTTP/9";

    private static List<(string Name, byte[] Bytes, bool HalfClose)> RawCases(string key)
    {
        var lead = $"POST /api/forms/{key}/leads HTTP/1.1\nHost: localhost\nContent-Type: application/json\n";
        var login = "POST /account/login HTTP/1.1\nHost: localhost\nContent-Type: application/x-www-form-urlencoded\n";
        var cases = new List<(string, string, bool)>
        {
            ("chunk size not hex", lead + "Transfer-Encoding: chunked\nConnection: close\n\nzz\n{\"name\":\"Ann\"}\n0\n\n", false),
            ("chunk longer than said", lead + "Transfer-Encoding: chunked\nConnection: close\n\n2\n{\"name\":\"Ann\"}\n0\n\n", false),
            ("chunk size overflow", lead + "Transfer-Encoding: chunked\nConnection: close\n\nFFFFFFFFFFFFFFFFFF\nx\n0\n\n", false),
            ("chunk extension junk", lead + "Transfer-Encoding: chunked\nConnection: close\n\n5;\0\0\nhello\n0\n\n", false),
            ("chunked without end", lead + "Transfer-Encoding: chunked\n\n5\n{\"na\n", true),
            ("body shorter than its length", lead + "Content-Length: 500\n\n{\"name\":\"Ann\"", true),
            ("length and chunked", lead + "Content-Length: 5\nTransfer-Encoding: chunked\nConnection: close\n\n0\n\n", false),
            ("two lengths", lead + "Content-Length: 2\nContent-Length: 3\nConnection: close\n\n{}", false),
            ("negative length", lead + "Content-Length: -1\nConnection: close\n\n{}", false),
            ("huge length", lead + "Content-Length: 99999999999999\nConnection: close\n\n{}", false),
            ("bad transfer coding", lead + "Transfer-Encoding: gzip, chunked, x\nConnection: close\n\n0\n\n", false),
            ("sign-in chunk junk", login + "Transfer-Encoding: chunked\nConnection: close\n\nq\nInput.Email=a\n0\n\n", false),
            ("sign-in body short", login + "Content-Length: 300\n\nInput.Email=a", true),
            ("sign-in 100 KB form", login + "Content-Length: 102400\nConnection: close\n\n" + new string('a', 102_400), false),
            ("header with NUL", "GET /health HTTP/1.1\nHost: localhost\nX-A: a\0b\nConnection: close\n\n", false),
            ("no Host", "GET /health HTTP/1.1\nConnection: close\n\n", false),
            ("bad request line", "GET\n\n", false),
            (UnknownVersion, "GET /health HTTP/9.9\nHost: localhost\nConnection: close\n\n", false),
            ("absolute URL elsewhere", "GET http://evil.example/health HTTP/1.1\nHost: localhost\nConnection: close\n\n", false),
            ("path traversal", "GET /../../etc/passwd HTTP/1.1\nHost: localhost\nConnection: close\n\n", false),
            ("raw non-ASCII path", "GET /culture/en?redirectUri=/\u00fc HTTP/1.1\nHost: localhost\nConnection: close\n\n", false),
            ("long header", "GET /health HTTP/1.1\nHost: localhost\nX-Long: " + new string('h', 40_000) + "\nConnection: close\n\n", false),
            ("long URL", "GET /culture/en?redirectUri=/" + new string('u', 20_000) + " HTTP/1.1\nHost: localhost\nConnection: close\n\n", false),
            ("cookie junk", "GET /account/login HTTP/1.1\nHost: localhost\nCookie: .AspNetCore.Culture=c%3Dxx%7Cuic%3D%00; studio.auth=garbage; .AspNetCore.Antiforgery.x=%%%\nConnection: close\n\n", false),
            ("accept-language junk", "GET /no/such HTTP/1.1\nHost: localhost\nAccept-Language: ;;q=abc,*-*-*,uk;q=2\nConnection: close\n\n", false),
        };
        return [.. cases.Select(c => (c.Item1, Latin1(c.Item2), c.Item3))];
    }

    private static byte[] Latin1(string text) => Encoding.Latin1.GetBytes(text.ReplaceLineEndings("\r\n"));
}
