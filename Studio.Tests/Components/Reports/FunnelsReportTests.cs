using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Primitives;
using Studio.Domain.Clients;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Reports;
using Studio.Tests.Infrastructure;
using Studio.Web.Reports;
using Studio.Web.Organisation;
using Studio.Web.Resources;

namespace Studio.Tests.Components.Reports;

/// <summary>
/// The funnels honour "show in sales funnel" (issue 17.1): a status without the flag is left out of the funnels on the page and in
/// their export even when clients moved through it, and still counts in the transitions table.
/// </summary>
public sealed class FunnelsReportTests(Databases databases) : MudComponentTest
{
    private TestStudio _studio = default!;
    private Guid _owner;
    private ClientStatus _lead = default!, _trial = default!, _refused = default!;

    public override async ValueTask InitializeAsync()
    {
        _studio = await StartStudioAsync(databases, typeof(FunnelReports));
        _owner = await _studio.AddEmployeeAsync(EmployeeRole.Owner);
        var clients = _studio.Services.GetRequiredService<ClientService>();
        var id = await clients.CreateAsync(_owner, new ClientInput("Olena Koval", ["+380671112233"], null, null, null, _studio.BranchId, null, null, [],
            ContactChannels.None, null, new Dictionary<Guid, string?>()), duplicatesSeen: true, Ct);
        (_lead, _trial, _refused) = (new ClientStatus("Lead", 1, true, "#90A4AE"), new ClientStatus("Trial", 2, true, "#4FC3F7"),
            new ClientStatus("Refused", 3, showInFunnel: false, "#E57373"));
        await _studio.ReadAsync(async db => { db.ClientStatuses.AddRange(_lead, _trial, _refused); return await db.SaveChangesAsync(Ct); });
        foreach (var status in new[] { _lead, _refused, _trial })
        {
            _studio.Clock.Advance(TimeSpan.FromMinutes(5));
            await clients.ChangeStatusAsync(_owner, id, status.Id, Ct);
        }

        SignIn(_owner, EmployeeRole.Owner);
        // The transitions diagram measures its canvas in the browser.
        Ctx.JSInterop.Setup<Blazor.Diagrams.Core.Geometry.Rectangle>("ZBlazorDiagrams.getBoundingClientRect", _ => true)
            .SetResult(new Blazor.Diagrams.Core.Geometry.Rectangle(0, 0, 1000, 300));
    }

    [Fact]
    public void Funnels_StatusWithoutTheFlag_LeftOut_ButCountedInTheTransitions()
    {
        var cut = Ctx.Render<FunnelsReport>(p => p.Add(c => c.From, _studio.Today.AddDays(-1)).Add(c => c.To, _studio.Today.AddDays(1)));

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=funnel-row]")), TimeSpan.FromSeconds(5));
        Assert.Equal([_lead.Id.ToString(), _trial.Id.ToString()], cut.FindAll("[data-testid=funnel-row]").Select(r => r.GetAttribute("data-status-id")));
        Assert.Equal("1", cut.Find($"[data-testid=funnel-row][data-status-id='{_trial.Id}']").GetAttribute("data-transitions"));
        Assert.Contains("Refused", cut.Find("[data-testid=transitions-matrix]").TextContent);
    }

    [Fact]
    public async Task Export_StatusWithoutTheFlag_LeftOut()
    {
        var table = new FunnelTable(_studio.Services.GetRequiredService<FunnelReports>(), _studio.Clock,
            _studio.Services.GetRequiredService<OrganisationSettingsSource>());
        var query = new QueryCollection(new Dictionary<string, StringValues>
        {
            ["from"] = _studio.Today.AddDays(-1).ToString("yyyy-MM-dd"), ["to"] = _studio.Today.AddDays(1).ToString("yyyy-MM-dd"),
        });

        var built = await table.BuildAsync(_owner, query, Ctx.Services.GetRequiredService<IStringLocalizer<SharedResource>>(), Ct);

        var statuses = await built.Rows.Select(r => (string)r[1]!).ToListAsync(Ct);
        Assert.Equal(["Lead", "Trial"], statuses.Distinct());
    }

    [Fact]
    public async Task BranchOfTheTopBar_OnlyItsClients_OnThePageAndInTheExportsItsLinksCarry()
    {
        var podil = await _studio.Organisation.SaveBranchAsync(_owner, null, Guid.Empty, "Podil", null, "Europe/Kyiv", Ct);
        var (from, to) = (_studio.Today.AddDays(-1), _studio.Today.AddDays(1));

        var cut = Ctx.Render<FunnelsReport>(p => p.Add(c => c.From, from).Add(c => c.To, to).Add(c => c.BranchId, podil));

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=funnels-empty]")), TimeSpan.FromSeconds(5)); // Olena is the main branch's
        Assert.All(cut.FindAll("[data-testid=export-csv]").Select(a => a.GetAttribute("href")!), h => Assert.Contains($"branch={podil}", h));
        cut.Render(p => p.Add(c => c.BranchId, _studio.BranchId));
        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find($"[data-testid=funnel-row][data-status-id='{_trial.Id}']").GetAttribute("data-transitions")),
            TimeSpan.FromSeconds(5));

        var table = new FunnelTable(_studio.Services.GetRequiredService<FunnelReports>(), _studio.Clock,
            _studio.Services.GetRequiredService<OrganisationSettingsSource>());
        IQueryCollection Query(Guid branch) => new QueryCollection(new Dictionary<string, StringValues>
        {
            ["from"] = from.ToString("yyyy-MM-dd"), ["to"] = to.ToString("yyyy-MM-dd"), ["branch"] = branch.ToString(),
        });
        var L = Ctx.Services.GetRequiredService<IStringLocalizer<SharedResource>>();
        Assert.Empty(await (await table.BuildAsync(_owner, Query(podil), L, Ct)).Rows.ToListAsync(Ct));
        Assert.NotEmpty(await (await table.BuildAsync(_owner, Query(_studio.BranchId), L, Ct)).Rows.ToListAsync(Ct));
    }
}
