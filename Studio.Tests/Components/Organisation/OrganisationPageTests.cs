using System.Globalization;
using System.Security.Claims;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Tests.Infrastructure;
using Studio.Web.Pipelines.Settings;
using Studio.Web.Components.Shared;
using Studio.Web.Organisation;

namespace Studio.Tests.Components.Organisation;

/// <summary>
/// The organisation's settings page over the real services (SQLite): saving the country changes how every screen writes
/// money at once, with no restart, in an English UI too (the format is the studio's, the language the person's).
/// </summary>
public sealed class OrganisationPageTests(Databases databases) : MudComponentTest
{
    private TestStudio _studio = default!;
    private Guid _owner;

    public override async ValueTask InitializeAsync()
    {
        _studio = await StartStudioAsync(databases, typeof(OrganisationService));
        _owner = await _studio.AddEmployeeAsync(EmployeeRole.Owner);
        SignIn(_owner, EmployeeRole.Owner);
    }

    private static string Plain(string s) => s.Replace('\u00A0', ' ').Replace('\u202F', ' ');

    [Fact]
    public async Task SaveCountry_Latvia_MoneyInEurosAtOnce()
    {
        Ctx.Render<MudPopoverProvider>();
        var cut = Ctx.Render<OrganisationPage>();
        cut.WaitForAssertion(() => Assert.Contains("1 250,50 ₴", Plain(cut.Find("[data-testid=org-formats]").TextContent)));

        await cut.InvokeAsync(() => cut.Find("input[data-testid=org-country]").Input("LV"));
        await cut.InvokeAsync(() => cut.Find("[data-testid=org-save]").Click());

        cut.WaitForAssertion(() => Assert.Contains("1 250,50 €", Plain(cut.Find("[data-testid=org-formats]").TextContent)));
        Assert.Equal("LV", (await _studio.Organisation.GetOrganisationAsync(Xunit.TestContext.Current.CancellationToken)).Country);
    }
}
