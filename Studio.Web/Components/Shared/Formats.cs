using System.Globalization;
using Microsoft.Extensions.Localization;
using Studio.Domain.Common;
using Studio.Domain.Schedule;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Schedule;
using Studio.Web.Resources;

namespace Studio.Web.Components.Shared;

/// <summary>Money, times and durations in the organisation's culture and time zone.</summary>
public static class Formats
{
    private static readonly CultureInfo Uk = CultureInfo.GetCultureInfo("uk-UA");
    private static readonly TimeZoneInfo Kyiv = TimeZoneInfo.FindSystemTimeZoneById("Europe/Kyiv");

    /// <summary>The zone screens show times in.</summary>
    public static TimeZoneInfo Zone => Kyiv;

    public static string Money(decimal amount) =>
        amount == decimal.Truncate(amount) ? amount.ToString("#,0", Uk) + " ₴" : amount.ToString("#,0.00", Uk) + " ₴";

    public static DateTime Local(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Kyiv);

    /// <summary>A local wall-clock time to UTC; a time skipped by a clock change moves forward (see <see cref="Zones.ToUtc"/>).</summary>
    public static DateTime ToUtc(DateTime local) => Zones.ToUtc(local, Kyiv);

    public static string When(DateTime utc) => Local(utc).ToString("dd.MM.yyyy HH:mm", Uk);

    public static string Date(DateTime utc) => Local(utc).ToString("dd.MM.yyyy", Uk);

    /// <summary>"5 min", "3 h", "2 d".</summary>
    public static string Duration(TimeSpan span, IStringLocalizer<SharedResource> L)
    {
        var s = span.Duration();
        if (s.TotalMinutes < 60) return L["Duration.Minutes", Math.Max(1, (int)s.TotalMinutes)];
        if (s.TotalHours < 48) return L["Duration.Hours", (int)s.TotalHours];
        return L["Duration.Days", (int)s.TotalDays];
    }

    /// <summary>A broken rule or refused call as the person at the desk should read it.</summary>
    public static string Error(Exception ex, IStringLocalizer<SharedResource> L) => ex switch
    {
        DomainException d => L[d.Code, d.Args.Select(a => a is string s ? (object)LocaliseField(s, L) : a).ToArray()],
        SlotTakenException t => L["Error.Schedule.Clash"] + " " + string.Join("; ", t.Clashes.Select(c => Clash(c, L))),
        AccessDeniedException => L["Error.AccessDenied"],
        NotFoundException => L["Error.NotFound"],
        ConcurrencyConflictException => L["Error.Concurrency"],
        _ => L["Error.Unexpected"],
    };

    /// <summary>"Olena Koval teaches “Hip-hop” 18:00–19:00, 23.11".</summary>
    public static string Clash(ClashView c, IStringLocalizer<SharedResource> L)
    {
        var (from, to) = (Local(c.From), Local(c.To));
        var when = from.Date == to.Date
            ? $"{from.ToString("HH:mm", Uk)}–{to.ToString("HH:mm", Uk)}, {from.ToString("dd.MM", Uk)}"
            : $"{from.ToString("dd.MM HH:mm", Uk)} – {to.ToString("dd.MM HH:mm", Uk)}";
        return L["Clash." + c.Kind, c.WhoName, c.What ?? "", when];
    }

    private static string LocaliseField(string field, IStringLocalizer<SharedResource> L)
    {
        var text = L["Field." + field];
        return text.ResourceNotFound ? field : text.Value;
    }
}
