using Bunit;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Primitives;
using Studio.Infrastructure.Organisation;
using Studio.Web.Resources;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Domain.Pipelines;
using Studio.Infrastructure.Live;
using Studio.Infrastructure.Pipelines;
using Studio.Infrastructure.Tasks;
using Studio.Tests.Infrastructure;
using Studio.Web.Pipelines;

namespace Studio.Tests.Components.Pipelines;

/// <summary>
/// A board's deal fields on screen (issue 17.8): typed into the deal's drawer, in English and Ukrainian, and what was saved; a
/// wrong value refused beside its field in the person's language with nothing saved.
/// </summary>
public sealed class DealFieldsDrawerTests(Databases databases) : MudComponentTest
{
    private TestStudio _studio = default!;
    private Guid _owner, _deal;
    private BoardSnapshot _snapshot = default!;
    private IReadOnlyDictionary<string, Guid> _field = default!;

    public override async ValueTask InitializeAsync()
    {
        _studio = await StartStudioAsync(databases, typeof(PipelineService), typeof(TaskService), typeof(ILiveBus));
        _owner = await _studio.AddEmployeeAsync(EmployeeRole.Owner);
        var board = await _studio.AddBoardAsync(_owner);
        var s = board.Settings;
        await _studio.Pipelines.SaveSettingsAsync(_owner, s.Id, s.Version, s.Name,
            s.Stages.Select(x => new StageInput(x.Id, x.Name, x.Colour, x.TimeLimitDays, x.CountsAsTrial)).ToList(),
            s.LossReasons.Select(r => r.Name).ToList(), [],
            new BoardSaveOptions
            {
                Fields =
                [
                    new(null, "Level", CustomFieldKind.Choice, ["A1", "B2"], true),
                    new(null, "Age", CustomFieldKind.Number, [], false),
                    new(null, "Paid", CustomFieldKind.YesNo, [], true),
                    new(null, "Goal", CustomFieldKind.Text, [], false),
                ],
            }, Ct);
        _deal = await _studio.AddDealAsync(_owner, board);
        _snapshot = (await _studio.Pipelines.LoadSnapshotAsync(board.Id, 1, Ct))!;
        _field = _snapshot.Fields.ToDictionary(f => f.Name, f => f.Id);
        SignIn(_owner, EmployeeRole.Owner);
        Ctx.Render<MudPopoverProvider>();
    }

    private IRenderedComponent<DealDrawer> Render()
    {
        var cut = Ctx.Render<DealDrawer>(p => p.Add(c => c.DealId, _deal).Add(c => c.Snapshot, _snapshot));
        cut.WaitForElement("[data-testid=deal-fields]");
        return cut;
    }

    private static IRenderedComponent<TComponent> Field<TComponent>(IRenderedComponent<DealDrawer> cut, string name) where TComponent : MudComponentBase =>
        cut.FindComponents<TComponent>().Single(c => Equals(c.Instance.UserAttributes.GetValueOrDefault("data-field"), name));

    private static async Task SaveAsync(IRenderedComponent<DealDrawer> cut) =>
        await cut.InvokeAsync(() => cut.Find("[data-testid=save-deal-details]").Click());

    [Theory]
    [InlineData("en", "7,5", "Age: a number, please.")]
    [InlineData("uk", "7,5", "Age: введіть число.")]
    public async Task TypeValuesAndSave_TheyAreSavedInTheirOneForm_AndAWrongNumberIsRefusedBesideItsField(string culture, string age, string numberError)
    {
        UseCulture(culture);
        var cut = Render();

        Field<MudTextField<string>>(cut, "Age").Find("input").Input("seven");
        Field<MudTextField<string>>(cut, "Goal").Find("input").Input("Speaking club");
        await SaveAsync(cut);

        cut.WaitForAssertion(() => Assert.Contains(numberError, Field<MudTextField<string>>(cut, "Age").Markup));
        Assert.Empty((await _studio.Pipelines.GetDealAsync(_owner, _deal, Ct)).FieldValues); // nothing half-saved

        Field<MudTextField<string>>(cut, "Age").Find("input").Input(age);
        await cut.InvokeAsync(() => Field<MudSelect<string>>(cut, "Level").Instance.ValueChanged.InvokeAsync("B2"));
        Field<MudCheckBox<bool>>(cut, "Paid").Find("input").Change(true);
        await SaveAsync(cut);

        cut.WaitForAssertion(async () =>
        {
            var saved = (await _studio.Pipelines.GetDealAsync(_owner, _deal, Ct)).FieldValues;
            Assert.Equal(["B2", "7.5", "true", "Speaking club"], new[] { "Level", "Age", "Paid", "Goal" }.Select(n => saved.GetValueOrDefault(_field[n])));
        });
    }
}

public sealed class BoardDealsExportTests(Databases databases) : MudComponentTest
{
    [Fact]
    public async Task Export_TheBoardsFilteredDeals_WithAColumnForEachField_TypedAsTheirKind()
    {
        var studio = await StartStudioAsync(databases, typeof(PipelineService));
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var board = await studio.AddBoardAsync(owner);
        var s = board.Settings;
        await studio.Pipelines.SaveSettingsAsync(owner, s.Id, s.Version, s.Name,
            s.Stages.Select(x => new StageInput(x.Id, x.Name, x.Colour, x.TimeLimitDays, x.CountsAsTrial)).ToList(),
            s.LossReasons.Select(r => r.Name).ToList(), [],
            new BoardSaveOptions { Fields = [new(null, "Level", CustomFieldKind.Choice, ["A1", "B2"], true), new(null, "Age", CustomFieldKind.Number, [], false),
                new(null, "Paid", CustomFieldKind.YesNo, [], false)] }, Ct);
        var fields = (await studio.Pipelines.GetSettingsAsync(owner, board.Id, Ct)).Fields.ToDictionary(f => f.Name, f => f.Id);
        foreach (var level in new[] { "A1", "B2" })
        {
            var d = await studio.Pipelines.GetDealAsync(owner, await studio.AddDealAsync(owner, board), Ct);
            await studio.Pipelines.UpdateDealAsync(owner, new DealEdit(d.Id, d.Version, d.Amount, d.Title, d.ResponsibleId, d.SourceId, d.BranchId,
                d.TagIds, d.CustomFields, d.CallbackAt) { FieldValues = new Dictionary<Guid, string?> { [fields["Level"]] = level, [fields["Age"]] = "7,5", [fields["Paid"]] = "yes" } }, Ct);
        }
        var table = new BoardDealsTable(studio.Pipelines, studio.Services.GetRequiredService<OrganisationSettingsSource>());
        var query = new QueryCollection(new Dictionary<string, StringValues>
        {
            ["board"] = board.Id.ToString(), ["field"] = fields["Level"].ToString(), ["fk"] = "Choice", ["fv"] = "B2",
        });

        var built = await table.BuildAsync(owner, query, Ctx.Services.GetRequiredService<IStringLocalizer<SharedResource>>(), Ct);

        Assert.Equal(["Level", "Age", "Paid"], built.Headers.TakeLast(3));
        var rows = await built.Rows.ToListAsync(Ct);
        var row = Assert.Single(rows); // the filter's deals only
        Assert.Equal(["B2", 7.5m, true], row.TakeLast(3));
    }
}

/// <summary>A field marked to show on the card shows there, compactly; one not marked does not; an unchanged card with its values skips its render.</summary>
public sealed class DealFieldsCardTests : MudComponentTest
{
    private static readonly DateTime Now = new(2026, 11, 22, 12, 0, 0, DateTimeKind.Utc);
    private static readonly Guid Board = Guid.NewGuid(), Start = Guid.NewGuid(), Level = Guid.NewGuid(), Age = Guid.NewGuid(), Paid = Guid.NewGuid();

    private static DealCard Card(params CardField[] fields) =>
        new(Guid.NewGuid(), Start, Guid.NewGuid(), "Олена", null, 0, null, null, null, Guid.NewGuid(), [], Now.AddDays(1), Now, Now, Guid.NewGuid())
        { Fields = fields };

    private static BoardSnapshot Snapshot(params DealCard[] deals) => new(
        Board, "Sales", Guid.NewGuid(), 1, Now,
        [
            new StageView(Start, "New", "#90A4AE", 0, StageKind.Start, null, false),
            new StageView(Guid.NewGuid(), "Won", "#43A047", int.MaxValue - 1, StageKind.Won, null, false),
            new StageView(Guid.NewGuid(), "Lost", "#E53935", int.MaxValue, StageKind.Lost, null, false),
        ],
        deals, [], new HashSet<Guid>(), [], new Dictionary<Guid, PersonView>(), [], [], []);

    private static CardField[] Values(string level = "B2") =>
    [
        new(Level, "Level", CustomFieldKind.Choice, level, true),
        new(Age, "Age", CustomFieldKind.Number, "7", false),
        new(Paid, "Paid", CustomFieldKind.YesNo, "true", true),
    ];

    [Fact]
    public void Render_FieldsMarkedForTheCard_ShowOnIt_OthersDoNot()
    {
        var card = Card(Values());
        var s = Snapshot(card);
        var cut = Ctx.Render<BoardColumns>(p => p.Add(c => c.Snapshot, s).Add(c => c.Cards, s.View(BoardFilter.None, Now).Cards).Add(c => c.Now, Now));

        var chips = cut.FindAll($"[data-deal-id='{card.Id}'] .deal-field-chip");
        Assert.Equal(["B2", "✓ Paid"], chips.Select(c => c.TextContent.Trim()));
        Assert.Equal("Level", chips[0].GetAttribute("title"));
        Assert.DoesNotContain("Age", cut.Find($"[data-deal-id='{card.Id}']").TextContent);
    }

    [Fact]
    public void Reuse_ACardWithTheSameValuesInAFreshList_IsTheSameCard_AChangedValueIsNot()
    {
        var card = Card(Values());
        var previous = Snapshot(card);

        var same = Snapshot(card with { Fields = Values() }).Reuse(previous);
        var changed = Snapshot(card with { Fields = Values("A1") }).Reuse(previous);

        Assert.Same(card, same.Deals[0]);
        Assert.NotSame(card, changed.Deals[0]);
    }
}
