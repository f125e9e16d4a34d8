using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Live;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Tasks;
using Studio.Tests.Infrastructure;
using Studio.Web.Tasks;
using Studio.Web.Organisation;

namespace Studio.Tests.Components.Tasks;

/// <summary>"Save and add another" in the task dialog, over the real services (SQLite): the next task keeps the client and deal, the text goes.</summary>
public sealed class TaskDialogSaveAndAddTests(Databases databases) : MudComponentTest
{
    private TestStudio _studio = default!;
    private Me _me = default!;

    public override async ValueTask InitializeAsync()
    {
        _studio = await StartStudioAsync(databases, typeof(TaskService), typeof(TaskTemplateService), typeof(OrganisationService), typeof(ClientService), typeof(ILiveBus));
        _me = new Me(await _studio.AddEmployeeAsync(EmployeeRole.Manager), "Maria Manager", "MM", "Manager");
    }

    private int FocusCalls() => Ctx.JSInterop.Invocations.Count(i => i.Identifier.Contains("focus", StringComparison.OrdinalIgnoreCase));

    [Fact]
    public async Task SaveAndAddAnother_SavesKeepsTheClientAndDeal_ClearsTheText_FocusesTheTitle_ThenSaveCloses()
    {
        var owner = await _studio.AddEmployeeAsync(EmployeeRole.Owner);
        var board = await _studio.AddBoardAsync(owner, _me.Id);
        var dealId = await _studio.AddDealAsync(_me.Id, board);
        var deal = await _studio.Pipelines.GetDealAsync(_me.Id, dealId, Ct);
        var dialogs = Ctx.Render<MudDialogProvider>();
        IDialogReference? reference = null;
        await dialogs.InvokeAsync(async () => reference = await Ctx.Services.GetRequiredService<IDialogService>().ShowAsync<TaskDialog>("Task",
            new DialogParameters<TaskDialog> { { d => d.Me, _me }, { d => d.ClientId, deal.ClientId }, { d => d.DealId, dealId } }));
        dialogs.WaitForAssertion(() => Assert.Contains(deal.ClientName, dialogs.Find("input[data-testid=task-client]").GetAttribute("value")));
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=task-me]").Click());
        await dialogs.InvokeAsync(() => dialogs.Find("input[data-testid=task-title]").Change("Call about the trial"));
        await dialogs.InvokeAsync(() => dialogs.Find("textarea[data-testid=task-description]").Change("Saturdays only"));

        var focusedBefore = FocusCalls();

        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=task-save-next]").Click());

        dialogs.WaitForAssertion(() => Assert.Equal("", dialogs.Find("input[data-testid=task-title]").GetAttribute("value") ?? ""));
        Assert.Equal(1, await _studio.ReadAsync(db => db.Tasks.CountAsync(Ct)));
        Assert.Single(dialogs.FindAll("[data-testid=task-dialog]"));
        Assert.Equal("", dialogs.Find("textarea[data-testid=task-description]").GetAttribute("value") ?? dialogs.Find("textarea[data-testid=task-description]").TextContent);
        Assert.Contains(deal.ClientName, dialogs.Find("input[data-testid=task-client]").GetAttribute("value"));
        Assert.Single(dialogs.FindAll($"[data-testid=task-executor][data-id='{_me.Id}']"));
        // Straight back to typing the title (MudBlazor focuses its input through its own JS).
        Assert.True(FocusCalls() > focusedBefore, string.Join(", ", Ctx.JSInterop.Invocations.Select(i => i.Identifier)));

        await dialogs.InvokeAsync(() => dialogs.Find("input[data-testid=task-title]").Change("Send the timetable"));
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=task-save]").Click());

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=task-dialog]")));
        var saved = await _studio.ReadAsync(db => db.Tasks.AsNoTracking().OrderBy(t => t.CreatedAt).ThenBy(t => t.Title).ToListAsync(Ct));
        Assert.Equal(new[] { "Call about the trial", "Send the timetable" }, saved.Select(t => t.Title).Order());
        Assert.All(saved, t => Assert.Equal((deal.ClientId, dealId, _me.Id), (t.ClientId, t.DealId, t.ExecutorIds.Single())));
        Assert.Equal(new string?[] { null, "Saturdays only" }, saved.Select(t => t.Description).Order());
        Assert.False((await reference!.Result)!.Canceled);
    }
}
