using Studio.Domain.Common;
using Studio.Domain.Pipelines;

namespace Studio.Tests.Domain.Pipelines;

public sealed class BoardTests
{
    private static Board NewBoard() => new("Sales", "form-key");

    [Fact]
    public void Constructor_NewBoard_HasStartWonAndLostOnly()
    {
        var board = NewBoard();

        Assert.Equal([StageKind.Start, StageKind.Won, StageKind.Lost], board.OrderedStages.Select(s => s.Kind));
        Assert.Equal(["Start", "Won", "Lost"], board.OrderedStages.Select(s => s.Name));
        Assert.All(board.Stages, s => Assert.Equal(board.Id, s.BoardId));
        Assert.Empty(board.LossReasons);
        Assert.Empty(board.Members);
    }

    [Fact]
    public void Constructor_OwnNamesForBuiltIns_AreUsed()
    {
        var board = new Board("Продажі", "k", "Нові", "Успішно", "Відмова");

        Assert.Equal(("Нові", "Успішно", "Відмова"), (board.Start.Name, board.Won.Name, board.Lost.Name));
    }

    [Theory]
    [InlineData("", "key", "Error.Required")]
    [InlineData("   ", "key", "Error.Required")]
    [InlineData("Sales", "", "Error.Required")]
    public void Constructor_BlankNameOrKey_Throws(string name, string key, string code) =>
        Assert.Equal(code, Assert.Throws<DomainException>(() => new Board(name, key)).Code);

    [Fact]
    public void AddStage_SeveralStages_GoBetweenStartAndWonInTheOrderAdded()
    {
        var board = NewBoard();

        var call = board.AddStage("Call", "#4FC3F7", null);
        var trial = board.AddStage("Trial", "#9575CD", 7, countsAsTrial: true);
        var contract = board.AddStage("Contract", "#FFB74D", null);

        Assert.Equal(["Start", "Call", "Trial", "Contract", "Won", "Lost"], board.OrderedStages.Select(s => s.Name));
        Assert.Equal([1, 2, 3], new[] { call, trial, contract }.Select(s => s.Order));
        Assert.All(new[] { call, trial, contract }, s => Assert.Equal(StageKind.Open, s.Kind));
        Assert.True(trial.CountsAsTrial);
        Assert.Equal(7, trial.TimeLimitDays);
        Assert.Equal("#4FC3F7", call.Colour);
    }

    [Fact]
    public void AddStage_AfterReorder_GoesLast()
    {
        var board = NewBoard();
        var a = board.AddStage("A", "#111111", null);
        var b = board.AddStage("B", "#222222", null);
        board.ReorderStages([b.Id, a.Id]);

        board.AddStage("C", "#333333", null);

        Assert.Equal(["Start", "B", "A", "C", "Won", "Lost"], board.OrderedStages.Select(s => s.Name));
    }

    [Fact]
    public void AddStage_Any_RaisesBoardChanged()
    {
        var board = NewBoard();

        board.AddStage("Call", "#4FC3F7", null);

        Assert.Equal([new BoardChanged(board.Id)], board.DomainEvents);
    }

    [Theory]
    [InlineData("Call", "blue", null, "Error.Colour")]
    [InlineData("Call", "#12345", null, "Error.Colour")]
    [InlineData("", "#123456", null, "Error.Required")]
    [InlineData("Call", "#123456", 0, "Error.TimeLimit")]
    [InlineData("Call", "#123456", 366, "Error.TimeLimit")]
    public void AddStage_BadInput_ThrowsAndAddsNothing(string name, string colour, int? limitDays, string code)
    {
        var board = NewBoard();

        var ex = Assert.Throws<DomainException>(() => board.AddStage(name, colour, limitDays));

        Assert.Equal(code, ex.Code);
        Assert.Equal(3, board.Stages.Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(365)]
    public void AddStage_LimitWithinAYear_IsKept(int limitDays) =>
        Assert.Equal(limitDays, NewBoard().AddStage("Call", "#123456", limitDays).TimeLimitDays);

    [Fact]
    public void AddStage_NameTooLong_ThrowsTooLong()
    {
        var ex = Assert.Throws<DomainException>(() => NewBoard().AddStage(new string('x', Stage.NameMax + 1), "#123456", null));

        Assert.Equal("Error.TooLong", ex.Code);
    }

    [Fact]
    public void UpdateStage_TimeLimitOnFinalStage_ThrowsTimeLimit()
    {
        var board = NewBoard();

        var ex = Assert.Throws<DomainException>(() => board.UpdateStage(board.Won.Id, "Won", "#43A047", 5, false));

        Assert.Equal("Error.TimeLimit", ex.Code);
    }

    [Fact]
    public void UpdateStage_TrialOnBuiltInStage_IsIgnored()
    {
        var board = NewBoard();

        board.UpdateStage(board.Start.Id, "New", "#90A4AE", null, countsAsTrial: true);

        Assert.False(board.Start.CountsAsTrial);
        Assert.Equal("New", board.Start.Name);
    }

    [Theory]
    [InlineData(StageKind.Start)]
    [InlineData(StageKind.Won)]
    [InlineData(StageKind.Lost)]
    public void RemoveStage_BuiltIn_ThrowsBuiltInStage(StageKind kind)
    {
        var board = NewBoard();
        var stage = board.Stages.Single(s => s.Kind == kind);

        var ex = Assert.Throws<DomainException>(() => board.RemoveStage(stage.Id));

        Assert.Equal("Error.BuiltInStage", ex.Code);
        Assert.Contains(stage, board.Stages);
    }

    [Fact]
    public void RemoveStage_OwnStage_IsGone()
    {
        var board = NewBoard();
        var call = board.AddStage("Call", "#4FC3F7", null);
        board.AddStage("Trial", "#9575CD", null);

        board.RemoveStage(call.Id);

        Assert.Equal(["Start", "Trial", "Won", "Lost"], board.OrderedStages.Select(s => s.Name));
    }

    private static readonly DateTime At = new(2026, 12, 6, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void RemoveStage_HoldingDeals_TheyGoToTheTargetEachWithARecordedMove()
    {
        var board = NewBoard();
        var call = board.AddStage("Call", "#4FC3F7", null);
        var trial = board.AddStage("Trial", "#9575CD", null);
        var by = Guid.NewGuid();
        var deals = Enumerable.Range(0, 2).Select(_ => new Deal(board, Guid.NewGuid(), Guid.NewGuid(), null, null, 0, null, by, At)).ToList();
        foreach (var d in deals) d.MoveTo(board, trial.Id, null, by, At);

        var moves = board.RemoveStage(trial.Id, deals, call.Id, by, At.AddHours(1));

        Assert.Equal(["Start", "Call", "Won", "Lost"], board.OrderedStages.Select(s => s.Name));
        Assert.All(deals, d => Assert.Equal((call.Id, At.AddHours(1)), (d.StageId, d.StageEnteredAt)));
        Assert.Equal(2, moves.Count);
        Assert.All(moves, m => Assert.Equal((trial.Id, call.Id, by), (m.FromStageId!.Value, m.ToStageId, m.ById)));
        Assert.All(deals, d => Assert.Contains(d.RecordedMoves, m => moves.Contains(m)));
    }

    [Fact]
    public void RemoveStage_HoldingDeals_NoTargetOrABadOne_RefusedAndNothingChanges()
    {
        var board = NewBoard();
        var trial = board.AddStage("Trial", "#9575CD", null);
        var by = Guid.NewGuid();
        var deal = new Deal(board, Guid.NewGuid(), Guid.NewGuid(), null, null, 0, null, by, At);
        deal.MoveTo(board, trial.Id, null, by, At);

        var none = Assert.Throws<DomainException>(() => board.RemoveStage(trial.Id, [deal], null, by, At));
        Assert.Equal(("Error.StageHasDeals", 2), (none.Code, none.Args.Count));
        foreach (var target in new[] { trial.Id, board.Won.Id, board.Lost.Id, Guid.NewGuid() })
            Assert.Equal("Error.StageTarget", Assert.Throws<DomainException>(() => board.RemoveStage(trial.Id, [deal], target, by, At)).Code);

        Assert.Contains(trial, board.Stages);
        Assert.Equal(trial.Id, deal.StageId);
        Assert.Equal(2, deal.RecordedMoves.Count); // its creation and its move into Trial, nothing more
    }

    [Fact]
    public void SetClientStatusesOnClose_TellsOnceAndGivesThemForWonAndLostOnly()
    {
        var board = NewBoard();
        var (won, lost) = (Guid.NewGuid(), Guid.NewGuid());

        board.SetClientStatusesOnClose(won, lost);
        board.SetClientStatusesOnClose(won, lost);

        Assert.Equal([new BoardChanged(board.Id)], board.DomainEvents);
        Assert.Equal((won, lost, (Guid?)null), (board.ClientStatusOnEntering(board.Won), board.ClientStatusOnEntering(board.Lost), board.ClientStatusOnEntering(board.Start)));
    }

    [Fact]
    public void RemoveStage_UnknownId_ThrowsStageNotOnBoard() =>
        Assert.Equal("Error.StageNotOnBoard", Assert.Throws<DomainException>(() => NewBoard().RemoveStage(Guid.NewGuid())).Code);

    [Fact]
    public void ReorderStages_EveryOwnStageOnce_SetsTheOrder()
    {
        var board = NewBoard();
        var a = board.AddStage("A", "#111111", null);
        var b = board.AddStage("B", "#222222", null);
        var c = board.AddStage("C", "#333333", null);

        board.ReorderStages([c.Id, a.Id, b.Id]);

        Assert.Equal(["Start", "C", "A", "B", "Won", "Lost"], board.OrderedStages.Select(s => s.Name));
    }

    /// <summary>Own stages are A, B, C; each row names the ids passed, by letter (S = Start, X = unknown).</summary>
    [Theory]
    [InlineData("AB")]
    [InlineData("ABB")]
    [InlineData("ABCC")]
    [InlineData("ABCX")]
    [InlineData("SAB")]
    [InlineData("ABCS")]
    [InlineData("")]
    public void ReorderStages_NotEveryOwnStageExactlyOnce_ThrowsAndKeepsOrder(string letters)
    {
        var board = NewBoard();
        var ids = new Dictionary<char, Guid>
        {
            ['A'] = board.AddStage("A", "#111111", null).Id,
            ['B'] = board.AddStage("B", "#222222", null).Id,
            ['C'] = board.AddStage("C", "#333333", null).Id,
            ['S'] = board.Start.Id,
            ['X'] = Guid.NewGuid(),
        };

        var ex = Assert.Throws<DomainException>(() => board.ReorderStages([.. letters.Select(l => ids[l])]));

        Assert.Equal("Error.StageOrder", ex.Code);
        Assert.Equal(["Start", "A", "B", "C", "Won", "Lost"], board.OrderedStages.Select(s => s.Name));
    }

    [Theory]
    [InlineData("Too expensive", "Too expensive")]
    [InlineData("Too expensive", "TOO EXPENSIVE")]
    [InlineData("Too expensive", "  too expensive ")]
    [InlineData("Дорого", "дорого")]
    public void AddLossReason_SameNameIgnoringCaseAndSpaces_ThrowsDuplicate(string first, string second)
    {
        var board = NewBoard();
        board.AddLossReason(first);

        var ex = Assert.Throws<DomainException>(() => board.AddLossReason(second));

        Assert.Equal("Error.Duplicate", ex.Code);
        Assert.Single(board.LossReasons);
    }

    [Fact]
    public void AddLossReason_DistinctNames_KeptTrimmedInOrder()
    {
        var board = NewBoard();

        board.AddLossReason(" Too expensive ");
        board.AddLossReason("No time");

        Assert.Equal([("Too expensive", 0), ("No time", 1)], board.LossReasons.Select(r => (r.Name, r.Order)));
    }

    [Fact]
    public void SetMembers_Repeated_KeepsEachOnceAndDropsTheRest()
    {
        var board = NewBoard();
        var (a, b, c) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        board.SetMembers([a, b]);

        board.SetMembers([b, c, c]);

        Assert.Equal(new[] { b, c }.Order(), board.Members.Select(m => m.EmployeeId).Order());
        Assert.False(board.IsMember(a));
        Assert.True(board.IsMember(c));
    }
}
