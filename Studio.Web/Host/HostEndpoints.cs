using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;

namespace Studio.Web.Host;

/// <summary>
/// Ready means the database takes a write, not only a connection: a read-only file or a full disk
/// answers reads but loses every lead and change. The probe inserts a row into the migrations
/// history (a table every provider has) inside a transaction and rolls it back, so nothing stays.
/// </summary>
public sealed class DatabaseHealthCheck(IDbContextFactory<StudioDbContext> factory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            await using var db = factory.CreateDbContext();
            if (!await db.Database.CanConnectAsync(ct)) return HealthCheckResult.Unhealthy("Database unreachable");
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var probe = "health-probe-" + Guid.NewGuid().ToString("N");
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO \"__EFMigrationsHistory\" (\"MigrationId\", \"ProductVersion\") VALUES ({0}, {1})", [probe, "health"], ct);
            await tx.RollbackAsync(ct);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or IOException)
        {
            return HealthCheckResult.Unhealthy("Database does not take a write: " + ex.Message);
        }
    }
}

public static class HostEndpoints
{
    /// <summary>/health: liveness (the process answers); /health/ready: the database is reachable and takes a write.</summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        return app;
    }

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/logout", async (SignInManager<AppUser> signIn, [Microsoft.AspNetCore.Mvc.FromForm] string? returnUrl) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("/account/login");
        });
        return app;
    }

    /// <summary>
    /// The address if it is plainly a path on this site, else "/": it must start with one '/', and hold no '\\'
    /// (browsers read "/\\evil" as "//evil") and no control character (they drop tabs and newlines, "/\t/evil").
    /// </summary>
    public static string LocalOrHome(string? url) =>
        string.IsNullOrEmpty(url) || url.Length > 2048 || url[0] != '/' || (url.Length > 1 && url[1] == '/')
        || url.Contains('\\') || url.Any(char.IsControl) ? "/" : EscapeNonAscii(url);

    /// <summary>A Location header is ASCII: other characters go percent-encoded as UTF-8 (what a browser sends anyway).</summary>
    private static string EscapeNonAscii(string url)
    {
        if (url.All(char.IsAscii)) return url;
        var sb = new System.Text.StringBuilder(url.Length * 3);
        Span<byte> bytes = stackalloc byte[4];
        foreach (var rune in url.EnumerateRunes())
        {
            if (rune.IsAscii) { sb.Append((char)rune.Value); continue; }
            var n = rune.EncodeToUtf8(bytes);
            foreach (var b in bytes[..n]) sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    /// <summary>Sets the language cookie and goes back where the user was.</summary>
    public static IEndpointRouteBuilder MapCultureEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapGet("/culture/{culture}", (string culture, string? redirectUri, HttpContext http) =>
        {
            if (!WebSetup.Cultures.Any(c => c.Name == culture)) return Results.BadRequest();
            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), HttpOnly = false, SameSite = SameSiteMode.Lax, IsEssential = true });
            return Results.LocalRedirect(LocalOrHome(redirectUri));
        });
        return app;
    }
}
