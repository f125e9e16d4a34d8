using System.Net;
using System.Text;
using Studio.Tests.Browser;
using Studio.Tests.Browser.Host;
using Studio.Web.Pipelines;

namespace Studio.Tests.Web.Pipelines;

/// <summary>
/// The web form's answers carry the security headers too — taken (201), refused by the limiter (429), too large (413) —
/// and its CORS still answers an allowed site: the headers change nothing a calling page uses.
/// </summary>
public sealed class LeadFormHeadersTests(TightLeadFormApp app) : IClassFixture<TightLeadFormApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<HttpResponseMessage> PostAsync(string address, string body, string? origin = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/forms/{LeadFormApp.Keys[0]}/leads")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(LeadFormApp.AddressHeader, address);
        if (origin is not null) request.Headers.Add("Origin", origin);
        return app.Client.SendAsync(request, Ct);
    }

    [Fact]
    public async Task Taken_FromAnAllowedSite_CarriesTheHeaders_AndTheCorsAnswer()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, $"/api/forms/{LeadFormApp.Keys[0]}/leads");
        preflight.Headers.Add("Origin", LeadFormApp.AllowedOrigin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type");
        preflight.Headers.Add(LeadFormApp.AddressHeader, "10.7.0.1");
        var answer = await app.Client.SendAsync(preflight, Ct);
        var taken = await PostAsync("10.7.0.2", """{"name":"Site Visitor","phone":"+380674440001"}""", LeadFormApp.AllowedOrigin);

        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.Created), (answer.StatusCode, taken.StatusCode));
        Assert.Equal(LeadFormApp.AllowedOrigin, Assert.Single(answer.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Equal(LeadFormApp.AllowedOrigin, Assert.Single(taken.Headers.GetValues("Access-Control-Allow-Origin")));
        SecurityHeadersTests.AssertHeaders(answer);
        SecurityHeadersTests.AssertHeaders(taken);
    }

    [Fact]
    public async Task RefusedByTheLimiter_AndTooLarge_CarryTheHeaders()
    {
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i <= TightLeadFormApp.PerAddress; i++) answers.Add(await PostAsync("10.7.1.1", "{}"));
        var tooLarge = await PostAsync("10.7.1.2", $$"""{"name":"{{new string('x', LeadFormEndpoints.BodyLimit + 10)}}"}""");

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.BadRequest, TightLeadFormApp.PerAddress), HttpStatusCode.TooManyRequests],
            answers.Select(a => a.StatusCode));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.All(answers, SecurityHeadersTests.AssertHeaders);
        SecurityHeadersTests.AssertHeaders(tooLarge);
    }
}
