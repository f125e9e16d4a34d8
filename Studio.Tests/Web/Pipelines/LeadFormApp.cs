using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Studio.Domain.Organisation;
using Studio.Domain.Pipelines;
using Studio.Infrastructure.Persistence;

namespace Studio.Tests.Web.Pipelines;

/// <summary>
/// The app over HTTP (in-memory test server) on its own SQLite file, with a studio, a branch and
/// a few boards whose form keys the tests post to. The limits come from configuration, as in
/// production; a test may say which address a request comes from with the X-Test-Address header.
/// </summary>
public abstract class LeadFormApp : IAsyncLifetime
{
    public const string AddressHeader = TestRemoteAddress.Header;
    public const string AllowedOrigin = "https://studio.example";
    /// <summary>Boards by form key; the first has <see cref="AllowedOrigin"/> among its allowed origins.</summary>
    public static readonly string[] Keys = ["form-sales", "form-webinar", "form-warm-up", "form-trial"];

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "studio-leads-" + Guid.NewGuid().ToString("N"));
    private WebApplicationFactory<Program> _factory = default!;

    protected abstract int PerAddressPerMinute { get; }
    protected abstract int PerKeyPerMinute { get; }

    public HttpClient Client { get; private set; } = default!;
    public IServiceProvider Services => _factory.Services;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Development");
            b.UseSetting("Database:Provider", "Sqlite");
            b.UseSetting("ConnectionStrings:Studio", $"Data Source={Path.Combine(_dir, "studio.db")}");
            b.UseSetting("Demo:Seed", "false");
            b.UseSetting("RateLimits:LeadFormPerIpPerMinute", PerAddressPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
            b.UseSetting("RateLimits:LeadFormPerKeyPerMinute", PerKeyPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
            b.UseTestLogging();
            b.ConfigureTestServices(s => s.AddSingleton<IStartupFilter, TestRemoteAddress>());
        });
        Client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        await using var db = Services.GetRequiredService<IDbContextFactory<StudioDbContext>>().CreateDbContext();
        db.Organisations.Add(new StudioOrganisation("Test studio", "UA", "Europe/Kyiv"));
        db.Branches.Add(new Branch("Main", null, "Europe/Kyiv"));
        foreach (var key in Keys)
        {
            var board = new Board("Board " + key, key, "Нові");
            if (key == Keys[0]) board.SetAllowedOrigins([AllowedOrigin]);
            db.Boards.Add(board);
        }
        await db.SaveChangesAsync();
    }

    public async Task<(int Clients, int Deals, int Moves, int Notes, int Receipts)> CountsAsync()
    {
        await using var db = Services.GetRequiredService<IDbContextFactory<StudioDbContext>>().CreateDbContext();
        return (await db.Clients.CountAsync(), await db.Deals.CountAsync(), await db.DealMoves.CountAsync(),
            await db.DealNotes.CountAsync(), await db.LeadReceipts.CountAsync());
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
        GC.SuppressFinalize(this);
    }

}

/// <summary>Limits far above what the tests send: floods of bad posts are answered, never throttled.</summary>
public sealed class RoomyLeadFormApp : LeadFormApp
{
    protected override int PerAddressPerMinute => 100_000;
    protected override int PerKeyPerMinute => 100_000;
}

/// <summary>3 posts a minute per address, 5 per key.</summary>
public sealed class TightLeadFormApp : LeadFormApp
{
    public const int PerAddress = 3;
    public const int PerKey = 5;
    protected override int PerAddressPerMinute => PerAddress;
    protected override int PerKeyPerMinute => PerKey;
}
