using Microsoft.AspNetCore.Hosting;

namespace Studio.Tests.Web;

/// <summary>
/// How test hosts log: warnings and up, without the two warnings every test host repeats (the in-memory test server
/// has no request-size feature; SQLite migrations that rebuild tables say so) so a CI log's tail shows what failed.
/// </summary>
public static class TestLogging
{
    public static IWebHostBuilder UseTestLogging(this IWebHostBuilder builder, string level = "Warning") => builder
        .UseSetting("Logging:LogLevel:Default", level)
        .UseSetting("Logging:LogLevel:Microsoft.AspNetCore.Routing.EndpointRoutingMiddleware", "Error")
        .UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore.Migrations", "Error");
}
