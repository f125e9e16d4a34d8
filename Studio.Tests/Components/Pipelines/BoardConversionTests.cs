using Bunit;
using Studio.Domain.Pipelines;
using Studio.Domain.Reports;
using Studio.Infrastructure.Pipelines;
using Studio.Web.Pipelines;

namespace Studio.Tests.Components.Pipelines;

/// <summary>The board header's conversion toggle and the strip it opens: what they show, and that they render only when it changed.</summary>
public sealed class BoardConversionTests : MudComponentTest
{
    private static readonly Guid Start = Guid.NewGuid(), Call = Guid.NewGuid(), Won = Guid.NewGuid(), Lost = Guid.NewGuid();

    private static readonly IReadOnlyList<StageView> Stages =
    [
        new(Start, "Start", "#90A4AE", 0, StageKind.Start, null, false), new(Call, "Call", "#4FC3F7", 1, StageKind.Open, null, false),
        new(Won, "Won", "#66BB6A", 2, StageKind.Won, null, false), new(Lost, "Lost", "#EF5350", 3, StageKind.Lost, null, false),
    ];

    private static readonly IReadOnlyList<ConversionRow> Rows = [new(Start, Call, 8, 6), new(Call, Won, 6, 2)];

    [Theory]
    [InlineData("en", "Stage-to-stage conversion")]
    [InlineData("uk", "Конверсія між етапами")]
    public void Header_ConversionToggle_AsksToShowItThenToHideIt(string culture, string title)
    {
        UseCulture(culture);
        var asked = new List<bool>();
        var cut = Ctx.Render<BoardHeader>(p => p.Add(c => c.Name, "Sales").Add(c => c.Figures, new BoardFigures(0, 0, 0))
            .Add(c => c.ShowConversionChanged, (bool on) => asked.Add(on)));
        var toggle = cut.Find("[data-testid=board-conversion-toggle]");
        Assert.Equal(title, toggle.GetAttribute("title"));
        Assert.Equal("false", toggle.GetAttribute("aria-pressed"));

        toggle.Click();
        cut.Render(p => p.Add(c => c.ShowConversion, true));
        cut.Find("[data-testid=board-conversion-toggle]").Click();

        Assert.Equal([true, false], asked);
        Assert.Equal("true", cut.Find("[data-testid=board-conversion-toggle]").GetAttribute("aria-pressed"));
    }

    [Fact]
    public void Strip_EachStageItsShareOfDealsThatWentOn_AndRefreshAsks()
    {
        var refreshed = 0;
        var cut = Ctx.Render<BoardConversion>(p => p.Add(c => c.Stages, Stages).Add(c => c.Rows, Rows).Add(c => c.AsOf, "10:15")
            .Add(c => c.OnRefresh, () => refreshed++));

        var steps = cut.FindAll("[data-testid=board-conversion-step]");
        Assert.Equal(2, steps.Count);
        Assert.Contains("Start", steps[0].TextContent);
        Assert.Contains("75%", steps[0].TextContent);
        Assert.Contains("→ Call", steps[0].TextContent);
        Assert.Contains("33.3%", steps[1].TextContent);
        Assert.Contains("10:15", cut.Markup);
        cut.Find("[data-testid=board-conversion-refresh]").Click();
        Assert.Equal(1, refreshed);
    }

    [Fact]
    public void Strip_TheSameInputsAgain_RendersNothing_NewRowsRenderIt()
    {
        Action refresh = () => { };
        var cut = Ctx.Render<BoardConversion>(p => p.Add(c => c.Stages, Stages).Add(c => c.Rows, null).Add(c => c.AsOf, "").Add(c => c.OnRefresh, refresh));
        Assert.NotNull(cut.Find("[data-testid=board-conversion-loading]"));
        var renders = cut.RenderCount;

        // The page renders (a move, a filter) and hands the same values: the strip does not render.
        cut.Render(p => p.Add(c => c.Stages, Stages).Add(c => c.Rows, null).Add(c => c.AsOf, "").Add(c => c.OnRefresh, refresh));
        Assert.Equal(renders, cut.RenderCount);

        // A read came back: the strip renders, by itself.
        cut.InvokeAsync(() => cut.Instance.Show(Rows, "10:16"));
        Assert.Equal(renders + 1, cut.RenderCount);
        Assert.Equal(2, cut.FindAll("[data-testid=board-conversion-step]").Count);
    }
}
