using System.Runtime;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Studio.Domain.Clients;
using Studio.Domain.Pipelines;
using Studio.Infrastructure;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Pipelines;
using Studio.Web;
using Studio.Web.Components;
using Studio.Web.Billing;
using Studio.Web.Host;
using Studio.Web.Pipelines;
using Studio.Web.Reports;
using Studio.Web.Schedule;

namespace Studio.Bench.Circuits;

/// <summary>What the driver needs to know about the served studio (GET /bench/info).</summary>
public sealed record BenchServerInfo(Guid BoardId, string FormKey, int OpenDeals, string Manager, string Password);

/// <summary>The server's counters (GET /bench/counters): database commands sent by this node.</summary>
public sealed record BenchCounters(long Commands, long Reads, IReadOnlyDictionary<string, long>? ByReadModel = null)
{
    /// <summary>Commands each shared read model sent between <paramref name="before"/> and these counters.</summary>
    public IReadOnlyDictionary<string, long> ReadModelsSince(BenchCounters before) =>
        (ByReadModel ?? new Dictionary<string, long>())
            .Select(kv => (kv.Key, Count: kv.Value - (before.ByReadModel?.GetValueOrDefault(kv.Key) ?? 0)))
            .Where(x => x.Count > 0).ToDictionary(x => x.Key, x => x.Count);
}

/// <summary>
/// <c>Studio.Bench serve</c>: Studio itself, composed exactly as Studio.Web's Program does
/// (AddStudioInfrastructure / Identity / Web, UseStudioPipeline, the same endpoints and pages)
/// on its own SQLite file (or PostgreSQL) with the demo studio, its sales board topped up to
/// <c>--deals</c> open cards — plus what only the bench has, under <c>/bench</c>: the minimal
/// live page, its trigger, a card-move trigger (the real <see cref="PipelineService.MoveDealAsync"/>
/// as the board's manager) and the command counters. It listens on the loopback address only and
/// the bench endpoints refuse any other caller; production Studio.Web has none of this.
/// Static assets are mapped only with <c>--assets</c> (the browser benchmark): the headless circuits never load them.
/// </summary>
public static class BenchServer
{
    public const string Manager = "manager1@studio.demo";
    public const string FormKey = "demo-sales";
    public const string RequestCommandsHeader = "X-Bench-Request-Commands";

    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        string? url = null, sqlite = null, pg = null;
        var deals = 300;
        var assets = false;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--url": url = Next(); break;
                case "--sqlite": sqlite = Next(); break;
                case "--pg": pg = Next(); break;
                case "--deals": deals = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--assets": assets = true; break;
                default: throw new ArgumentException($"serve: unknown option {args[i]} (--url URL --sqlite FILE | --pg CONN, --deals N, --assets)");
            }
        }
        if (url is null || (sqlite is null && pg is null)) throw new ArgumentException("serve needs --url and --sqlite FILE or --pg CONN.");

        var (app, board) = await StartAsync(url, sqlite, pg, deals, ct, assets);
        Console.WriteLine($"serving {url} pid {Environment.ProcessId}, board {board.BoardId} with {board.OpenDeals} open cards");
        try { await Task.Delay(Timeout.Infinite, ct); } catch (OperationCanceledException) { }
        await app.StopAsync(CancellationToken.None);
        await app.DisposeAsync();
        return 0;
    }

    /// <summary>Builds the host, migrates and seeds its database, tops the board up and starts listening.</summary>
    public static async Task<(WebApplication App, BenchServerInfo Board)> StartAsync(string url, string? sqlite, string? pg, int deals, CancellationToken ct,
        bool assets = false)
    {
        var app = Build(url, sqlite, pg, assets);
        await app.PrepareDatabaseAsync();
        var board = await TopUpBoardAsync(app.Services, deals, ct);
        await app.StartAsync(ct);
        return (app, board);
    }

    /// <param name="assets">
    /// Also serve Studio.Web's static assets (blazor.web.js, MudBlazor, app.js and app.css), for a real browser
    /// (<c>Studio.Bench browser</c>): Studio.Web's own manifests, copied next to the bench by the project reference.
    /// </param>
    public static WebApplication Build(string url, string? sqlite, string? pg, bool assets = false)
    {
        // The application is Studio.Web's, as when Studio.Web/Program.cs hosts it: Blazor finds the app's JS initializer
        // (Studio.Web.lib.module.js, which registers the board's card events) by the application's name.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Production,
            ApplicationName = typeof(App).Assembly.GetName().Name,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = pg is null ? "Sqlite" : "Postgres",
            ["Database:MigrateOnStart"] = "true",
            ["ConnectionStrings:Studio"] = pg ?? $"Data Source={sqlite}",
            ["Demo:Seed"] = "true",
            ["Auth:SecureCookies"] = "false",
            // One manager with N tabs from one address: the per-user and per-address limits would refuse the bench.
            ["Circuits:MaxPerUser"] = "1000000",
            ["RateLimits:SignInPerMinute"] = "1000",
            ["RateLimits:LeadFormPerIpPerMinute"] = "1000000",
            ["RateLimits:LeadFormPerKeyPerMinute"] = "1000000",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Error",
        });
        builder.WebHost.UseUrls(url);
        if (assets)
        {
            builder.WebHost.UseSetting(WebHostDefaults.StaticWebAssetsKey, Path.Combine(AppContext.BaseDirectory, "Studio.Web.staticwebassets.runtime.json"));
            builder.WebHost.UseStaticWebAssets();
        }
        builder.Services
            .AddStudioInfrastructure(builder.Configuration)
            .AddStudioIdentity(builder.Environment, builder.Configuration)
            .AddStudioWeb(builder.Environment, builder.Configuration);
        builder.Services.AddSingleton<MinimalFeed>();
        builder.Services.AddSingleton<BoardMover>();
        builder.Services.AddSingleton<ScheduleMover>();
        builder.Services.AddSingleton<ClientChanger>();

        var app = builder.Build();
        // The commands a change's own request sends (the use case), so that the rest of its commands is the read models' share.
        app.Use(async (ctx, next) =>
        {
            if (ctx.Request.Path.StartsWithSegments("/api/forms") || ctx.Request.Path.StartsWithSegments("/bench/board") || ctx.Request.Path.StartsWithSegments("/bench/schedule")
                || (ctx.Request.Path.StartsWithSegments("/bench/clients") && HttpMethods.IsPost(ctx.Request.Method)))
            {
                var counter = ctx.RequestServices.GetRequiredService<CommandCounter>();
                var before = counter.Commands;
                ctx.Response.OnStarting(() =>
                {
                    ctx.Response.Headers[RequestCommandsHeader] = (counter.Commands - before).ToString(CultureInfo.InvariantCulture);
                    return Task.CompletedTask;
                });
            }
            await next();
        });
        app.UseStudioPipeline();
        app.MapHealth();
        app.MapAccountEndpoints();
        app.MapCultureEndpoint();
        app.MapLeadForms();
        app.MapCalendarFeeds();
        app.MapPaymentExport();
        app.MapReportExports();
        if (assets) app.MapStaticAssets(Path.Combine(AppContext.BaseDirectory, "Studio.Web.staticwebassets.endpoints.json"));
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode().RequireSignInForPages();
        MapBenchEndpoints(app);
        return app;
    }

    private static void MapBenchEndpoints(WebApplication app)
    {
        var bench = app.MapGroup("/bench").AllowAnonymous().DisableAntiforgery().AddEndpointFilter(async (ctx, next) =>
            ctx.HttpContext.Connection.RemoteIpAddress is { } ip && IPAddress.IsLoopback(ip)
                ? await next(ctx)
                : Results.StatusCode(StatusCodes.Status403Forbidden));
        bench.MapGet("/minimal", () => new RazorComponentResult<MinimalLiveDocument>());
        bench.MapPost("/minimal/bump", (string token, MinimalFeed feed) =>
        {
            feed.Add(token);
            return Results.NoContent();
        });
        bench.MapPost("/board/move", async (BoardMover mover, CancellationToken ct) => Results.Ok(await mover.MoveNextAsync(ct)));
        bench.MapGet("/info", (BoardMover mover) => Results.Ok(mover.Info));
        bench.MapPost("/schedule/move", async (ScheduleMover mover, CancellationToken ct) => Results.Ok(await mover.MoveNextAsync(ct)));
        bench.MapGet("/schedule/info", async (ScheduleMover mover, CancellationToken ct) => Results.Ok(await mover.InfoAsync(ct)));
        bench.MapGet("/clients/info", async (ClientChanger changer, CancellationToken ct) => Results.Ok(await changer.InfoAsync(ct)));
        bench.MapPost("/clients/rename", async (string token, bool? card, ClientChanger changer, CancellationToken ct) =>
            Results.Ok(await changer.RenameAsync(token, card == true, ct)));
        bench.MapPost("/clients/create", async (string token, string phone, ClientChanger changer, CancellationToken ct) =>
            Results.Ok(await changer.CreateAsync(token, phone, ct)));
        bench.MapPost("/clients/note", async (string token, ClientChanger changer, CancellationToken ct) => Results.Ok(await changer.NoteAsync(token, ct)));
        bench.MapGet("/counters", (CommandCounter counter) => Results.Ok(new BenchCounters(counter.Commands, counter.Reads, counter.ByReadModel)));
        // What the circuits hold, without the garbage a server GC has not collected yet: bytes on the managed heap after a full,
        // compacting collection.
        bench.MapPost("/heap", () =>
        {
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            return Results.Ok(GC.GetTotalMemory(forceFullCollection: false));
        });
    }

    /// <summary>Adds open cards (client + deal + history) to the demo sales board until it has <paramref name="openDeals"/>.</summary>
    private static async Task<BenchServerInfo> TopUpBoardAsync(IServiceProvider services, int openDeals, CancellationToken ct)
    {
        var factory = services.GetRequiredService<IDbContextFactory<StudioDbContext>>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var rnd = new Random(20261205);
        Board board;
        Guid manager, branch, source;
        int open;
        await using (var db = factory.CreateDbContext())
        {
            board = await db.Boards.AsNoTracking().AsSplitQuery().SingleAsync(b => b.FormKey == FormKey, ct);
            manager = await db.Employees.Where(e => e.Email == Manager).Select(e => e.Id).SingleAsync(ct);
            branch = await db.Branches.OrderBy(b => b.Name).Select(b => b.Id).FirstAsync(ct);
            source = await db.LeadSources.Select(s => s.Id).FirstAsync(ct);
            open = await db.Deals.CountAsync(d => d.BoardId == board.Id && d.ClosedAt == null, ct);
        }
        var columns = board.OrderedStages.Where(s => s.Kind is StageKind.Start or StageKind.Open).ToList();
        for (var first = open; first < openDeals; first += 500)
        {
            await using var db = factory.CreateDbContext();
            for (var i = first; i < Math.Min(first + 500, openDeals); i++)
            {
                var created = now.AddDays(-rnd.Next(5, 120)).AddMinutes(-rnd.Next(0, 1440));
                var client = new Client($"Bench Client {i + 1}", $"+38067{rnd.Next(1_000_000, 9_999_999)}", null, branch, source, manager, created);
                db.Clients.Add(client);
                var deal = new Deal(board, client.Id, branch, manager, source, rnd.Next(0, 40) * 250m, null, manager, created);
                var at = created;
                for (var c = 1; c <= i % columns.Count; c++)
                {
                    at = at.AddHours(rnd.Next(1, 24));
                    deal.MoveTo(board, columns[c].Id, null, manager, at);
                }
                db.Deals.Add(deal);
            }
            await db.SaveChangesAsync(ct);
        }
        return await services.GetRequiredService<BoardMover>().InitialiseAsync(board, manager, ct);
    }
}

/// <summary>
/// The card-move trigger: each call moves the next open card of the board one column to the
/// right (its own stages only, wrapping), through the real service, as the board's manager.
/// </summary>
public sealed class BoardMover(PipelineService pipelines, IDbContextFactory<StudioDbContext> factory)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private List<Guid> _columns = [];
    private List<(Guid Deal, Guid Stage)> _deals = [];
    private Guid _manager;
    private int _next;

    public BenchServerInfo Info { get; private set; } = new(Guid.Empty, BenchServer.FormKey, 0, BenchServer.Manager, "");

    public async Task<BenchServerInfo> InitialiseAsync(Board board, Guid manager, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        _columns = board.OrderedStages.Where(s => s.Kind == StageKind.Open).Select(s => s.Id).ToList();
        _deals = (await db.Deals.AsNoTracking().Where(d => d.BoardId == board.Id && d.ClosedAt == null)
            .Select(d => new { d.Id, d.StageId }).ToListAsync(ct)).Select(d => (d.Id, d.StageId)).ToList();
        _manager = manager;
        Info = new BenchServerInfo(board.Id, board.FormKey, _deals.Count, BenchServer.Manager, Studio.Infrastructure.Seed.DemoSeeder.Password);
        return Info;
    }

    public async Task<Guid> MoveNextAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var i = _next++ % _deals.Count;
            var (deal, stage) = _deals[i];
            var at = _columns.IndexOf(stage);
            var target = _columns[(at + 1) % _columns.Count]; // from Start (-1) to the first own stage
            await pipelines.MoveDealAsync(_manager, deal, target, ct: ct);
            _deals[i] = (deal, target);
            return deal;
        }
        finally { _gate.Release(); }
    }
}
