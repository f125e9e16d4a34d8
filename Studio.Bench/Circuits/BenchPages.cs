namespace Studio.Bench.Circuits;

/// <summary>
/// The Studio pages <c>circuits --page NAME</c> can measure against the minimal page: where the N circuits open and the
/// changes fired at them. One entry per page; the board is the default.
/// </summary>
public static class BenchPages
{
    /// <summary>A measured page: its label in the table, its address and its kinds of change.</summary>
    public sealed record Page(string Label, Uri Uri, CircuitBench.Trigger[] Triggers);

    public static readonly IReadOnlyList<string> Names = ["board", "schedule"];

    /// <summary>The page named <paramref name="name"/> on the served studio; <paramref name="http"/> is signed in as its manager.</summary>
    public static async Task<Page> ForAsync(string name, HttpClient http, Uri server, BenchServerInfo info, Func<string> phone, CancellationToken ct) => name switch
    {
        "board" => new("Studio board", new Uri(server, $"boards/{info.BoardId}"), [CircuitBench.Lead(http, info.FormKey, phone), CircuitBench.Move(http)]),
        "schedule" => await ScheduleAsync(http, server, ct),
        _ => throw new ArgumentException($"Unknown page {name} ({string.Join(", ", Names)})."),
    };

    /// <summary>The day grid of today in the bench's branch; a lesson of today moved a quarter of an hour (the day grid shows it).</summary>
    private static async Task<Page> ScheduleAsync(HttpClient http, Uri server, CancellationToken ct)
    {
        var info = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<ScheduleBenchInfo>(http, "bench/schedule/info", ct)
            ?? throw new InvalidOperationException("no /bench/schedule/info");
        return new($"Studio schedule ({info.LessonsToday} lessons today)", new Uri(server, $"schedule?branch={info.BranchId}"), [LessonMove(http)]);
    }

    /// <summary>A lesson of today moved by the manager; carries no token, so the first batch after it counts.</summary>
    public static CircuitBench.Trigger LessonMove(HttpClient http) => new("lesson move", false, async (_, ct) =>
    {
        using var r = await http.PostAsync("bench/schedule/move", null, ct);
        if (!r.IsSuccessStatusCode) throw new InvalidOperationException($"lesson move refused: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync(ct)}");
        return r.Headers.TryGetValues(BenchServer.RequestCommandsHeader, out var v) && long.TryParse(v.FirstOrDefault(), System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0;
    });
}
