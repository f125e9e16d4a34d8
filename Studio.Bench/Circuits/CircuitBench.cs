using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Studio.Bench.Harness;

namespace Studio.Bench.Circuits;

/// <summary>Options of <c>Studio.Bench circuits</c>.</summary>
public sealed record CircuitBenchOptions
{
    public IReadOnlyList<int> Circuits { get; init; } = [100, 500];
    public int Deals { get; init; } = 300;
    public int Changes { get; init; } = 10;
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);
    public int Concurrency { get; init; } = 16;
    public TimeSpan Settle { get; init; } = TimeSpan.FromSeconds(3);
    public TimeSpan OpenTimeout { get; init; } = TimeSpan.FromSeconds(60);
    public TimeSpan ChangeTimeout { get; init; } = TimeSpan.FromSeconds(15);
    public string? Postgres { get; init; }
    public string? MarkdownPath { get; init; }
    /// <summary>The Studio page measured against the minimal one (<see cref="CircuitPages"/>).</summary>
    public CircuitPage Page { get; init; } = CircuitPages.Find(CircuitPages.Default);

    public const string Usage = """
        Studio.Bench circuits [options]   (see docs/benchmarks.md, "Circuits")
          --circuits LIST    circuit counts, e.g. 100,500,1000,2000 (default 100,500)
          --deals N          open cards on the board (default 300)
          --changes N        changes of each kind per page and N (default 10)
          --interval MS      time between changes; batches are counted in this window (default 1000)
          --concurrency N    circuits opened in parallel (default 16)
          --open-timeout S   per circuit (default 60)
          --pg CONN          serve on PostgreSQL (a database of that name is used as is) instead of SQLite
          --markdown FILE    also write the tables as Markdown
          --page NAME        the Studio page: board (default), dashboard or schedule
        """;

    public static CircuitBenchOptions Parse(string[] args)
    {
        var o = new CircuitBenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.\n{Usage}");
            int NextInt() => int.Parse(Next(), CultureInfo.InvariantCulture);
            o = args[i] switch
            {
                "--circuits" => o with { Circuits = Next().Split(',').Select(s => int.Parse(s.Replace("_", ""), CultureInfo.InvariantCulture)).ToList() },
                "--deals" => o with { Deals = NextInt() },
                "--changes" => o with { Changes = NextInt() },
                "--interval" => o with { Interval = TimeSpan.FromMilliseconds(NextInt()) },
                "--concurrency" => o with { Concurrency = NextInt() },
                "--open-timeout" => o with { OpenTimeout = TimeSpan.FromSeconds(NextInt()) },
                "--pg" => o with { Postgres = Next() },
                "--markdown" => o with { MarkdownPath = Next() },
                "--page" => o with { Page = CircuitPages.Find(Next()) },
                "-h" or "--help" => throw new ArgumentException(Usage),
                _ => throw new ArgumentException($"Unknown option {args[i]}.\n{Usage}"),
            };
        }
        return o;
    }
}

/// <summary>What one kind of change cost at one N (pooled over its changes).</summary>
public sealed record ChangeFigures(string Kind, int Changes, int Expected, int Seen, Stats Latency, double ServerCpuMs, double ClientCpuMs,
    double BytesPerCircuit, double BatchesPerCircuit, double Commands, double Reads, double RequestCommands, double TriggerMs)
{
    /// <summary>Commands per change sent by each shared read model (board, task badges…) on this node.</summary>
    public IReadOnlyDictionary<string, double> ReadModelCommands { get; init; } = new Dictionary<string, double>();

    /// <summary>
    /// Change → render batch less the change's own request (its use case writing to the database, which the minimal page's
    /// in-memory change does not have): how long the live side took once the request was answered; 0 for a batch that came first.
    /// </summary>
    public Stats AfterRequest { get; init; } = new([]);
}

/// <summary>What one page cost at one N.</summary>
public sealed record PageFigures(string Page, int Asked, int Opened, IReadOnlyDictionary<string, int> Failures, TimeSpan OpenTime,
    Stats OpenLatency, double KbPerCircuit, double HeapKbPerCircuit, int Lost, TimeSpan CloseTime, IReadOnlyList<ChangeFigures> Changes)
{
    /// <summary>Server CPU while nothing happens (the settle before opening), ms per second: the floor under every CPU figure.</summary>
    public double IdleCpuMsPerS { get; init; }
    public double OpenCpuMs { get; init; }
    public double OpenCpuSeconds { get; init; }
}

/// <summary>
/// <c>Studio.Bench circuits</c>: for each N, a fresh <see cref="BenchServer"/> process; N headless
/// circuits on the minimal live page, its changes, closed; then N circuits on the Studio page (<c>--page</c>, <see cref="CircuitPages"/>; by default the board
/// signed in as its manager), web-form leads and card moves, closed. Prints every figure for both
/// pages and their ratio.
/// </summary>
public sealed class CircuitBench(CircuitBenchOptions options, TextWriter output)
{
    private ChangeProbe? _probe;
    private int _tokens;
    private readonly string _run = Random.Shared.Next(1000, 9999).ToString(CultureInfo.InvariantCulture);
    private int _phones;

    /// <summary>A phone no seeded client has (+38068 and 7 digits from a counter), so every lead is a new client and card.</summary>
    private string NextPhone() => $"+38068{1_000_000 + Interlocked.Increment(ref _phones):D7}";

    public async Task<IReadOnlyList<(int N, PageFigures Minimal, PageFigures Board)>> RunAsync(CancellationToken ct)
    {
        var results = new List<(int, PageFigures, PageFigures)>();
        foreach (var n in options.Circuits)
        {
            var dir = Directory.CreateTempSubdirectory("studio-circuits-").FullName;
            try
            {
                string[] serve = options.Postgres is { } pg ? ["--pg", pg, "--deals", Num(options.Deals)] : ["--sqlite", Path.Combine(dir, "studio.db"), "--deals", Num(options.Deals)];
                await using var server = await ServerProcess.StartAsync(serve, TimeSpan.FromMinutes(3), ct);
                var (minimal, board) = await RunOneAsync(server, n, ct);
                results.Add((n, minimal, board));
                output.WriteLine();
                output.Write(Table(n, minimal, board, markdown: false));
                output.WriteLine($"load average now: {BenchRunner.LoadAverage()}");
                var errors = server.Log.Where(l => l.Contains("fail:", StringComparison.Ordinal) || l.Contains("crit:", StringComparison.Ordinal)).ToList();
                if (errors.Count > 0) output.WriteLine($"server logged {errors.Count} errors; first: {errors[0]}");
            }
            finally
            {
                try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
            }
        }
        return results;
    }

    private async Task<(PageFigures, PageFigures)> RunOneAsync(ServerProcess server, int n, CancellationToken ct)
    {
        var cookies = new CookieContainer();
        using var handler = new SocketsHttpHandler { CookieContainer = cookies, AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        using var http = new HttpClient(handler) { BaseAddress = server.BaseUri, Timeout = TimeSpan.FromMinutes(2) };
        var info = await http.GetFromJsonAsync<BenchServerInfo>("bench/info", ct) ?? throw new InvalidOperationException("no /bench/info");
        var page = options.Page;
        await SignIn.SignInAsync(http, server.BaseUri, page.Account, info.Password, ct);
        var minimalUri = new Uri(server.BaseUri, "bench/minimal");
        var boardUri = new Uri(server.BaseUri, await page.PathAsync(http, info, ct));
        output.WriteLine($"N = {n}: server pid {server.Pid} on {server.BaseUri}, board with {info.OpenDeals} open cards; warming up");

        // Warm-up (JIT, first-use allocations, the board's snapshot): one circuit per page and one change of each kind.
        Trigger[] minimalChanges = [Bump(http)], boardChanges = page.Triggers(http, info, NextPhone);
        await RunPageAsync(server, http, cookies, "warm-up", minimalUri, 1, minimalChanges, 1, ct);
        await RunPageAsync(server, http, cookies, "warm-up", boardUri, 1, boardChanges, 1, ct);

        var minimal = await RunPageAsync(server, http, cookies, "minimal page", minimalUri, n, minimalChanges, options.Changes, ct);
        var board = await RunPageAsync(server, http, cookies, page.Title, boardUri, n, boardChanges, options.Changes, ct);
        return (minimal, board);
    }

    private async Task<PageFigures> RunPageAsync(ServerProcess server, HttpClient http, CookieContainer cookies, string name, Uri pageUri, int n,
        Trigger[] triggers, int changes, CancellationToken ct)
    {
        await WaitForQuietAsync(server, ct);
        var idleCpu = server.CpuMs();
        var idleClock = Stopwatch.StartNew();
        await Task.Delay(options.Settle, ct);
        var idleMsPerS = (server.CpuMs() - idleCpu) / idleClock.Elapsed.TotalSeconds;
        var heapBefore = await HeapBytesAsync(http, server, ct);
        var rssBefore = server.RssKb();

        // Open: one GET per circuit (N tabs), `Concurrency` at a time.
        var circuits = new HeadlessCircuit?[n];
        var failures = new Dictionary<string, int>();
        var openLatency = new double[n];
        using var gate = new SemaphoreSlim(options.Concurrency);
        var opening = Stopwatch.StartNew();
        var cpuBeforeOpen = server.CpuMs();
        await Task.WhenAll(Enumerable.Range(0, n).Select(async i =>
        {
            await gate.WaitAsync(ct);
            var started = Stopwatch.GetTimestamp();
            var circuit = new HeadlessCircuit(i, () => _probe);
            try
            {
                var page = await BlazorPage.LoadAsync(http, pageUri, ct);
                await circuit.OpenAsync(page, cookies, options.OpenTimeout, ct);
                circuits[i] = circuit;
                openLatency[i] = Clock.Ms(started, Stopwatch.GetTimestamp());
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                var reason = circuit.Error ?? e.GetBaseException().Message;
                lock (failures) failures[Shorten(reason)] = failures.GetValueOrDefault(Shorten(reason)) + 1;
                await circuit.CloseAsync(http);
                await circuit.DisposeAsync();
            }
            finally { gate.Release(); }
        }));
        var openTime = opening.Elapsed;
        var openCpuMs = server.CpuMs() - cpuBeforeOpen;
        var open = circuits.Where(c => c is not null).Select(c => c!).ToList();
        if (n > 1) output.WriteLine($"  {name}: {open.Count}/{n} circuits open in {openTime.TotalSeconds:0.0} s");

        await Task.Delay(options.Settle, ct);
        var kb = open.Count == 0 ? double.NaN : (server.RssKb() - rssBefore) / (double)open.Count;
        var heapKb = open.Count == 0 ? double.NaN : (await HeapBytesAsync(http, server, ct) - heapBefore) / 1024.0 / open.Count;

        // Changes: kinds in turn, `changes` of each, one every Interval.
        var samples = triggers.Select(_ => new List<ChangeSample>()).ToArray();
        for (var c = 0; c < changes * triggers.Length; c++)
        {
            var k = c % triggers.Length;
            samples[k].Add(await ChangeAsync(server, n, open, triggers[k], ct));
        }
        var figures = triggers.Select((t, k) => Summarise(t.Kind, samples[k], open.Count)).ToList();
        var lost = open.Count(c => !c.IsOpen);

        // Close as tabs do (socket dropped, then POST _blazor/disconnect), 64 at a time.
        var closing = Stopwatch.StartNew();
        using var closeGate = new SemaphoreSlim(64);
        await Task.WhenAll(open.Select(async c =>
        {
            await closeGate.WaitAsync(CancellationToken.None);
            try
            {
                await c.CloseAsync(http);
                await c.DisposeAsync();
            }
            finally { closeGate.Release(); }
        }));
        var closeTime = closing.Elapsed;
        return new PageFigures(name, n, open.Count, failures, openTime, new Stats(openLatency.Where(l => l > 0)), kb, heapKb, lost, closeTime, figures)
        {
            IdleCpuMsPerS = idleMsPerS,
            OpenCpuMs = openCpuMs,
            OpenCpuSeconds = openTime.TotalSeconds,
        };
    }

    private sealed record ChangeSample(int Expected, int Seen, double[] Latencies, double ServerCpuMs, double ClientCpuMs, long Bytes, long Batches,
        long Commands, long Reads, long RequestCommands, double TriggerMs, IReadOnlyDictionary<string, long> ReadModels);

    /// <summary>
    /// One change: counters before, the probe in place, the trigger request, the wait until every
    /// live circuit has seen it (or the timeout), the rest of the interval, counters after.
    /// </summary>
    private async Task<ChangeSample> ChangeAsync(ServerProcess server, int slots, List<HeadlessCircuit> open, Trigger trigger, CancellationToken ct)
    {
        var live = open.Count(c => c.IsOpen);
        var token = $"Bench{_run}x{Interlocked.Increment(ref _tokens):D5}";
        var before = await CountersAsync(server, open, ct);
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var probe = new ChangeProbe(trigger.CarriesToken ? token : null, slots, live);
        _probe = probe;
        var sw = Stopwatch.StartNew();
        probe.Begin();
        long requestCommands = 0;
        try { requestCommands = await trigger.Fire(token, ct); }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            output.WriteLine($"  {trigger.Kind} failed: {e.GetBaseException().Message}"); // its circuits count as missed
        }
        var triggerMs = sw.Elapsed.TotalMilliseconds;
        try { await probe.AllSeen.WaitAsync(options.ChangeTimeout, ct); }
        catch (TimeoutException) { /* counted as missed */ }
        var rest = options.Interval - sw.Elapsed;
        await Task.Delay(rest > TimeSpan.FromMilliseconds(250) ? rest : TimeSpan.FromMilliseconds(250), ct); // the change's later batches
        var after = await CountersAsync(server, open, ct);
        var clientCpuMs = (Process.GetCurrentProcess().TotalProcessorTime - clientCpu).TotalMilliseconds;
        _probe = null;
        return new ChangeSample(live, probe.Seen, probe.LatenciesMs().ToArray(), after.Cpu - before.Cpu, clientCpuMs,
            after.Bytes - before.Bytes, after.Batches - before.Batches, after.Counters.Commands - before.Counters.Commands,
            after.Counters.Reads - before.Counters.Reads, requestCommands, triggerMs, after.Counters.ReadModelsSince(before.Counters));
    }

    /// <summary>
    /// Waits (up to 30 s) until the server uses under 50 ms CPU per second: after the warm-up the
    /// runtime recompiles hot code in the background, which would otherwise land in the first figures.
    /// </summary>
    private static async Task WaitForQuietAsync(ServerProcess server, CancellationToken ct)
    {
        var limit = Stopwatch.StartNew();
        while (limit.Elapsed < TimeSpan.FromSeconds(30))
        {
            var cpu = server.CpuMs();
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
            if (server.CpuMs() - cpu < 50) return;
        }
    }

    private static async Task<(double Cpu, long Bytes, long Batches, BenchCounters Counters)> CountersAsync(ServerProcess server, List<HeadlessCircuit> open, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = server.BaseUri };
        var counters = await http.GetFromJsonAsync<BenchCounters>("bench/counters", ct) ?? new BenchCounters(0, 0);
        return (server.CpuMs(), open.Sum(c => c.Bytes), open.Sum(c => c.Batches), counters);
    }

    /// <summary>The server's managed heap after a full, compacting collection (what its circuits hold, without garbage).</summary>
    private static async Task<long> HeapBytesAsync(HttpClient http, ServerProcess server, CancellationToken ct)
    {
        using var r = await http.PostAsync(new Uri(server.BaseUri, "bench/heap"), null, ct);
        r.EnsureSuccessStatusCode();
        return await r.Content.ReadFromJsonAsync<long>(ct);
    }

    /// <summary>A kind of change: whether its render batch carries the token, and the request that makes it.</summary>
    public sealed record Trigger(string Kind, bool CarriesToken, Func<string, CancellationToken, Task<long>> Fire);

    /// <summary>The commands the server says the request itself sent (its use case); 0 when it does not say.</summary>
    internal static long RequestCommands(HttpResponseMessage r) =>
        r.Headers.TryGetValues(BenchServer.RequestCommandsHeader, out var v) && long.TryParse(v.FirstOrDefault(), CultureInfo.InvariantCulture, out var n) ? n : 0;

    /// <summary>The minimal page's change: the token added to its live list.</summary>
    public static Trigger Bump(HttpClient http) => new("item added", true, async (token, ct) =>
    {
        using var r = await http.PostAsync($"bench/minimal/bump?token={Uri.EscapeDataString(token)}", null, ct);
        r.EnsureSuccessStatusCode();
        return 0L;
    });

    /// <summary>A web-form lead through the public endpoint, named by the token (the new card shows it); each with its own phone.</summary>
    public static Trigger Lead(HttpClient http, string formKey, Func<string> phone) => new("web-form lead", true, async (token, ct) =>
    {
        using var r = await http.PostAsJsonAsync($"api/forms/{formKey}/leads", new { name = token, phone = phone() }, ct);
        if (!r.IsSuccessStatusCode) throw new InvalidOperationException($"lead refused: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync(ct)}");
        return RequestCommands(r);
    });

    /// <summary>A card moved one column by the board's manager; carries no token, so the first batch after it counts.</summary>
    public static Trigger Move(HttpClient http) => new("card move", false, async (_, ct) =>
    {
        using var r = await http.PostAsync("bench/board/move", null, ct);
        if (!r.IsSuccessStatusCode) throw new InvalidOperationException($"move refused: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync(ct)}");
        return RequestCommands(r);
    });

    private static ChangeFigures Summarise(string kind, List<ChangeSample> s, int circuits)
    {
        double PerChange(Func<ChangeSample, double> f) => s.Count == 0 ? double.NaN : s.Average(f);
        double PerCircuit(Func<ChangeSample, double> f) => circuits == 0 ? double.NaN : PerChange(f) / circuits;
        return new ChangeFigures(kind, s.Count, s.Sum(x => x.Expected), s.Sum(x => x.Seen), new Stats(s.SelectMany(x => x.Latencies)),
            PerChange(x => x.ServerCpuMs), PerChange(x => x.ClientCpuMs), PerCircuit(x => x.Bytes), PerCircuit(x => x.Batches),
            PerChange(x => x.Commands), PerChange(x => x.Reads), PerChange(x => x.RequestCommands), new Stats(s.Select(x => x.TriggerMs)).Median)
        {
            ReadModelCommands = s.SelectMany(x => x.ReadModels.Keys).Distinct().Order(StringComparer.Ordinal)
                .ToDictionary(k => k, k => s.Count == 0 ? double.NaN : s.Sum(x => (double)x.ReadModels.GetValueOrDefault(k)) / s.Count),
            AfterRequest = new Stats(s.SelectMany(x => x.Latencies.Select(l => Math.Max(0, l - x.TriggerMs)))),
        };
    }

    /// <summary>One N as a table: figure, minimal page, Studio board, board ÷ minimal. Each board change is compared with the minimal page's change.</summary>
    public static string Table(int n, PageFigures minimal, PageFigures board, bool markdown)
    {
        var rows = new List<string[]>
        {
            Row("circuits opened / failed", $"{minimal.Opened:N0} / {minimal.Asked - minimal.Opened:N0}", $"{board.Opened:N0} / {board.Asked - board.Opened:N0}", ""),
            Row("time to open N circuits, s", F(minimal.OpenTime.TotalSeconds, "0.0"), F(board.OpenTime.TotalSeconds, "0.0"), Ratio(board.OpenTime.TotalSeconds, minimal.OpenTime.TotalSeconds)),
            Row("open one circuit (GET + circuit) p50 / p95, ms", P2(minimal.OpenLatency), P2(board.OpenLatency),
                Ratio(board.OpenLatency.Median, minimal.OpenLatency.Median) + " / " + Ratio(board.OpenLatency.Percentile(95), minimal.OpenLatency.Percentile(95))),
            Row("server CPU to open N circuits, s", F(minimal.OpenCpuMs / 1000, "0.0"), F(board.OpenCpuMs / 1000, "0.0"), Ratio(board.OpenCpuMs, minimal.OpenCpuMs)),
            Row("server CPU while idle before opening, ms/s", F(minimal.IdleCpuMsPerS, "N0"), F(board.IdleCpuMsPerS, "N0"), ""),
            Row("KB per circuit (server RSS)", F(minimal.KbPerCircuit, "N0"), F(board.KbPerCircuit, "N0"), Ratio(board.KbPerCircuit, minimal.KbPerCircuit)),
            Row("KB per circuit (managed heap after a full GC)", F(minimal.HeapKbPerCircuit, "N0"), F(board.HeapKbPerCircuit, "N0"), Ratio(board.HeapKbPerCircuit, minimal.HeapKbPerCircuit)),
        };
        var reference = minimal.Changes[0];
        foreach (var change in board.Changes)
        {
            var label = change.Kind + " (minimal: " + reference.Kind + ")";
            rows.Add(Row($"{label}: circuits that saw it / should", $"{reference.Seen:N0} / {reference.Expected:N0}", $"{change.Seen:N0} / {change.Expected:N0}", ""));
            rows.Add(Row($"{change.Kind}: change → render batch p50 / p95 / p99, ms", P3(reference.Latency), P3(change.Latency),
                $"{Ratio(change.Latency.Median, reference.Latency.Median)} / {Ratio(change.Latency.Percentile(95), reference.Latency.Percentile(95))} / {Ratio(change.Latency.Percentile(99), reference.Latency.Percentile(99))}"));
            rows.Add(Row($"{change.Kind}: the same less the change's own request (from its answer) p50 / p95 / p99, ms", P3(reference.AfterRequest), P3(change.AfterRequest),
                $"{Ratio(change.AfterRequest.Median, reference.AfterRequest.Median)} / {Ratio(change.AfterRequest.Percentile(95), reference.AfterRequest.Percentile(95))} / {Ratio(change.AfterRequest.Percentile(99), reference.AfterRequest.Percentile(99))}"));
            rows.Add(Row($"{change.Kind}: server CPU per change, ms", F(reference.ServerCpuMs, "N0"), F(change.ServerCpuMs, "N0"), Ratio(change.ServerCpuMs, reference.ServerCpuMs)));
            rows.Add(Row($"{change.Kind}: bytes per change per circuit", F(reference.BytesPerCircuit, "N0"), F(change.BytesPerCircuit, "N0"), Ratio(change.BytesPerCircuit, reference.BytesPerCircuit)));
            rows.Add(Row($"{change.Kind}: render batches per change per circuit", F(reference.BatchesPerCircuit, "0.0"), F(change.BatchesPerCircuit, "0.0"), Ratio(change.BatchesPerCircuit, reference.BatchesPerCircuit)));
            rows.Add(Row($"{change.Kind}: database commands per change: all / in its request / after it (read models)",
                $"{F(reference.Commands, "0.#")} / {F(reference.RequestCommands, "0.#")} / {F(reference.Commands - reference.RequestCommands, "0.#")}",
                $"{F(change.Commands, "0.#")} / {F(change.RequestCommands, "0.#")} / {F(change.Commands - change.RequestCommands, "0.#")}", ""));
            rows.Add(Row($"{change.Kind}: of those, by read model", ByReadModel(reference), ByReadModel(change), ""));
            rows.Add(Row($"{change.Kind}: trigger request median, ms", F(reference.TriggerMs, "N0"), F(change.TriggerMs, "N0"), ""));
            rows.Add(Row($"{change.Kind}: bench client CPU per change, ms", F(reference.ClientCpuMs, "N0"), F(change.ClientCpuMs, "N0"), ""));
        }
        rows.Add(Row("circuits lost during the changes", minimal.Lost.ToString("N0", CultureInfo.InvariantCulture), board.Lost.ToString("N0", CultureInfo.InvariantCulture), ""));
        rows.Add(Row("time to close N circuits, s", F(minimal.CloseTime.TotalSeconds, "0.0"), F(board.CloseTime.TotalSeconds, "0.0"), Ratio(board.CloseTime.TotalSeconds, minimal.CloseTime.TotalSeconds)));

        string[] header = [$"N = {n:N0}", "minimal page", board.Page, "ratio"];
        var sb = new StringBuilder();
        if (markdown)
        {
            sb.AppendLine("| " + string.Join(" | ", header) + " |");
            sb.AppendLine("|---|---:|---:|---:|");
            foreach (var r in rows) sb.AppendLine("| " + string.Join(" | ", r) + " |");
        }
        else
        {
            var widths = Enumerable.Range(0, 4).Select(i => rows.Append(header).Max(r => r[i].Length)).ToArray();
            string Line(string[] r) => r[0].PadRight(widths[0]) + "  " + string.Join("  ", r.Skip(1).Select((c, i) => c.PadLeft(widths[i + 1])));
            sb.AppendLine(Line(header));
            foreach (var r in rows) sb.AppendLine(Line(r));
        }
        foreach (var page in new[] { minimal, board })
            foreach (var (reason, count) in page.Failures)
                sb.AppendLine($"{(markdown ? "- " : "  ")}{page.Page}: {count}x failed to open: {reason}");
        return sb.ToString();
    }

    private static string[] Row(params string[] cells) => cells;
    private static string ByReadModel(ChangeFigures change) => change.ReadModelCommands.Count == 0 ? "–" :
        string.Join(", ", change.ReadModelCommands.Select(kv => $"{kv.Key} {F(kv.Value, "0.#")}"));
    private static string F(double v, string format) => double.IsNaN(v) ? "–" : v.ToString(format, CultureInfo.InvariantCulture);
    private static string P2(Stats s) => s.Count == 0 ? "–" : $"{F(s.Median, "0.0")} / {F(s.Percentile(95), "0.0")}";
    private static string P3(Stats s) => s.Count == 0 ? "–" : $"{F(s.Median, "0.0")} / {F(s.Percentile(95), "0.0")} / {F(s.Percentile(99), "0.0")}";
    private static string Ratio(double a, double b) =>
        double.IsNaN(a) || double.IsNaN(b) || b <= 0 ? "–" : (a / b).ToString(a / b >= 10 ? "N0" : "0.0", CultureInfo.InvariantCulture) + "×";

    private static string Shorten(string reason) => reason.Length > 120 ? reason[..120] + "…" : reason;
    private static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);
}
