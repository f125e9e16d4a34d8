using System.Globalization;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using Studio.Domain.Organisation;
using Studio.Domain.Schedule;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Live;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Tasks;
using Studio.Tests.Infrastructure;
using Studio.Web.Tasks;
using Studio.Web.Organisation;
using Studio.Domain.Common;

namespace Studio.Tests.Components.Tasks;

/// <summary>The task dialog's deadline and reminder on the studio's clock (fake): a typed reminder is stored and fires; an edit keeps untouched times exactly.</summary>
public sealed class TaskDialogDatesTests(Databases databases) : MudComponentTest
{
    private static readonly TimeZoneInfo Kyiv = Zones.Find("Europe/Kyiv");
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

    private static string Iso(DateTime utc) => Zones.ToLocal(utc, Kyiv).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Reminder_TypedInTheDialog_IsStoredAsKyivTime_AndFiresWhenDue()
    {
        var now = _studio.Clock.GetUtcNow().UtcDateTime;
        var remindAt = new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, DateTimeKind.Utc).AddMinutes(2);
        var dialogs = await OpenAsync();
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=task-me]").Click());
        await dialogs.InvokeAsync(() => dialogs.Find("input[data-testid=task-title]").Change("Ring the landlord"));
        await dialogs.InvokeAsync(() => dialogs.Find("input[data-testid=task-deadline]").Change("2026-12-24T18:00"));
        await dialogs.InvokeAsync(() => dialogs.Find("input[data-testid=task-reminder]").Change(Iso(remindAt)));

        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=task-save]").Click());

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=task-dialog]")));
        var saved = await _studio.ReadAsync(db => db.Tasks.AsNoTracking().IgnoreAutoIncludes().SingleAsync(Ct));
        Assert.Equal((Zones.ToUtc(new DateTime(2026, 12, 24, 18, 0, 0), Kyiv), remindAt), (saved.Deadline, saved.RemindAt));
        var reminders = _studio.Services.GetRequiredService<Reminders>();
        _studio.Clock.Advance(TimeSpan.FromSeconds(70));
        Assert.Equal(0, await reminders.RunAsync(Ct));
        _studio.Clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(1, await reminders.RunAsync(Ct));
        Assert.True(await _studio.ReadAsync(db => db.TaskNotices.AnyAsync(n => n.TaskId == saved.Id && n.EmployeeId == _me.Id && n.Kind == NoticeKind.Reminder, Ct)));
    }

    [Fact]
    public async Task Edit_AnUnreadableTimeSavesNothing_AnUntouchedOneIsKeptToTheTick()
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("uk"); // here: a culture set in InitializeAsync does not flow into the test
        var tasks = _studio.Services.GetRequiredService<TaskService>();
        var now = _studio.Clock.GetUtcNow().UtcDateTime;
        var (deadline, remind) = (now.AddDays(2).AddSeconds(17), now.AddHours(3).AddSeconds(41));
        var id = await tasks.CreateAsync(_me.Id, new NewTask(TaskKind.Internal, null, "Tidy the hall", null, [_me.Id], deadline, remind), Ct);
        var dialogs = await OpenAsync(await tasks.GetAsync(_me.Id, id, Ct));
        Assert.Equal(Iso(remind), dialogs.Find("input[data-testid=task-reminder]").GetAttribute("value"));

        await dialogs.InvokeAsync(() => dialogs.Find("input[data-testid=task-deadline]").Change("24.12.2026 18:00"));
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=task-save]").Click());
        dialogs.WaitForAssertion(() => Assert.Contains("Введіть дату й час повністю", dialogs.Find("[data-testid=task-dialog]").TextContent));
        Assert.Single(dialogs.FindAll("[data-testid=task-dialog]"));

        await dialogs.InvokeAsync(() => dialogs.Find("input[data-testid=task-deadline]").Change(Iso(deadline)));
        await dialogs.InvokeAsync(() => dialogs.Find("input[data-testid=task-title]").Change("Tidy the big hall"));
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=task-save]").Click());

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=task-dialog]")));
        var saved = await _studio.ReadAsync(db => db.Tasks.AsNoTracking().IgnoreAutoIncludes().SingleAsync(t => t.Id == id, Ct));
        // The deadline was typed again (to the minute); the reminder nobody touched keeps its seconds.
        Assert.Equal(("Tidy the big hall", deadline.AddSeconds(-17), remind), (saved.Title, saved.Deadline, saved.RemindAt));
    }
}
