using Microsoft.Extensions.Localization;
using Studio.Domain.Common;
using Studio.Domain.Schedule;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Schedule;
using Studio.Web.Resources;

namespace Studio.Web.Components.Shared;

/// <summary>
/// Money, dates and times as the organisation writes them (<see cref="OrganisationSettings"/>: its culture, currency and
/// zone, whatever the UI language), and durations and errors in the person's UI language. A screen injects it
/// (<c>@inject Formats Formats</c>); its static helpers (<see cref="Error"/>, <see cref="Duration"/>) need no injection.
/// Local → UTC is <see cref="OrganisationSettings.ToUtc"/> (or <see cref="Zones.ToUtc"/> with <see cref="Zone"/>): one
/// conversion, with the skipped spring hour handled.
/// </summary>
public sealed class Formats(Func<OrganisationSettings> settings)
{
    /// <summary>The app's: the node's cached settings, re-read after the organisation or a branch changes.</summary>
    public Formats(OrganisationSettingsSource source) : this(() => source.Current) { }

    /// <summary>The settings as they are now.</summary>
    public OrganisationSettings Settings => settings();

    /// <summary>The zone screens show times in (the organisation's).</summary>
    public TimeZoneInfo Zone => Settings.Zone;

    /// <summary>The organisation's currency sign ("₴", "€"), for labels such as "Amount, ₴".</summary>
    public string Currency => Settings.CurrencySymbol;

    /// <summary>"1 250 ₴", "1 250,50 €".</summary>
    public string Money(decimal amount) => Settings.Money(amount);

    public DateTime Local(DateTime utc) => Settings.Local(utc);

    /// <summary>"22.11.2026 18:00" in the organisation's zone.</summary>
    public string When(DateTime utc) => Settings.When(utc);

    /// <summary>"22.11.2026" in the organisation's zone.</summary>
    public string Date(DateTime utc) => Settings.Date(utc);

    /// <summary>"Olena Koval teaches “Hip-hop” 18:00–19:00, 23.11".</summary>
    public string Clash(ClashView c, IStringLocalizer<SharedResource> L) => Clash(c, L, Settings);

    /// <inheritdoc cref="Clash(ClashView, IStringLocalizer{SharedResource})"/>
    public static string Clash(ClashView c, IStringLocalizer<SharedResource> L, OrganisationSettings org)
    {
        var (from, to) = (org.Local(c.From), org.Local(c.To));
        var when = from.Date == to.Date
            ? $"{org.TimeOf(from)}–{org.TimeOf(to)}, {org.DayMonth(from)}"
            : $"{org.DayMonth(from)} {org.TimeOf(from)} – {org.DayMonth(to)} {org.TimeOf(to)}";
        return L["Clash." + c.Kind, c.WhoName, c.What ?? "", when];
    }

    /// <summary>"5 min", "3 h", "2 d".</summary>
    public static string Duration(TimeSpan span, IStringLocalizer<SharedResource> L)
    {
        var s = span.Duration();
        if (s.TotalMinutes < 60) return L["Duration.Minutes", Math.Max(1, (int)s.TotalMinutes)];
        if (s.TotalHours < 48) return L["Duration.Hours", (int)s.TotalHours];
        return L["Duration.Days", (int)s.TotalDays];
    }

    /// <summary>A broken rule or refused call as the person at the desk should read it.</summary>
    public static string Error(Exception ex, IStringLocalizer<SharedResource> L) => Error(ex, L, null);

    /// <summary>
    /// The same, with the organisation's settings to write the times of a schedule clash in: a screen that books or moves
    /// lessons passes them (<c>Formats.Error(ex, L, Formats.Settings)</c>); without them a clash is named without its times.
    /// </summary>
    public static string Error(Exception ex, IStringLocalizer<SharedResource> L, OrganisationSettings? org) => ex switch
    {
        DomainException d => L[d.Code, d.Args.Select(a => a is string s ? (object)LocaliseField(s, L, org) : a).ToArray()],
        SlotTakenException t => L["Error.Schedule.Clash"] + (org is null ? "" : " " + string.Join("; ", t.Clashes.Select(c => Clash(c, L, org)))),
        AccessDeniedException => L["Error.AccessDenied"],
        NotFoundException => L["Error.NotFound"],
        ConcurrencyConflictException => L["Error.Concurrency"],
        _ => L["Error.Unexpected"],
    };

    /// <summary>A field's label; a money field's names the organisation's currency ("Price, €").</summary>
    private static string LocaliseField(string field, IStringLocalizer<SharedResource> L, OrganisationSettings? org)
    {
        var text = L["Field." + field, org?.CurrencySymbol ?? ""];
        return text.ResourceNotFound ? field : text.Value.TrimEnd(' ', ',');
    }
}
