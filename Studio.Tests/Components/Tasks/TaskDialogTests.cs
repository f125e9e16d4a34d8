using System.Globalization;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using Studio.Domain.Organisation;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Live;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Tasks;
using Studio.Tests.Infrastructure;
using Studio.Web.Tasks;
using Studio.Web.Organisation;

namespace Studio.Tests.Components.Tasks;

/// <summary>The create/edit task dialog over the real services (SQLite): the "Me" button, and a refusal next to the field with nothing saved.</summary>
public sealed class TaskDialogTests(Databases databases) : MudComponentTest
{
    private TestStudio _studio = default!;
    private Me _me = default!;

    public override async ValueTask InitializeAsync()
    {
        _studio = await StartStudioAsync(databases, typeof(TaskService), typeof(TaskTemplateService), typeof(OrganisationService), typeof(ClientService), typeof(ILiveBus));
        _me = new Me(await _studio.AddEmployeeAsync(EmployeeRole.Manager), "Maria Manager", "MM", "Manager");
    }

    private async Task<IRenderedComponent<MudDialogProvider>> OpenAsync(TaskView? task = null)
    {
        var dialogs = Ctx.Render<MudDialogProvider>();
        var service = Ctx.Services.GetRequiredService<IDialogService>();
        await dialogs.InvokeAsync(() => service.ShowAsync<TaskDialog>("Task", new DialogParameters<TaskDialog> { { d => d.Me, _me }, { d => d.Task, task } }));
        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid=task-save]:not([disabled])"));
        return dialogs;
    }

    private Task<int> TaskCountAsync() => _studio.ReadAsync(db => db.Tasks.CountAsync(Ct));

    [Fact]
    public async Task MeButton_AddsMeAsAnExecutor_ThenSavesATaskOfMine()
    {
        var dialogs = await OpenAsync();
        Assert.Empty(dialogs.FindAll("[data-testid=task-executor]"));

        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=task-me]").Click());

        dialogs.WaitForAssertion(() => Assert.Single(dialogs.FindAll($"[data-testid=task-executor][data-id='{_me.Id}']")));
        Assert.True(dialogs.Find("[data-testid=task-me]").HasAttribute("disabled"));
        await dialogs.InvokeAsync(() => dialogs.Find("input[data-testid=task-title]").Change("Order new mats"));
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=task-save]").Click());
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=task-dialog]")));
        var saved = await _studio.ReadAsync(db => db.Tasks.Include(t => t.Executors).SingleAsync(Ct));
        Assert.Equal(("Order new mats", TaskKind.Internal, _me.Id), (saved.Title, saved.Kind, saved.AuthorId));
        Assert.Equal([_me.Id], saved.ExecutorIds);
    }

    [Fact]
    public async Task ClientKindWithoutAClient_SaysSoNextToTheClient_NothingSaved_TypingKept()
    {
        var dialogs = await OpenAsync();
        Assert.Empty(dialogs.FindAll("[data-testid=task-client-block]"));
        await dialogs.InvokeAsync(() => dialogs.FindComponent<MudSelect<TaskKind>>().Instance.ValueChanged.InvokeAsync(TaskKind.Client));
        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid=task-client-block]"));
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=task-me]").Click());
        await dialogs.InvokeAsync(() => dialogs.Find("input[data-testid=task-title]").Change("Call about the trial"));

        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=task-save]").Click());

        dialogs.WaitForAssertion(() => Assert.Contains("Client is required.", dialogs.Find("[data-testid=task-client-block]").TextContent));
        Assert.Single(dialogs.FindAll("[data-testid=task-dialog]"));
        Assert.Equal("Call about the trial", dialogs.Find("input[data-testid=task-title]").GetAttribute("value"));
        Assert.Single(dialogs.FindAll($"[data-testid=task-executor][data-id='{_me.Id}']"));
        Assert.Equal(0, await TaskCountAsync());
    }

    [Fact]
    public async Task Edit_SomeoneSavedMeanwhile_ConflictShownInTheDialog_TypingKept_SavingAgainGoesThrough()
    {
        var tasks = _studio.Services.GetRequiredService<TaskService>();
        var id = await tasks.CreateAsync(_me.Id, new NewTask(TaskKind.Internal, null, "Tidy the hall", null, [_me.Id]), Ct);
        var seen = await tasks.GetAsync(_me.Id, id, Ct);
        var dialogs = await OpenAsync(seen);
        Assert.Equal("Tidy the hall", dialogs.Find("input[data-testid=task-title]").GetAttribute("value"));
        await tasks.UpdateAsync(_me.Id, id, seen.Version, new NewTask(TaskKind.Internal, null, "Tidy the big hall", null, [_me.Id]), Ct);

        await dialogs.InvokeAsync(() => dialogs.Find("input[data-testid=task-title]").Change("Tidy the small hall"));
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=task-save]").Click());

        dialogs.WaitForAssertion(() => Assert.Contains("saved this first", dialogs.Find("[data-testid=task-dialog-error]").TextContent));
        Assert.Equal("Tidy the small hall", dialogs.Find("input[data-testid=task-title]").GetAttribute("value"));
        Assert.Equal("Tidy the big hall", (await tasks.GetAsync(_me.Id, id, Ct)).Title);

        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=task-save]").Click());
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=task-dialog]")));
        Assert.Equal("Tidy the small hall", (await tasks.GetAsync(_me.Id, id, Ct)).Title);
    }
}
