using Microsoft.Playwright;

namespace Studio.Tests.Browser.Pages;

/// <summary>
/// Settings → Organisation. The organisation's own fields come first on the page, before each branch's and room's fields
/// of the same labels, so a field is the first with its label. A time-zone option is found by its zone (data-zone): its
/// text also carries the offset, which changes with the season.
/// </summary>
public sealed class OrganisationSettingsPage(IPage page, string baseUrl, string culture = "en") : Screen(page, baseUrl, culture)
{
    public Task OpenAsync() => GoAsync("/settings/organisation");

    public ILocator Name => Field("Field.Name").First;

    public ILocator TimeZone => Field("Field.TimeZone").First;

    public ILocator PassEndingDays => Field("Organisation.PassEndingDays").First;

    /// <summary>The organisation's Save (the first on the page; each branch and room has its own after it).</summary>
    public ILocator Save => Button("Common.Save").First;

    public ILocator ZoneOption(string zone) => Page.Locator($".mud-popover-open [data-testid=time-zone-option][data-zone='{zone}']");

    /// <summary>The "saved" snackbars shown.</summary>
    public ILocator Snackbars => Page.Locator(".mud-snackbar");
}
