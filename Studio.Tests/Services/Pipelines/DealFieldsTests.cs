using Microsoft.EntityFrameworkCore;
using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Domain.Pipelines;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Pipelines;
using Studio.Tests.Infrastructure;

namespace Studio.Tests.Services.Pipelines;

/// <summary>A board's typed deal fields (issue 17.8): their definitions in the board's settings, the values on deals, the filter, on every database.</summary>
public sealed class DealFieldsTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly IReadOnlyList<DealFieldInput> Fields =
    [
        new(null, "Level", CustomFieldKind.Choice, ["A1", "B2", "C1"], true),
        new(null, "Age", CustomFieldKind.Number, [], false),
        new(null, "First lesson", CustomFieldKind.Date, [], false),
        new(null, "Paid", CustomFieldKind.YesNo, [], true),
        new(null, "Comment", CustomFieldKind.Text, [], false),
    ];

    private sealed record Setup(TestStudio Studio, Guid Owner, TestBoard Board, IReadOnlyDictionary<string, Guid> Field);

    private async Task<Setup> StartAsync(DatabaseProvider provider)
    {
        var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var board = await studio.AddBoardAsync(owner);
        await SaveFieldsAsync(studio, owner, board.Settings, Fields);
        var settings = await studio.Pipelines.GetSettingsAsync(owner, board.Id, Ct);
        return new(studio, owner, new TestBoard(settings), settings.Fields.ToDictionary(f => f.Name, f => f.Id));
    }

    private static Task SaveFieldsAsync(TestStudio studio, Guid actor, BoardSettings s, IReadOnlyList<DealFieldInput> fields, bool removeValues = false) =>
        studio.Pipelines.SaveSettingsAsync(actor, s.Id, s.Version, s.Name,
            s.Stages.Select(x => new StageInput(x.Id, x.Name, x.Colour, x.TimeLimitDays, x.CountsAsTrial)).ToList(),
            s.LossReasons.Select(r => r.Name).ToList(), s.MemberIds.ToList(),
            new BoardSaveOptions { Fields = fields, RemoveFieldValues = removeValues }, Ct);

    private static DealEdit Edit(DealDetails d, IReadOnlyDictionary<Guid, string?> values, decimal? amount = null) =>
        new(d.Id, d.Version, amount ?? d.Amount, d.Title, d.ResponsibleId, d.SourceId, d.BranchId, d.TagIds, d.CustomFields, d.CallbackAt)
        { FieldValues = values };

    [Theory, DatabaseData]
    public async Task SaveSettingsAsync_Fields_SavedInOrderWithTheBoardsVersion_KindFixed_AndOnlyByTheOwner(DatabaseProvider provider)
    {
        var (studio, owner, board, field) = await StartAsync(provider);
        await using var _ = studio;
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var s = board.Settings;

        Assert.Equal(["Level", "Age", "First lesson", "Paid", "Comment"], s.Fields.Select(f => f.Name));
        Assert.Equal(["A1", "B2", "C1"], s.Fields[0].Choices);
        Assert.Equal([true, false, false, true, false], s.Fields.Select(f => f.ShowOnCard));

        // Reordered, renamed, and an attempt to turn the number into text: the kind stays.
        IReadOnlyList<DealFieldInput> next =
        [
            .. s.Fields.Skip(1).Select(f => new DealFieldInput(f.Id, f.Name == "Age" ? "Child's age" : f.Name, CustomFieldKind.Text, f.Choices, f.ShowOnCard)),
            new(s.Fields[0].Id, "Level", CustomFieldKind.Choice, s.Fields[0].Choices, false),
        ];
        await Assert.ThrowsAsync<AccessDeniedException>(() => SaveFieldsAsync(studio, manager, s, next));
        await SaveFieldsAsync(studio, owner, s, next);

        var after = await studio.Pipelines.GetSettingsAsync(owner, board.Id, Ct);
        Assert.Equal(["Child's age", "First lesson", "Paid", "Comment", "Level"], after.Fields.Select(f => f.Name));
        Assert.Equal(CustomFieldKind.Number, after.Fields[0].Kind);
        Assert.Equal(field["Age"], after.Fields[0].Id);
        Assert.False(after.Fields[4].ShowOnCard);
        Assert.NotEqual(s.Version, after.Version);
        // Saved from the version before: someone else's save is not overwritten.
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => SaveFieldsAsync(studio, owner, s, Fields));
        var ex = await Assert.ThrowsAsync<DomainException>(() => SaveFieldsAsync(studio, owner, after,
            [new(null, "Level", CustomFieldKind.Text, [], false), new(null, "level", CustomFieldKind.Text, [], false)]));
        Assert.Equal("Error.Duplicate", ex.Code);
        ex = await Assert.ThrowsAsync<DomainException>(() => SaveFieldsAsync(studio, owner, after, [new(null, "Goal", CustomFieldKind.Choice, [], false)]));
        Assert.Equal("Error.ChoicesRequired", ex.Code);
    }

    [Theory, DatabaseData]
    public async Task UpdateDealAsync_ValuesOfEveryKind_StoredInTheirOneForm_AndRecordedInTheHistory(DatabaseProvider provider)
    {
        var (studio, owner, board, field) = await StartAsync(provider);
        await using var _ = studio;
        var dealId = await studio.AddDealAsync(owner, board);
        var deal = await studio.Pipelines.GetDealAsync(owner, dealId, Ct);

        await studio.Pipelines.UpdateDealAsync(owner, Edit(deal, new Dictionary<Guid, string?>
        {
            [field["Level"]] = "b2", [field["Age"]] = "7,5", [field["First lesson"]] = "22.11.2026", [field["Paid"]] = "так", [field["Comment"]] = "  evenings  ",
        }), Ct);

        var after = await studio.Pipelines.GetDealAsync(owner, dealId, Ct);
        Assert.Equal("B2", after.FieldValues[field["Level"]]);
        Assert.Equal("7.5", after.FieldValues[field["Age"]]);
        Assert.Equal("2026-11-22", after.FieldValues[field["First lesson"]]);
        Assert.Equal("true", after.FieldValues[field["Paid"]]);
        Assert.Equal("evenings", after.FieldValues[field["Comment"]]);
        Assert.NotEqual(deal.Version, after.Version);
        var lines = after.History.Where(h => h.Field is not null).Select(h => h.Field!).ToList();
        Assert.Equal(5, lines.Count);
        Assert.Contains(new FieldChangeView("Level", CustomFieldKind.Choice, null, "B2"), lines);

        // Clearing one and changing another, a minute later: two lines more, the rest untouched.
        studio.Clock.Advance(TimeSpan.FromMinutes(1));
        await studio.Pipelines.UpdateDealAsync(owner, Edit(after, new Dictionary<Guid, string?> { [field["Level"]] = "C1", [field["Comment"]] = "" }), Ct);
        var cleared = await studio.Pipelines.GetDealAsync(owner, dealId, Ct);
        Assert.False(cleared.FieldValues.ContainsKey(field["Comment"]));
        Assert.Equal("7.5", cleared.FieldValues[field["Age"]]);
        Assert.Equal(new FieldChangeView("Level", CustomFieldKind.Choice, "B2", "C1"), cleared.History.First(h => h.Field?.Name == "Level").Field);
        Assert.Equal(7, cleared.History.Count(h => h.Field is not null));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite, "Age", "seven", "Error.Number")]
    [InlineData(DatabaseProvider.Sqlite, "First lesson", "next week", "Error.Date")]
    [InlineData(DatabaseProvider.Sqlite, "Level", "Z9", "Error.Choice")]
    [InlineData(DatabaseProvider.Sqlite, "Paid", "maybe", "Error.YesNo")]
    [InlineData(DatabaseProvider.Postgres, "Age", "seven", "Error.Number")]
    [InlineData(DatabaseProvider.Postgres, "Level", "Z9", "Error.Choice")]
    public async Task UpdateDealAsync_AValueNotOfItsKind_RefusedNamingTheField_AndNothingOfTheEditSaved(DatabaseProvider provider, string name, string value, string code)
    {
        var (studio, owner, board, field) = await StartAsync(provider);
        await using var _ = studio;
        var dealId = await studio.AddDealAsync(owner, board);
        var deal = await studio.Pipelines.GetDealAsync(owner, dealId, Ct);

        var ex = await Assert.ThrowsAsync<DomainException>(() => studio.Pipelines.UpdateDealAsync(owner,
            Edit(deal, new Dictionary<Guid, string?> { [field["Comment"]] = "fine", [field[name]] = value }, amount: 4321m), Ct));

        Assert.Equal(code, ex.Code);
        Assert.Equal(name, ex.Args[0]);
        var after = await studio.Pipelines.GetDealAsync(owner, dealId, Ct);
        Assert.Equal((deal.Version, deal.Amount), (after.Version, after.Amount));
        Assert.Empty(after.FieldValues);
        Assert.Empty(await studio.ReadAsync(db => db.DealFieldChanges.Where(c => c.DealId == dealId).ToListAsync(Ct)));
    }

    [Theory, DatabaseData]
    public async Task UpdateDealAsync_TwoEditsOfTheSameVersion_TheSecondIsAConflict_AndTheFirstStays(DatabaseProvider provider)
    {
        var (studio, owner, board, field) = await StartAsync(provider);
        await using var _ = studio;
        var dealId = await studio.AddDealAsync(owner, board);
        var deal = await studio.Pipelines.GetDealAsync(owner, dealId, Ct);

        await studio.Pipelines.UpdateDealAsync(owner, Edit(deal, new Dictionary<Guid, string?> { [field["Level"]] = "A1" }), Ct);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            studio.Pipelines.UpdateDealAsync(owner, Edit(deal, new Dictionary<Guid, string?> { [field["Level"]] = "C1" }), Ct));

        Assert.Equal("A1", (await studio.Pipelines.GetDealAsync(owner, dealId, Ct)).FieldValues[field["Level"]]);
    }

    [Theory, DatabaseData]
    public async Task CreateDealAsync_WithValues_SavesThem_AndABadOneCreatesNeitherDealNorClient(DatabaseProvider provider)
    {
        var (studio, owner, board, field) = await StartAsync(provider);
        await using var _ = studio;

        var id = await studio.Pipelines.CreateDealAsync(owner, new NewDeal(board.Id, null, "Olena", "+380671112233", null, null, null, null, 0m, null)
        { FieldValues = new Dictionary<Guid, string?> { [field["Level"]] = "B2", [field["Paid"]] = "true" } }, Ct);
        var ex = await Assert.ThrowsAsync<DomainException>(() => studio.Pipelines.CreateDealAsync(owner,
            new NewDeal(board.Id, null, "Taras", "+380671112244", null, null, null, null, 0m, null)
            { FieldValues = new Dictionary<Guid, string?> { [field["Age"]] = "old" } }, Ct));

        Assert.Equal("Error.Number", ex.Code);
        var deal = await studio.Pipelines.GetDealAsync(owner, id, Ct);
        Assert.Equal(("B2", "true"), (deal.FieldValues[field["Level"]], deal.FieldValues[field["Paid"]]));
        Assert.False(await studio.ReadAsync(db => db.Clients.AnyAsync(c => c.FullName == "Taras", Ct)));
        Assert.Equal(1, await studio.ReadAsync(db => db.Deals.CountAsync(d => d.BoardId == board.Id, Ct)));
    }

    [Theory, DatabaseData]
    public async Task SaveSettingsAsync_RemovingAFieldDealsHaveValuesIn_AsksFirst_ThenTakesTheValuesToo(DatabaseProvider provider)
    {
        var (studio, owner, board, field) = await StartAsync(provider);
        await using var _ = studio;
        var dealId = await studio.AddDealAsync(owner, board);
        var deal = await studio.Pipelines.GetDealAsync(owner, dealId, Ct);
        await studio.Pipelines.UpdateDealAsync(owner, Edit(deal, new Dictionary<Guid, string?> { [field["Level"]] = "A1", [field["Age"]] = "9" }), Ct);
        var s = board.Settings;
        var withoutLevel = s.Fields.Where(f => f.Name != "Level").Select(f => new DealFieldInput(f.Id, f.Name, f.Kind, f.Choices, f.ShowOnCard)).ToList();

        var ex = await Assert.ThrowsAsync<DomainException>(() => SaveFieldsAsync(studio, owner, s, withoutLevel));

        Assert.Equal("Error.DealFieldHasValues", ex.Code);
        Assert.Equal(["Level", 1], ex.Args);
        Assert.Equal(5, (await studio.Pipelines.GetSettingsAsync(owner, board.Id, Ct)).Fields.Count);

        await SaveFieldsAsync(studio, owner, s, withoutLevel, removeValues: true);

        Assert.DoesNotContain("Level", (await studio.Pipelines.GetSettingsAsync(owner, board.Id, Ct)).Fields.Select(f => f.Name));
        var after = await studio.Pipelines.GetDealAsync(owner, dealId, Ct);
        Assert.False(after.FieldValues.ContainsKey(field["Level"]));
        Assert.Equal("9", after.FieldValues[field["Age"]]);
    }

    [Theory, DatabaseData]
    public async Task Filter_ByChoiceYesNoTextAndNumber_SelectsTheDealsWithThoseValues(DatabaseProvider provider)
    {
        var (studio, owner, board, field) = await StartAsync(provider);
        await using var _ = studio;
        async Task<Guid> Deal(string level, string? paid, string comment, string age)
        {
            var id = await studio.AddDealAsync(owner, board);
            var d = await studio.Pipelines.GetDealAsync(owner, id, Ct);
            await studio.Pipelines.UpdateDealAsync(owner, Edit(d, new Dictionary<Guid, string?>
                { [field["Level"]] = level, [field["Paid"]] = paid, [field["Comment"]] = comment, [field["Age"]] = age }), Ct);
            return id;
        }
        var a = await Deal("A1", "true", "Wants evenings", "7");
        var b = await Deal("B2", null, "mornings only", "12");
        var c = await Deal("B2", "true", "EVENINGS, weekends", "15");

        async Task<IEnumerable<Guid>> Find(string name, string? value, string? from = null, string? to = null)
        {
            var f = board.Settings.Fields.Single(x => x.Name == name);
            var export = await studio.Pipelines.ExportDealsAsync(owner, board.Id, BoardFilter.None with { Field = new FieldFilter(f.Id, f.Kind, value, from, to) }, Ct);
            return export.Deals.Select(d => d.Id).Order();
        }

        Assert.Equal(new[] { b, c }.Order(), await Find("Level", "B2"));
        Assert.Equal(new[] { a, c }.Order(), await Find("Paid", "true"));
        Assert.Equal([b], await Find("Paid", "false")); // no value is a no
        Assert.Equal(new[] { a, c }.Order(), await Find("Comment", "evenings"));
        Assert.Equal(new[] { b, c }.Order(), await Find("Age", null, "10", null));
        Assert.Equal([b], await Find("Age", null, "8", "12"));
        var all = await studio.Pipelines.ExportDealsAsync(owner, board.Id, BoardFilter.None, Ct);
        Assert.Equal(3, all.Deals.Count);
        Assert.Equal(["Level", "Age", "First lesson", "Paid", "Comment"], all.Fields.Select(f => f.Name));
        var card = all.Deals.Single(d => d.Id == a);
        Assert.Equal([("Level", "A1", true), ("Age", "7", false), ("Paid", "true", true), ("Comment", "Wants evenings", false)],
            card.Fields.Select(f => (f.Name, f.Value, f.OnCard)));
    }
}
