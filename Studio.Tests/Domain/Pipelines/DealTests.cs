using Studio.Domain.Common;
using Studio.Domain.Pipelines;

namespace Studio.Tests.Domain.Pipelines;

public sealed class DealTests
{
    private static readonly DateTime T0 = new(2026, 11, 23, 9, 0, 0, DateTimeKind.Utc);
    private static readonly Guid Manager = Guid.NewGuid();
    private static readonly Guid OtherManager = Guid.NewGuid();

    private readonly Board _board;
    private readonly Stage _call, _trial;
    private readonly LossReason _expensive, _noTime;

    public DealTests()
    {
        _board = new Board("Sales", "form-key");
        _call = _board.AddStage("Call", "#4FC3F7", null);
        _trial = _board.AddStage("Trial", "#9575CD", 7, countsAsTrial: true);
        _expensive = _board.AddLossReason("Too expensive");
        _noTime = _board.AddLossReason("No time");
    }

    private Deal NewDeal(decimal amount = 1000m)
    {
        var deal = new Deal(_board, Guid.NewGuid(), Guid.NewGuid(), Manager, null, amount, "Guitar lessons", Manager, T0);
        deal.ClearDomainEvents();
        return deal;
    }

    private Stage StageOf(StageKind kind) => _board.Stages.First(s => s.Kind == kind);

    [Fact]
    public void Constructor_NewDeal_StartsInStartAndRaisesDealCreated()
    {
        var clientId = Guid.NewGuid();

        var deal = new Deal(_board, clientId, Guid.NewGuid(), Manager, null, 250.555m, null, Manager, T0);

        Assert.Equal(_board.Start.Id, deal.StageId);
        Assert.Equal(T0, deal.StageEnteredAt);
        Assert.Equal(T0, deal.CreatedAt);
        Assert.Null(deal.ClosedAt);
        Assert.Equal(250.56m, deal.Amount);
        Assert.Equal([new DealCreated(deal.Id, _board.Id, clientId)], deal.DomainEvents);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(250)]
    public void Constructor_NewDeal_RecordsExactlyOneEnteredMoveIntoStart(decimal amount)
    {
        var deal = new Deal(_board, Guid.NewGuid(), Guid.NewGuid(), null, null, amount, null, OtherManager, T0);

        var entered = Assert.Single(deal.RecordedMoves);
        Assert.Equal((deal.Id, _board.Id, (Guid?)null, _board.Start.Id, OtherManager, T0, (Guid?)null),
            (entered.DealId, entered.BoardId, entered.FromStageId, entered.ToStageId, entered.ById, entered.At, entered.LossReasonId));
    }

    [Fact]
    public void MoveTo_AfterEntered_RecordsTheMoveSecondAndANoMoveRecordsNothing()
    {
        var deal = NewDeal();

        var move = deal.MoveTo(_board, _call.Id, null, Manager, T0.AddHours(1));
        deal.MoveTo(_board, _call.Id, null, Manager, T0.AddHours(2));

        Assert.Equal([null, _board.Start.Id], deal.RecordedMoves.Select(m => m.FromStageId));
        Assert.Same(move, deal.RecordedMoves.Last());
    }

    [Fact]
    public void MoveTo_OpenStage_RecordsFromToByAtAndRaisesDealMoved()
    {
        var deal = NewDeal();
        var at = T0.AddHours(3);

        var move = deal.MoveTo(_board, _call.Id, null, OtherManager, at);

        Assert.NotNull(move);
        Assert.Equal((deal.Id, _board.Id, _board.Start.Id, _call.Id, OtherManager, at, (Guid?)null),
            (move.DealId, move.BoardId, move.FromStageId, move.ToStageId, move.ById, move.At, move.LossReasonId));
        Assert.Equal(_call.Id, deal.StageId);
        Assert.Equal(at, deal.StageEnteredAt);
        Assert.Null(deal.ClosedAt);
        Assert.Equal([new DealMoved(deal.Id, _board.Id, _board.Start.Id, _call.Id, deal.ClientId)], deal.DomainEvents);
    }

    [Fact]
    public void MoveTo_LostWithoutReason_ThrowsLossReasonRequiredAndStays()
    {
        var deal = NewDeal();

        var ex = Assert.Throws<DomainException>(() => deal.MoveTo(_board, _board.Lost.Id, null, Manager, T0.AddHours(1)));

        Assert.Equal("Error.LossReasonRequired", ex.Code);
        Assert.Equal(_board.Start.Id, deal.StageId);
        Assert.Empty(deal.DomainEvents);
    }

    [Fact]
    public void MoveTo_LostWithReasonOfAnotherBoard_ThrowsLossReasonUnknownAndStays()
    {
        var deal = NewDeal();
        var otherBoard = new Board("Other", "other-key");
        var foreignReason = otherBoard.AddLossReason("Too expensive");

        var ex = Assert.Throws<DomainException>(() => deal.MoveTo(_board, _board.Lost.Id, foreignReason.Id, Manager, T0.AddHours(1)));

        Assert.Equal("Error.LossReasonUnknown", ex.Code);
        Assert.Equal(_board.Start.Id, deal.StageId);
        Assert.Null(deal.LossReasonId);
    }

    [Theory]
    [InlineData(StageKind.Won)]
    [InlineData(StageKind.Lost)]
    public void MoveTo_FinalStageStraightFromStart_ClosesTheDeal(StageKind kind)
    {
        var deal = NewDeal();
        var at = T0.AddDays(1);
        Guid? reason = kind == StageKind.Lost ? _expensive.Id : null;

        var move = deal.MoveTo(_board, StageOf(kind).Id, reason, Manager, at);

        Assert.NotNull(move);
        Assert.Equal(_board.Start.Id, move.FromStageId);
        Assert.Equal(StageOf(kind).Id, deal.StageId);
        Assert.Equal(at, deal.ClosedAt);
        Assert.Equal(reason, deal.LossReasonId);
        Assert.Equal(reason, move.LossReasonId);
    }

    [Fact]
    public void MoveTo_WonWithALossReason_IgnoresTheReason()
    {
        var deal = NewDeal();

        var move = deal.MoveTo(_board, _board.Won.Id, _expensive.Id, Manager, T0.AddHours(1));

        Assert.Null(move!.LossReasonId);
        Assert.Null(deal.LossReasonId);
    }

    [Theory]
    [InlineData(StageKind.Start)]
    [InlineData(StageKind.Open)]
    [InlineData(StageKind.Won)]
    public void MoveTo_StageItIsIn_ReturnsNullAndRaisesNothing(StageKind kind)
    {
        var deal = NewDeal();
        var stage = StageOf(kind);
        if (kind != StageKind.Start) deal.MoveTo(_board, stage.Id, null, Manager, T0.AddHours(1));
        deal.ClearDomainEvents();
        var (enteredAt, closedAt) = (deal.StageEnteredAt, deal.ClosedAt);

        var move = deal.MoveTo(_board, stage.Id, null, OtherManager, T0.AddHours(2));

        Assert.Null(move);
        Assert.Empty(deal.DomainEvents);
        Assert.Equal((enteredAt, closedAt), (deal.StageEnteredAt, deal.ClosedAt));
    }

    [Fact]
    public void MoveTo_LostAgainWithSameReason_ReturnsNull()
    {
        var deal = NewDeal();
        deal.MoveTo(_board, _board.Lost.Id, _expensive.Id, Manager, T0.AddHours(1));
        deal.ClearDomainEvents();

        Assert.Null(deal.MoveTo(_board, _board.Lost.Id, _expensive.Id, Manager, T0.AddHours(2)));
        Assert.Empty(deal.DomainEvents);
    }

    [Fact]
    public void MoveTo_LostAgainWithOtherReason_RecordsTheNewReason()
    {
        var deal = NewDeal();
        deal.MoveTo(_board, _board.Lost.Id, _expensive.Id, Manager, T0.AddHours(1));

        var move = deal.MoveTo(_board, _board.Lost.Id, _noTime.Id, Manager, T0.AddHours(2));

        Assert.NotNull(move);
        Assert.Equal((_board.Lost.Id, _board.Lost.Id, (Guid?)_noTime.Id), (move.FromStageId, move.ToStageId, move.LossReasonId));
        Assert.Equal(_noTime.Id, deal.LossReasonId);
    }

    [Fact]
    public void MoveTo_ReopenFromLost_ClearsClosedAtAndLossReason()
    {
        var deal = NewDeal();
        deal.MoveTo(_board, _board.Lost.Id, _expensive.Id, Manager, T0.AddHours(1));
        var reopenedAt = T0.AddDays(5);

        var move = deal.MoveTo(_board, _trial.Id, null, OtherManager, reopenedAt);

        Assert.Equal((_board.Lost.Id, _trial.Id), (move!.FromStageId, move.ToStageId));
        Assert.Null(deal.ClosedAt);
        Assert.Null(deal.LossReasonId);
        Assert.Equal(reopenedAt, deal.StageEnteredAt);
    }

    [Fact]
    public void MoveTo_ReopenFromWon_ClearsClosedAt()
    {
        var deal = NewDeal();
        deal.MoveTo(_board, _board.Won.Id, null, Manager, T0.AddHours(1));

        deal.MoveTo(_board, _board.Start.Id, null, Manager, T0.AddHours(2));

        Assert.Null(deal.ClosedAt);
        Assert.Equal(_board.Start.Id, deal.StageId);
    }

    [Fact]
    public void MoveTo_StageOfAnotherBoard_ThrowsStageNotOnBoard()
    {
        var deal = NewDeal();
        var other = new Board("Other", "other-key");
        var foreign = other.AddStage("Call", "#4FC3F7", null);

        Assert.Equal("Error.StageNotOnBoard",
            Assert.Throws<DomainException>(() => deal.MoveTo(_board, foreign.Id, null, Manager, T0)).Code);
        Assert.Equal("Error.StageNotOnBoard",
            Assert.Throws<DomainException>(() => deal.MoveTo(other, foreign.Id, null, Manager, T0)).Code);
    }

    [Fact]
    public void MoveTo_LocalTime_ThrowsArgumentException()
    {
        var deal = NewDeal();

        Assert.Throws<ArgumentException>(() => deal.MoveTo(_board, _call.Id, null, Manager, new DateTime(2026, 11, 23, 9, 0, 0, DateTimeKind.Local)));
        Assert.Equal(_board.Start.Id, deal.StageId);
    }

    [Theory]
    [InlineData("-0.01")]
    [InlineData("-100")]
    [InlineData("100000000.01")]
    [InlineData("79228162514264337593543950335")]
    public void Update_AmountOutOfRange_ThrowsErrorAmountAndKeepsAmount(string amount)
    {
        var deal = NewDeal(amount: 1000m);

        var ex = Assert.Throws<DomainException>(() => Update(deal, amount: decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal("Error.Amount", ex.Code);
        Assert.Equal(1000m, deal.Amount);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("100000001")]
    public void Constructor_AmountOutOfRange_ThrowsErrorAmount(string amount) =>
        Assert.Equal("Error.Amount", Assert.Throws<DomainException>(() =>
            new Deal(_board, Guid.NewGuid(), Guid.NewGuid(), null, null, decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture),
                null, Manager, T0)).Code);

    [Theory]
    [InlineData("0", "0")]
    [InlineData("100000000", "100000000")]
    [InlineData("12.345", "12.34")]
    [InlineData("12.355", "12.36")]
    public void Update_AmountInRange_IsRoundedToCents(string amount, string expected)
    {
        var deal = NewDeal();

        Update(deal, amount: decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), deal.Amount);
    }

    [Fact]
    public void Update_CustomFields_KeepsTrimmedAndDropsEmptyValues()
    {
        var deal = NewDeal();

        Update(deal, fields: new Dictionary<string, string> { [" Instrument "] = " Guitar ", ["Age"] = "12", ["Note"] = "  " });

        Assert.Equal(new Dictionary<string, string> { ["Instrument"] = "Guitar", ["Age"] = "12" }, deal.CustomFields);
        Assert.Equal([new DealUpdated(deal.Id, _board.Id) { ClientId = deal.ClientId }], deal.DomainEvents);
    }

    [Fact]
    public void Update_MaxCustomFields_IsAccepted()
    {
        var deal = NewDeal();
        var fields = Enumerable.Range(1, Deal.MaxCustomFields).ToDictionary(i => $"Field {i}", i => $"{i}");

        Update(deal, fields: fields);

        Assert.Equal(Deal.MaxCustomFields, deal.CustomFields.Count);
    }

    public static readonly TheoryData<string, Dictionary<string, string>> BadFields = new()
    {
        { "Error.TooMany", Enumerable.Range(1, Deal.MaxCustomFields + 1).ToDictionary(i => $"Field {i}", i => "x") },
        { "Error.TooLong", new() { [new string('k', Deal.CustomKeyMax + 1)] = "x" } },
        { "Error.TooLong", new() { ["Key"] = new string('v', Deal.CustomValueMax + 1) } },
        { "Error.Required", new() { ["  "] = "x" } },
    };

    [Theory, MemberData(nameof(BadFields))]
    public void Update_CustomFieldsOverLimits_ThrowsAndKeepsOldFields(string code, Dictionary<string, string> fields)
    {
        var deal = NewDeal();
        Update(deal, fields: new Dictionary<string, string> { ["Instrument"] = "Guitar" });

        var ex = Assert.Throws<DomainException>(() => Update(deal, fields: fields));

        Assert.Equal(code, ex.Code);
        Assert.Equal(new Dictionary<string, string> { ["Instrument"] = "Guitar" }, deal.CustomFields);
    }

    [Fact]
    public void Update_CustomFieldsAtLengthLimits_AreAccepted()
    {
        var deal = NewDeal();
        var key = new string('k', Deal.CustomKeyMax);
        var value = new string('v', Deal.CustomValueMax);

        Update(deal, fields: new Dictionary<string, string> { [key] = value });

        Assert.Equal(value, deal.CustomFields[key]);
    }

    [Fact]
    public void Update_TagsRepeated_KeepsEachOnce()
    {
        var deal = NewDeal();
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());

        Update(deal, tags: [a, b, a]);
        Update(deal, tags: [b]);

        Assert.Equal([b], deal.Tags.Select(t => t.TagId));
    }

    [Fact]
    public void SetCallback_SameTime_RaisesNothing()
    {
        var deal = NewDeal();
        var at = T0.AddDays(1);
        deal.SetCallback(at);
        deal.ClearDomainEvents();

        deal.SetCallback(at);

        Assert.Empty(deal.DomainEvents);
        Assert.Equal(at, deal.CallbackAt);
    }

    [Fact]
    public void AddNote_Text_IsTrimmedAndRaisesDealNoteAdded()
    {
        var deal = NewDeal();

        var note = deal.AddNote("  Call after 18:00 ", null, OtherManager, T0);

        Assert.Equal(("Call after 18:00", OtherManager, T0, deal.Id), (note.Text, note.ById, note.At, note.DealId));
        Assert.Equal([new DealNoteAdded(deal.Id, _board.Id, note.Id)], deal.DomainEvents);
    }

    [Theory]
    [InlineData("", "Error.Required")]
    [InlineData("   ", "Error.Required")]
    public void AddNote_BlankText_Throws(string text, string code) =>
        Assert.Equal(code, Assert.Throws<DomainException>(() => NewDeal().AddNote(text, null, Manager, T0)).Code);

    private static void Update(Deal deal, decimal? amount = null, IReadOnlyDictionary<string, string>? fields = null, Guid[]? tags = null) =>
        deal.Update(amount ?? deal.Amount, deal.Title, deal.ResponsibleId, deal.SourceId, deal.BranchId,
            tags ?? [.. deal.Tags.Select(t => t.TagId)], fields ?? deal.CustomFields);
}
