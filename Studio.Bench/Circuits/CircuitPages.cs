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
