using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Studio.Domain.Organisation;
using Studio.Domain.Pipelines;
using Studio.Infrastructure.Live;
using Studio.Infrastructure.Pipelines;
using Studio.Web.Pipelines;
using Xunit;

namespace Studio.Tests.Components.Pipelines;

/// <summary>
/// A change costs the change (ADR-008): a snapshot with one moved card re-renders the two columns it
/// left and entered and that one card; a new lead renders its column and its card; a clock minute
/// renders only the cards whose label moved on. Counted with bUnit's render counts.
/// </summary>
public sealed class BoardRenderCostTests : MudComponentTest
{
    private static readonly DateTime Now = new(2026, 11, 22, 12, 0, 0, DateTimeKind.Utc);
    private static readonly Guid Start = Guid.NewGuid(), Call = Guid.NewGuid(), Trial = Guid.NewGuid(), Ready = Guid.NewGuid(),
        Won = Guid.NewGuid(), Lost = Guid.NewGuid(), Manager = Guid.NewGuid();
    private static DealCard Card(int i, Guid stage, DateTime? callback = null) =>
        new(Guid.NewGuid(), stage, Guid.NewGuid(), $"Client {i}", null, 100 * i, null, Manager, null, Guid.Empty, [], callback ?? Now.AddDays(3).AddHours(5),
            Now.AddDays(-1), Now.AddDays(-1), Guid.NewGuid());

    private static readonly IReadOnlyList<StageView> Stages =
    [
        new StageView(Start, "New", "#90A4AE", 0, StageKind.Start, null, false),
        new StageView(Call, "Call", "#4FC3F7", 1, StageKind.Open, null, false),
        new StageView(Trial, "Trial", "#FFB74D", 2, StageKind.Open, null, true),
        new StageView(Ready, "Ready", "#C5E1A5", 3, StageKind.Open, null, false),
        new StageView(Won, "Won", "#43A047", 9, StageKind.Won, null, false),
        new StageView(Lost, "Lost", "#E53935", 10, StageKind.Lost, null, false),
    ];
    private static readonly IReadOnlyDictionary<Guid, PersonView> People =
        new Dictionary<Guid, PersonView> { [Manager] = new(Manager, "Андрій Шевченко", "АШ", EmployeeRole.Manager) };

    /// <summary>A board as the node shares it: stages, people and dictionaries are the same instances from change to change (BoardSnapshot.Reuse).</summary>
    private static BoardSnapshot Board(IReadOnlyList<DealCard> deals) =>
        new(Guid.Empty, "Sales", Guid.Empty, 1, Now, Stages, deals, [], new HashSet<Guid> { Manager }, [], People, [], [], []);

    private static List<DealCard> Deals() =>
        [.. Enumerable.Range(0, 40).Select(i => Card(i, (i % 4) switch { 0 => Start, 1 => Call, 2 => Trial, _ => Ready }))];

    // The snapshot shown last: the next one follows it as the node's feed makes it (BoardSnapshot.Reuse), so its shared view
    // keeps the stage lists a change did not touch.
    private BoardSnapshot? _shown;

    private IRenderedComponent<BoardColumns> Render(BoardSnapshot board, DateTime now)
    {
        _shown = board;
        return Ctx.Render<BoardColumns>(p => p.Add(c => c.Snapshot, board).Add(c => c.Cards, board.View(BoardFilter.None, now).Cards).Add(c => c.Now, now));
    }

    private BoardSnapshot Follow(BoardSnapshot board) => _shown = board.Reuse(_shown);

    private void Show(IRenderedComponent<BoardColumns> cut, BoardSnapshot board, DateTime now)
    {
        board = Follow(board);
        cut.Render(p => p.Add(c => c.Snapshot, board).Add(c => c.Cards, board.View(BoardFilter.None, now).Cards).Add(c => c.Now, now));
    }

    [Fact]
    public void View_ASnapshotThatFollowsAnother_KeepsTheStageListsNoChangeTouched()
    {
        var deals = Deals();
        var before = Board(deals);
        var beforeView = before.View(BoardFilter.None, Now).Cards;
        var moved = deals.First(d => d.StageId == Call);
        var after = Board(deals.Select(d => d == moved ? d with { StageId = Ready, Version = Guid.NewGuid() } : d).ToList()).Reuse(before);

        var afterView = after.View(BoardFilter.None, Now).Cards;

        Assert.Same(beforeView.Of(Start), afterView.Of(Start));
        Assert.Same(beforeView.Of(Trial), afterView.Of(Trial));
        Assert.NotSame(beforeView.Of(Call), afterView.Of(Call));
        Assert.NotSame(beforeView.Of(Ready), afterView.Of(Ready));
        Assert.DoesNotContain(afterView.Of(Call), d => d.Id == moved.Id);
        Assert.Equal(moved.Id, afterView.Of(Ready).Single(d => d.Id == moved.Id).Id);
        // Every screen with the same filter gets the same instance: the work is done once per node.
        Assert.Same(afterView, after.View(BoardFilter.None, Now).Cards);
    }

    private static Dictionary<Guid, int> CardRenders(IRenderedComponent<BoardColumns> cut) =>
        cut.FindComponents<DealCardView>().ToDictionary(c => c.Instance.Card.Id, c => c.RenderCount);

    private static Dictionary<Guid, int> ColumnRenders(IRenderedComponent<BoardColumns> cut) =>
        cut.FindComponents<BoardColumn>().ToDictionary(c => c.Instance.Stage.Id, c => c.RenderCount);

    [Fact]
    public void Move_OneCard_RendersTheTwoColumnsAndThatCardOnly()
    {
        var deals = Deals();
        var cut = Render(Board(deals), Now);
        var moved = deals.First(d => d.StageId == Call);
        // A reload that finds the other cards unchanged keeps their instances (BoardSnapshot.Reuse).
        var after = Board(deals.Select(d => d == moved ? d with { StageId = Ready, Version = Guid.NewGuid() } : d).ToList());

        Show(cut, after, Now);

        var columns = ColumnRenders(cut);
        Assert.Equal(2, columns[Call]);
        Assert.Equal(2, columns[Ready]);
        Assert.Equal(1, columns[Start]);
        Assert.Equal(1, columns[Trial]);
        var cards = CardRenders(cut);
        Assert.Equal(1, cards[moved.Id]); // a new card in Ready, rendered once
        Assert.All(cards.Where(c => c.Key != moved.Id), c => Assert.Equal(1, c.Value));
        Assert.NotNull(cut.Find($"[data-stage=Ready] [data-deal-id='{moved.Id}']"));
        Assert.Empty(cut.FindAll($"[data-stage=Call] [data-deal-id='{moved.Id}']"));
    }

    [Fact]
    public async Task Show_AMove_GoesOutInOneRenderBatch_WithoutTheBoardRendering()
    {
        // bUnit reports each rendered component, not each batch: a renderer of our own counts what a circuit would send.
        var deals = Deals();
        var before = Board(deals);
        await using var renderer = new BatchCountingRenderer();
        var board = await renderer.RenderAsync<BoardColumns>(new Dictionary<string, object?>
        {
            [nameof(BoardColumns.Snapshot)] = before, [nameof(BoardColumns.Cards)] = before.View(BoardFilter.None, Now).Cards, [nameof(BoardColumns.Now)] = Now,
        });
        var moved = deals.First(d => d.StageId == Call);
        var after = Board(deals.Select(d => d == moved ? d with { StageId = Ready, Version = Guid.NewGuid() } : d).ToList()).Reuse(before);
        var (batches, boardRenders) = (renderer.Batches, renderer.RendersOf(board));

        // As the page hands a live change over: straight to the board, which renders the two columns together.
        await renderer.Dispatcher.InvokeAsync(() => board.Show(after, after.View(BoardFilter.None, Now).Cards, Now));

        Assert.Equal(batches + 1, renderer.Batches);
        Assert.Equal(boardRenders, renderer.RendersOf(board)); // the board itself did not render
        Assert.Equal(2, renderer.LastBatchColumns); // the two columns the card left and entered, nothing else
    }

    [Fact]
    public void NewLead_RendersItsColumnAndItsCardOnly()
    {
        var deals = Deals();
        var cut = Render(Board(deals), Now);
        var lead = Card(99, Start);

        Show(cut, Board([lead, .. deals]), Now);

        var columns = ColumnRenders(cut);
        Assert.Equal(2, columns[Start]);
        Assert.All(columns.Where(c => c.Key != Start), c => Assert.Equal(1, c.Value));
        Assert.All(CardRenders(cut), c => Assert.Equal(1, c.Value));
        Assert.Equal(lead.Id.ToString(), cut.FindAll("[data-stage=New] .deal-card")[0].GetAttribute("data-deal-id"));
    }

    [Fact]
    public void ClockMinute_RendersOnlyTheCardWhoseLabelChanged()
    {
        var deals = Deals();
        // Due in 16 minutes: yellow now, green ("call now") a minute later; every other card in three days and five hours.
        var due = Card(77, Call, Now.AddMinutes(16));
        deals.Insert(0, due); // first in its column: inside the column's window
        var board = Board(deals);
        var cut = Render(board, Now);

        Show(cut, board, Now.AddMinutes(1));

        var cards = CardRenders(cut);
        Assert.Equal(2, cards[due.Id]);
        Assert.Equal(1, cards.Where(c => c.Key != due.Id).Select(c => c.Value).Distinct().Single());
        Assert.Equal("Green", cut.Find($"[data-deal-id='{due.Id}']").GetAttribute("data-callback"));
    }

    [Fact]
    public void Presence_SomeoneOpensACard_RendersThatCardOnly()
    {
        var deals = Deals();
        var board = Board(deals);
        var cut = Render(board, Now);
        var opened = deals[5];
        var editing = new Dictionary<Guid, IReadOnlyList<PresentPerson>> { [opened.Id] = [new(Guid.NewGuid(), "Ольга Коваль", "ОК", opened.Id)] };

        cut.Render(p => p.Add(c => c.Snapshot, board).Add(c => c.Cards, board.View(BoardFilter.None, Now).Cards).Add(c => c.Now, Now).Add(c => c.Editing, editing));

        var cards = CardRenders(cut);
        Assert.Equal(2, cards[opened.Id]);
        Assert.All(cards.Where(c => c.Key != opened.Id), c => Assert.Equal(1, c.Value));
        Assert.Contains("ОК", cut.Find($"[data-deal-id='{opened.Id}'] .editing").TextContent);
    }

    [Fact]
    public void LongColumn_ACardArrivesOrLeaves_TheWindowKeepsItsLastCardAndNothingElseEntersOrLeaves()
    {
        var deals = Enumerable.Range(0, 60).Select(i => Card(i, Start)).ToList();
        var cut = Render(Board(deals), Now);
        var shown = cut.FindAll("[data-stage=New] .deal-card").Select(c => c.GetAttribute("data-deal-id")).ToList();
        Assert.Equal(BoardColumn.Window, shown.Count);

        var lead = Card(99, Start);
        Show(cut, Board([lead, .. deals]), Now);
        var afterLead = cut.FindAll("[data-stage=New] .deal-card").Select(c => c.GetAttribute("data-deal-id")).ToList();
        Assert.Equal([lead.Id.ToString(), .. shown], afterLead); // one card more, the last one still there

        var moved = deals[0];
        Show(cut, Board([lead, .. deals.Skip(1), moved with { StageId = Call }]), Now);
        var afterMove = cut.FindAll("[data-stage=New] .deal-card").Select(c => c.GetAttribute("data-deal-id")).ToList();
        Assert.Equal([lead.Id.ToString(), .. shown.Skip(1)], afterMove); // one card fewer, none pulled in
        Assert.All(CardRenders(cut), c => Assert.Equal(1, c.Value));
    }

    [Fact]
    public void LongColumn_CardsLeavingOneByOne_EachBringsInAtMostOneCard_AndHalfAWindowStaysShown()
    {
        var deals = Enumerable.Range(0, 60).Select(i => Card(i, Start)).ToList();
        var cut = Render(Board(deals), Now);
        var left = new List<DealCard>();
        var shown = BoardColumn.Window;
        // The top card leaves for another column, eight times: the shown count falls to half a window and stays there
        // (before, the window jumped back to ten and brought half a dozen cards in with one change).
        for (var i = 0; i < 8; i++)
        {
            left.Add(deals[i] with { StageId = Call });
            Show(cut, Board([.. deals.Skip(i + 1), .. left]), Now);
            var now = cut.FindAll("[data-stage=New] .deal-card").Count;
            Assert.InRange(now, shown - 1, shown); // a card left; at most one came in
            Assert.True(now >= BoardColumn.Window / 2, $"{now} cards shown after {i + 1} left");
            shown = now;
        }
        Assert.Equal(BoardColumn.Window / 2, shown);
    }

    [Fact]
    public void Reuse_AReloadWithOneCardChanged_KeepsEveryOtherInstance()
    {
        var deals = Deals();
        var before = Board(deals);
        var changed = deals[3];
        // A reload builds new instances of everything, equal in value except one card.
        var reloaded = Board(deals.Select(d => d == changed ? d with { ClientName = "Renamed", TagIds = [] } : d with { TagIds = [.. d.TagIds] }).ToList())
            with { People = new Dictionary<Guid, PersonView>(before.People), Stages = [.. before.Stages], Tags = [] };

        var reused = reloaded.Reuse(before);

        Assert.Same(before.People, reused.People);
        Assert.Same(before.Stages, reused.Stages);
        Assert.All(reused.Deals.Where(d => d.Id != changed.Id), d => Assert.Same(before.Deals.Single(o => o.Id == d.Id), d));
        Assert.Equal("Renamed", reused.Deals.Single(d => d.Id == changed.Id).ClientName);
        Assert.NotSame(before.Deals, reused.Deals);
    }

    [Fact]
    public void Header_RendersOnlyWhenItsFiguresOrPeopleChange()
    {
        IReadOnlyList<PresentPerson> present = [new(Guid.NewGuid(), "Ольга Коваль", "ОК")];
        var cut = Ctx.Render<BoardHeader>(p => p.Add(h => h.Name, "Sales").Add(h => h.Present, present).Add(h => h.Figures, new BoardFigures(1, 0, 2)));

        // A lead or a move that leaves the figures as they were: the page hands the same values again.
        cut.Render(p => p.Add(h => h.Name, "Sales").Add(h => h.Present, present).Add(h => h.Figures, new BoardFigures(1, 0, 2)));
        Assert.Equal(1, cut.RenderCount);

        cut.Render(p => p.Add(h => h.Name, "Sales").Add(h => h.Present, present).Add(h => h.Figures, new BoardFigures(2, 0, 2)));
        Assert.Equal(2, cut.RenderCount);
        Assert.Equal("2", cut.Find("[data-testid=figure-trials]").TextContent);

        IReadOnlyList<PresentPerson> joined = [.. present, new(Guid.NewGuid(), "Андрій Шевченко", "АШ")];
        cut.Render(p => p.Add(h => h.Name, "Sales").Add(h => h.Present, joined).Add(h => h.Figures, new BoardFigures(2, 0, 2)));
        Assert.Equal(3, cut.RenderCount);
        Assert.Equal(2, cut.FindAll("[data-testid=presence-avatar]").Count);
    }
}
