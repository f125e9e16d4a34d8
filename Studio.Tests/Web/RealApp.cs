using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Tests.Infrastructure;

namespace Studio.Tests.Web;

/// <summary>
/// The whole app on a real port (Kestrel in-process) over a fresh test database of either provider, in the
/// environment asked for (Production unless told): an owner and a manager with sign-in accounts and one board
/// with its web form. Raw bytes can be sent (<see cref="RawAsync"/>) for what HttpClient would never send.
/// A test may make a request come from another address with the X-Test-Address header, and a request to
/// <see cref="ThrowPath"/> fails inside the pipeline, the way a bug would: both only in this fixture.
/// </summary>
public sealed partial class RealApp : IAsyncDisposable
{
    public const string AddressHeader = TestRemoteAddress.Header;
    public const string ThrowPath = "/test-only/throw";

    private readonly KestrelApp _factory;
    private readonly List<HttpClient> _clients = [];

    private RealApp(TestStudio studio, KestrelApp factory, int port, Guid ownerId, TestBoard board)
    {
        Studio = studio;
        _factory = factory;
        Port = port;
        BaseUrl = $"http://127.0.0.1:{port}";
        OwnerId = ownerId;
        Board = board;
    }

    /// <summary>A request not answered by then has hung the server: the test fails rather than waits.</summary>
    public static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(30);

    public TestStudio Studio { get; }
    public int Port { get; }
    public string BaseUrl { get; }
    public Guid OwnerId { get; }
    public TestBoard Board { get; }
    public string OwnerEmail => "owner1@studio.test";
    public IServiceProvider Services => _factory.Services;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<RealApp> StartAsync(Databases databases, Studio.Infrastructure.Persistence.DatabaseProvider provider,
        string environment = "Production", Action<IServiceCollection>? services = null)
    {
        var studio = await databases.StartAsync(provider);
        try
        {
            var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
            var board = await studio.AddBoardAsync(owner);
            var port = FreePort();
            var factory = new KestrelApp(port, provider, studio.ConnectionString, environment, services);
            factory.StartServer();
            return new RealApp(studio, factory, port, owner, board);
        }
        catch
        {
            await studio.DisposeAsync();
            throw;
        }
    }

    public async Task<string> FormKeyAsync() =>
        await Studio.ReadAsync(db => db.Boards.Where(b => b.Id == Board.Id).Select(b => b.FormKey).SingleAsync(Ct));

    /// <summary>A client with no cookies, that does not follow redirects.</summary>
    public HttpClient Anonymous(string? acceptLanguage = null)
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(BaseUrl), Timeout = AnswerWithin };
        if (acceptLanguage is not null) client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);
        _clients.Add(client);
        return client;
    }

    /// <summary>A client signed in through the sign-in form, as a browser would (antiforgery token, cookie).</summary>
    public async Task<HttpClient> SignedInAsync(string? email = null)
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
        { BaseAddress = new Uri(BaseUrl), Timeout = AnswerWithin };
        _clients.Add(client);
        var (token, _) = await SignInFormAsync(client);
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["__RequestVerificationToken"] = token,
            ["Input.Email"] = email ?? OwnerEmail, ["Input.Password"] = TestStudio.Password,
        }), Ct);
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Sign-in answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
        return client;
    }

    /// <summary>The sign-in page's antiforgery token (and the cookie it goes with, set in the client's container).</summary>
    public static async Task<(string Token, string Html)> SignInFormAsync(HttpClient client)
    {
        var html = await client.GetStringAsync("/account/login", Ct);
        var token = TokenPattern().Match(html);
        if (!token.Success) throw new InvalidOperationException("No antiforgery token on the sign-in page.");
        return (WebUtility.HtmlDecode(token.Groups[1].Value), html);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    /// <summary>Sends raw bytes on a fresh connection and reads the status line of the answer (0 when the server closed without one).</summary>
    public async Task<(int Status, string Response)> RawAsync(byte[] request, bool halfClose = false)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, Port, Ct);
        var stream = tcp.GetStream();
        await stream.WriteAsync(request, Ct);
        await stream.FlushAsync(Ct);
        // A client that sends its whole request and stops: the server sees the end of the stream.
        if (halfClose) tcp.Client.Shutdown(SocketShutdown.Send);
        using var reader = new MemoryStream();
        var buffer = new byte[8192];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0) reader.Write(buffer, 0, read);
        }
        catch (IOException) { }
        catch (OperationCanceledException) when (!Ct.IsCancellationRequested) { }
        var text = Encoding.UTF8.GetString(reader.ToArray());
        var match = Regex.Match(text, @"^HTTP/1\.[01] (\d{3})");
        return (match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0, text);
    }

    public static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text.ReplaceLineEndings("\r\n"));

    /// <summary>Clients, deals, deal moves, notes and lead receipts: what a lead writes.</summary>
    public Task<(int Clients, int Deals, int Moves, int Notes, int Receipts, int Phones)> CountsAsync() =>
        Studio.ReadAsync(async db => (await db.Clients.CountAsync(Ct), await db.Deals.CountAsync(Ct), await db.DealMoves.CountAsync(Ct),
            await db.DealNotes.CountAsync(Ct), await db.LeadReceipts.CountAsync(Ct), await db.Set<Studio.Domain.Clients.ClientPhone>().CountAsync(Ct)));

    public async ValueTask DisposeAsync()
    {
        foreach (var c in _clients) c.Dispose();
        await _factory.DisposeAsync();
        await Studio.DisposeAsync();
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private sealed class KestrelApp : WebApplicationFactory<Program>
    {
        private readonly Studio.Infrastructure.Persistence.DatabaseProvider _provider;
        private readonly string _connectionString;
        private readonly string _environment;
        private readonly Action<IServiceCollection>? _services;

        public KestrelApp(int port, Studio.Infrastructure.Persistence.DatabaseProvider provider, string connectionString, string environment,
            Action<IServiceCollection>? services)
        {
            _services = services;
            _provider = provider;
            _connectionString = connectionString;
            _environment = environment;
            UseKestrel(port);
        }

        protected override void ConfigureWebHost(IWebHostBuilder b)
        {
            b.UseEnvironment(_environment);
            b.UseSetting("Database:Provider", _provider.ToString());
            b.UseSetting("ConnectionStrings:Studio", _connectionString);
            b.UseSetting("Database:MigrateOnStart", "false");
            b.UseSetting("Demo:Seed", "false");
            b.UseSetting("Auth:SecureCookies", "false");
            b.UseSetting("RateLimits:SignInPerMinute", "100000");
            b.UseSetting("RateLimits:LeadFormPerIpPerMinute", "100000");
            b.UseSetting("RateLimits:LeadFormPerKeyPerMinute", "100000");
            b.UseSetting("RateLimits:CalendarPerIpPerMinute", "100000");
            b.UseTestLogging("Critical");
            b.ConfigureTestServices(s =>
            {
                s.AddSingleton<IStartupFilter, TestRemoteAddress>();
                s.AddSingleton<IStartupFilter, TestOnlyMiddleware>();
                _services?.Invoke(s);
            });
        }
    }

    /// <summary>A path that throws inside the pipeline, like a bug.</summary>
    private sealed class TestOnlyMiddleware : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Map(ThrowPath, b => b.Run(_ => throw new InvalidOperationException("A test-only failure: secret-detail-42")));
        };
    }
}
