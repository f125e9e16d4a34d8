using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Studio.Domain.Pipelines;
using Studio.Domain.Reports;
using Studio.Infrastructure.Pipelines;
using Studio.Web.Reports;

namespace Studio.Tests.Components.Reports;

/// <summary>The stage-flow SVG: a node per stage in board order, an arrow per flow with its count, the stroke growing with the count.</summary>
public sealed class StageFlowDiagramTests : MudComponentTest
{
    private static readonly Guid Start = Guid.NewGuid(), Call = Guid.NewGuid(), Trial = Guid.NewGuid(), Won = Guid.NewGuid(), Lost = Guid.NewGuid();

    private static readonly IReadOnlyList<StageView> Stages =
    [
        new(Start, "Start", "#90A4AE", 0, StageKind.Start, null, false), new(Call, "Call", "#4FC3F7", 1, StageKind.Open, null, false),
        new(Trial, "Trial", "#9575CD", 2, StageKind.Open, 7, true), new(Won, "Won", "#43A047", int.MaxValue - 1, StageKind.Won, null, false),
        new(Lost, "Lost", "#E53935", int.MaxValue, StageKind.Lost, null, false),
    ];

    private IRenderedComponent<StageFlowDiagram> Render(params FlowRow[] flows) =>
        Ctx.Render<StageFlowDiagram>(p => p.Add(c => c.Stages, Stages).Add(c => c.Flows, flows));

    private static double Width(AngleSharp.Dom.IElement arrow) =>
        double.Parse(arrow.QuerySelector("[data-testid=flow-path]")!.GetAttribute("stroke-width")!, CultureInfo.InvariantCulture);

    [Fact]
    public void Render_Flows_AnArrowPerFlowWithItsCount_TheBusiestThickest_OthersInProportion()
    {
        var cut = Render(new FlowRow(Start, Call, 8), new FlowRow(Call, Trial, 4), new FlowRow(Trial, Call, 1), new FlowRow(Call, Lost, 2));

        Assert.Equal(["Start", "Call", "Trial", "Won", "Lost"], cut.FindAll("[data-testid=stage-node] text").Select(t => t.TextContent));
        var arrows = cut.FindAll("[data-testid=flow]");
        Assert.Equal(4, arrows.Count);
        var byPair = arrows.ToDictionary(a => (a.GetAttribute("data-from"), a.GetAttribute("data-to")));
        var busiest = byPair[(Start.ToString(), Call.ToString())];
        Assert.Equal("8", busiest.GetAttribute("data-count"));
        Assert.Equal("8", busiest.QuerySelector("text")!.TextContent);
        Assert.Equal(StageFlowDiagram.MaxWidth, Width(busiest));
        Assert.Equal(StageFlowDiagram.StrokeWidth(4, 8), Width(byPair[(Call.ToString(), Trial.ToString())]));
        Assert.True(Width(byPair[(Call.ToString(), Trial.ToString())]) > Width(byPair[(Call.ToString(), Lost.ToString())]));
        Assert.True(Width(byPair[(Call.ToString(), Lost.ToString())]) > Width(byPair[(Trial.ToString(), Call.ToString())]));
        Assert.Equal("15", cut.Find("svg[data-testid=stage-flow]").GetAttribute("data-moves"));
    }

    [Fact]
    public void Render_ForwardArcsAbove_BackwardArcsBelow()
    {
        var cut = Render(new FlowRow(Call, Trial, 1), new FlowRow(Trial, Call, 1));

        double ControlY(string from) =>
            double.Parse(cut.Find($"[data-testid=flow][data-from='{from}'] path").GetAttribute("d")!.Split('Q')[1].Split(' ')[0].Split(',')[1], CultureInfo.InvariantCulture);
        Assert.True(ControlY(Call.ToString()) < StageFlowDiagram.NodeTop);
        Assert.True(ControlY(Trial.ToString()) > StageFlowDiagram.NodeTop + StageFlowDiagram.NodeHeight);
    }

    [Fact]
    public void Render_NoFlows_SaysSo_AndStillDrawsTheStages()
    {
        var cut = Render();

        Assert.NotNull(cut.Find("[data-testid=stage-flow-empty]"));
        Assert.Empty(cut.FindAll("[data-testid=flow]"));
        Assert.Equal(5, cut.FindAll("[data-testid=stage-node]").Count);
    }

    [Theory]
    [InlineData(1, 1, 14)]
    [InlineData(0, 10, 1.5)]
    [InlineData(5, 10, 7.8)]
    public void StrokeWidth_GrowsWithTheCount(int count, int max, double width) => Assert.Equal(width, StageFlowDiagram.StrokeWidth(count, max));

    /// <summary>ADR-015's figure: what one move costs a circuit that shows the diagram. The host plays StageFlowLive: a new snapshot
    /// re-renders it and the diagram under it; Blazor's diff sends only what changed, in one batch, the elements kept.</summary>
    [Fact]
    public async Task OneMove_OneBatch_ASmallPartOfTheWholeDiagram()
    {
        await using var renderer = new DiagramRenderer();
        static FlowRow[] Flows(int startCall) => [new FlowRow(Start, Call, startCall), new FlowRow(Call, Trial, 4), new FlowRow(Trial, Lost, 1)];
        var (host, _) = await renderer.RenderAsync<Host>(new Dictionary<string, object?>());
        await renderer.Dispatcher.InvokeAsync(() => host.Show(Flows(7)));
        var first = renderer.Batches.Sum(b => b.Bytes);
        renderer.Batches.Clear();

        await renderer.Dispatcher.InvokeAsync(() => host.Show(Flows(8)));

        var batch = Assert.Single(renderer.Batches);
        Assert.Equal([typeof(Host), typeof(StageFlowDiagram)], batch.Rendered);
        // The figure for ADR-015, next to the test binaries.
        File.AppendAllText(Path.Combine(AppContext.BaseDirectory, "diagram-figures.txt"),
            $"stage flow (SVG): first render {first} bytes; one move {batch.Bytes} bytes in 1 batch{Environment.NewLine}");
        Assert.True(batch.Bytes < first / 4, $"one move sent {batch.Bytes} bytes, the whole diagram {first}");
    }

    /// <summary>Shows the diagram for a snapshot of flows, as StageFlowLive does.</summary>
    private sealed class Host : Microsoft.AspNetCore.Components.ComponentBase
    {
        private FlowRow[]? _flows;

        public void Show(FlowRow[] flows)
        {
            _flows = flows;
            StateHasChanged();
        }

        protected override void BuildRenderTree(Microsoft.AspNetCore.Components.Rendering.RenderTreeBuilder builder)
        {
            if (_flows is null) return;
            builder.OpenComponent<StageFlowDiagram>(0);
            builder.AddComponentParameter(1, nameof(StageFlowDiagram.Stages), Stages);
            builder.AddComponentParameter(2, nameof(StageFlowDiagram.Flows), _flows);
            builder.CloseComponent();
        }
    }
}
