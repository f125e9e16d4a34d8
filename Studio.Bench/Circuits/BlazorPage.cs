using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Studio.Bench.Circuits;

/// <summary>
/// What a browser takes from a Blazor Web page before it opens the circuit: the interactive
/// server components' markers (<c>&lt;!--Blazor:{"type":"server",…}--&gt;</c>, in sequence order),
/// the persisted component state and the base address.
/// </summary>
public sealed partial record BlazorPage(Uri PageUri, Uri BaseUri, IReadOnlyList<JsonObject> Markers, string ApplicationState)
{
    /// <summary>GETs the page with the given client (its cookies) and reads it; throws when it has no server component.</summary>
    public static async Task<BlazorPage> LoadAsync(HttpClient http, Uri pageUri, CancellationToken ct)
    {
        using var response = await http.GetAsync(pageUri, ct);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"GET {pageUri} answered {(int)response.StatusCode} {response.StatusCode}.");
        var html = await response.Content.ReadAsStringAsync(ct);
        return Parse(response.RequestMessage?.RequestUri ?? pageUri, html);
    }

    public static BlazorPage Parse(Uri pageUri, string html)
    {
        var markers = new List<JsonObject>();
        foreach (Match m in MarkerRegex().Matches(html))
        {
            if (JsonNode.Parse(m.Groups[1].Value) is not JsonObject marker) continue;
            var type = (string?)marker["type"];
            if (type is "server" or "auto" && marker["descriptor"] is not null) markers.Add(marker);
        }
        markers.Sort((a, b) => ((int?)a["sequence"] ?? 0).CompareTo((int?)b["sequence"] ?? 0));
        if (markers.Count == 0)
            throw new InvalidOperationException($"{pageUri} has no interactive server component (no <!--Blazor:{{\"type\":\"server\"…}}--> marker); signed out?");
        var state = StateRegex().Match(html) is { Success: true } s ? s.Groups[1].Value : "";
        var baseHref = BaseRegex().Match(html) is { Success: true } b ? b.Groups[1].Value : "/";
        return new BlazorPage(pageUri, new Uri(pageUri, baseHref), markers, state);
    }

    /// <summary>The first <c>UpdateRootComponents</c> operations: add every marker, numbered from 1.</summary>
    public string AddOperationsJson(long batchId = 1)
    {
        var operations = new JsonArray();
        for (var i = 0; i < Markers.Count; i++)
            operations.Add(new JsonObject { ["type"] = "add", ["ssrComponentId"] = i + 1, ["marker"] = Markers[i].DeepClone() });
        return new JsonObject { ["batchId"] = batchId, ["operations"] = operations }.ToJsonString(JsonOptions);
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [GeneratedRegex(@"<!--Blazor:(\{.*?\})-->", RegexOptions.Singleline)]
    private static partial Regex MarkerRegex();

    [GeneratedRegex(@"<!--Blazor-Server-Component-State:([A-Za-z0-9+/=_-]*)-->")]
    private static partial Regex StateRegex();

    [GeneratedRegex(@"<base\s+href=""([^""]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex BaseRegex();
}
