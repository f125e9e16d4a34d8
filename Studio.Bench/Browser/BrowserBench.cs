using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Studio.Bench.Circuits;
using Studio.Bench.Harness;

namespace Studio.Bench.Browser;

/// <summary>Options of <c>Studio.Bench browser</c>.</summary>
public sealed record BrowserBenchOptions
{
    public IReadOnlyList<int> Deals { get; init; } = [300, 2_000];
    public int Runs { get; init; } = 10;
    public int Moves { get; init; } = 20;
    public int KeyMoves { get; init; } = 10;
    public int Leads { get; init; } = 5;
    public string? Postgres { get; init; }
    public string? MarkdownPath { get; init; }

    public const string Usage = """
        Studio.Bench browser [options]   (see docs/benchmarks.md, "Browser")
          --deals LIST       open cards on the board, one server per value (default 300,2000)
          --runs N           first-render runs per board, after one warm-up (default 10)
          --moves N          cards dragged one column on (default 20)
          --keys N           cards moved with Shift+ArrowRight (default 10)
          --leads N          web-form leads counted in the watching page (default 5)
          --pg CONN          serve on PostgreSQL (a database of that name is used as is) instead of SQLite
          --markdown FILE    also write the table as Markdown
        """;

    public static BrowserBenchOptions Parse(string[] args)
    {
        var o = new BrowserBenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.\n{Usage}");
            int NextInt() => int.Parse(Next().Replace("_", ""), CultureInfo.InvariantCulture);
            o = args[i] switch
            {
                "--deals" => o with { Deals = Next().Split(',').Select(s => int.Parse(s.Replace("_", ""), CultureInfo.InvariantCulture)).ToList() },
                "--runs" => o with { Runs = NextInt() },
                "--moves" => o with { Moves = NextInt() },
                "--keys" => o with { KeyMoves = NextInt() },
                "--leads" => o with { Leads = NextInt() },
                "--pg" => o with { Postgres = Next() },
                "--markdown" => o with { MarkdownPath = Next() },
                "-h" or "--help" => throw new ArgumentException(Usage),
                _ => throw new ArgumentException($"Unknown option {args[i]}.\n{Usage}"),
            };
        }
        if (o.Deals.Count == 0 || o.Runs < 1 || o.Moves < 1) throw new ArgumentException($"--deals, --runs and --moves need at least one.\n{Usage}");
        return o;
    }
}

/// <summary>What one board size measured in Chromium.</summary>
public sealed record BrowserFigures(int Deals, int Cards)
{
    public List<double> Paint { get; } = [];
    public List<double> DomContentLoaded { get; } = [];
    public List<double> Interactive { get; } = [];
    public List<double> FirstCard { get; } = [];
    public List<double> FirstCardFrame { get; } = [];
    public List<double> Circuit { get; } = [];
    public List<double> Ready { get; } = [];
    public List<double> CardsShown { get; } = [];
    public List<double> Script { get; } = [];
    public List<double> NegotiateStart { get; } = [];
    public List<double> NegotiateEnd { get; } = [];
    public Dictionary<string, MoveFigures> Moves { get; } = [];
    public List<double> LeadSeen { get; } = [];
    public List<double> LeadNodes { get; } = [];
    public List<double> LeadOther { get; } = [];
}

/// <summary>One kind of move (drag, keyboard): the mover's page and a watching one.</summary>
public sealed class MoveFigures
{
    public List<double> Landed { get; } = [];
    public List<double> LandedFrame { get; } = [];
    public List<double> Saved { get; } = [];
    public List<double> RemoteSeen { get; } = [];
    public List<double> RemoteNodes { get; } = [];
    public List<double> RemoteOther { get; } = [];
    public int Stayed { get; set; }
    public int Missed { get; set; }
}

/// <summary>
/// <c>Studio.Bench browser</c>: for each board size a fresh <see cref="BenchServer"/> process (with Studio.Web's
/// static assets) and Debian's Chromium driven by Playwright. Measures, in the page's own clock
/// (<c>performance.now()</c>, 0 = navigation start): the board's first render and when it is interactive; a dragged
/// (and a Shift+→) card landing in its new column in the mover's page and the save confirmed; and, in a second
/// manager's page watching the board, when the move shows and how many DOM nodes it replaced (MutationObserver).
/// </summary>
public sealed class BrowserBench(BrowserBenchOptions options, TextWriter output)
{
    public const string Chromium = "/usr/bin/chromium";
    public const string Mover = "manager1@studio.demo";
    public const string Watcher = "manager2@studio.demo";
    private static readonly string[] ChromiumArgs =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"];

    private int _phones;

    /// <summary>
    /// In every document from its start: when the first card is in the DOM (and the frame after it) and when the layout's
    /// interactive marker is (tests wait for it; it comes a round trip after the layout's first render). Pages are not
    /// prerendered, so the first card comes from the circuit with its handlers: that is when a drag would work.
    /// </summary>
    private const string FirstRenderScript = """
        (() => {
            const m = window.__bench = { card: null, cardFrame: null, circuit: null, ready: null, cards: 0 };
            const check = () => {
                if (m.card === null && document.querySelector('.deal-card')) {
                    m.card = performance.now();
                    requestAnimationFrame(() => { m.cardFrame = performance.now(); });
                }
                if (m.circuit === null && document.querySelector('[data-testid=interactive]')) m.circuit = performance.now();
                if (m.card !== null && m.circuit !== null) {
                    // No prerendering (App.razor): a card in the DOM was rendered by the circuit, its drag and key handlers with it.
                    m.ready = m.card;
                    m.cards = document.querySelectorAll('.deal-card').length;
                    observer.disconnect();
                }
            };
            const observer = new MutationObserver(check);
            observer.observe(document, { subtree: true, childList: true });
        })();
        """;

    /// <summary>The navigation's own marks: first contentful paint (the static shell) and DOMContentLoaded.</summary>
    private const string NavigationMarks = """
        () => {
            const nav = performance.getEntriesByType('navigation')[0];
            const fcp = performance.getEntriesByName('first-contentful-paint')[0];
            const m = window.__bench;
            const res = name => performance.getEntriesByType('resource').find(r => r.name.includes(name));
            const script = res('_framework/blazor.web.js'), negotiate = res('_blazor/negotiate');
            return [fcp ? fcp.startTime : -1, nav ? nav.domContentLoadedEventEnd : -1, m.card, m.cardFrame, m.circuit, m.ready, m.cards,
                script ? script.responseEnd : -1, negotiate ? negotiate.startTime : -1, negotiate ? negotiate.responseEnd : -1];
        }
        """;

    /// <summary>
    /// The mover's page before a move: when the drop (or the key) happens, when the card is in the target column and the
    /// frame after, and when the save's snackbar appears (the server confirmed).
    /// </summary>
    private const string ArmMover = """
        ([deal, target, trigger]) => {
            const m = window.__move = { start: null, startEpoch: null, landed: null, landedFrame: null, saved: null, stayed: null };
            const zone = document.querySelector(`.board-columns [data-testid=stage-column][data-stage-id="${target}"]`);
            const sel = `.deal-card[data-deal-id="${deal}"]`;
            const before = new Set(document.querySelectorAll('.mud-snackbar'));
            const started = e => {
                if (trigger === 'keydown' && e.key !== 'ArrowRight') return; // Shift's own keydown comes first
                document.removeEventListener(trigger, started, true);
                m.start = performance.now();
                m.startEpoch = performance.timeOrigin + m.start;
                m.on = e.target.closest?.('[data-testid=stage-column]')?.dataset.stageId ?? e.target.closest?.('[data-deal-id]')?.dataset.dealId ?? String(e.target.className);
            };
            document.addEventListener(trigger, started, true);
            document.addEventListener('dragstart', e => { m.dragged = e.target.closest?.('[data-deal-id]')?.dataset.dealId ?? String(e.target.tagName); }, { capture: true, once: true });
            const observer = new MutationObserver(() => {
                if (m.start === null) return;
                if (m.landed === null && zone.querySelector(sel)) {
                    m.landed = performance.now();
                    requestAnimationFrame(() => { m.landedFrame = performance.now(); });
                }
                if (m.saved === null && [...document.querySelectorAll('.mud-snackbar')].some(s => !before.has(s))) {
                    m.saved = performance.now();
                    m.stayed = !!zone.querySelector(sel);
                }
                if (m.landed !== null && m.saved !== null) observer.disconnect();
            });
            observer.observe(document.body, { subtree: true, childList: true });
        }
        """;

    /// <summary>
    /// The watching page before a change: counts nodes added and removed, and other mutations (texts, attributes), under
    /// the board, and notes when the awaited card shows (by id in a column, or by its client's name).
    /// </summary>
    private const string ArmWatcher = """
        ([deal, target, text]) => {
            window.__watch?.observer.disconnect();
            const w = window.__watch = { nodes: 0, other: 0, seenEpoch: null };
            const board = document.querySelector('[data-testid=board]');
            const found = () => text
                ? [...board.querySelectorAll('.deal-card')].some(c => c.textContent.includes(text))
                : !!board.querySelector(`.board-columns [data-testid=stage-column][data-stage-id="${target}"] .deal-card[data-deal-id="${deal}"]`);
            w.observer = new MutationObserver(records => {
                for (const r of records) {
                    if (r.type === 'childList') w.nodes += r.addedNodes.length + r.removedNodes.length;
                    else w.other++;
                }
                if (w.seenEpoch === null && found()) w.seenEpoch = performance.timeOrigin + performance.now();
            });
            w.observer.observe(board, { subtree: true, childList: true, attributes: true, characterData: true });
        }
        """;

    public async Task<IReadOnlyList<BrowserFigures>> RunAsync(CancellationToken ct)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ChromiumArgs,
        });
        output.WriteLine($"Chromium {browser.Version} ({Chromium})");
        var results = new List<BrowserFigures>();
        foreach (var deals in options.Deals)
        {
            var dir = Directory.CreateTempSubdirectory("studio-browser-").FullName;
            try
            {
                string[] serve = options.Postgres is { } pg
                    ? ["--pg", pg, "--deals", Num(deals), "--assets"]
                    : ["--sqlite", Path.Combine(dir, "studio.db"), "--deals", Num(deals), "--assets"];
                await using var server = await ServerProcess.StartAsync(serve, TimeSpan.FromMinutes(3), ct);
                var figures = await RunOneAsync(browser, server, ct);
                results.Add(figures);
                output.WriteLine();
                output.Write(Table(results, markdown: false));
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

    private async Task<BrowserFigures> RunOneAsync(IBrowser browser, ServerProcess server, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = server.BaseUri, Timeout = TimeSpan.FromMinutes(1) };
        var info = await http.GetFromJsonAsync<BenchServerInfo>("bench/info", ct) ?? throw new InvalidOperationException("no /bench/info");
        var boardUrl = new Uri(server.BaseUri, $"boards/{info.BoardId}").ToString();
        output.WriteLine($"{info.OpenDeals:N0} open cards: server pid {server.Pid} on {server.BaseUri}");
        var figures = new BrowserFigures(info.OpenDeals, 0);

        // First render: a fresh signed-in context per run (the sign-in loads the scripts, as a person's first screen does),
        // then the board opened in it. The first run warms the server (JIT, the board's snapshot) and is not counted.
        for (var run = 0; run <= options.Runs; run++)
        {
            ct.ThrowIfCancellationRequested();
            var context = await NewContextAsync(browser, server, info, Mover);
            try
            {
                var page = context.Pages[0];
                await page.GotoAsync(boardUrl, new() { WaitUntil = WaitUntilState.Commit });
                await page.WaitForFunctionAsync("() => window.__bench && window.__bench.ready !== null && window.__bench.cardFrame !== null",
                    null, new() { Timeout = 60_000 });
                var marks = await page.EvaluateAsync<double[]>(NavigationMarks);
                if (run == 0)
                {
                    output.WriteLine($"  warm-up: interactive at {marks[5]:N0} ms, {marks[6]:N0} cards shown");
                    continue;
                }
                figures.Paint.Add(marks[0]);
                figures.DomContentLoaded.Add(marks[1]);
                figures.FirstCard.Add(marks[2]);
                figures.FirstCardFrame.Add(marks[3]);
                figures.Circuit.Add(marks[4]);
                figures.Ready.Add(marks[5]);
                figures.CardsShown.Add(marks[6]);
                figures.Script.Add(marks[7]);
                figures.NegotiateStart.Add(marks[8]);
                figures.NegotiateEnd.Add(marks[9]);
            }
            finally { await context.CloseAsync(); }
        }
        output.WriteLine($"  first render: interactive p50 {new Stats(figures.Ready).Median:N0} ms over {figures.Ready.Count} runs");

        // Moves and leads: the mover's page and a second manager's page watching the same board.
        var moverContext = await NewContextAsync(browser, server, info, Mover);
        var watcherContext = await NewContextAsync(browser, server, info, Watcher);
        try
        {
            var mover = moverContext.Pages[0];
            var watcher = watcherContext.Pages[0];
            foreach (var p in new[] { mover, watcher })
            {
                await p.GotoAsync(boardUrl);
                await p.WaitForFunctionAsync("() => window.__bench && window.__bench.ready !== null", null, new() { Timeout = 60_000 });
            }
            var columns = await mover.Locator(".board-columns [data-testid=stage-column]").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.stageId)");
            if (columns.Length < 2) throw new InvalidOperationException("The board has fewer than two columns.");

            // One warm-up move of each kind, then the measured ones; from column to column, left to right, wrapping.
            var step = 0;
            foreach (var (kind, count) in new[] { ("drag", options.Moves), ("keyboard", options.KeyMoves) })
            {
                if (count <= 0) continue;
                var moves = figures.Moves[kind] = new MoveFigures();
                for (var i = -1; i < count; i++)
                {
                    ct.ThrowIfCancellationRequested();
                    var from = columns[step % (columns.Length - 1)];
                    var to = columns[step % (columns.Length - 1) + 1];
                    step++;
                    await MoveAsync(mover, watcher, kind, from, to, i < 0 ? new MoveFigures() : moves, ct);
                }
                var landed = new Stats(moves.Landed);
                output.WriteLine($"  {kind}: landed p50 {landed.Median:N0} ms, saved p50 {new Stats(moves.Saved).Median:N0} ms, " +
                    $"watcher nodes p50 {new Stats(moves.RemoteNodes).Median:N0} over {moves.Landed.Count} moves");
            }

            if (figures.Moves.Values.Any(m => m.Missed > 0))
                output.WriteLine("  server log, last lines:\n    " + string.Join("\n    ", server.Log.TakeLast(20)));
            for (var i = -1; i < options.Leads; i++)
            {
                ct.ThrowIfCancellationRequested();
                await LeadAsync(http, watcher, info.FormKey, i < 0 ? null : figures, ct);
            }
        }
        finally
        {
            await moverContext.CloseAsync();
            await watcherContext.CloseAsync();
        }
        return figures;
    }

    /// <summary>A context of its own (cookies, cache) signed in through Studio's sign-in form; its page is on the boards list.</summary>
    private static async Task<IBrowserContext> NewContextAsync(IBrowser browser, ServerProcess server, BenchServerInfo info, string email)
    {
        // Wide enough for the demo board's seven columns side by side: with the columns scrolled sideways, a drag's mouse-down
        // could land on whatever card the previous drag had scrolled under it.
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new() { Width = 2560, Height = 1080 }, Locale = "en-US" });
        try
        {
            context.SetDefaultTimeout(30_000);
            await context.AddInitScriptAsync(FirstRenderScript);
            var page = await context.NewPageAsync();
            await page.GotoAsync(new Uri(server.BaseUri, "account/login?returnUrl=%2Fboards").ToString());
            await page.GetByLabel("E-mail").FillAsync(email);
            await page.GetByLabel("Password").FillAsync(info.Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await page.Locator("[data-testid=interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            return context;
        }
        catch
        {
            await context.CloseAsync();
            throw;
        }
    }

    /// <summary>One move of the first card in <paramref name="from"/> to <paramref name="to"/>: by drag and drop or by Shift+→.</summary>
    private static async Task MoveAsync(IPage mover, IPage watcher, string kind, string from, string to, MoveFigures figures, CancellationToken ct)
    {
        var deal = await mover.Locator($".board-columns [data-testid=stage-column][data-stage-id=\"{from}\"] .deal-card").First
            .GetAttributeAsync("data-deal-id") ?? throw new InvalidOperationException("a card without data-deal-id");
        // By its id: a column's first card can change between reading it and dragging it.
        var card = mover.Locator($".board-columns [data-testid=stage-column][data-stage-id=\"{from}\"] .deal-card[data-deal-id=\"{deal}\"]");
        await watcher.EvaluateAsync(ArmWatcher, new object?[] { deal, to, null });
        await mover.EvaluateAsync(ArmMover, new object[] { deal, to, kind == "drag" ? "drop" : "keydown" });
        await card.ScrollIntoViewIfNeededAsync();
        if (kind == "drag")
            await card.DragToAsync(mover.Locator($".board-columns [data-testid=stage-column][data-stage-id=\"{to}\"]"));
        else
        {
            await card.FocusAsync();
            await card.PressAsync("Shift+ArrowRight");
        }
        try
        {
            await mover.WaitForFunctionAsync("() => { const m = window.__move; return m.landed !== null && m.landedFrame !== null; }",
                null, new() { Timeout = 15_000 });
            await watcher.WaitForFunctionAsync("() => window.__watch.seenEpoch !== null", null, new() { Timeout = 15_000 });
            // The save's snackbar (a paused or full stack of snackbars can hold it back: not waited for past 2 s).
            try { await mover.WaitForFunctionAsync("() => window.__move.saved !== null", null, new() { Timeout = 2_000 }); }
            catch (TimeoutException) { }
        }
        catch (TimeoutException)
        {
            figures.Missed++;
            var state = await mover.EvaluateAsync<string>("() => JSON.stringify(window.__move)");
            var where = await mover.Locator($".deal-card[data-deal-id=\"{deal}\"]").EvaluateAllAsync<string[]>(
                "els => els.map(e => e.closest('[data-testid=stage-column]')?.dataset.stageId ?? '?')");
            Console.Error.WriteLine($"  {kind} move of {deal} from {from} to {to} not seen: mover {state}, card now in [{string.Join(", ", where)}]");
            var other = await watcher.Locator($".deal-card[data-deal-id=\"{deal}\"]").EvaluateAllAsync<string[]>(
                "els => els.map(e => e.closest('[data-testid=stage-column]')?.dataset.stageId ?? '?')");
            var ui = await mover.EvaluateAsync<string>("() => [document.querySelectorAll('.mud-dialog').length, getComputedStyle(document.getElementById('blazor-error-ui')).display, [...document.querySelectorAll('.mud-snackbar')].map(s => s.textContent.trim().slice(0, 60)).join(' | ')].join(' ')");
            Console.Error.WriteLine($"    watcher has it in [{string.Join(", ", other)}]; mover dialogs, error ui, snackbars, reconnect: {ui}");
            return;
        }
        await mover.Mouse.MoveAsync(2500, 10); // off the snackbars (hovered, they stay) and the cards
        await Task.Delay(750, ct); // what follows the move in the watching page lands here too
        var m = await mover.EvaluateAsync<JsonElement>("() => window.__move");
        var w = await watcher.EvaluateAsync<JsonElement>("() => ({ nodes: window.__watch.nodes, other: window.__watch.other, seenEpoch: window.__watch.seenEpoch })");
        var start = m.GetProperty("start").GetDouble();
        figures.Landed.Add(m.GetProperty("landed").GetDouble() - start);
        figures.LandedFrame.Add(m.GetProperty("landedFrame").GetDouble() - start);
        if (m.GetProperty("saved").ValueKind == JsonValueKind.Number) figures.Saved.Add(m.GetProperty("saved").GetDouble() - start);
        figures.RemoteSeen.Add(w.GetProperty("seenEpoch").GetDouble() - m.GetProperty("startEpoch").GetDouble());
        figures.RemoteNodes.Add(w.GetProperty("nodes").GetDouble());
        figures.RemoteOther.Add(w.GetProperty("other").GetDouble());
        // Confirmed: the watching page shows the card in its new column (the save committed), and the mover's page still does.
        if (await mover.Locator($".board-columns [data-testid=stage-column][data-stage-id=\"{to}\"] .deal-card[data-deal-id=\"{deal}\"]").CountAsync() == 1)
            figures.Stayed++;
    }

    /// <summary>A web-form lead through the public endpoint; the watching page counts what it replaced.</summary>
    private async Task LeadAsync(HttpClient http, IPage watcher, string formKey, BrowserFigures? figures, CancellationToken ct)
    {
        var name = $"Browser Bench {Interlocked.Increment(ref _phones):D4}";
        await watcher.EvaluateAsync(ArmWatcher, new object?[] { null, null, name });
        var sent = await watcher.EvaluateAsync<double>("() => performance.timeOrigin + performance.now()");
        using (var r = await http.PostAsJsonAsync($"api/forms/{formKey}/leads", new { name, phone = $"+38068{2_000_000 + _phones:D7}" }, ct))
            if (!r.IsSuccessStatusCode) throw new InvalidOperationException($"lead refused: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync(ct)}");
        await watcher.WaitForFunctionAsync("() => window.__watch.seenEpoch !== null", null, new() { Timeout = 15_000 });
        await Task.Delay(750, ct);
        var w = await watcher.EvaluateAsync<JsonElement>("() => ({ nodes: window.__watch.nodes, other: window.__watch.other, seenEpoch: window.__watch.seenEpoch })");
        if (figures is null) return;
        figures.LeadSeen.Add(w.GetProperty("seenEpoch").GetDouble() - sent);
        figures.LeadNodes.Add(w.GetProperty("nodes").GetDouble());
        figures.LeadOther.Add(w.GetProperty("other").GetDouble());
    }

    /// <summary>All board sizes side by side: figure, then one column per size.</summary>
    public static string Table(IReadOnlyList<BrowserFigures> results, bool markdown)
    {
        var rows = new List<string[]>();
        void Add(string label, Func<BrowserFigures, string> cell) => rows.Add([label, .. results.Select(cell)]);
        Add("first render runs", f => f.Ready.Count.ToString(CultureInfo.InvariantCulture));
        Add("static shell painted (first contentful paint), ms p50 / p95", f => P2(f.Paint));
        Add("DOMContentLoaded, ms p50 / p95", f => P2(f.DomContentLoaded));
        Add("blazor.web.js loaded (from the cache after sign-in), ms p50 / p95", f => P2(f.Script));
        Add("circuit negotiation sent / answered, ms p50", f => f.NegotiateStart.Count == 0 ? "–" :
            $"{F(new Stats(f.NegotiateStart).Median, "N0")} / {F(new Stats(f.NegotiateEnd).Median, "N0")}");
        Add("answered → first cards (WebSocket, circuit start, the server's first render, the batch applied), ms p50",
            f => f.Ready.Count == 0 ? "–" : F(new Stats(f.Ready.Zip(f.NegotiateEnd, (r, n) => r - n)).Median, "N0"));
        Add("**interactive**: first cards in the DOM, from the circuit with their handlers, ms p50 / p95 (target < 1,000)", f => P2(f.Ready));
        Add("first cards painted (the frame after), ms p50 / p95", f => P2(f.FirstCardFrame));
        Add("layout's interactive marker (what the browser tests wait for), ms p50 / p95", f => P2(f.Circuit));
        Add("cards in the DOM then", f => F(new Stats(f.CardsShown).Median, "N0"));
        foreach (var kind in results.SelectMany(r => r.Moves.Keys).Distinct())
        {
            var what = kind == "drag" ? "drop" : "Shift+→";
            Add($"{kind} moves measured / missed", f => f.Moves.TryGetValue(kind, out var m) ? $"{m.Landed.Count} / {m.Missed}" : "–");
            Add($"**{kind}: {what} → card in its new column** (mover), ms p50 / p95 (target < 100)", f => P2(f.Moves.GetValueOrDefault(kind)?.Landed));
            Add($"{kind}: {what} → next frame (mover), ms p50 / p95", f => P2(f.Moves.GetValueOrDefault(kind)?.LandedFrame));
            Add($"{kind}: {what} → the save's snackbar (mover), ms p50 / p95 (moves it showed for)",
                f => f.Moves.TryGetValue(kind, out var m) ? $"{P2(m.Saved)} ({m.Saved.Count})" : "–");
            Add($"{kind}: card still in its new column once the watching page shows it", f => f.Moves.TryGetValue(kind, out var m) ? $"{m.Stayed} / {m.Landed.Count}" : "–");
            Add($"{kind}: {what} → shown in the watching page, ms p50 / p95", f => P2(f.Moves.GetValueOrDefault(kind)?.RemoteSeen));
            Add($"**{kind}: DOM nodes added + removed in the watching page** p50 / max (target < 50)", f => PMax(f.Moves.GetValueOrDefault(kind)?.RemoteNodes));
            Add($"{kind}: other mutations (text, attributes) in the watching page p50 / max", f => PMax(f.Moves.GetValueOrDefault(kind)?.RemoteOther));
        }
        Add("web-form lead: POST → shown in the watching page, ms p50 / p95", f => P2(f.LeadSeen));
        Add("**web-form lead: DOM nodes added + removed in the watching page** p50 / max (target < 50)", f => PMax(f.LeadNodes));
        Add("web-form lead: other mutations in the watching page p50 / max", f => PMax(f.LeadOther));

        string[] header = ["Chromium", .. results.Select(r => $"{r.Deals:N0} cards")];
        var sb = new StringBuilder();
        if (markdown)
        {
            sb.AppendLine("| " + string.Join(" | ", header) + " |");
            sb.AppendLine("|---|" + string.Concat(results.Select(_ => "---:|")));
            foreach (var r in rows) sb.AppendLine("| " + string.Join(" | ", r) + " |");
        }
        else
        {
            var widths = Enumerable.Range(0, header.Length).Select(i => rows.Append(header).Max(r => r[i].Replace("**", "").Length)).ToArray();
            string Line(string[] r) => r[0].Replace("**", "").PadRight(widths[0]) + "  " +
                string.Join("  ", r.Skip(1).Select((c, i) => c.PadLeft(widths[i + 1])));
            sb.AppendLine(Line(header));
            foreach (var r in rows) sb.AppendLine(Line(r));
        }
        return sb.ToString();
    }

    private static string F(double v, string format) => double.IsNaN(v) ? "–" : v.ToString(format, CultureInfo.InvariantCulture);
    private static string P2(List<double>? values) =>
        values is not { Count: > 0 } ? "–" : $"{F(new Stats(values).Median, "N0")} / {F(new Stats(values).Percentile(95), "N0")}";
    private static string PMax(List<double>? values) =>
        values is not { Count: > 0 } ? "–" : $"{F(new Stats(values).Median, "N0")} / {F(new Stats(values).Max, "N0")}";
    private static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);
}
