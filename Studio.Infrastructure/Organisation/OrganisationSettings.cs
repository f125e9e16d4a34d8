using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Studio.Domain.Schedule;
using Studio.Infrastructure.Live;
using Studio.Infrastructure.Persistence;
using Studio.Domain.Common;

namespace Studio.Infrastructure.Organisation;

/// <summary>
/// The organisation's settings as one value: its country (phone numbers), culture and currency (money, dates and times),
/// its time zone and each branch's. Every service and screen reads it from <see cref="OrganisationSettingsSource"/>.
/// <para>
/// The culture and currency are the <b>organisation's</b>, never the person's: the UI language (uk or en) picks the words
/// on a screen, while numbers, dates and money are always written as the studio writes them (DOMAIN.md: "Money, dates and
/// time zones always in the studio's own culture, whatever the UI language"). A Ukrainian studio reads <c>1 250 ₴</c> and
/// <c>22.11.2026 18:00</c> Kyiv time in an English UI too; a Latvian one <c>1 250,50 €</c> and Riga time.
/// </para>
/// <para>
/// The culture and the currency follow the country (the one the owner sets in Settings): the culture is the country's own
/// language's (UA → uk-UA, LV → lv-LV, not ru-UA), the currency the country's (UAH ₴, EUR €). A studio that writes money in
/// another currency than its country's would need them stored apart: not asked for yet.
/// </para>
/// </summary>
public sealed record OrganisationSettings
{
    private static readonly ConcurrentDictionary<string, CultureInfo> Cultures = new();

    private OrganisationSettings(string country, string timeZoneId, IReadOnlyDictionary<Guid, string> branchZones)
    {
        Country = country;
        TimeZoneId = timeZoneId;
        Culture = CultureOf(country);
        var region = RegionOf(country);
        CurrencyCode = region?.ISOCurrencySymbol ?? "";
        CurrencySymbol = Culture.NumberFormat.CurrencySymbol is { Length: > 0 } s && s != "¤" ? s : region?.CurrencySymbol ?? CurrencyCode;
        Zone = FindZone(timeZoneId);
        BranchZones = branchZones.ToDictionary(b => b.Key, b => FindZone(b.Value));
    }

    /// <summary>The settings of an organisation in this country and zone, with these branches' zones.</summary>
    public static OrganisationSettings For(string country, string timeZoneId, IReadOnlyDictionary<Guid, string>? branchZones = null) =>
        new(country.Trim().ToUpperInvariant(), timeZoneId, branchZones ?? new Dictionary<Guid, string>());

    /// <summary>Before the organisation is saved (a fresh install): what <see cref="Domain.Organisation.StudioOrganisation"/> starts with.</summary>
    public static readonly OrganisationSettings Default = For("UA", "Europe/Kyiv");

    /// <summary>ISO 3166 two letters; the default region of phone numbers.</summary>
    public string Country { get; }
    public string TimeZoneId { get; }
    /// <summary>How numbers, money and dates are written.</summary>
    public CultureInfo Culture { get; }
    /// <summary>ISO 4217 (UAH, EUR).</summary>
    public string CurrencyCode { get; }
    /// <summary>₴, €.</summary>
    public string CurrencySymbol { get; }
    /// <summary>The organisation's zone: reports, "today" on the dashboard, screens not about one branch.</summary>
    public TimeZoneInfo Zone { get; }
    public IReadOnlyDictionary<Guid, TimeZoneInfo> BranchZones { get; }

    /// <summary>The branch's zone; the organisation's when no branch is given or the branch is unknown.</summary>
    public TimeZoneInfo ZoneOf(Guid? branchId) => branchId is { } id && BranchZones.TryGetValue(id, out var z) ? z : Zone;

    /// <summary>"1 250 ₴", "1 250,50 €": a whole amount without its cents, the symbol where the culture puts it.</summary>
    public string Money(decimal amount)
    {
        var number = amount.ToString(amount == decimal.Truncate(amount) ? "#,0" : "#,0.00", Culture);
        return Culture.NumberFormat.CurrencyPositivePattern switch
        {
            0 => CurrencySymbol + number,
            1 => number + CurrencySymbol,
            2 => CurrencySymbol + " " + number,
            _ => number + " " + CurrencySymbol,
        };
    }

    public DateTime Local(DateTime utc, Guid? branchId = null) => Zones.ToLocal(DateTime.SpecifyKind(utc, DateTimeKind.Utc), ZoneOf(branchId));

    /// <summary>A wall-clock time in the organisation's (or branch's) zone to UTC: see <see cref="Zones.ToUtc"/> for the skipped spring hour.</summary>
    public DateTime ToUtc(DateTime local, Guid? branchId = null) => Zones.ToUtc(local, ZoneOf(branchId));

    public DateOnly Today(DateTime utcNow, Guid? branchId = null) => Zones.Today(DateTime.SpecifyKind(utcNow, DateTimeKind.Utc), ZoneOf(branchId));

    /// <summary>"22.11.2026 18:00" (uk-UA, lv-LV) in local time.</summary>
    public string When(DateTime utc, Guid? branchId = null) => WhenLocal(Local(utc, branchId));

    /// <summary>"22.11.2026" in local time.</summary>
    public string Date(DateTime utc, Guid? branchId = null) => Local(utc, branchId).ToString(Culture.DateTimeFormat.ShortDatePattern, Culture);

    /// <summary>A local date-time already in the zone, written the organisation's way.</summary>
    public string WhenLocal(DateTime local) => local.ToString(Culture.DateTimeFormat.ShortDatePattern + " " + Culture.DateTimeFormat.ShortTimePattern, Culture);

    public string DateOf(DateOnly day) => day.ToString(Culture.DateTimeFormat.ShortDatePattern, Culture);

    /// <summary>The date of a local date-time already in the zone.</summary>
    public string DateOf(DateTime local) => local.ToString(Culture.DateTimeFormat.ShortDatePattern, Culture);

    /// <summary>"18:00".</summary>
    public string TimeOf(DateTime local) => local.ToString(Culture.DateTimeFormat.ShortTimePattern, Culture);

    /// <summary>"22.11": the short date without its year.</summary>
    public string DayMonth(DateTime local) => local.ToString(DayMonthPattern, Culture);

    private string DayMonthPattern => Culture.DateTimeFormat.ShortDatePattern.Replace("yyyy", "").Replace("yy", "").Trim('.', '/', '-', ' ');

    private static TimeZoneInfo FindZone(string id) => TimeZoneInfo.TryFindSystemTimeZoneById(id, out var z) ? z : TimeZoneInfo.Utc;

    private static RegionInfo? RegionOf(string country)
    {
        try { return new RegionInfo(country); }
        catch (ArgumentException) { return null; }
    }

    /// <summary>The culture of the country's own language: the language whose home is this country (uk → uk-UA), else the first.</summary>
    private static CultureInfo CultureOf(string country) => Cultures.GetOrAdd(country, c =>
    {
        var candidates = CultureInfo.GetCultures(CultureTypes.SpecificCultures)
            .Where(ci => ci.Name.EndsWith("-" + c, StringComparison.OrdinalIgnoreCase)).OrderBy(ci => ci.Name, StringComparer.Ordinal).ToList();
        return candidates.FirstOrDefault(ci => HomeOf(ci.TwoLetterISOLanguageName) == ci.Name) ?? candidates.FirstOrDefault() ?? CultureInfo.InvariantCulture;
    });

    private static string? HomeOf(string language)
    {
        try { return CultureInfo.CreateSpecificCulture(language).Name; }
        catch (CultureNotFoundException) { return null; }
    }
}

/// <summary>
/// The node's one copy of <see cref="OrganisationSettings"/>: read once, kept, and read again after a change. A change is
/// heard the way every screen hears one: the organisation's and branches' <see cref="Domain.Organisation.OrganisationChanged"/>
/// reaches <see cref="LiveTopics.Organisation"/> after its commit (so another node on a shared bus forgets its copy too);
/// <see cref="OrganisationService"/> also forgets this node's copy as soon as its own save returns, so the screen that
/// saved reads the new value at once.
/// </summary>
public sealed class OrganisationSettingsSource : IDisposable
{
    private readonly IDbContextFactory<StudioDbContext> _factory;
    private readonly IDisposable _subscription;
    private readonly Lock _gate = new();
    private volatile OrganisationSettings? _value;
    private long _generation;
    private long _loads;

    public OrganisationSettingsSource(IDbContextFactory<StudioDbContext> factory, ILiveBus bus)
    {
        _factory = factory;
        _subscription = bus.Subscribe(LiveTopics.Organisation, _ => { Forget(); return Task.CompletedTask; });
    }

    /// <summary>How many times this node read the settings from the database.</summary>
    public long Loads => Interlocked.Read(ref _loads);

    /// <summary>The settings for a service: from the copy, or one read when there is none.</summary>
    public async ValueTask<OrganisationSettings> GetAsync(CancellationToken ct = default)
    {
        if (_value is { } v) return v;
        var generation = Interlocked.Read(ref _generation);
        await using var db = _factory.CreateDbContext();
        var org = await db.Organisations.AsNoTracking().OrderBy(o => o.Id).Select(o => new { o.Country, o.TimeZoneId }).FirstOrDefaultAsync(ct);
        var branches = await db.Branches.AsNoTracking().Select(b => new { b.Id, b.TimeZoneId }).ToListAsync(ct);
        return Keep(generation, org?.Country, org?.TimeZoneId, branches.ToDictionary(b => b.Id, b => b.TimeZoneId));
    }

    /// <summary>The settings for a screen's markup, which cannot wait: the copy, or (once per node and change) a read.</summary>
    public OrganisationSettings Current
    {
        get
        {
            if (_value is { } v) return v;
            var generation = Interlocked.Read(ref _generation);
            using var db = _factory.CreateDbContext();
            var org = db.Organisations.AsNoTracking().OrderBy(o => o.Id).Select(o => new { o.Country, o.TimeZoneId }).FirstOrDefault();
            var branches = db.Branches.AsNoTracking().Select(b => new { b.Id, b.TimeZoneId }).ToList();
            return Keep(generation, org?.Country, org?.TimeZoneId, branches.ToDictionary(b => b.Id, b => b.TimeZoneId));
        }
    }

    /// <summary>The copy is stale: the next read loads it again.</summary>
    public void Forget()
    {
        lock (_gate)
        {
            Interlocked.Increment(ref _generation);
            _value = null;
        }
    }

    private OrganisationSettings Keep(long generation, string? country, string? zone, Dictionary<Guid, string> branches)
    {
        Interlocked.Increment(ref _loads);
        var loaded = country is null || zone is null ? OrganisationSettings.For(OrganisationSettings.Default.Country, OrganisationSettings.Default.TimeZoneId, branches)
            : OrganisationSettings.For(country, zone, branches);
        // A change heard while this read was on its way: the read may be older than the change, so it is not kept.
        lock (_gate)
            if (Interlocked.Read(ref _generation) == generation) _value = loaded;
        return loaded;
    }

    public void Dispose() => _subscription.Dispose();
}
