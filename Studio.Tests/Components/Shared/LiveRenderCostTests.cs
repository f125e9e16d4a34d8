using System.Globalization;
using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Studio.Domain.Organisation;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Billing;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Live;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Reports;
using Studio.Infrastructure.Tasks;
using Studio.Tests.Infrastructure;
using Studio.Web.Components.Layout;
using Studio.Web.Dashboard;
using Studio.Web.Tasks;
using Studio.Web.Components.Shared;
using Studio.Web.Organisation;
using Xunit;
using Studio.Infrastructure.Dashboard;

namespace Studio.Tests.Components.Shared;

/// <summary>
/// Live screens cost the change (ADR-008), over the real services and feeds (SQLite): a message that moves nothing a
/// screen shows renders nothing there; the next one that does renders it once. The task indicator is in every page's
/// layout, so this is what every circuit pays for every task message its person hears.
/// </summary>
public sealed class LiveRenderCostTests(Databases databases) : MudComponentTest
{
    private TestStudio _studio = default!;
    private TaskService Tasks => _studio.Services.GetRequiredService<TaskService>();
    private ILiveBus Bus => _studio.Services.GetRequiredService<ILiveBus>();

    public override async ValueTask InitializeAsync()
    {
        _studio = await StartStudioAsync(databases, typeof(TaskService), typeof(TaskBadges), typeof(DashboardService), typeof(ClientService), typeof(BillingService), typeof(ILiveBus));
    }

    private async Task<Guid> SignInAsync(EmployeeRole role)
    {
        var me = await _studio.AddEmployeeAsync(role);
        SignIn(me, role);
        return me;
    }

    /// <summary>Waits until the node's feed has begun the load a message asked for (not a timing assert: a wait with a generous limit).</summary>
    private static async Task UntilAsync(Func<bool> done)
    {
        await Eventually.TrueAsync(done, "The feed's reload");
    }

    // The screens, counting their own renders (bUnit's RenderCount also counts their children's, MudBlazor's included).
    // Counted as the render is built, so the count is right as soon as the markup shows it (OnAfterRender runs after the
    // markup is updated, and a test that saw the markup could read the count before it: that made these tests flaky).
    public interface ICounted { int Renders { get; } }
    public sealed class CountedIndicator : TaskIndicator, ICounted
    {
        public int Renders { get; private set; }
        protected override void BuildRenderTree(Microsoft.AspNetCore.Components.Rendering.RenderTreeBuilder builder)
        {
            Renders++;
            base.BuildRenderTree(builder);
        }
    }
    public sealed class CountedDashboard : DashboardPage, ICounted
    {
        public int Renders { get; private set; }
        protected override void BuildRenderTree(Microsoft.AspNetCore.Components.Rendering.RenderTreeBuilder builder)
        {
            Renders++;
            base.BuildRenderTree(builder);
        }
    }
    public sealed class CountedTasks : TasksPage, ICounted
    {
        public int Renders { get; private set; }
        public new int Follows => base.Follows;
        protected override void BuildRenderTree(Microsoft.AspNetCore.Components.Rendering.RenderTreeBuilder builder)
        {
            Renders++;
            base.BuildRenderTree(builder);
        }
    }

    [Fact]
    public async Task TaskIndicator_AMessageThatGivesMeNoNotice_RendersNothing_AndOneThatDoes_RendersOnce()
    {
        var me = await SignInAsync(EmployeeRole.Manager);
        var colleague = await _studio.AddEmployeeAsync(EmployeeRole.Manager);
        var badges = _studio.Services.GetRequiredService<TaskBadges>();
        var cut = Ctx.Render<CountedIndicator>();
        cut.WaitForAssertion(() => Assert.Equal("0", cut.Find("[data-testid=task-indicator]").GetAttribute("data-unread")));
        var renders = cut.Instance.Renders;
        var loads = badges.Loads;

        // A task I give a colleague: my topic hears it (I am its author), but it brings me no notice.
        await Tasks.CreateAsync(me, new NewTask(TaskKind.Internal, null, "For a colleague", null, [colleague]), Ct);
        await UntilAsync(() => badges.Loads > loads);
        // A task the colleague gives me: one notice.
        await Tasks.CreateAsync(colleague, new NewTask(TaskKind.Internal, null, "For me", null, [me]), Ct);

        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("[data-testid=task-indicator]").GetAttribute("data-unread")));
        Assert.Equal(renders + 1, cut.Instance.Renders);
    }

    [Fact]
    public async Task DashboardPage_AMessageThatMovesNoFigure_RendersNothing_AndANewLead_RendersOnce()
    {
        var owner = await SignInAsync(EmployeeRole.Owner);
        var board = await _studio.AddBoardAsync(owner);
        var views = _studio.Services.GetRequiredService<DashboardViews>();
        var cut = Ctx.Render<CountedDashboard>();
        cut.WaitForAssertion(() => Assert.Equal("0", cut.Find("[data-testid=dashboard-tile][data-kind=new-leads]").GetAttribute("data-value")));
        var renders = cut.Instance.Renders;
        var loads = views.Loads;

        await Bus.PublishAsync(new LiveMessage(LiveTopics.Dashboard, "Nothing moved"));
        await UntilAsync(() => views.Loads > loads);
        await _studio.AddDealAsync(owner, board);

        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("[data-testid=dashboard-tile][data-kind=new-leads]").GetAttribute("data-value")));
        Assert.Equal(renders + 1, cut.Instance.Renders);
    }

    [Fact]
    public async Task TasksPage_AMessageThatChangesNoRow_RendersNothing_AndANewTaskForMe_RendersOnce()
    {
        var me = await SignInAsync(EmployeeRole.Manager);
        var colleague = await _studio.AddEmployeeAsync(EmployeeRole.Manager);
        await Tasks.CreateAsync(colleague, new NewTask(TaskKind.Internal, null, "Already mine", null, [me]), Ct);
        var cut = Ctx.Render<CountedTasks>();
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=task-row]")));
        var renders = await SettledAsync(cut.Instance); // the opening's own renders (MudBlazor's drawer answers late on a busy machine)

        // A message on my topic that changes none of my rows: the page follows it (reads) and renders nothing. Awaited on the
        // page's own count of changes followed, so the assert comes after the follow whatever the machine's load.
        var follows = cut.Instance.Follows;
        await Bus.PublishAsync(new LiveMessage(LiveTopics.Tasks(me), "Nothing moved"));
        await UntilAsync(() => cut.Instance.Follows > follows);
        Assert.Equal(renders, cut.Instance.Renders);

        // A new task for me (one message on my topic): followed once more, rendered once.
        follows = cut.Instance.Follows;
        var added = await Tasks.CreateAsync(colleague, new NewTask(TaskKind.Internal, null, "New for me", null, [me]), Ct);
        await UntilAsync(() => cut.Instance.Follows > follows);
        cut.WaitForAssertion(() => Assert.Contains(added.ToString(), cut.FindAll("[data-testid=task-row]").Select(r => r.GetAttribute("data-task-id"))));
        Assert.Equal(renders + 1, cut.Instance.Renders);
    }

    /// <summary>The render count once the screen has stopped rendering for a few paces: what the opening cost, not the change.</summary>
    private static async Task<int> SettledAsync(ICounted screen)
    {
        var until = DateTime.UtcNow.AddSeconds(5);
        var seen = screen.Renders;
        while (DateTime.UtcNow < until)
        {
            await Task.Delay(LiveFollow.DefaultPace * 2, Ct);
            if (screen.Renders == seen) return seen;
            seen = screen.Renders;
        }
        return seen;
    }
}
