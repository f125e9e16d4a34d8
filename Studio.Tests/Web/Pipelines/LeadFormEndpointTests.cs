using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Studio.Infrastructure.Persistence;

namespace Studio.Tests.Web.Pipelines;

/// <summary>The public web form over HTTP: formats, answers, problem details, idempotency, races, body limit and CORS.</summary>
public sealed class LeadFormEndpointTests(RoomyLeadFormApp app) : IClassFixture<RoomyLeadFormApp>
{
    private static readonly string Sales = LeadFormApp.Keys[0];
    private static readonly string Webinar = LeadFormApp.Keys[1];
    private static readonly string SalesUrl = $"/api/forms/{Sales}/leads";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)));

    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone();

    private async Task<T> ReadAsync<T>(Func<StudioDbContext, Task<T>> query)
    {
        await using var db = app.Services.GetRequiredService<IDbContextFactory<StudioDbContext>>().CreateDbContext();
        return await query(db);
    }

    [Fact]
    public async Task PostJson_ValidLead_Returns201WithDealAndClientOfASavedDealInStart()
    {
        var response = await app.Client.PostAsync(SalesUrl,
            Json("""{"name":"Olena Koval","phone":"067 555 00 01","comment":"Trial?","utm_source":"google","extra":{"ignored":true}}"""), Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await BodyAsync(response);
        var dealId = body.GetProperty("dealId").GetGuid();
        var clientId = body.GetProperty("clientId").GetGuid();
        var deal = await ReadAsync(db => db.Deals.AsNoTracking().SingleAsync(d => d.Id == dealId, Ct));
        var start = await ReadAsync(db => db.Stages.Where(s => s.BoardId == deal.BoardId && s.Name == "Нові").Select(s => s.Id).SingleAsync(Ct));
        Assert.Equal((clientId, start, "google"), (deal.ClientId, deal.StageId, deal.CustomFields["utm_source"]));
        Assert.Equal("+380675550001", await ReadAsync(db => db.Clients.Where(c => c.Id == clientId).Select(c => c.Phone).SingleAsync(Ct)));
    }

    [Fact]
    public async Task PostFormEncodedAndMultipart_ValidLeads_Return201WithTheirFields()
    {
        var encoded = await app.Client.PostAsync(SalesUrl,
            Form(("name", "Ivan"), ("phone", "+380675550002"), ("utm_campaign", "spring"), ("unknown", "x")), Ct);
        var multipart = new MultipartFormDataContent
        {
            { new StringContent("Maria"), "name" },
            { new StringContent("maria.multipart@mail.test"), "email" },
            { new StringContent("Call after six"), "comment" },
        };
        var fromMultipart = await app.Client.PostAsync(SalesUrl, multipart, Ct);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (encoded.StatusCode, fromMultipart.StatusCode));
        var encodedDeal = (await BodyAsync(encoded)).GetProperty("dealId").GetGuid();
        var multipartDeal = (await BodyAsync(fromMultipart)).GetProperty("dealId").GetGuid();
        Assert.Equal("spring", await ReadAsync(async db => (await db.Deals.SingleAsync(d => d.Id == encodedDeal, Ct)).CustomFields["utm_campaign"]));
        Assert.Equal("Call after six", await ReadAsync(db => db.DealNotes.Where(n => n.DealId == multipartDeal).Select(n => n.Text).SingleAsync(Ct)));
    }

    [Fact]
    public async Task Post_UnknownKey_Returns404ProblemAndSavesNothing()
    {
        var before = await app.CountsAsync();

        var response = await app.Client.PostAsync("/api/forms/no-such-key/leads", Json("""{"name":"Ivan","phone":"0675550003"}"""), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(404, (await BodyAsync(response)).GetProperty("status").GetInt32());
        Assert.Equal(before, await app.CountsAsync());
    }

    [Fact]
    public async Task Post_BodyOver16KB_Returns413ProblemAndSavesNothing()
    {
        var before = await app.CountsAsync();
        var huge = JsonSerializer.Serialize(new { name = "Ivan", phone = "0675550004", comment = new string('x', 17 * 1024) });

        var response = await app.Client.PostAsync(SalesUrl, Json(huge), Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await app.CountsAsync());
    }

    [Fact]
    public async Task Post_FiftyAtOnceWithOneIdempotencyKey_OneDealAndTheSameAnswerToAll()
    {
        var before = await app.CountsAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, SalesUrl)
            {
                Content = Json($$"""{"name":"Visitor","phone":"+38067{{3000000 + i}}","comment":"Hello"}"""),
            };
            request.Headers.Add("Idempotency-Key", "page-load-5c1e");
            var response = await app.Client.SendAsync(request, Ct);
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync(Ct));
        }, Ct)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Single(responses.Select(r => r.Body).Distinct());
        var after = await app.CountsAsync();
        Assert.Equal((1, 1, 1, 1, 1), (after.Clients - before.Clients, after.Deals - before.Deals, after.Moves - before.Moves,
            after.Notes - before.Notes, after.Receipts - before.Receipts));
    }

    [Fact]
    public async Task Post_FiftyAtOnceWithOnePhone_OneClientAndFiftyDeals()
    {
        var before = await app.CountsAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() =>
            app.Client.PostAsync(SalesUrl, Form(("name", $"Visitor {i}"), ("phone", i % 2 == 0 ? "067 555 77 88" : "+380675557788")), Ct), Ct)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var clientIds = await Task.WhenAll(responses.Select(async r => (await BodyAsync(r)).GetProperty("clientId").GetGuid()));
        Assert.Single(clientIds.Distinct());
        var after = await app.CountsAsync();
        Assert.Equal((1, 50), (after.Clients - before.Clients, after.Deals - before.Deals));
    }

    /// <summary>A thousand bad posts of every kind: each a 400 with problem details naming what is wrong; not one row saved.</summary>
    [Fact]
    public async Task Post_ThousandMalformed_Each400NamingTheFieldAndNothingSaved()
    {
        var before = await app.CountsAsync();
        var cases = MalformedCases().ToList();
        var random = new Random(20261123);
        var picks = Enumerable.Range(0, 1000).Select(i => cases[i < cases.Count ? i : random.Next(cases.Count)]).ToList();
        using var gate = new SemaphoreSlim(8);

        var failures = await Task.WhenAll(picks.Select(async c =>
        {
            await gate.WaitAsync(Ct);
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, SalesUrl) { Content = c.Content() };
                if (c.IdempotencyKey is { } key) request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
                var response = await app.Client.SendAsync(request, Ct);
                var text = await response.Content.ReadAsStringAsync(Ct);
                if (response.StatusCode != HttpStatusCode.BadRequest) return $"{c.Name}: {(int)response.StatusCode} {text}";
                if (response.Content.Headers.ContentType?.MediaType != "application/problem+json") return $"{c.Name}: not problem details";
                var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
                return errors.TryGetProperty(c.Field, out _) ? null : $"{c.Name}: errors do not name {c.Field}: {errors}";
            }
            finally { gate.Release(); }
        }));

        Assert.Equal([], failures.OfType<string>());
        Assert.Equal(before, await app.CountsAsync());
    }

    private sealed record Malformed(string Name, string Field, Func<HttpContent> Content, string? IdempotencyKey = null);

    private static IEnumerable<Malformed> MalformedCases()
    {
        static HttpContent Raw(string body, string? type)
        {
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            if (type is not null) content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
            return content;
        }
        yield return new("empty JSON body", "body", () => Raw("", "application/json"));
        yield return new("empty body, no type", "body", () => Raw("", null));
        yield return new("truncated JSON", "body", () => Json("""{"name":"Ivan","phone":"067"""));
        yield return new("not JSON", "body", () => Json("name=Ivan"));
        yield return new("JSON list", "body", () => Json("""[{"name":"Ivan"}]"""));
        yield return new("JSON string", "body", () => Json("\"Ivan\""));
        yield return new("unquoted names", "body", () => Json("{name: 'Ivan'}"));
        yield return new("bad UTF-8", "body", () =>
        {
            var content = new ByteArrayContent([.. "{\"name\":\""u8, 0xff, 0xfe, .. "\",\"phone\":\"0671234567\"}"u8]);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            return content;
        });
        yield return new("plain text", "Content-Type", () => Raw("Ivan, 0671234567", "text/plain"));
        yield return new("XML", "Content-Type", () => Raw("<lead><name>Ivan</name></lead>", "application/xml"));
        yield return new("NUL in name", "name", () => Json("""{"name":"Iv\u0000an","phone":"0671234567"}"""));
        yield return new("NUL in comment", "comment", () => Json("""{"name":"Ivan","phone":"0671234567","comment":"hi\u0000"}"""));
        yield return new("escape in utm, multipart", "utm_source", () => new MultipartFormDataContent
        {
            { new StringContent("Ivan"), "name" }, { new StringContent("0671234567"), "phone" }, { new StringContent("g\u001Bo"), "utm_source" },
        });
        yield return new("missing name", "name", () => Json("""{"phone":"0671234567"}"""));
        yield return new("blank name", "name", () => Json("""{"name":"   ","phone":"0671234567"}"""));
        yield return new("long name", "name", () => Json($$"""{"name":"{{new string('n', 161)}}","phone":"0671234567"}"""));
        yield return new("missing name, form", "name", () => Form(("phone", "0671234567")));
        yield return new("empty form", "name", () => Form());
        yield return new("no phone or email", "phone", () => Json("""{"name":"Ivan"}"""));
        yield return new("no phone or email, form", "email", () => Form(("name", "Ivan"), ("comment", "hi")));
        yield return new("short phone", "phone", () => Json("""{"name":"Ivan","phone":"12"}"""));
        yield return new("letters for phone", "phone", () => Json("""{"name":"Ivan","phone":"call me"}"""));
        yield return new("impossible phone", "phone", () => Form(("name", "Ivan"), ("phone", "+380 00 000 00 00")));
        yield return new("phone twice", "phone", () => Form(("name", "Ivan"), ("phone", "0671234567"), ("phone", "0671234568")));
        yield return new("long phone", "phone", () => Json($$"""{"name":"Ivan","phone":"{{new string('1', 41)}}"}"""));
        yield return new("bad email", "email", () => Json("""{"name":"Ivan","email":"ivan-at-mail"}"""));
        yield return new("email with space", "email", () => Form(("name", "Ivan"), ("email", "ivan @mail.test")));
        yield return new("huge comment", "comment", () => Json(JsonSerializer.Serialize(new { name = "Ivan", phone = "0671234567", comment = new string('c', 4001) })));
        yield return new("huge comment, form", "comment", () => Form(("name", "Ivan"), ("phone", "0671234567"), ("comment", new string('c', 9000))));
        yield return new("long utm", "utm_campaign", () => Json(JsonSerializer.Serialize(new { name = "Ivan", phone = "0671234567", utm_campaign = new string('u', 201) })));
        yield return new("long source", "source", () => Form(("name", "Ivan"), ("phone", "0671234567"), ("source", new string('s', 201))));
        yield return new("number for name", "name", () => Json("""{"name":42,"phone":"0671234567"}"""));
        yield return new("object for phone", "phone", () => Json("""{"name":"Ivan","phone":{"number":"0671234567"}}"""));
        yield return new("number for phone", "phone", () => Json("""{"name":"Ivan","phone":380671234567}"""));
        yield return new("bool for email", "email", () => Json("""{"name":"Ivan","phone":"0671234567","email":true}"""));
        yield return new("list for utm", "utm_source", () => Json("""{"name":"Ivan","phone":"0671234567","utm_source":["a","b"]}"""));
        yield return new("number for comment", "comment", () => Json("""{"name":"Ivan","phone":"0671234567","comment":1.5}"""));
        yield return new("long idempotency key", "Idempotency-Key", () => Json("""{"name":"Ivan","phone":"0671234567"}"""), new string('k', 101));
    }

    [Fact]
    public async Task Preflight_FromAllowedOrigin_GetsAllowOriginAndHeaders()
    {
        using var request = Preflight(SalesUrl, LeadFormApp.AllowedOrigin);

        var response = await app.Client.SendAsync(request, Ct);

        Assert.True(response.IsSuccessStatusCode, response.StatusCode.ToString());
        Assert.Equal([LeadFormApp.AllowedOrigin], response.Headers.GetValues("Access-Control-Allow-Origin"));
        Assert.Contains("idempotency-key", string.Join(",", response.Headers.GetValues("Access-Control-Allow-Headers")), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Preflight_FromOtherOriginOrToOtherBoard_GetsNoAllowOrigin()
    {
        using var foreign = Preflight(SalesUrl, "https://evil.example");
        using var otherBoard = Preflight($"/api/forms/{Webinar}/leads", LeadFormApp.AllowedOrigin);
        using var unknownBoard = Preflight("/api/forms/no-such-key/leads", LeadFormApp.AllowedOrigin);

        var responses = new[] { await app.Client.SendAsync(foreign, Ct), await app.Client.SendAsync(otherBoard, Ct), await app.Client.SendAsync(unknownBoard, Ct) };

        Assert.All(responses, r => Assert.False(r.Headers.Contains("Access-Control-Allow-Origin"), r.RequestMessage?.RequestUri?.ToString()));
    }

    [Fact]
    public async Task PostFromAllowedOrigin_Created_AnswerCarriesAllowOrigin()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, SalesUrl) { Content = Json("""{"name":"Ivan","phone":"0675550005"}""") };
        request.Headers.Add("Origin", LeadFormApp.AllowedOrigin);

        var response = await app.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal([LeadFormApp.AllowedOrigin], response.Headers.GetValues("Access-Control-Allow-Origin"));
    }

    private static HttpRequestMessage Preflight(string url, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, url);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type,idempotency-key");
        return request;
    }
}

/// <summary>Floods: limited per address and, apart, per board key, with limits lowered through configuration.</summary>
public sealed class LeadFormRateLimitTests(TightLeadFormApp app) : IClassFixture<TightLeadFormApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<HttpResponseMessage> PostAsync(string key, string address, int n)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/forms/{key}/leads")
        {
            Content = new StringContent($$"""{"name":"Visitor {{n}}","phone":"+38067{{4000000 + n}}"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(LeadFormApp.AddressHeader, address);
        return app.Client.SendAsync(request, Ct);
    }

    [Fact]
    public async Task Post_OverThePerAddressLimit_Gets429ProblemWithRetryAfter_OtherAddressStillServed()
    {
        var key = LeadFormApp.Keys[1];
        var allowed = new List<HttpStatusCode>();
        for (var i = 0; i < TightLeadFormApp.PerAddress; i++) allowed.Add((await PostAsync(key, "10.0.1.1", i)).StatusCode);

        var refused = await PostAsync(key, "10.0.1.1", 10);
        var other = await PostAsync(key, "10.0.1.2", 11);

        Assert.All(allowed, s => Assert.Equal(HttpStatusCode.Created, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta is { TotalSeconds: > 0 and <= 60 }, refused.Headers.RetryAfter?.ToString());
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
    }

    [Fact]
    public async Task Post_OverThePerKeyLimit_Gets429FromAnyAddress_OtherKeyStillServed()
    {
        var key = LeadFormApp.Keys[2];
        var allowed = new List<HttpStatusCode>();
        for (var i = 0; i < TightLeadFormApp.PerKey; i++) allowed.Add((await PostAsync(key, $"10.0.2.{i + 1}", 20 + i)).StatusCode);

        var refused = await PostAsync(key, "10.0.2.100", 30);
        var otherKey = await PostAsync(LeadFormApp.Keys[3], "10.0.2.100", 31);

        Assert.All(allowed, s => Assert.Equal(HttpStatusCode.Created, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.Created, otherKey.StatusCode);
    }

    [Fact]
    public async Task Post_FloodOfEmptyPostsFromManyAddresses_EachRefusedWith400_ARealVisitorStillGets201()
    {
        var key = LeadFormApp.Keys[0];
        var junk = new List<HttpStatusCode>();
        for (var a = 1; a <= 4; a++)
            for (var i = 0; i < TightLeadFormApp.PerAddress; i++)
            {
                var request = new HttpRequestMessage(HttpMethod.Post, $"/api/forms/{key}/leads")
                {
                    Content = new StringContent("{}", Encoding.UTF8, "application/json"),
                };
                request.Headers.Add(LeadFormApp.AddressHeader, $"10.0.3.{a}");
                junk.Add((await app.Client.SendAsync(request, Ct)).StatusCode);
            }

        var visitor = await PostAsync(key, "10.0.3.100", 40);

        Assert.Equal(4 * TightLeadFormApp.PerAddress, junk.Count);
        Assert.True(junk.Count > TightLeadFormApp.PerKey);
        Assert.All(junk, s => Assert.Equal(HttpStatusCode.BadRequest, s));
        Assert.Equal(HttpStatusCode.Created, visitor.StatusCode);
    }

    [Fact]
    public async Task Post_EmptyPostsFromOneAddress_SpendThatAddressesBudgetOnly_Gets429WithRetryAfter()
    {
        var key = LeadFormApp.Keys[3];
        var junk = new List<HttpStatusCode>();
        for (var i = 0; i <= TightLeadFormApp.PerAddress; i++)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/forms/{key}/leads") { Content = new StringContent("", Encoding.UTF8, "application/json") };
            request.Headers.Add(LeadFormApp.AddressHeader, "10.0.4.1");
            var response = await app.Client.SendAsync(request, Ct);
            junk.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) Assert.NotNull(response.Headers.RetryAfter);
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.BadRequest, TightLeadFormApp.PerAddress), HttpStatusCode.TooManyRequests], junk);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(key, "10.0.4.2", 41)).StatusCode);
    }
}

/// <summary>A board key's budget of good leads, on a fake clock.</summary>
public sealed class LeadKeyBudgetTests
{
    [Fact]
    public void TrySpend_OverThePerMinuteBudget_RefusedUntilTheWindowEnds_OtherKeyApart()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 12, 5, 10, 0, 0, TimeSpan.Zero));
        var budget = new Studio.Web.Pipelines.LeadKeyBudget(clock, 2);

        var first = (budget.TrySpend("a"), budget.TrySpend("a"));
        clock.Advance(TimeSpan.FromSeconds(20));
        var third = budget.TrySpend("a");
        var other = budget.TrySpend("b");
        clock.Advance(TimeSpan.FromSeconds(40));
        var next = budget.TrySpend("a");

        Assert.Equal(((TimeSpan?)null, (TimeSpan?)null), first);
        Assert.Equal(TimeSpan.FromSeconds(40), third);
        Assert.Null(other);
        Assert.Null(next);
    }
}
