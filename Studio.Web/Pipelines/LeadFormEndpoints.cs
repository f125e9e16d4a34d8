using System.Globalization;
using System.Text.Json;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Pipelines;

namespace Studio.Web.Pipelines;

/// <summary>The answer to a lead: the deal it became and its client.</summary>
public sealed record LeadCreated(Guid DealId, Guid ClientId);

/// <summary>
/// The public web form: <c>POST /api/forms/{boardKey}/leads</c> with JSON, form-encoded or multipart
/// fields (see <see cref="LeadForm.Fields"/>). Anonymous: the board key is the credential. Floods
/// are limited per address (every post) and per key (good leads only, so junk cannot shut a form):
/// 429 with Retry-After. Bodies to 16 KB, and browsers may
/// post only from the board's allowed origins (CORS). Every refusal is RFC 7807 problem details.
/// </summary>
public static class LeadFormEndpoints
{
    public const int BodyLimit = 16 * 1024;
    public const string CorsPolicy = "lead-form";
    public const string IdempotencyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    public static IEndpointRouteBuilder MapLeadForms(this IEndpointRouteBuilder app)
    {
        var forms = app.MapGroup("/api/forms")
            .AllowAnonymous()
            .DisableAntiforgery()
            .RequireCors(CorsPolicy);
        forms.MapPost("/{boardKey}/leads", PostLeadAsync)
            .WithMetadata(new LeadFormEndpoint(), new LeadBodyLimit())
            .WithName("PostLead");
        return app;
    }

    public static async Task<Results<Created<LeadCreated>, ValidationProblem, ProblemHttpResult>> PostLeadAsync(
        string boardKey, HttpContext http, LeadIntakeService leads, LeadKeyBudget budget, CancellationToken ct)
    {
        var read = await LeadFormReader.ReadAsync(http.Request, BodyLimit, ct);
        if (read.TooLarge)
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The request body is too large.",
                detail: $"A lead is at most {BodyLimit / 1024} KB.");
        if (read.Errors is { } unreadable) return Invalid(unreadable);
        try
        {
            var idempotencyKey = http.Request.Headers[IdempotencyHeader].ToString();
            var taken = await leads.TakeAsync(boardKey, read.Form!, idempotencyKey, ct, () => budget.TrySpend(boardKey));
            if (taken.Replayed) http.Response.Headers[ReplayedHeader] = "true";
            return TypedResults.Created((string?)null, new LeadCreated(taken.DealId, taken.ClientId));
        }
        catch (NotFoundException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "There is no such web form.",
                detail: "The board key in the address is unknown, was replaced by a new one, or its board is archived.");
        }
        catch (LeadFormInvalidException ex)
        {
            return Invalid(ex.Errors);
        }
        catch (LeadFloodException ex)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(ex.RetryAfter.TotalSeconds));
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, type: "https://tools.ietf.org/html/rfc6585#section-4",
                title: "Too many leads.", detail: $"This form has taken as many leads as it may for now; try again in {seconds.ToString(CultureInfo.InvariantCulture)} s.");
        }
    }

    private static ValidationProblem Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors.ToDictionary(), title: "The lead has errors.",
            detail: "Nothing was saved. Correct the fields named in 'errors' and send the lead again.");

    // ---------- floods: per address and per key ----------

    /// <summary>A lead post: counted by the limiters (preflights and other routes are not).</summary>
    public static bool IsLeadPost(HttpContext http) =>
        HttpMethods.IsPost(http.Request.Method) && http.GetEndpoint()?.Metadata.GetMetadata<LeadFormEndpoint>() is not null;

    /// <summary>
    /// Every lead post, good or bad, per client address and minute (before the body is read). Behind
    /// a proxy, configure forwarded headers so the address is the visitor's. The board key's own
    /// budget is <see cref="LeadKeyBudget"/>, spent only by good leads.
    /// </summary>
    public static PartitionedRateLimiter<HttpContext> PerAddressLimiter(int perMinute) =>
        PartitionedRateLimiter.Create<HttpContext, string>(http => IsLeadPost(http)
            ? PerMinute("lead-ip:" + http.Connection.RemoteIpAddress, perMinute)
            : RateLimitPartition.GetNoLimiter(""));

    private static RateLimitPartition<string> PerMinute(string partition, int permits) =>
        RateLimitPartition.GetFixedWindowLimiter(partition,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });

    public static Task WriteTooManyAsync(HttpContext http, int retryAfterSeconds, CancellationToken ct) =>
        http.Response.WriteAsJsonAsync(new ProblemDetails
        {
            Status = StatusCodes.Status429TooManyRequests,
            Type = "https://tools.ietf.org/html/rfc6585#section-4",
            Title = "Too many leads.",
            Detail = $"Too many leads from this address or for this form; try again in {retryAfterSeconds.ToString(CultureInfo.InvariantCulture)} s.",
        }, (JsonSerializerOptions?)null, "application/problem+json", ct);

    /// <summary>Finds the lead endpoint for the limiters.</summary>
    public sealed class LeadFormEndpoint;

    /// <summary>Kestrel stops reading past 16 KB; the reader checks the same limit on any server.</summary>
    private sealed class LeadBodyLimit : IRequestSizeLimitMetadata
    {
        public long? MaxRequestBodySize => BodyLimit;
    }
}

/// <summary>
/// A board form's budget of good leads per minute (fixed windows by the injected clock): a flood
/// of real-looking leads is stopped, while bad posts, which never get here, cannot spend it. Keep
/// it above the per-address limit, so that one address cannot use up a board's budget alone.
/// Entries are made only for keys of existing boards, and a stale window is replaced in place.
/// </summary>
public sealed class LeadKeyBudget(TimeProvider clock, int perMinute)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Counter> _keys = new(StringComparer.Ordinal);

    public int PerMinute => perMinute;

    /// <summary>Null when the lead may go in (and is counted), else how long until the key's window ends.</summary>
    public TimeSpan? TrySpend(string boardKey)
    {
        var now = clock.GetUtcNow();
        var counter = _keys.GetOrAdd(boardKey, _ => new Counter(now));
        lock (counter)
        {
            if (now - counter.Start >= Window) (counter.Start, counter.Count) = (now, 0);
            if (counter.Count >= perMinute) return counter.Start + Window - now;
            counter.Count++;
            return null;
        }
    }

    private sealed class Counter(DateTimeOffset start)
    {
        public DateTimeOffset Start = start;
        public int Count;
    }
}

/// <summary>
/// CORS for the lead form: the policy of a request is that of the board named by its key, so a
/// site may post from a browser only if the owner listed its origin on that board. Other policy
/// names go to the default provider.
/// </summary>
public sealed class LeadFormCorsPolicyProvider(IOptions<CorsOptions> options, LeadIntakeService leads) : ICorsPolicyProvider
{
    private readonly DefaultCorsPolicyProvider _default = new(options);

    public async Task<CorsPolicy?> GetPolicyAsync(HttpContext context, string? policyName)
    {
        if (policyName != LeadFormEndpoints.CorsPolicy) return await _default.GetPolicyAsync(context, policyName);
        var key = context.Request.RouteValues["boardKey"] as string ?? "";
        var origins = await leads.AllowedOriginsAsync(key, context.RequestAborted);
        // Always a policy, even with no origin allowed: a preflight is then answered without the
        // Allow-Origin header (the browser refuses), and never reaches the endpoint.
        return new CorsPolicyBuilder()
            .WithOrigins([.. origins])
            .WithMethods(HttpMethods.Post)
            .WithHeaders(HeaderNames.ContentType, LeadFormEndpoints.IdempotencyHeader)
            .WithExposedHeaders(HeaderNames.RetryAfter, LeadFormEndpoints.ReplayedHeader)
            .SetPreflightMaxAge(TimeSpan.FromMinutes(10))
            .Build();
    }
}

/// <summary>
/// Reads a lead from the body, whatever a site sends: JSON (an object of strings), form-encoded
/// or multipart fields. Only the known fields are taken; a known field that is not text is named
/// as an error, a body that cannot be read at all is a "body" error, and one over the limit is
/// refused before it is parsed.
/// </summary>
internal static class LeadFormReader
{
    public sealed record Result(LeadForm? Form, IReadOnlyDictionary<string, string[]>? Errors, bool TooLarge);

    private static readonly Result TooLargeResult = new(null, null, true);
    private const string ContentTypeField = "Content-Type";
    private const string BodyField = "body";

    public static async Task<Result> ReadAsync(HttpRequest request, int limit, CancellationToken ct)
    {
        if (request.ContentLength > limit) return TooLargeResult;
        byte[]? body;
        try { body = await ReadBoundedAsync(request.Body, limit, ct); }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge) { return TooLargeResult; }
        catch (Exception ex) when (ex is BadHttpRequestException or IOException && !ct.IsCancellationRequested)
        {
            // A malformed chunk, a body shorter than its Content-Length, a client too slow: nothing to read a lead from.
            return Error(BodyField, "The body could not be read (" + ex.Message.TrimEnd('.') + "): send it again, whole.");
        }
        if (body is null) return TooLargeResult;

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var media))
            return body.Length == 0
                ? Error(BodyField, "The body is empty: send the lead as JSON or as form fields.")
                : Error(ContentTypeField, "Send the lead as application/json, application/x-www-form-urlencoded or multipart/form-data.");
        if (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase))
            return ReadJson(body);
        if (media.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
            || media.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            return await ReadFormAsync(request, body, ct);
        return Error(ContentTypeField,
            $"'{media.MediaType}' is not taken: send the lead as application/json, application/x-www-form-urlencoded or multipart/form-data.");
    }

    private static Result ReadJson(byte[] body)
    {
        if (body.Length == 0) return Error(BodyField, "The body is empty: send a JSON object with the lead's fields.");
        try
        {
            using var doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                return Error(BodyField, "Send one JSON object with the lead's fields, e.g. {\"name\": \"…\", \"phone\": \"…\"}.");
            var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            var errors = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (Known(property.Name) is not { } field) continue;
                switch (property.Value.ValueKind)
                {
                    case JsonValueKind.String:
                        values[field] = property.Value.GetString();
                        errors.Remove(field);
                        break;
                    case JsonValueKind.Null:
                        values[field] = null;
                        errors.Remove(field);
                        break;
                    default:
                        errors[field] = $"The {field} must be text (a JSON string), not {Describe(property.Value.ValueKind)}.";
                        break;
                }
            }
            return new Result(LeadForm.FromFields(values, errors), null, false);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException)
        {
            return Error(BodyField, "The body is not valid JSON: " + ex.Message);
        }
    }

    private static async Task<Result> ReadFormAsync(HttpRequest request, byte[] body, CancellationToken ct)
    {
        IFormCollection form;
        try
        {
            request.Body = new MemoryStream(body, writable: false);
            form = await request.ReadFormAsync(ct);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or InvalidOperationException or FormatException
            or NotSupportedException or ArgumentException or System.Text.DecoderFallbackException)
        {
            return Error(BodyField, "The form data could not be read: " + ex.Message);
        }
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in form)
        {
            if (Known(name) is not { } field) continue;
            if (value.Count > 1) errors[field] = $"The {field} was given {value.Count} times; give it once.";
            else values[field] = value.ToString();
        }
        return new Result(LeadForm.FromFields(values, errors), null, false);
    }

    /// <summary>The body, or null when it is longer than the limit (then it is not read further).</summary>
    private static async Task<byte[]?> ReadBoundedAsync(Stream body, int limit, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static string? Known(string name) =>
        LeadForm.Fields.FirstOrDefault(f => string.Equals(f, name, StringComparison.OrdinalIgnoreCase));

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "true/false",
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "an object",
        _ => kind.ToString(),
    };

    private static Result Error(string field, string message) =>
        new(null, new Dictionary<string, string[]> { [field] = [message] }, false);
}
