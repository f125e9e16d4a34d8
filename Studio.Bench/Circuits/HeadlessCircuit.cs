using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace Studio.Bench.Circuits;

/// <summary>
/// One change the circuits are watched for: the render batch that carries <see cref="Token"/>
/// (UTF-8 bytes in the batch's string table), or, without a token, the first batch after
/// <see cref="Start"/>. Each circuit records its first arrival once.
/// </summary>
public sealed class ChangeProbe
{
    private readonly byte[]? _token;
    private readonly long[] _arrivals;
    private int _seen;
    private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ChangeProbe(string? token, int circuits, int expected)
    {
        Token = token;
        _token = token is null ? null : Encoding.UTF8.GetBytes(token);
        _arrivals = new long[circuits];
        Expected = expected;
        if (expected == 0) _all.TrySetResult();
    }

    public string? Token { get; }
    public int Expected { get; }
    /// <summary>Stopwatch timestamp taken just before the change was asked for.</summary>
    public long Start { get; private set; }
    public int Seen => Volatile.Read(ref _seen);
    public Task AllSeen => _all.Task;

    public void Begin() => Start = Stopwatch.GetTimestamp();

    internal void Offer(int circuit, ReadOnlySpan<byte> batch, long at)
    {
        if (Start == 0 || at < Start || (uint)circuit >= (uint)_arrivals.Length) return;
        if (_token is not null && batch.IndexOf(_token) < 0) return;
        if (Interlocked.CompareExchange(ref _arrivals[circuit], at, 0) == 0 && Interlocked.Increment(ref _seen) == Expected)
            _all.TrySetResult();
    }

    /// <summary>Milliseconds from <see cref="Start"/> to each circuit's arrival, for the circuits that saw it.</summary>
    public IEnumerable<double> LatenciesMs() =>
        _arrivals.Where(a => a != 0).Select(a => (a - Start) * 1000.0 / Stopwatch.Frequency);
}

/// <summary>
/// A Blazor Server circuit without a browser, speaking what blazor.web.js speaks to the
/// <c>_blazor</c> hub: <c>StartCircuit</c>, <c>UpdateRootComponents</c> with the page's markers,
/// <c>OnRenderCompleted</c> for every <c>JS.RenderBatch</c> (else the server stops rendering after
/// ten), and an answer to every <c>JS.BeginInvokeJS</c> that wants one (success, null; the
/// location for the navigation manager). It applies nothing: it counts batches and bytes and
/// shows each batch to the current <see cref="ChangeProbe"/>.
/// </summary>
public sealed class HeadlessCircuit : IAsyncDisposable
{
    private readonly int _index;
    private readonly Func<ChangeProbe?> _probe;
    private readonly TaskCompletionSource _rendered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _componentsAdded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private HubConnection? _connection;
    private BlazorPage? _page;
    private string? _secret;
    private long _batches;
    private long _bytes;

    public HeadlessCircuit(int index, Func<ChangeProbe?> probe)
    {
        _index = index;
        _probe = probe;
    }

    /// <summary>Where circuit 0 writes every render batch it receives (<c>STUDIO_BENCH_DUMP</c>), to read what a change sends.</summary>
    private static readonly string? DumpDirectory = Environment.GetEnvironmentVariable("STUDIO_BENCH_DUMP") is { Length: > 0 } d ? Directory.CreateDirectory(d).FullName : null;

    public long Batches => Interlocked.Read(ref _batches);
    public long Bytes => Interlocked.Read(ref _bytes);
    /// <summary>Why the circuit failed or closed (JS.Error, connection closed, a failed send); null while fine.</summary>
    public string? Error { get; private set; }
    public bool IsOpen => _connection?.State == HubConnectionState.Connected && Error is null;

    /// <summary>Connects, starts the circuit and adds the page's components; done when they have rendered once.</summary>
    public async Task OpenAsync(BlazorPage page, CookieContainer cookies, TimeSpan timeout, CancellationToken ct)
    {
        _page = page;
        var builder = new HubConnectionBuilder().WithUrl(new Uri(page.BaseUri, "_blazor"), o =>
        {
            o.Cookies = cookies;
            o.Transports = HttpTransportType.WebSockets;
            o.SkipNegotiation = true;
        });
        builder.Services.AddSingleton<IHubProtocol, BlazorPackHubProtocol>(); // the last one registered is used
        var connection = builder.Build();
        connection.ServerTimeout = TimeSpan.FromMinutes(2);
        connection.HandshakeTimeout = timeout;
        _connection = connection;

        connection.On<long, byte[]>("JS.RenderBatch", (batchId, data) =>
        {
            var at = Stopwatch.GetTimestamp();
            Interlocked.Increment(ref _batches);
            Interlocked.Add(ref _bytes, data.Length);
            _probe()?.Offer(_index, data, at);
            if (_index == 0 && DumpDirectory is { } dump) File.WriteAllBytes(Path.Combine(dump, $"batch-{batchId:D5}.bin"), data);
            _rendered.TrySetResult();
            Send(connection.SendAsync("OnRenderCompleted", batchId, (string?)null));
        });
        connection.On<long>("JS.EndUpdateRootComponents", _ => _componentsAdded.TrySetResult());
        connection.On<long, string, string, int, long, int>("JS.BeginInvokeJS", (handle, identifier, _, _, _, _) =>
        {
            if (handle == 0) return; // fire and forget
            object? result = identifier switch
            {
                "Blazor._internal.navigationManager.getLocationHref" => page.PageUri.AbsoluteUri,
                "Blazor._internal.navigationManager.getBaseURI" => page.BaseUri.AbsoluteUri,
                _ => null,
            };
            Send(connection.SendAsync("EndInvokeJSFromDotNet", handle, true, JsonSerializer.Serialize(new[] { handle, true, result })));
        });
        connection.On<string>("JS.Error", error => Fail("JS.Error: " + error));
        connection.On<string, bool, string>("JS.EndInvokeDotNet", (_, _, _) => { });
        connection.On<int, string>("JS.AttachComponent", (_, _) => { });
        connection.On<int, bool>("JS.EndLocationChanging", (_, _) => { });
        connection.Closed += e =>
        {
            Fail("closed: " + (e?.Message ?? "by the server"));
            return Task.CompletedTask;
        };

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        await connection.StartAsync(limit.Token);
        _secret = await connection.InvokeAsync<string?>("StartCircuit", page.BaseUri.AbsoluteUri, page.PageUri.AbsoluteUri, "[]",
            page.ApplicationState, limit.Token);
        if (string.IsNullOrEmpty(_secret)) throw new InvalidOperationException(Error ?? "StartCircuit returned no circuit.");
        await connection.SendAsync("UpdateRootComponents", page.AddOperationsJson(), page.ApplicationState, limit.Token);
        await _componentsAdded.Task.WaitAsync(limit.Token);
        await _rendered.Task.WaitAsync(limit.Token);
        if (Error is not null) throw new InvalidOperationException(Error);
    }

    private void Fail(string error)
    {
        Error ??= error;
        _rendered.TrySetException(new InvalidOperationException(error));
        _componentsAdded.TrySetException(new InvalidOperationException(error));
        _ = _rendered.Task.Exception; // observed
        _ = _componentsAdded.Task.Exception;
    }

    private void Send(Task send)
    {
        if (send.IsCompletedSuccessfully) return;
        send.ContinueWith(t => { if (t.IsFaulted) Fail("send failed: " + t.Exception!.GetBaseException().Message); },
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Closes as a browser tab does: drops the socket, then tells the server the circuit is gone so it disposes it now.</summary>
    public async Task CloseAsync(HttpClient http)
    {
        if (_connection is null) return;
        Error ??= "closed by the bench";
        try { await _connection.StopAsync(); } catch (Exception) { /* already gone */ }
        if (_secret is not null && _page is not null)
        {
            try
            {
                using var form = new FormUrlEncodedContent([new("circuitId", _secret)]);
                using var _ = await http.PostAsync(new Uri(_page.BaseUri, "_blazor/disconnect"), form);
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException) { /* the server is gone or too busy to answer */ }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null) await _connection.DisposeAsync();
    }
}
