using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Extensions;
using Studio.Domain.Clients;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Live;
using Studio.Tests.Infrastructure;
using Studio.Web.Clients;

namespace Studio.Tests.Components.Clients;

/// <summary>
/// The client form's branch picker and an archived branch (issue 17, item 18), in English and Ukrainian: a new client is not
/// offered it; a client already in it shows it "(archived)" and keeps it when the card is saved.
/// </summary>
public sealed class ClientFormArchivedBranchTests(Databases databases) : MudComponentTest
{
    private TestStudio _studio = default!;
    private Guid _owner, _client;
    private IRenderedComponent<MudPopoverProvider> _popovers = default!;
    private ClientService Clients => _studio.Services.GetRequiredService<ClientService>();

    public override async ValueTask InitializeAsync()
    {
        _studio = await StartStudioAsync(databases, typeof(ClientService), typeof(ClientCardViews), typeof(Studio.Infrastructure.Pipelines.PipelineService),
            typeof(Studio.Infrastructure.Billing.BillingService), typeof(Studio.Infrastructure.Schedule.ScheduleService), typeof(Studio.Infrastructure.Billing.FreezeService),
            typeof(Studio.Infrastructure.Tasks.TaskService), typeof(ILiveBus));
        _owner = await _studio.AddEmployeeAsync(EmployeeRole.Owner);
        _client = await _studio.AddClientAsync(_owner, "Марко Коваль"); // in Main
        await _studio.Organisation.SaveBranchAsync(_owner, null, Guid.Empty, "Podil", null, "Europe/Kyiv", Ct);
        var main = (await _studio.Organisation.ListBranchesAsync(_owner, includeArchived: true, Ct)).Single(b => b.Id == _studio.BranchId);
        await _studio.Organisation.ArchiveBranchAsync(_owner, main.Id, main.Version, true, Ct);
        SignIn(_owner, EmployeeRole.Owner);
        _popovers = Ctx.Render<MudPopoverProvider>();
    }

    /// <summary>Opens the form's branch picker and reads what it offers.</summary>
    private async Task<IReadOnlyList<string>> OfferedAsync(IRenderedComponent<MudSelect<Guid?>> branch)
    {
        await branch.InvokeAsync(() => branch.Instance.OpenMenu());
        IReadOnlyList<string> items = [];
        _popovers.WaitForAssertion(() => Assert.NotEmpty(items = _popovers.FindAll(".mud-popover-open .mud-list-item").Select(i => i.TextContent.Trim()).ToList()));
        await branch.InvokeAsync(() => branch.Instance.CloseMenu());
        return items;
    }

    [Theory]
    [InlineData("en", "Main (archived)", "City")]
    [InlineData("uk", "Main (в архіві)", "Місто")]
    public async Task ArchivedBranch_NotOfferedToANewClient_NamedOnAClientInIt_WhoKeepsItWhenSaved(string culture, string own, string city)
    {
        UseCulture(culture);
        var lookups = await Clients.GetLookupsAsync(_owner, Ct);

        var fresh = Ctx.Render<ClientForm>(p => p.Add(c => c.Model, new ClientFormModel()).Add(c => c.Lookups, lookups));
        Assert.Equal(["Podil"], await OfferedAsync(fresh.FindComponents<MudSelect<Guid?>>().First()));

        var card = Ctx.Render<ClientCardPage>(p => p.Add(x => x.ClientId, _client));
        card.WaitForElement("[data-testid=client-form]");
        Assert.Equal(_studio.BranchId, card.FindComponent<ClientForm>().FindComponents<MudSelect<Guid?>>().First().Instance.GetState(x => x.Value));
        Assert.Equal(["Podil", own], await OfferedAsync(card.FindComponent<ClientForm>().FindComponents<MudSelect<Guid?>>().First()));

        card.FindComponents<MudTextField<string>>().Single(t => t.Instance.Label == city).Find("input").Input("Kyiv");
        await card.InvokeAsync(() => card.Find("[data-testid=save-client]").Click());

        card.WaitForAssertion(() =>
        {
            var saved = Clients.GetCardAsync(_owner, _client, Ct).GetAwaiter().GetResult();
            Assert.Equal(("Kyiv", _studio.BranchId), (saved.City, saved.BranchId));
        });
        Assert.Equal(_studio.BranchId, (await Clients.GetCardAsync(_owner, _client, Ct)).BranchId);
    }
}
