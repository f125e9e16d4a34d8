using System.Security.Cryptography;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Studio.Web.Security;

/// <summary>
/// The headers every answer carries, pages and API alike (ADR-009): a Content-Security-Policy without
/// <c>'unsafe-eval'</c> whose only inline script (the framework's import map) runs by a per-request nonce,
/// <c>nosniff</c>, a referrer policy, a permissions policy that turns off devices the app never uses, no framing,
/// and no <c>Server</c> header. Set when the answer starts, so error pages, 404s, 429s and static files get them too.
/// </summary>
public static class SecurityHeaders
{
    private const string NonceItem = "studio:csp-nonce";

    /// <summary>
    /// The policy. <c>style-src 'unsafe-inline'</c>: MudBlazor and the screens set style attributes with values
    /// computed per render (colours, positions, widths), and MudBlazor's providers write &lt;style&gt; elements;
    /// hashes cannot name values that change, and a nonce in style-src would switch 'unsafe-inline' off.
    /// Scripts stay strict: files from this origin and the nonce'd import map.
    /// <c>connect-src 'self'</c> covers the circuit's WebSocket to the same host (CSP level 3).
    /// </summary>
    public static string Policy(string nonce) =>
        "default-src 'self'; " +
        $"script-src 'self' 'nonce-{nonce}'; " +
        "style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data:; " +
        "font-src 'self' data:; " +
        "connect-src 'self'; " +
        "object-src 'none'; " +
        "base-uri 'self'; " +
        "form-action 'self'; " +
        "frame-ancestors 'none'";

    public const string PermissionsPolicy =
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()";

    public const string ReferrerPolicy = "strict-origin-when-cross-origin";

    /// <summary>
    /// No <c>Server</c> header from Kestrel; the antiforgery cookie <c>Secure</c> whenever the request came over HTTPS.
    /// Not <c>Always</c>: antiforgery then refuses every plain-HTTP request outright (a 500), which would break a
    /// deployment whose proxy ends TLS and forwards plain HTTP (the sign-in cookie's <c>Auth:SecureCookies</c> can be
    /// Always because a cookie is only written, never refused).
    /// </summary>
    public static IServiceCollection AddStudioSecurityHeaders(this IServiceCollection services)
    {
        services.Configure<KestrelServerOptions>(o => o.AddServerHeader = false);
        services.Configure<AntiforgeryOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        return services;
    }

    /// <summary>First in the pipeline: the headers are written as the answer starts, whatever answered it.</summary>
    public static IApplicationBuilder UseStudioSecurityHeaders(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        var nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)); // 128 bits, nothing to escape in HTML
        http.Items[NonceItem] = nonce;
        http.Response.OnStarting(() =>
        {
            Apply(http.Response.Headers, nonce);
            return Task.CompletedTask;
        });
        return next(http);
    });

    /// <summary>The nonce this request's policy allows, for an inline script the page must have (null outside the pipeline).</summary>
    public static string? Nonce(HttpContext? http) => http?.Items[NonceItem] as string;

    private static void Apply(IHeaderDictionary headers, string nonce)
    {
        headers.ContentSecurityPolicy = Policy(nonce);
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = ReferrerPolicy;
        headers["Permissions-Policy"] = PermissionsPolicy;
        headers.Remove("Server");
    }
}
