using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Studio.Domain.Organisation;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Live;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Tasks;
using Studio.Tests.Infrastructure;
using Studio.Web.Tasks;

namespace Studio.Tests.Components.Tasks;

/// <summary>The saved campaign's clients dialog over the real services (SQLite): a client found by typing is added, one taken out is cancelled.</summary>
public sealed class CampaignClientsDialogTests(Databases databases) : MudComponentTest
{
    [Theory]
    [InlineData("en", "calls already done stay")]
    [InlineData("uk", "виконані дзвінки лишаються")]
    public async Task TypingAClientAndAdding_MakesTheirCall_RemovingCancelsAnOpenOne(string culture, string hint)
    {
        UseCulture(culture);
        var studio = await StartStudioAsync(databases, typeof(TaskService), typeof(ClientService), typeof(OrganisationService), typeof(ILiveBus));
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var olena = await studio.AddClientAsync(manager, "Olena Koval");
        var ivan = await studio.AddClientAsync(manager, "Ivan Petrenko");
        var tasks = studio.Services.GetRequiredService<TaskService>();
        var campaign = await tasks.CreateCampaignAsync(manager, null, "Autumn", [manager], [olena], Ct);

        var dialogs = Ctx.Render<MudDialogProvider>();
        await dialogs.InvokeAsync(() => Ctx.Services.GetRequiredService<IDialogService>().ShowAsync<CampaignClientsDialog>("Clients",
            new DialogParameters<CampaignClientsDialog> { { d => d.ActorId, manager }, { d => d.CampaignId, campaign } }));
        dialogs.WaitForAssertion(() => dialogs.Find($"[data-testid=campaign-client][data-client-id='{olena}']"));
        Assert.Contains(hint, dialogs.Find("[data-testid=campaign-remove-hint]").TextContent);

        await dialogs.InvokeAsync(() => dialogs.Find("input[data-testid=campaign-add-search]").Input("Petrenko"));
        dialogs.WaitForAssertion(() => dialogs.Find($"[data-testid=campaign-add-row][data-client-id='{ivan}'] [data-testid=campaign-add-one]"), TimeSpan.FromSeconds(5));
        await dialogs.InvokeAsync(() => dialogs.Find($"[data-testid=campaign-add-row][data-client-id='{ivan}'] [data-testid=campaign-add-one]").Click());
        dialogs.WaitForAssertion(() => dialogs.Find($"[data-testid=campaign-client][data-client-id='{ivan}']"));

        await dialogs.InvokeAsync(() => dialogs.Find($"[data-testid=campaign-client][data-client-id='{olena}'] [data-testid=campaign-remove]").Click());
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll($"[data-testid=campaign-client][data-client-id='{olena}']")));

        var calls = await studio.ReadAsync(db => db.Tasks.Where(t => t.ParentId == campaign).Select(t => new { t.ClientId, t.Status }).ToListAsync(Ct));
        Assert.Equal(TaskState.Cancelled, calls.Single(c => c.ClientId == olena).Status);
        Assert.NotEqual(TaskState.Cancelled, calls.Single(c => c.ClientId == ivan).Status);
    }
}
