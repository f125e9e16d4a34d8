using System.Globalization;
using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using Studio.Domain.Organisation;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Live;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Tasks;
using Studio.Tests.Infrastructure;
using Studio.Web.Tasks;
using Studio.Web.Organisation;

namespace Studio.Tests.Components.Tasks;

/// <summary>The current task/call page and the tasks page's filter chips over the real services (SQLite).</summary>
public sealed class TaskViewsTests(Databases databases) : MudComponentTest
{
    private TestStudio _studio = default!;
    private Guid _me;
    private TaskService Tasks => _studio.Services.GetRequiredService<TaskService>();

    public override async ValueTask InitializeAsync()
    {
        _studio = await StartStudioAsync(databases, typeof(TaskService), typeof(ClientService), typeof(Studio.Infrastructure.Billing.BillingService), typeof(ILiveBus));
        _me = await _studio.AddEmployeeAsync(EmployeeRole.Manager);
        SignIn(_me, EmployeeRole.Manager);
    }

    private async Task<Guid> InProgressAsync(NewTask input)
    {
        var id = await Tasks.CreateAsync(_me, input, Ct);
        var v = (await Tasks.GetAsync(_me, id, Ct)).Version;
        await Tasks.ChangeStatusAsync(_me, id, v, TaskState.InProgress, null, ct: Ct);
        return id;
    }

    [Fact]
    public async Task CurrentPage_NothingInProgress_SaysSoWithALinkToMyTasks()
    {
        await Tasks.CreateAsync(_me, new NewTask(TaskKind.Internal, null, "Not started", null, [_me]), Ct); // Read, not in progress
        var cut = Ctx.Render<CurrentTaskPage>();
        cut.WaitForAssertion(() => Assert.Equal("/tasks", cut.Find("[data-testid=current-empty] a").GetAttribute("href")));
        Assert.Empty(cut.FindAll("[data-testid=current-item]"));
    }

    [Fact]
    public async Task CurrentPage_ShowsTheCallWithTheClientsPhonesAndNotes_AndATaskTakenToWorkElsewhereAppearsLive()
    {
        var client = await _studio.AddClientAsync(_me, "Олена Коваль");
        await _studio.Services.GetRequiredService<ClientService>().AddNoteAsync(_me, client, "Prefers evening calls", Ct);
        var phone = await _studio.ReadAsync(db => Task.FromResult(db.Clients.Where(c => c.Id == client).Select(c => c.Phone!).Single()));
        var call = await InProgressAsync(new NewTask(TaskKind.PersonalCall, null, "Call Olena", null, [_me], ClientId: client));

        var cut = Ctx.Render<CurrentTaskPage>();
        cut.WaitForAssertion(() => Assert.Equal($"tel:{phone}", cut.Find("[data-testid=current-client] [data-testid=client-phone]").GetAttribute("href")));
        Assert.Equal(call.ToString(), cut.Find("[data-testid=current-item]").GetAttribute("data-task-id"));
        Assert.Contains("Prefers evening calls", cut.Find("[data-testid=current-note]").TextContent);
        Assert.Contains("Олена Коваль", cut.Find("[data-testid=current-client]").TextContent);
        Assert.NotNull(cut.Find("[data-testid=current-no-pass]"));
        Assert.Equal(nameof(TaskState.InProgress), cut.Find("[data-testid=task-drawer]").GetAttribute("data-status"));

        // Taken to work somewhere else (the indicator, another tab): it joins the list without a reload.
        var other = await InProgressAsync(new NewTask(TaskKind.Internal, null, "Order mats", null, [_me]));
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=current-item]").Count), TimeSpan.FromSeconds(5));

        // Finished from the page's own status part: it leaves the list and the other one is shown.
        await cut.InvokeAsync(() => cut.Find("[data-testid=set-status][data-to=Done]").Click());
        cut.WaitForAssertion(() => Assert.Equal([other.ToString()], cut.FindAll("[data-testid=current-item]").Select(e => e.GetAttribute("data-task-id"))), TimeSpan.FromSeconds(5));
        cut.WaitForAssertion(() => Assert.Equal(other.ToString(), cut.Find("[data-testid=task-drawer]").GetAttribute("data-task-id")));
        Assert.Empty(cut.FindAll("[data-testid=current-client]"));
    }

    [Fact]
    public async Task TasksPage_FiltersFromTheUrl_ShowAsChips_RemovingOneKeepsTheOthers()
    {
        var b = await _studio.AddEmployeeAsync(EmployeeRole.Manager);
        var urgent = await Tasks.CreateAsync(_me, new NewTask(TaskKind.Internal, null, "Urgent for B", null, [b], Urgent: true), Ct);
        await Tasks.CreateAsync(_me, new NewTask(TaskKind.Internal, null, "Calm for B", null, [b]), Ct);
        await Tasks.CreateAsync(_me, new NewTask(TaskKind.Internal, null, "Urgent for me", null, [_me], Urgent: true), Ct);
        var nav = Ctx.Services.GetRequiredService<NavigationManager>();
        nav.NavigateTo($"/tasks?scope=all&executor={b}&urgent=true&status=New");

        var cut = Ctx.Render<TasksPage>();
        cut.WaitForAssertion(() => Assert.Equal([urgent.ToString()], cut.FindAll("[data-testid=task-row]").Select(r => r.GetAttribute("data-task-id"))));
        Assert.Equal(["status", "executor", "urgent"], cut.FindAll("[data-testid=task-chip]").Select(c => c.GetAttribute("data-key")));
        var names = await _studio.ReadAsync(db => Task.FromResult(db.Employees.Where(e => e.Id == b).Select(e => e.FullName).Single()));
        Assert.Contains(names, cut.Find("[data-testid=task-chip][data-key=executor]").TextContent);
        Assert.NotNull(cut.Find("[data-testid=task-filters-more]")); // an advanced filter is set: "More filters" is open

        await cut.InvokeAsync(() => cut.Find("[data-testid=task-chip][data-key=urgent] .mud-chip-close-button").Click());
        var uri = new Uri(nav.Uri);
        Assert.Equal("/tasks", uri.AbsolutePath);
        Assert.DoesNotContain("urgent", uri.Query);
        Assert.Contains($"executor={b}", uri.Query);
        Assert.Contains("status=New", uri.Query);
        Assert.Contains("scope=all", uri.Query);
    }
}
