using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Studio.Web.Resources;

namespace Studio.Web.Host;

/// <summary>
/// What a visitor sees when a request fails or has nothing to show: a small static page (no component, no
/// database, nothing that can fail in turn) in the visitor's language, with the status code kept and the
/// request id to quote; never the exception. Under <c>/api</c> the same as RFC 7807 problem details.
/// The developer exception page is for the machine itself in Development only (<see cref="ShowsDeveloperPage"/>).
/// </summary>
public static class ErrorPages
{
    public const string Path = "/error";

    /// <summary>GET /error: the page itself, for a link or a bookmark (and proof that it answers anonymously).</summary>
    public static IEndpointRouteBuilder MapErrorPage(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, (HttpContext http) => WriteAsync(http, StatusCodes.Status200OK, null)).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// Development and a request from this very machine: only then the exception with its stack is shown. A request
    /// relayed by a proxy on this machine (it says whom for) is not the machine itself.
    /// </summary>
    public static bool ShowsDeveloperPage(HttpContext http, IHostEnvironment env) =>
        env.IsDevelopment() && http.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address)
        && !http.Request.Headers.ContainsKey("X-Forwarded-For") && !http.Request.Headers.ContainsKey("Forwarded");

    /// <summary>The exception handler's answer: a request the server could not read is the client's error (its 4xx), anything else a 500.</summary>
    public static Task HandleExceptionAsync(HttpContext http)
    {
        var error = http.Features.Get<IExceptionHandlerFeature>()?.Error;
        var status = error is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError;
        http.Response.StatusCode = status;
        // The middleware has logged the exception; this line ties it to the id the visitor may quote.
        http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ErrorPages))
            .LogWarning("Request {RequestId} ({Method} {Path}) answered {Status} with the error page", http.TraceIdentifier,
                http.Request.Method, http.Request.Path.Value, status);
        return WriteAsync(http, status, null);
    }

    /// <summary>The status-code pages' answer: an empty 4xx/5xx gets a body saying what it means.</summary>
    public static Task HandleStatusAsync(StatusCodeContext context) =>
        WriteAsync(context.HttpContext, context.HttpContext.Response.StatusCode, null);

    public static async Task WriteAsync(HttpContext http, int status, string? detail)
    {
        var culture = http.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture ?? FromRequest(http);
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = culture;
        try
        {
            var L = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
            var (title, text) = Texts(status, L);
            var requestId = http.TraceIdentifier;
            http.Response.Headers.CacheControl = "no-store";
            if (WantsJson(http))
            {
                await http.Response.WriteAsJsonAsync(new ProblemDetails
                {
                    Status = status == StatusCodes.Status200OK ? null : status,
                    Title = title,
                    Detail = detail ?? text,
                    Extensions = { ["requestId"] = requestId },
                }, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json", http.RequestAborted);
                return;
            }
            http.Response.ContentType = "text/html; charset=utf-8";
            await http.Response.WriteAsync(Html(culture, status, title, detail ?? text, requestId, L), http.RequestAborted);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    /// <summary>An endpoint's refusal as the same page (or problem details), with the message saying what to change.</summary>
    public static IResult Result(int status, string detail) => new Answer(status, detail);

    private sealed class Answer(int status, string detail) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = status;
            return WriteAsync(http, status, detail);
        }
    }

    /// <summary>False for form data (url-encoded or multipart) whose charset names an encoding this server does not read.</summary>
    public static bool FormCharsetReadable(HttpRequest request)
    {
        if (!request.HasFormContentType
            || !Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var media)
            || !media.Charset.HasValue) return true;
        try { return media.Encoding is not null; }
        catch (Exception ex) when (ex is NotSupportedException or ArgumentException) { return false; }
    }

    /// <summary>Why a form post was refused before it reached its page, in the visitor's language.</summary>
    public static string UnreadableForm(HttpContext http) =>
        http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>()["ErrorPage.FormUnreadable"];

    private static CultureInfo FromRequest(HttpContext http)
    {
        var cookie = http.Request.Cookies[CookieRequestCultureProvider.DefaultCookieName];
        var fromCookie = cookie is null ? null : CookieRequestCultureProvider.ParseCookieValue(cookie)?.UICultures.FirstOrDefault().Value;
        var wanted = fromCookie ?? http.Request.Headers.AcceptLanguage.ToString();
        return WebSetup.Cultures.FirstOrDefault(c => wanted.StartsWith(c.Name, StringComparison.OrdinalIgnoreCase)) ?? WebSetup.Cultures[0];
    }

    private static bool WantsJson(HttpContext http) =>
        http.Request.Path.StartsWithSegments("/api")
        || (http.Request.Headers.Accept.ToString() is { Length: > 0 } accept && accept.Contains("json", StringComparison.OrdinalIgnoreCase)
            && !accept.Contains("text/html", StringComparison.OrdinalIgnoreCase));

    private static (string Title, string Text) Texts(int status, IStringLocalizer<SharedResource> L) => status switch
    {
        StatusCodes.Status400BadRequest => (L["ErrorPage.BadRequest"], L["ErrorPage.BadRequestText"]),
        StatusCodes.Status401Unauthorized => (L["ErrorPage.SignIn"], L["ErrorPage.SignInText"]),
        StatusCodes.Status403Forbidden => (L["Access.Denied"], L["Access.DeniedAsk"]),
        StatusCodes.Status404NotFound => (L["ErrorPage.NotFound"], L["ErrorPage.NotFoundText"]),
        StatusCodes.Status405MethodNotAllowed => (L["ErrorPage.Method"], L["ErrorPage.BadRequestText"]),
        StatusCodes.Status408RequestTimeout => (L["ErrorPage.BadRequest"], L["ErrorPage.BadRequestText"]),
        StatusCodes.Status413PayloadTooLarge => (L["ErrorPage.TooLarge"], L["ErrorPage.BadRequestText"]),
        StatusCodes.Status415UnsupportedMediaType => (L["ErrorPage.MediaType"], L["ErrorPage.BadRequestText"]),
        StatusCodes.Status429TooManyRequests => (L["ErrorPage.TooMany"], L["ErrorPage.TooManyText"]),
        >= 400 and < 500 => (L["ErrorPage.BadRequest"], L["ErrorPage.BadRequestText"]),
        _ => (L["ErrorPage.Failed"], L["ErrorPage.FailedText"]),
    };

    private static string Html(CultureInfo culture, int status, string title, string text, string requestId, IStringLocalizer<SharedResource> L)
    {
        static string E(string s) => WebUtility.HtmlEncode(s);
        var code = status == StatusCodes.Status200OK ? "" : status.ToString(CultureInfo.InvariantCulture) + " · ";
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"").Append(E(culture.TwoLetterISOLanguageName)).Append("\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"robots\" content=\"noindex\">")
            .Append("<title>").Append(E(code + title)).Append(" · Studio</title>")
            .Append("<style>body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;background:#f5f5f5;color:#222;margin:0;")
            .Append("display:flex;min-height:100vh;align-items:center;justify-content:center}main{background:#fff;max-width:32rem;margin:1rem;")
            .Append("padding:2rem;border-radius:8px;box-shadow:0 1px 4px rgba(0,0,0,.15)}h1{font-size:1.4rem;margin:0 0 .75rem}")
            .Append(".code{color:#555;font-size:.9rem}code{background:#eee;padding:.1rem .3rem;border-radius:3px;word-break:break-all}")
            .Append("a{color:#1565c0}</style></head><body><main role=\"main\">")
            .Append("<p class=\"code\">Studio").Append(status == StatusCodes.Status200OK ? "" : " · " + status.ToString(CultureInfo.InvariantCulture)).Append("</p>")
            .Append("<h1>").Append(E(title)).Append("</h1>")
            .Append("<p>").Append(E(text)).Append("</p>")
            .Append("<p>").Append(E(L["ErrorPage.RequestId"])).Append(" <code data-testid=\"request-id\">").Append(E(requestId)).Append("</code></p>")
            .Append("<p><a href=\"/\">").Append(E(L["ErrorPage.Home"])).Append("</a></p>")
            .Append("</main></body></html>");
        return html.ToString();
    }
}
