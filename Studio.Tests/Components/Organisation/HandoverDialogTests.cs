using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Studio.Domain.Organisation;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Pipelines;
using Studio.Infrastructure.Tasks;
using Studio.Tests.Infrastructure;
using Studio.Web.Organisation;

namespace Studio.Tests.Components.Organisation;

/// <summary>
/// The staff page's "Hand over work" (issue 17, item 6) over the real services: the owner picks one receiver, the dialog
/// shows what will move before saving, in English and Ukrainian, and the save moves exactly that.
/// </summary>
public sealed class HandoverDialogTests(Databases databases) : MudComponentTest
{
    private TestStudio _studio = default!;
    private Guid _owner, _leaving, _taking, _teacher;

    public override async ValueTask InitializeAsync()
    {
        _studio = await StartStudioAsync(databases, typeof(OrganisationService), typeof(HandoverService));
        _owner = await _studio.AddEmployeeAsync(EmployeeRole.Owner);
        _leaving = await _studio.AddEmployeeAsync(EmployeeRole.Manager);
        _taking = await _studio.AddEmployeeAsync(EmployeeRole.Manager);
        _teacher = await _studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var board = await _studio.AddBoardAsync(_owner, _leaving, _taking);
        for (var i = 0; i < 2; i++) await _studio.AddDealAsync(_leaving, board);
        await _studio.Services.GetRequiredService<TaskService>().CreateAsync(_owner, new NewTask(TaskKind.Internal, null, "Call back", null, [_leaving]), Ct);
        SignIn(_owner, EmployeeRole.Owner);
    }

    private static IRenderedComponent<MudSelect<Guid?>> Select(IRenderedComponent<MudDialogProvider> dialogs, string testId) =>
        dialogs.FindComponents<MudSelect<Guid?>>().Single(s => Equals(s.Instance.UserAttributes.GetValueOrDefault("data-testid"), testId));

    private async Task<IRenderedComponent<MudDialogProvider>> OpenAsync()
    {
        Ctx.Render<MudPopoverProvider>();
        var dialogs = Ctx.Render<MudDialogProvider>();
        var page = Ctx.Render<StaffPage>();
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=hand-over]").Count)); // everyone but the owner themself
        var row = page.FindAll("tr").Single(r => r.TextContent.Contains("Manager Number2"));
        await page.InvokeAsync(() => row.QuerySelector("[data-testid=hand-over]")!.Click());
        dialogs.WaitForAssertion(() => Assert.NotNull(dialogs.Find("[data-testid=handover-counts]")));
        return dialogs;
    }

    [Theory]
    [InlineData("en", "Moves: 2 open deals, 2 clients, 1 open tasks, 0 future lessons.")]
    [InlineData("uk", "Перейде: відкритих угод — 2, клієнтів — 2, відкритих задач — 1, майбутніх уроків — 0.")]
    public async Task PickOneReceiver_CountsShownBeforeSaving_SaveMovesThem(string culture, string counts)
    {
        UseCulture(culture);
        var dialogs = await OpenAsync();
        Assert.Equal(counts, dialogs.Find("[data-testid=handover-counts]").TextContent.Trim());
        Assert.True(dialogs.Find("[data-testid=handover-save]").HasAttribute("disabled")); // no receiver yet

        await dialogs.InvokeAsync(() => Select(dialogs, "handover-to").Instance.ValueChanged.InvokeAsync(_taking));
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=handover-save]").Click());

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=handover-counts]")));
        var (deals, clients, tasks) = await _studio.ReadAsync(async db => (
            await db.Deals.CountAsync(d => d.ResponsibleId == _taking, Ct),
            await db.Clients.CountAsync(c => c.ResponsibleId == _taking, Ct),
            await db.Tasks.CountAsync(t => t.Executors.Any(e => e.EmployeeId == _taking), Ct)));
        Assert.Equal((2, 2, 1), (deals, clients, tasks));
    }

    [Theory]
    [InlineData("en", "does not work with clients")]
    [InlineData("uk", "не працює з клієнтами")]
    public async Task PerKind_TeacherForClients_RefusedWithTheReason_NothingMoves(string culture, string said)
    {
        UseCulture(culture);
        var dialogs = await OpenAsync();

        await dialogs.InvokeAsync(() => dialogs.FindComponent<MudSwitch<bool>>().Instance.ValueChanged.InvokeAsync(true));
        await dialogs.InvokeAsync(() => Select(dialogs, "handover-tasks").Instance.ValueChanged.InvokeAsync(_taking));
        // The page offers no teacher for clients; a crafted pick is refused by the service all the same.
        await dialogs.InvokeAsync(() => Select(dialogs, "handover-clients").Instance.ValueChanged.InvokeAsync(_teacher));

        dialogs.WaitForAssertion(() => Assert.Contains(said, dialogs.Find("[data-testid=handover-error]").TextContent));
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=handover-save]").Click());
        dialogs.WaitForAssertion(() => Assert.Contains(said, dialogs.Find("[data-testid=handover-error]").TextContent));
        Assert.Equal(0, await _studio.ReadAsync(db => db.Reassignments.CountAsync(Ct)));
    }
}
