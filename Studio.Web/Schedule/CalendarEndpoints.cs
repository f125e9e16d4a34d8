using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Localization;
using Studio.Infrastructure.Schedule;
using Studio.Web.Resources;

namespace Studio.Web.Schedule;

/// <summary>
/// A teacher's lessons as a calendar phones subscribe to: <c>GET /calendar/{key}.ics</c>.
/// Anonymous: the secret key is the credential (the teacher makes a new one to stop an old
/// address). Unknown keys are 404; requests are limited per address so keys cannot be guessed fast.
/// </summary>
public static class CalendarEndpoints
{
    public const string ContentType = "text/calendar; charset=utf-8";

    public static IEndpointRouteBuilder MapCalendarFeeds(this IEndpointRouteBuilder app)
    {
        app.MapGet("/calendar/{key}.ics", GetFeedAsync)
            .AllowAnonymous()
            .WithMetadata(new CalendarFeedEndpoint())
            .WithName("CalendarFeed");
        return app;
    }

    /// <summary>
    /// The feed in the language the address names (<c>?lang=uk</c>, as the subscribe panel writes it: a phone's calendar fetches
    /// without the person's language cookie), else the request's.
    /// </summary>
    public static async Task<IResult> GetFeedAsync(string key, string? lang, ScheduleService schedule, TimeProvider clock,
        IStringLocalizer<SharedResource> L, HttpContext http, CancellationToken ct)
    {
        var feed = await schedule.CalendarAsync(key, ct);
        if (feed is not { } found) return TypedResults.NotFound();
        if (WebSetup.Cultures.FirstOrDefault(c => c.Name == lang) is { } culture)
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = culture;
        var events = found.Lessons.Select(l => ToEvent(l, L));
        var ics = CalendarIcs.Build(L["Calendar.Name", found.Name], events, clock.GetUtcNow().UtcDateTime);
        http.Response.Headers.CacheControl = "private, max-age=300";
        return TypedResults.Text(ics, ContentType);
    }

    public static CalendarEvent ToEvent(LessonView lesson, IStringLocalizer<SharedResource> L)
    {
        var description = L["Calendar.Participants", lesson.Participants.Count].Value;
        if (!string.IsNullOrWhiteSpace(lesson.Notes)) description += "\n" + lesson.Notes.Trim();
        if (lesson.Status == Domain.Schedule.LessonStatus.Cancelled && !string.IsNullOrWhiteSpace(lesson.CancelReason))
            description += "\n" + L["Calendar.Cancelled", lesson.CancelReason.Trim()].Value;
        return new CalendarEvent($"{lesson.Id}@studio", lesson.StartsAt, lesson.EndsAt, lesson.Title, lesson.RoomName, description,
            lesson.Status == Domain.Schedule.LessonStatus.Cancelled);
    }

    /// <summary>Marks the feed for the limiter.</summary>
    public sealed class CalendarFeedEndpoint;

    public static bool IsFeedRequest(HttpContext http) =>
        http.GetEndpoint()?.Metadata.GetMetadata<CalendarFeedEndpoint>() is not null;

    /// <summary>Feed requests per client address and minute (a phone polls a few times an hour).</summary>
    public static PartitionedRateLimiter<HttpContext> PerAddressLimiter(int perMinute) =>
        PartitionedRateLimiter.Create<HttpContext, string>(http => IsFeedRequest(http)
            ? RateLimitPartition.GetFixedWindowLimiter("calendar-ip:" + http.Connection.RemoteIpAddress,
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
            : RateLimitPartition.GetNoLimiter(""));
}
