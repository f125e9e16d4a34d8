using System.Globalization;
using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using Studio.Domain.Clients;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Live;
using Studio.Infrastructure.Persistence;
using Studio.Tests.Infrastructure;
using Studio.Web.Clients;
using Studio.Web.Organisation;
using Xunit;

namespace Studio.Tests.Components.Clients;

/// <summary>
/// The client list costs the change (issue 14), over the real services and the node's feed (SQLite): another manager's
/// edit of a client re-renders that client's row on a list that shows it and nothing else; on a list that does not show
/// it, nothing at all; a new client that belongs on the page renders the table once.
/// </summary>
public sealed class ClientListRenderCostTests(Databases databases) : MudComponentTest
{
    private TestStudio _studio = default!;
    private ClientService Clients => _studio.Services.GetRequiredService<ClientService>();

    public override async ValueTask InitializeAsync()
    {
        _studio = await StartStudioAsync(databases, typeof(ClientService), typeof(ClientCardViews), typeof(Studio.Infrastructure.Pipelines.PipelineService), typeof(Studio.Infrastructure.Billing.BillingService), typeof(Studio.Infrastructure.Schedule.ScheduleService), typeof(Studio.Infrastructure.Billing.FreezeService), typeof(Studio.Infrastructure.Tasks.TaskService), typeof(ILiveBus));
    }

    private async Task<Guid> SignInAsync()
    {
        var me = await _studio.AddEmployeeAsync(EmployeeRole.Manager);
        SignIn(me, EmployeeRole.Manager);
        return me;
    }

    public sealed class CountedClientsPage : ClientsPage
    {
        public int Renders { get; private set; }
        protected override void OnAfterRender(bool firstRender) => Renders++;
    }

    private async Task ChangePhoneAsync(Guid actor, Guid client, string phone)
    {
        var c = await Clients.GetCardAsync(actor, client, Ct);
        await Clients.UpdateAsync(actor, client, c.Version, new ClientInput(c.FullName, [phone], c.Email, c.BirthDate, c.City, c.BranchId, c.SourceId,
            c.ResponsibleId, c.TagIds, c.Channels, c.Notes, c.CustomFields.ToDictionary(kv => kv.Key, kv => (string?)kv.Value)), duplicatesSeen: true, Ct);
    }

    /// <summary>How many times each thing rendered so far: the page, each row (by client), and the pager's buttons (which render whenever the table does).</summary>
    private static (int Page, Dictionary<Guid, int> Rows, int Table) Counts(IRenderedComponent<CountedClientsPage> cut) =>
        (cut.Instance.Renders,
         cut.FindComponents<ClientListRow>().ToDictionary(r => r.Instance.Row.Id, r => r.RenderCount),
         cut.FindComponent<ClientTable>().FindComponents<MudIconButton>().Sum(b => b.RenderCount));

    private static string PhoneShown(IRenderedComponent<CountedClientsPage> cut, Guid client) =>
        cut.Find($"tr[data-client-id='{client}'] [data-testid=client-row-phone]").TextContent.Trim();

    [Fact]
    public async Task ListShowingTheClient_ItsPhoneChanged_RendersThatRowAndNothingElse()
    {
        var me = await SignInAsync();
        var shown = new List<Guid>();
        for (var i = 0; i < 5; i++) shown.Add(await _studio.AddClientAsync(me, $"Клієнт {i}"));
        var cut = Ctx.Render<CountedClientsPage>();
        cut.WaitForAssertion(() => Assert.Equal(5, cut.FindAll("[data-testid=client-row]").Count));
        var before = Counts(cut);

        await ChangePhoneAsync(me, shown[2], "+380509998877");

        cut.WaitForAssertion(() => Assert.Equal(Phones.Display("+380509998877"), PhoneShown(cut, shown[2])));
        var after = Counts(cut);
        Assert.Equal(before.Page, after.Page);
        Assert.Equal(before.Table, after.Table);
        Assert.Equal(before.Rows[shown[2]] + 1, after.Rows[shown[2]]);
        Assert.All(shown.Where(id => id != shown[2]), id => Assert.Equal(before.Rows[id], after.Rows[id]));
    }

    [Fact]
    public async Task ListNotShowingTheClient_ItsPhoneChanged_RendersNothing()
    {
        var me = await SignInAsync();
        var first = await _studio.AddClientAsync(me, "Аа Перший");
        for (var i = 0; i < 26; i++) await _studio.AddClientAsync(me, $"Бб {i:D2}");
        var elsewhere = await _studio.AddClientAsync(me, "Яя Останній"); // the second page's, by name
        var cut = Ctx.Render<CountedClientsPage>();
        cut.WaitForAssertion(() => Assert.Equal(25, cut.FindAll("[data-testid=client-row]").Count));
        Assert.Empty(cut.FindAll($"tr[data-client-id='{elsewhere}']"));
        var before = Counts(cut);

        await ChangePhoneAsync(me, elsewhere, "+380509998877");
        // Then a change that this list does show: the feed delivers in order, so when it is shown the first was handled.
        await ChangePhoneAsync(me, first, "+380501112233");

        cut.WaitForAssertion(() => Assert.Equal(Phones.Display("+380501112233"), PhoneShown(cut, first)));
        var after = Counts(cut);
        Assert.Equal(before.Page, after.Page);
        Assert.Equal(before.Table, after.Table);
        Assert.Equal(before.Rows[first] + 1, after.Rows[first]); // the second change's row, once; the first change rendered nothing
        Assert.All(before.Rows.Keys.Where(id => id != first), id => Assert.Equal(before.Rows[id], after.Rows[id]));
    }

    [Fact]
    public async Task NewClientThatBelongsOnThePage_ShownInPlace_TheTableRendersOnce_ThePageNot()
    {
        var me = await SignInAsync();
        foreach (var n in new[] { "Аа", "Вв", "Гг" }) await _studio.AddClientAsync(me, n);
        var cut = Ctx.Render<CountedClientsPage>();
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid=client-row]").Count));
        var before = Counts(cut);

        var added = await _studio.AddClientAsync(me, "Бб Новий");

        cut.WaitForAssertion(() => Assert.Equal(["Аа", "Бб Новий", "Вв", "Гг"], cut.FindAll("[data-testid=client-row]").Select(r => r.TextContent.Trim())));
        Assert.Equal("4", cut.Find("[data-testid=client-table]").GetAttribute("data-total"));
        var after = Counts(cut);
        Assert.Equal(before.Page, after.Page);
        Assert.True(after.Table > before.Table, "the table renders once for a row added");
        Assert.All(before.Rows.Keys, id => Assert.Equal(before.Rows[id], after.Rows[id])); // the rows already shown did not render
        Assert.Equal(1, after.Rows[added]);
    }

    public sealed class CountedCardPage : ClientCardPage
    {
        public int Renders { get; private set; }
        protected override void OnAfterRender(bool firstRender) => Renders++;

        /// <summary>How many times the page built its markup: counted where it happens (the after-render count did not move).</summary>
        public int Builds { get; private set; }

        protected override void BuildRenderTree(Microsoft.AspNetCore.Components.Rendering.RenderTreeBuilder builder)
        {
            Builds++;
            base.BuildRenderTree(builder);
        }
    }

    private async Task EditAsync(Guid actor, Guid client, Func<ClientCard, ClientInput, ClientInput> change)
    {
        var c = await Clients.GetCardAsync(actor, client, Ct);
        var input = new ClientInput(c.FullName, c.Phones, c.Email, c.BirthDate, c.City, c.BranchId, c.SourceId, c.ResponsibleId, c.TagIds, c.Channels,
            c.Notes, c.CustomFields.ToDictionary(kv => kv.Key, kv => (string?)kv.Value));
        await Clients.UpdateAsync(actor, client, c.Version, change(c, input), duplicatesSeen: true, Ct);
    }

    /// <summary>How many times each of the form's text fields rendered, in order (the name first).</summary>
    private static List<int> TextFields(IRenderedComponent<CountedCardPage> cut) =>
        cut.FindComponent<ClientForm>().FindComponents<MudTextField<string>>().Select(f => f.RenderCount).ToList();

    private static string Title(IRenderedComponent<CountedCardPage> cut) => cut.Find("[data-testid=client-title]").TextContent.Trim();

    /// <summary>The value a text field shows (its test id is on the input, or on what holds it).</summary>
    private static string Shown(IRenderedComponent<CountedCardPage> cut, string testId)
    {
        var e = cut.Find($"[data-testid={testId}]");
        return (e.TagName == "INPUT" ? e : e.QuerySelector("input"))?.GetAttribute("value") ?? "";
    }

    private static string NameTyped(IRenderedComponent<CountedCardPage> cut) => Shown(cut, "client-name");

    [Fact]
    public async Task CardOfTheClient_RenamedElsewhere_RendersTheTitleAndTheNameField_NotThePageNorTheTimeline()
    {
        var me = await SignInAsync();
        var colleague = await _studio.AddEmployeeAsync(EmployeeRole.Manager);
        var client = await _studio.AddClientAsync(me, "Анна Коваль");
        await Clients.AddNoteAsync(me, client, "The first note", Ct);
        var cut = Ctx.Render<CountedCardPage>(p => p.Add(c => c.ClientId, client));
        cut.WaitForAssertion(() => Assert.Equal("Анна Коваль", Title(cut)));
        var builds = cut.Instance.Builds;
        var timeline = cut.FindComponent<ClientTimelineView>().RenderCount;
        var deals = cut.FindComponent<ClientDealsPanel>().RenderCount;
        // bUnit counts a component's render and its children's: the header renders (its title), its status select does not.
        var header = cut.FindComponent<ClientCardHeader>().RenderCount;
        var status = cut.FindComponent<ClientCardHeader>().FindComponent<MudSelect<Guid?>>().RenderCount;
        var fields = TextFields(cut);

        await EditAsync(colleague, client, (_, i) => i with { FullName = "Анна Коваль-Бондар" });

        cut.WaitForAssertion(() => Assert.Equal("Анна Коваль-Бондар", Title(cut)));
        Assert.Equal("Анна Коваль-Бондар", NameTyped(cut)); // the viewer was not typing: the form shows it too
        Assert.Equal(builds, cut.Instance.Builds); // the page itself did not render
        Assert.Equal(timeline, cut.FindComponent<ClientTimelineView>().RenderCount);
        Assert.Equal(deals, cut.FindComponent<ClientDealsPanel>().RenderCount);
        Assert.True(cut.FindComponent<ClientCardHeader>().RenderCount > header);
        Assert.Equal(status, cut.FindComponent<ClientCardHeader>().FindComponent<MudSelect<Guid?>>().RenderCount);
        var after = TextFields(cut);
        Assert.True(after[0] > fields[0], "the name field renders");
        Assert.Equal(fields.Skip(1), after.Skip(1)); // the form's other text fields do not
    }

    [Fact]
    public async Task CardOfTheClient_PhoneChangedElsewhere_RendersThePhoneField_NotTheHeaderNorThePage()
    {
        var me = await SignInAsync();
        var colleague = await _studio.AddEmployeeAsync(EmployeeRole.Manager);
        var client = await _studio.AddClientAsync(me, "Анна Коваль");
        var cut = Ctx.Render<CountedCardPage>(p => p.Add(c => c.ClientId, client));
        cut.WaitForAssertion(() => Assert.Equal("Анна Коваль", Title(cut)));
        var builds = cut.Instance.Builds;
        var header = cut.FindComponent<ClientCardHeader>().RenderCount;

        await EditAsync(colleague, client, (_, i) => i with { Phones = ["+380509998877"] });

        cut.WaitForAssertion(() => Assert.Equal(Phones.Display("+380509998877"), Shown(cut, "client-phone")));
        Assert.Equal(builds, cut.Instance.Builds);
        Assert.Equal(header, cut.FindComponent<ClientCardHeader>().RenderCount); // the header shows no phone
    }

    [Fact]
    public async Task CardOfTheClient_RenamedElsewhereWhileTheViewerTypes_KeepsWhatTheyTyped_SaysItChanged_SaveConflicts()
    {
        var me = await SignInAsync();
        var colleague = await _studio.AddEmployeeAsync(EmployeeRole.Manager);
        var client = await _studio.AddClientAsync(me, "Анна Коваль");
        var cut = Ctx.Render<CountedCardPage>(p => p.Add(c => c.ClientId, client));
        cut.WaitForAssertion(() => Assert.Equal("Анна Коваль", Title(cut)));
        cut.Find("input[data-testid=client-name]").Input("Анна Typed");
        var builds = cut.Instance.Builds;

        await EditAsync(colleague, client, (_, i) => i with { FullName = "Анна Elsewhere" });

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=changed-elsewhere]")));
        Assert.Equal(builds, cut.Instance.Builds);
        Assert.Equal("Анна Typed", NameTyped(cut)); // what the viewer typed is kept
        Assert.Equal("Анна Коваль", Title(cut)); // and the card still shows the version they are editing

        await cut.InvokeAsync(() => cut.Find("[data-testid=save-client]").Click());
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=form-error]")));
        Assert.Equal("Анна Elsewhere", (await Clients.GetCardAsync(me, client, Ct)).FullName); // the stale save was refused
        Assert.Equal("Анна Typed", NameTyped(cut));
    }

    [Fact]
    public async Task CardOfTheClient_ANoteAddedElsewhere_RendersItsNewLineOnce_NotTheLinesShown()
    {
        var me = await SignInAsync();
        var colleague = await _studio.AddEmployeeAsync(EmployeeRole.Manager);
        var client = await _studio.AddClientAsync(me, "Анна Коваль");
        await Clients.AddNoteAsync(me, client, "The first note", Ct);
        var cut = Ctx.Render<CountedCardPage>(p => p.Add(c => c.ClientId, client));
        cut.WaitForAssertion(() => Assert.Contains("The first note", cut.Find("[data-testid=timeline]").TextContent));
        var lines = cut.FindComponents<ClientTimelineItem>().ToDictionary(l => l.Instance.Entry, l => l.RenderCount);
        var builds = cut.Instance.Builds;

        await Clients.AddNoteAsync(colleague, client, "Call back on Monday", Ct);

        cut.WaitForAssertion(() => Assert.Contains("Call back on Monday", cut.Find("[data-testid=timeline]").TextContent));
        // The page's own renders are counted where it builds its markup (its after-render count did not move even for a forced
        // whole-page render); the lines already shown do not render again, the new line renders once.
        Assert.Equal(builds, cut.Instance.Builds);
        var after = cut.FindComponents<ClientTimelineItem>();
        Assert.Equal(lines.Count + 1, after.Count);
        Assert.All(after.Where(l => lines.ContainsKey(l.Instance.Entry)), l => Assert.Equal(lines[l.Instance.Entry], l.RenderCount));
        Assert.Equal(1, after.Single(l => l.Instance.Entry.Text == "Call back on Monday").RenderCount);
    }
}
