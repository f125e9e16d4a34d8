extern alias bench;
using System.Net;
using System.Net.Sockets;
using bench::Studio.Bench.Circuits;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;

namespace Studio.Tests.Bench;

/// <summary>
/// The circuit benchmark's instrument: its headless client, against the bench's own host
/// (Studio composed as Studio.Web composes it, on a fresh SQLite file with the demo studio),
/// opens a real circuit and sees the render batch of a change. If the client stopped speaking
/// the protocol or stopped finding the change in the batches, the figures would be wrong.
/// </summary>
public sealed class HeadlessCircuitTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "studio-circuit-" + Guid.NewGuid().ToString("N"));
    private WebApplication? _app;
    private BenchServerInfo _board = default!;
    private Uri _base = default!;
    private readonly CookieContainer _cookies = new();
    private HttpClient _http = default!;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var url = $"http://127.0.0.1:{port}";
        (_app, _board) = await BenchServer.StartAsync(url, Path.Combine(_dir, "studio.db"), null, deals: 0, TestContext.Current.CancellationToken);
        _base = new Uri(url + "/");
        _http = new HttpClient(new SocketsHttpHandler { CookieContainer = _cookies, AllowAutoRedirect = false }) { BaseAddress = _base };
    }

    [Fact]
    public async Task A_circuit_on_the_minimal_page_sees_a_change_in_one_render_batch()
    {
        var ct = TestContext.Current.CancellationToken;
        ChangeProbe? probe = null;
        var page = await BlazorPage.LoadAsync(_http, new Uri(_base, "bench/minimal"), ct);
        await using var circuit = new HeadlessCircuit(0, () => probe);
        await circuit.OpenAsync(page, _cookies, Timeout, ct);
        var batches = circuit.Batches;

        probe = new ChangeProbe("minimal-token-1", circuits: 1, expected: 1);
        probe.Begin();
        await CircuitBench.Bump(_http).Fire("minimal-token-1", ct);
        await probe.AllSeen.WaitAsync(Timeout, ct);

        Assert.Equal(1, probe.Seen);
        Assert.Single(probe.LatenciesMs(), ms => ms >= 0);
        Assert.Equal(batches + 1, circuit.Batches);
        Assert.True(circuit.IsOpen, circuit.Error);
        await circuit.CloseAsync(_http);
    }

    [Fact]
    public async Task A_manager_signed_in_through_the_form_has_a_board_circuit_that_sees_a_web_form_lead()
    {
        var ct = TestContext.Current.CancellationToken;
        await SignIn.SignInAsync(_http, _base, _board.Manager, _board.Password, ct);
        ChangeProbe? probe = null;
        var page = await BlazorPage.LoadAsync(_http, new Uri(_base, $"boards/{_board.BoardId}"), ct);
        await using var circuit = new HeadlessCircuit(0, () => probe);
        await circuit.OpenAsync(page, _cookies, Timeout, ct);

        // A lead with another name renders batches too, but none of them is the one awaited.
        probe = new ChangeProbe("Benchlead Nobody", circuits: 1, expected: 1);
        probe.Begin();
        var batches = circuit.Batches;
        await CircuitBench.Lead(_http, _board.FormKey, () => "+380681234567").Fire("Benchlead Firstovych", ct);
        for (var waited = 0; circuit.Batches == batches && waited < 15_000; waited += 50) await Task.Delay(50, ct);
        await Task.Delay(1000, ct);
        Assert.True(circuit.Batches > batches, "the first lead rendered nothing");
        Assert.Equal(0, probe.Seen);

        probe = new ChangeProbe("Benchlead Tokenovych", circuits: 1, expected: 1);
        probe.Begin();
        await CircuitBench.Lead(_http, _board.FormKey, () => "+380681234568").Fire("Benchlead Tokenovych", ct);
        await probe.AllSeen.WaitAsync(Timeout, ct);

        Assert.Equal(1, probe.Seen);
        Assert.True(circuit.IsOpen, circuit.Error);
        await circuit.CloseAsync(_http);
    }

    public async ValueTask DisposeAsync()
    {
        _http?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
