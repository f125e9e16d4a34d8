using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Studio.Domain.Organisation;
using Studio.Domain.Schedule;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Tests.Infrastructure;
using Studio.Domain.Common;

namespace Studio.Tests.Services.Organisation;

/// <summary>
/// The organisation's settings as one value: money, dates and times written the studio's way (whatever the UI language),
/// read once per node and read again when the organisation or a branch changes; one local → UTC with the spring gap handled.
/// </summary>
public sealed class OrganisationSettingsTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>ICU writes a no-break (or narrow no-break) space between thousands and before the symbol.</summary>
    private static string Plain(string s) => s.Replace('\u00A0', ' ').Replace('\u202F', ' ');

    // 22.11.2026 16:05 UTC is 18:05 in Kyiv and Riga (both UTC+2 in winter) and 17:05 in Warsaw.
    [Theory]
    [InlineData("UA", "Europe/Kyiv", "uk-UA", "UAH", "1 250 ₴", "1 250,50 ₴", "22.11.2026", "22.11.2026 18:05")]
    [InlineData("LV", "Europe/Riga", "lv-LV", "EUR", "1 250 €", "1 250,50 €", "22.11.2026", "22.11.2026 18:05")]
    [InlineData("PL", "Europe/Warsaw", "pl-PL", "PLN", "1 250 zł", "1 250,50 zł", "22.11.2026", "22.11.2026 17:05")]
    public void Formats_ByCountryAndZone_TheStudiosWayWhateverTheUiLanguage(string country, string zone, string culture, string currency,
        string whole, string cents, string date, string when)
    {
        var instant = new DateTime(2026, 11, 22, 16, 5, 0, DateTimeKind.Utc);
        var (ui, current) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        foreach (var language in new[] { "en-US", "uk-UA" })
        {
            try
            {
                (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (CultureInfo.GetCultureInfo(language), CultureInfo.GetCultureInfo(language));
                var s = OrganisationSettings.For(country, zone);
                Assert.Equal((culture, currency, whole, cents, date, when),
                    (s.Culture.Name, s.CurrencyCode, Plain(s.Money(1250m)), Plain(s.Money(1250.5m)), s.Date(instant), s.When(instant)));
            }
            finally { (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (ui, current); }
        }
    }

    [Fact]
    public void Default_BeforeTheOrganisationIsSaved_IsTheUkrainianStudio()
    {
        var s = OrganisationSettings.Default;
        Assert.Equal(("UA", "Europe/Kyiv", "₴", "-1 200 ₴"), (s.Country, s.Zone.Id, s.CurrencySymbol, Plain(s.Money(-1200m))));
    }

    /// <summary>Kyiv, 29 March 2026: the clocks go from 03:00 to 04:00; a time in between moves forward by the hour it skipped.</summary>
    [Theory]
    [InlineData(3, 0, 1, 0)]
    [InlineData(3, 30, 1, 30)]
    [InlineData(3, 59, 1, 59)]
    [InlineData(2, 59, 0, 59)] // just before the change: UTC+2
    [InlineData(4, 0, 1, 0)] // just after: UTC+3
    public void ToUtc_TimeInTheSkippedSpringHour_MovesForwardByTheGapAndDoesNotThrow(int hour, int minute, int utcHour, int utcMinute)
    {
        var settings = OrganisationSettings.For("UA", "Europe/Kyiv");
        var local = new DateTime(2026, 3, 29, hour, minute, 0);

        var utc = settings.ToUtc(local);

        Assert.Equal(new DateTime(2026, 3, 29, utcHour, utcMinute, 0, DateTimeKind.Utc), utc);
        Assert.Equal(DateTimeKind.Utc, utc.Kind);
        Assert.Equal(utc, Zones.ToUtc(local, settings.Zone)); // one conversion: the settings' is the schedule's
    }

    [Fact]
    public void ZoneOf_BranchWithItsOwnZone_ThatZone_UnknownBranch_TheOrganisations()
    {
        var riga = Guid.NewGuid();
        var s = OrganisationSettings.For("UA", "Europe/Kyiv", new Dictionary<Guid, string> { [riga] = "Europe/Riga" });
        Assert.Equal(("Europe/Riga", "Europe/Kyiv", "Europe/Kyiv"), (s.ZoneOf(riga).Id, s.ZoneOf(Guid.NewGuid()).Id, s.ZoneOf(null).Id));
    }

    [Theory, DatabaseData]
    public async Task UpdateOrganisation_ToLatvia_TheCachedSettingsFollowAtOnce_AndAreNotReadAgainMeanwhile(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var source = studio.Services.GetRequiredService<OrganisationSettingsSource>();

        var before = await source.GetAsync(Ct);
        var loads = source.Loads;
        Assert.Same(before, await source.GetAsync(Ct));
        Assert.Same(before, source.Current);
        Assert.Equal(loads, source.Loads); // read once, kept
        Assert.Equal(("UA", "₴", "Europe/Kyiv"), (before.Country, before.CurrencySymbol, before.Zone.Id));

        var org = await studio.Organisation.GetOrganisationAsync(Ct);
        await studio.Organisation.UpdateOrganisationAsync(owner, org.Version, org.Name, "LV", "Europe/Riga", Ct);

        var after = await source.GetAsync(Ct);
        Assert.Equal(("LV", "EUR", "Europe/Riga", "1 250,50 €"), (after.Country, after.CurrencyCode, after.Zone.Id, Plain(after.Money(1250.5m))));
        Assert.Equal("LV", source.Current.Country); // the change's own live message may make this node read it once more, never the old value
    }

    [Theory, DatabaseData]
    public async Task BranchZoneChangedOutsideTheService_HeardOnTheLiveBus_TheCachedSettingsFollow(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var source = studio.Services.GetRequiredService<OrganisationSettingsSource>();
        Assert.Equal("Europe/Kyiv", (await source.GetAsync(Ct)).ZoneOf(studio.BranchId).Id);

        // Another node (or any writer) changes the branch: only its committed event reaches this node.
        var factory = studio.Services.GetRequiredService<IDbContextFactory<StudioDbContext>>();
        await using (var db = await factory.CreateDbContextAsync(Ct))
        {
            var branch = await db.Branches.SingleAsync(b => b.Id == studio.BranchId, Ct);
            branch.Update(branch.Name, branch.Address, "Europe/Riga");
            await db.SaveChangesAsync(Ct);
        }

        await Eventually.TrueAsync(async () => (await source.GetAsync(Ct)).ZoneOf(studio.BranchId).Id == "Europe/Riga", "The branch's new zone reaching the settings");
        Assert.Equal("Europe/Riga", (await source.GetAsync(Ct)).ZoneOf(studio.BranchId).Id);
    }
}
