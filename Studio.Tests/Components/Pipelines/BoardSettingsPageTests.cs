using Blazor.Diagrams.Core.Geometry;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Extensions;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Pipelines;
using Studio.Infrastructure.Tasks;
using Studio.Tests.Infrastructure;
using Studio.Web.Pipelines.Settings;

namespace Studio.Tests.Components.Pipelines;

/// <summary>
/// The board settings form over the real services (SQLite): a removed stage that holds deals says how many and offers where they go
/// (the previous stage first); the two client-status pickers for won and lost deals, in English and Ukrainian.
/// </summary>
public sealed class BoardSettingsPageTests(Databases databases) : MudComponentTest
{
    private TestStudio _studio = default!;
    private Guid _owner;
    private TestBoard _board = default!;
    private Guid _active, _refused;

    public override async ValueTask InitializeAsync()
    {
        // The pipeline designer on the page draws on a canvas whose size the browser gives.
        Ctx.JSInterop.Setup<Rectangle>("ZBlazorDiagrams.getBoundingClientRect", _ => true).SetResult(new Rectangle(0, 0, 1200, 400));
        _studio = await StartStudioAsync(databases, typeof(PipelineService), typeof(OrganisationService), typeof(TaskService), typeof(DictionaryService));
        _owner = await _studio.AddEmployeeAsync(EmployeeRole.Owner);
        var statuses = _studio.Services.GetRequiredService<DictionaryService>();
        _active = await statuses.CreateStatusAsync(_owner, "Active", true, "#43A047", Ct);
        _refused = await statuses.CreateStatusAsync(_owner, "Refused", true, "#E53935", Ct);
        _board = await _studio.AddBoardAsync(_owner);
        SignIn(_owner, EmployeeRole.Owner);
        Ctx.Render<MudPopoverProvider>();
    }

    private IRenderedComponent<BoardSettingsPage> Render()
    {
        var cut = Ctx.Render<BoardSettingsPage>(p => p.Add(c => c.BoardId, _board.Id));
        cut.WaitForElement("[data-testid=save-board]");
        return cut;
    }

    private static IRenderedComponent<MudSelect<T>> Select<T>(IRenderedComponent<BoardSettingsPage> cut, string testId) =>
        cut.FindComponents<MudSelect<T>>().Single(s => Equals(s.Instance.UserAttributes.GetValueOrDefault("data-testid"), testId));

    [Fact]
    public async Task RemoveAStageThatHoldsDeals_SaysHowMany_OffersThePreviousStage_AndTheDealsGoWherePicked()
    {
        var deals = new[] { await _studio.AddDealAsync(_owner, _board), await _studio.AddDealAsync(_owner, _board) };
        foreach (var d in deals) await _studio.Pipelines.MoveDealAsync(_owner, d, _board.Stage("Trial"), null, Ct);
        var cut = Render();
        Assert.Empty(cut.FindAll("[data-testid=removed-stage]"));

        var trialRow = cut.FindAll(".stage-row").Single(r => r.QuerySelectorAll("input").Any(i => i.GetAttribute("value") == "Trial"));
        await cut.InvokeAsync(() => trialRow.QuerySelector("button[aria-label=Remove]")!.Click());

        var alert = cut.Find("[data-testid=removed-stage]");
        Assert.Equal(_board.Stage("Trial").ToString(), alert.GetAttribute("data-stage"));
        Assert.Contains("\"Trial\" is removed but still holds 2 open deals", alert.TextContent);
        Assert.Equal(_board.Stage("Call"), Select<Guid>(cut, "deals-go-to").Instance.GetState(x => x.Value));

        await cut.InvokeAsync(() => Select<Guid>(cut, "deals-go-to").Instance.ValueChanged.InvokeAsync(_board.Stage("Contract")));
        await cut.InvokeAsync(() => cut.Find("[data-testid=save-board]").Click());

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=removed-stage]")));
        var stages = await _studio.ReadAsync(db => db.Deals.Where(d => deals.Contains(d.Id)).Select(d => d.StageId).ToListAsync(Ct));
        Assert.All(stages, s => Assert.Equal(_board.Stage("Contract"), s));
        Assert.DoesNotContain("Trial", (await _studio.Pipelines.GetSettingsAsync(_owner, _board.Id, Ct)).Stages.Select(s => s.Name));
    }

    [Theory]
    [InlineData("en", "Won: the client becomes", "Lost: the client becomes")]
    [InlineData("uk", "Успішно: клієнт отримує статус", "Відмова: клієнт отримує статус")]
    public async Task ClientStatusPickers_LabelledInTheLanguage_SaveWhatIsPicked(string culture, string won, string lost)
    {
        UseCulture(culture);
        var cut = Render();
        Assert.Contains(won, cut.Find("[data-testid=won-client-status]").ParentElement!.ParentElement!.TextContent);
        Assert.Contains(lost, cut.Find("[data-testid=lost-client-status]").ParentElement!.ParentElement!.TextContent);
        Assert.Equal(((Guid?)null, (Guid?)null), (Select<Guid?>(cut, "won-client-status").Instance.GetState(x => x.Value), Select<Guid?>(cut, "lost-client-status").Instance.GetState(x => x.Value)));

        await cut.InvokeAsync(() => Select<Guid?>(cut, "won-client-status").Instance.ValueChanged.InvokeAsync(_active));
        await cut.InvokeAsync(() => Select<Guid?>(cut, "lost-client-status").Instance.ValueChanged.InvokeAsync(_refused));
        await cut.InvokeAsync(() => cut.Find("[data-testid=save-board]").Click());

        await Eventually.TrueAsync(async () => (await _studio.Pipelines.GetSettingsAsync(_owner, _board.Id, Ct)).ClientStatuses == new ClientStatusesOnClose(_active, _refused),
            "the pickers saved");
        var again = Render();
        Assert.Equal((_active, _refused), (Select<Guid?>(again, "won-client-status").Instance.GetState(x => x.Value), Select<Guid?>(again, "lost-client-status").Instance.GetState(x => x.Value)));
    }
}
