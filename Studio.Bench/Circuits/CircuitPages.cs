namespace Studio.Bench.Circuits;

/// <summary>
/// A Studio page the circuit benchmark can open N times (<c>--page NAME</c>): where it lives, who is signed in to
/// watch it, and the changes fired at it. Every page is compared with the same minimal live page.
/// </summary>
/// <param name="Name">The option's value.</param>
/// <param name="Title">The table's column.</param>
/// <param name="Account">The account the circuits are signed in as (password: the demo one).</param>
/// <param name="PathAsync">The page's address, given the signed-in client and what the served studio says about itself.</param>
/// <param name="Triggers">The kinds of change, given the signed-in client, the studio, and a source of fresh phone numbers.</param>
public sealed record CircuitPage(string Name, string Title, string Account, Func<HttpClient, BenchServerInfo, CancellationToken, Task<string>> PathAsync,
    Func<HttpClient, BenchServerInfo, Func<string>, CircuitBench.Trigger[]> Triggers);

/// <summary>The pages <c>--page</c> knows.</summary>
public static class CircuitPages
{
    public const string Default = "board";

    private static readonly List<CircuitPage> All = [];

    /// <summary>The sales board as its manager sees it: web-form leads (the card carries the lead's name) and card moves.</summary>
    public static readonly CircuitPage Board = Add(new("board", "Studio board", BenchServer.Manager, (_, i, _) => Task.FromResult($"boards/{i.BoardId}"),
        (http, i, phone) => [CircuitBench.Lead(http, i.FormKey, phone), CircuitBench.Move(http)]));

    /// <summary>
    /// The owner's dashboard: the same two changes, which move its figures (a lead is one more new lead today; a move
    /// resets a card's days in its stage, so a stale deal may stop being one). The dashboard shows no lead's name, so
    /// neither carries a token: the first render batch after the change counts.
    /// </summary>
    public static readonly CircuitPage Dashboard = Add(new("dashboard", "Studio dashboard", "owner@studio.demo", (_, _, _) => Task.FromResult("dashboard"),
        (http, i, phone) => [CircuitBench.Lead(http, i.FormKey, phone) with { CarriesToken = false }, CircuitBench.Move(http)]));

    /// <summary>
    /// Today's day grid of the bench's branch, as its manager sees it: a lesson of today moved a quarter of an hour
    /// (`ScheduleMover`, through the real use case). The grid shows no token, so the first batch after the move counts.
    /// </summary>
    public static readonly CircuitPage Schedule = Add(new("schedule", "Studio schedule", BenchServer.Manager, async (http, _, ct) =>
        {
            var info = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<ScheduleBenchInfo>(http, "bench/schedule/info", ct)
                ?? throw new InvalidOperationException("no /bench/schedule/info");
            return $"schedule?branch={info.BranchId}";
        },
        (http, _, _) => [LessonMove(http)]));

    /// <summary>
    /// The client list as the bench's manager first sees it (all branches, by name, the first 25): a client of that page
    /// renamed (its name + the token: it keeps its place) and a new client that belongs on that page (named after its first
    /// row + the token). Both carry the token (`ClientChanger`, through the real <c>ClientService</c>).
    /// </summary>
    public static readonly CircuitPage Clients = Add(new("clients", "Studio client list", BenchServer.Manager, (_, _, _) => Task.FromResult("clients"),
        (http, _, phone) => [ClientChange(http, "client edit", "rename"), ClientChange(http, "new client", "create", phone)]));

    /// <summary>One client's card (a client of the list's first page): that client renamed (the title shows the token) and a note added (the timeline shows it).</summary>
    public static readonly CircuitPage Client = Add(new("client", "Studio client card", BenchServer.Manager, async (http, _, ct) =>
        {
            var info = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<ClientBenchInfo>(http, "bench/clients/info", ct)
                ?? throw new InvalidOperationException("no /bench/clients/info");
            return $"clients/{info.CardClientId}";
        },
        (http, _, _) => [ClientChange(http, "client edit", "rename?card=true"), ClientChange(http, "note added", "note")]));

    private static CircuitBench.Trigger ClientChange(HttpClient http, string kind, string action, Func<string>? phone = null) => new(kind, true, async (token, ct) =>
    {
        var query = (action.Contains('?') ? "&" : "?") + $"token={Uri.EscapeDataString(token)}" + (phone is null ? "" : $"&phone={Uri.EscapeDataString(phone())}");
        using var r = await http.PostAsync($"bench/clients/{action}{query}", null, ct);
        if (!r.IsSuccessStatusCode) throw new InvalidOperationException($"{kind} refused: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync(ct)}");
        return CircuitBench.RequestCommands(r);
    });

    /// <summary>A lesson of today moved by the manager; carries no token, so the first batch after it counts.</summary>
    private static CircuitBench.Trigger LessonMove(HttpClient http) => new("lesson move", false, async (_, ct) =>
    {
        using var r = await http.PostAsync("bench/schedule/move", null, ct);
        if (!r.IsSuccessStatusCode) throw new InvalidOperationException($"lesson move refused: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync(ct)}");
        return CircuitBench.RequestCommands(r);
    });

    public static IEnumerable<string> Names => All.Select(p => p.Name);

    public static CircuitPage Find(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown page {name}; known: {string.Join(", ", Names)}.");

    private static CircuitPage Add(CircuitPage page)
    {
        All.Add(page);
        return page;
    }
}
