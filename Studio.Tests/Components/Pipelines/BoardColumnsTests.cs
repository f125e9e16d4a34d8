using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Studio.Domain.Organisation;
using Studio.Domain.Pipelines;
using Studio.Infrastructure.Pipelines;
using Studio.Web.Pipelines;
using Xunit;

namespace Studio.Tests.Components.Pipelines;

public sealed class BoardColumnsTests : MudComponentTest
{
    private static readonly DateTime Now = new(2026, 11, 22, 12, 0, 0, DateTimeKind.Utc);
    private static readonly Guid Start = Guid.NewGuid(), Call = Guid.NewGuid(), Ready = Guid.NewGuid(), Won = Guid.NewGuid(), Lost = Guid.NewGuid();
    private static readonly Guid Manager = Guid.NewGuid(), Branch = Guid.NewGuid();
    private static DealCard Card(string client, Guid stage, decimal amount, DateTime? callback = null, int daysInStage = 0) =>
        new(Guid.NewGuid(), stage, Guid.NewGuid(), client, "+380671234567", amount, null, Manager, null, Branch, [], callback,
            Now.AddDays(-daysInStage), Now.AddDays(-daysInStage), Guid.NewGuid());

    private static BoardSnapshot Snapshot(params DealCard[] deals) => new(
        Guid.NewGuid(), "Sales", Guid.NewGuid(), 1, Now,
        [
            new StageView(Start, "New", "#90A4AE", 0, StageKind.Start, null, false),
            new StageView(Call, "Call", "#4FC3F7", 1, StageKind.Open, null, false),
            new StageView(Ready, "Ready to enrol", "#C5E1A5", 2, StageKind.Open, 7, false),
            new StageView(Won, "Won", "#43A047", int.MaxValue - 1, StageKind.Won, null, false),
            new StageView(Lost, "Lost", "#E53935", int.MaxValue, StageKind.Lost, null, false),
        ],
        deals, [new NamedView(Guid.NewGuid(), "Too expensive")], new HashSet<Guid> { Manager }, [],
        new Dictionary<Guid, PersonView> { [Manager] = new(Manager, "Андрій Шевченко", "АШ", EmployeeRole.Manager) },
        [], [], [new NamedView(Branch, "Поділ")]);

    private IRenderedComponent<BoardColumns> Render(BoardSnapshot s, Action? onAdd = null) =>
        Ctx.Render<BoardColumns>(p => p
            .Add(c => c.Snapshot, s)
            .Add(c => c.Cards, s.View(BoardFilter.None, Now).Cards)
            .Add(c => c.Now, Now)
            .Add(c => c.OnAdd, () => onAdd?.Invoke()));

    [Fact]
    public void Render_Snapshot_EveryStageIsADropZoneWithItsCards()
    {
        var a = Card("Олена", Call, 1500);
        var b = Card("Тарас", Call, 2500);
        var c = Card("Ірина", Ready, 0);
        var cut = Render(Snapshot(a, b, c));

        var zones = cut.FindAll("[data-testid=stage-column]").Select(z => z.GetAttribute("data-stage")).ToList();
        Assert.Equal(["Won", "Lost", "New", "Call", "Ready to enrol"], zones);
        var call = cut.Find("[data-testid=stage-column][data-stage=Call]");
        Assert.Equal(2, call.QuerySelectorAll(".deal-card").Length);
        Assert.NotNull(call.QuerySelector($"[data-deal-id='{a.Id}']"));
        Assert.NotNull(cut.Find("[data-testid=stage-column][data-stage='Ready to enrol']").QuerySelector($"[data-deal-id='{c.Id}']"));
        Assert.Empty(cut.Find("[data-testid=stage-column][data-stage=New]").QuerySelectorAll(".deal-card"));
    }

    [Fact]
    public void Render_ColumnHeader_ShowsCountAndSumOfAmounts()
    {
        var cut = Render(Snapshot(Card("Олена", Call, 1500), Card("Тарас", Call, 2500)));

        var header = cut.FindAll("section.board-column")[1];
        Assert.Contains("Call", header.TextContent);
        Assert.Equal("2", header.QuerySelector("[data-testid=column-count]")!.TextContent);
        Assert.Contains("4 000 ₴", header.TextContent.Replace('\u00A0', ' ').Replace('\u202F', ' '));
    }

    [Theory]
    [InlineData(180, "yellow", "call in 3 h")]
    [InlineData(5, "green", "call now")]
    [InlineData(-120, "red", "2 h overdue")]
    public void Render_Callback_ChipColourAndTextFollowTheClock(int minutesToCall, string colour, string text)
    {
        var cut = Render(Snapshot(Card("Олена", Call, 0, Now.AddMinutes(minutesToCall))));

        var chip = cut.Find(".callback-chip");
        Assert.Contains($"callback-{colour}", chip.ClassName);
        Assert.Equal(text, chip.TextContent.Trim());
    }

    [Fact]
    public void Render_DealOverStageLimit_ShowsStaleBadgeWithDays()
    {
        var stale = Card("Олена", Ready, 0, Now.AddHours(2), daysInStage: 9);
        var fresh = Card("Тарас", Ready, 0, Now.AddHours(2), daysInStage: 3);
        var cut = Render(Snapshot(stale, fresh));

        Assert.Contains("9 d in stage", cut.Find($"[data-deal-id='{stale.Id}'] .stale-badge").TextContent);
        Assert.Empty(cut.FindAll($"[data-deal-id='{fresh.Id}'] .stale-badge"));
    }

    [Fact]
    public void Render_OpenDealWithoutCallback_WarnsNoNextStep()
    {
        var none = Card("Олена", Call, 0);
        var planned = Card("Тарас", Call, 0, Now.AddDays(1));
        var tasked = Card("Ірина", Call, 0) with { OpenTasks = 2 };
        var cut = Render(Snapshot(none, planned, tasked));

        Assert.Single(cut.FindAll($"[data-deal-id='{none.Id}'] .no-next-step"));
        Assert.Empty(cut.FindAll($"[data-deal-id='{planned.Id}'] .no-next-step"));
        Assert.Empty(cut.FindAll($"[data-deal-id='{tasked.Id}'] .no-next-step")); // an open task is a next step
        Assert.Equal("☑ 2", cut.Find($"[data-deal-id='{tasked.Id}'] .open-tasks").TextContent.Trim());
    }

    [Fact]
    public void ClickPlus_InStart_AsksForNewDeal()
    {
        var asked = 0;
        var cut = Render(Snapshot(), () => asked++);

        cut.Find("[data-testid=new-deal]").Click();

        Assert.Equal(1, asked);
    }
}

public sealed class BoardColumnsPagingTests : MudComponentTest
{
    [Fact]
    public void Render_ManyCardsInOneStage_ShowsAWindowAndScrollingToItsEndShowsTheNext()
    {
        var now = new DateTime(2026, 11, 22, 12, 0, 0, DateTimeKind.Utc);
        var start = Guid.NewGuid();
        var deals = Enumerable.Range(0, 120).Select(i => new DealCard(Guid.NewGuid(), start, Guid.NewGuid(), $"Client {i}", null, 0, null, null,
            null, Guid.NewGuid(), [], now.AddDays(1), now, now, Guid.NewGuid())).ToList();
        var snapshot = new BoardSnapshot(Guid.NewGuid(), "Sales", Guid.NewGuid(), 1, now,
            [new(start, "New", "#90A4AE", 0, StageKind.Start, null, false), new(Guid.NewGuid(), "Won", "#43A047", 9, StageKind.Won, null, false),
             new(Guid.NewGuid(), "Lost", "#E53935", 10, StageKind.Lost, null, false)],
            deals, [], new HashSet<Guid>(), [], new Dictionary<Guid, PersonView>(), [], [], []);
        var cut = Ctx.Render<BoardColumns>(p => p.Add(c => c.Snapshot, snapshot).Add(c => c.Cards, snapshot.View(BoardFilter.None, now).Cards).Add(c => c.Now, now));

        Assert.Equal(BoardColumn.Window, cut.FindAll(".deal-card").Count);
        Assert.Equal("120", cut.Find("[data-testid=column-count]").TextContent);
        Assert.Equal(deals[0].Id.ToString(), cut.FindAll(".deal-card")[0].GetAttribute("data-deal-id"));

        // app.js presses the column's "more" button when the column is scrolled to its end; a keyboard user presses it.
        cut.Find("[data-testid=column-more]").Click();

        Assert.Equal(2 * BoardColumn.Window, cut.FindAll(".deal-card").Count);
    }
}
