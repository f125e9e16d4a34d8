using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Studio.Domain.Clients;
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

        Ctx.Render<MudPopoverProvider>();
        var dialogs = Ctx.Render<MudDialogProvider>();
        await dialogs.InvokeAsync(() => Ctx.Services.GetRequiredService<IDialogService>().ShowAsync<CampaignClientsDialog>("Clients",
            new DialogParameters<CampaignClientsDialog> { { d => d.ActorId, manager }, { d => d.CampaignId, campaign } }));
        dialogs.WaitForAssertion(() => dialogs.Find($"[data-testid=campaign-client][data-client-id='{olena}']"));
        Assert.Contains(hint, dialogs.Find("[data-testid=campaign-remove-hint]").TextContent);

        await dialogs.InvokeAsync(() => dialogs.Find("input[data-testid=campaign-search]").Input("Petrenko"));
        await dialogs.InvokeAsync(() => Clock.Advance(TimeSpan.FromSeconds(1))); // the search waits for typing to pause (on the components' clock)
        dialogs.WaitForAssertion(() => dialogs.Find($"[data-testid=campaign-preview-row][data-client-id='{ivan}'] [data-testid=campaign-add-one]"), TimeSpan.FromSeconds(5));
        Assert.Empty(dialogs.FindAll($"[data-testid=campaign-preview-row][data-client-id='{olena}']")); // the search found only Ivan
        await dialogs.InvokeAsync(() => dialogs.Find($"[data-testid=campaign-preview-row][data-client-id='{ivan}'] [data-testid=campaign-add-one]").Click());
        dialogs.WaitForAssertion(() => dialogs.Find($"[data-testid=campaign-client][data-client-id='{ivan}']"));

        await dialogs.InvokeAsync(() => dialogs.Find($"[data-testid=campaign-client][data-client-id='{olena}'] [data-testid=campaign-remove]").Click());
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll($"[data-testid=campaign-client][data-client-id='{olena}']")));

        var calls = await studio.ReadAsync(db => db.Tasks.Where(t => t.ParentId == campaign).Select(t => new { t.ClientId, t.Status }).ToListAsync(Ct));
        Assert.Equal(TaskState.Cancelled, calls.Single(c => c.ClientId == olena).Status);
        Assert.NotEqual(TaskState.Cancelled, calls.Single(c => c.ClientId == ivan).Status);
    }

    [Theory]
    [InlineData("en", "Responsible", "Search or choose a filter", "Add all 2 found")]
    [InlineData("uk", "Відповідальний", "Введіть пошук або оберіть фільтр", "Додати всіх знайдених: 2")]
    public async Task ChoosingAResponsible_AddAllFound_AddsExactlyTheirClients(string culture, string label, string hint, string addAll)
    {
        UseCulture(culture);
        var studio = await StartStudioAsync(databases, typeof(TaskService), typeof(ClientService), typeof(OrganisationService), typeof(ILiveBus));
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var other = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var clients = studio.Services.GetRequiredService<ClientService>();
        Task<Guid> ClientOf(Guid? responsible, string name, string phone) => clients.CreateAsync(manager, new ClientInput(name, [phone], null, null, null,
            studio.BranchId, null, responsible, [], ContactChannels.None, null, new Dictionary<Guid, string?>()), duplicatesSeen: true, Ct);
        var first = await ClientOf(null, "Olena Koval", "+380671110001");
        var a = await ClientOf(other, "Anna Bondar", "+380671110002");
        var b = await ClientOf(other, "Borys Lysenko", "+380671110003");
        await ClientOf(manager, "Vira Shevchenko", "+380671110004");
        var tasks = studio.Services.GetRequiredService<TaskService>();
        var campaign = await tasks.CreateCampaignAsync(manager, null, "Autumn", [manager], [first], Ct);

        Ctx.Render<MudPopoverProvider>();
        var dialogs = Ctx.Render<MudDialogProvider>();
        await dialogs.InvokeAsync(() => Ctx.Services.GetRequiredService<IDialogService>().ShowAsync<CampaignClientsDialog>("Clients",
            new DialogParameters<CampaignClientsDialog> { { d => d.ActorId, manager }, { d => d.CampaignId, campaign } }));
        dialogs.WaitForAssertion(() => dialogs.Find($"[data-testid=campaign-client][data-client-id='{first}']"));
        // Nothing chosen yet: no rows, no "add all" (the whole client base is never one click away).
        Assert.Contains(hint, dialogs.Find("[data-testid=campaign-filter-hint]").TextContent);
        Assert.Empty(dialogs.FindAll("[data-testid=campaign-add-matching]"));

        var responsible = dialogs.FindComponents<MudSelect<Guid?>>().Single(s => s.Instance.Label == label);
        await dialogs.InvokeAsync(() => responsible.Instance.ValueChanged.InvokeAsync(other));
        dialogs.WaitForAssertion(() => Assert.Equal("2", dialogs.Find("[data-testid=campaign-count]").GetAttribute("data-count")));
        Assert.Equal(addAll, dialogs.Find("[data-testid=campaign-add-matching]").TextContent.Trim());
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=campaign-add-matching]").Click());
        dialogs.WaitForAssertion(() => Assert.Equal(2, dialogs.FindAll("[data-testid=campaign-in-it]").Count));

        var calls = await studio.ReadAsync(db => db.Tasks.Where(t => t.ParentId == campaign && t.Status != TaskState.Cancelled).Select(t => t.ClientId).ToListAsync(Ct));
        Assert.Equal(new[] { first, a, b }.OrderBy(x => x), calls.Select(c => c!.Value).OrderBy(x => x));
    }
}
