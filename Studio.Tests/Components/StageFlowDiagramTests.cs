using System.Globalization;
using Blazor.Diagrams.Components.Renderers;
using Blazor.Diagrams.Core.Geometry;
using Bunit;
using Studio.Domain.Pipelines;
using Studio.Domain.Reports;
using Studio.Infrastructure.Pipelines;
using Studio.Web.Components.Pages.Reports;
using Studio.Web.Components.Shared.Diagrams;

namespace Studio.Tests.Components;

/// <summary>The stage-flow diagram (Blazor.Diagrams): a node per stage in board order, a link per flow with its count as label and
/// width; new counts change the links in place (same models, same positions, one link re-rendered).</summary>
public sealed class StageFlowDiagramTests : MudComponentTest
{
    private static readonly Guid Start = Guid.NewGuid(), Call = Guid.NewGuid(), Trial = Guid.NewGuid(), Won = Guid.NewGuid(), Lost = Guid.NewGuid();

    private static readonly IReadOnlyList<StageView> Stages =
    [
        new(Start, "Start", "#90A4AE", 0, StageKind.Start, null, false), new(Call, "Call", "#4FC3F7", 1, StageKind.Open, null, false),
        new(Trial, "Trial", "#9575CD", 2, StageKind.Open, 7, true), new(Won, "Won", "#43A047", int.MaxValue - 1, StageKind.Won, null, false),
        new(Lost, "Lost", "#E53935", int.MaxValue, StageKind.Lost, null, false),
    ];

    public StageFlowDiagramTests() =>
        Ctx.JSInterop.Setup<Rectangle>("ZBlazorDiagrams.getBoundingClientRect", _ => true).SetResult(new Rectangle(0, 0, 1000, 300));

    private IRenderedComponent<StageFlowDiagram> Render(params FlowRow[] flows) =>
        Ctx.Render<StageFlowDiagram>(p => p.Add(c => c.Stages, Stages).Add(c => c.Flows, flows));

    private static double Width(AngleSharp.Dom.IElement link) =>
        double.Parse(link.QuerySelector("[data-testid=flow-path]")!.GetAttribute("stroke-width")!, CultureInfo.InvariantCulture);

    [Fact]
    public void Render_Flows_ANodePerStageInOrder_ALinkPerFlowWithItsCount_WiderWithMore()
    {
        var cut = Render(new FlowRow(Start, Call, 8), new FlowRow(Call, Trial, 4), new FlowRow(Trial, Call, 1), new FlowRow(Call, Lost, 2));

        var graph = cut.Instance.Graph;
        Assert.Equal([Start, Call, Trial, Won, Lost], graph.Row.Select(n => Guid.Parse(n.Key)));
        Assert.Equal([0d, 1, 2, 3, 4], graph.Row.Select(n => (n.Position.X - FlowGraph.Gap) / (FlowGraph.NodeWidth + FlowGraph.Gap)));
        Assert.Equal(new Dictionary<(string, string), int?>
        {
            [(Start.ToString(), Call.ToString())] = 8, [(Call.ToString(), Trial.ToString())] = 4,
            [(Trial.ToString(), Call.ToString())] = 1, [(Call.ToString(), Lost.ToString())] = 2,
        }, graph.Links.ToDictionary(l => (l.From.Key, l.To.Key), l => l.Count));

        Assert.Equal(["Start", "Call", "Trial", "Won", "Lost"], cut.FindAll("[data-testid=stage-node]").Select(t => t.TextContent.Trim()));
        var links = cut.FindAll("[data-testid=flow]");
        Assert.Equal(4, links.Count);
        var byPair = links.ToDictionary(a => (a.GetAttribute("data-from"), a.GetAttribute("data-to")));
        var busiest = byPair[(Start.ToString(), Call.ToString())];
        Assert.Equal("8", busiest.GetAttribute("data-count"));
        Assert.Equal("8", busiest.QuerySelector("text")!.TextContent);
        Assert.Equal(FlowGraph.StrokeWidth(8), Width(busiest));
        Assert.True(Width(busiest) > Width(byPair[(Call.ToString(), Trial.ToString())]));
        Assert.True(Width(byPair[(Call.ToString(), Trial.ToString())]) > Width(byPair[(Call.ToString(), Lost.ToString())]));
        Assert.True(Width(byPair[(Call.ToString(), Lost.ToString())]) > Width(byPair[(Trial.ToString(), Call.ToString())]));
        Assert.Equal("15", cut.Find("[data-testid=stage-flow]").GetAttribute("data-moves"));
    }

    [Fact]
    public void Render_ForwardArcsAbove_BackwardArcsBelow()
    {
        var cut = Render(new FlowRow(Call, Trial, 1), new FlowRow(Trial, Call, 1));

        double LabelY(Guid from) => double.Parse(cut.Find($"[data-testid=flow][data-from='{from}'] text").GetAttribute("y")!, CultureInfo.InvariantCulture);
        Assert.True(LabelY(Call) < FlowGraph.NodeTop);
        Assert.True(LabelY(Trial) > FlowGraph.NodeTop + FlowGraph.NodeHeight);
    }

    [Fact]
    public void Render_NoFlows_SaysSo_AndStillDrawsTheStages()
    {
        var cut = Render();

        Assert.NotNull(cut.Find("[data-testid=stage-flow-empty]"));
        Assert.Empty(cut.FindAll("[data-testid=flow]"));
        Assert.Equal(5, cut.FindAll("[data-testid=stage-node]").Count);
    }

    [Fact]
    public void NewCounts_ChangeTheLinksInPlace_SameModelsSamePositions_NewPairsAdded_GonePairsRemoved()
    {
        var cut = Render(new FlowRow(Start, Call, 2), new FlowRow(Call, Trial, 1));
        var graph = cut.Instance.Graph;
        var nodes = graph.Row.ToList();
        var positions = nodes.Select(n => n.Position).ToList();
        var startCall = graph.Links.Single(l => l.From.Key == Start.ToString());

        cut.Render(p => p.Add(c => c.Stages, Stages).Add(c => c.Flows, [new FlowRow(Start, Call, 3), new FlowRow(Trial, Won, 1)]));

        Assert.Equal(nodes, graph.Row);
        Assert.Equal(positions, graph.Row.Select(n => n.Position));
        Assert.Same(startCall, graph.Links.Single(l => l.From.Key == Start.ToString()));
        Assert.Equal(3, startCall.Count);
        Assert.Equal(FlowGraph.StrokeWidth(3), startCall.Width);
        Assert.Equal("3", cut.Find($"[data-testid=flow][data-from='{Start}'] text").TextContent);
        Assert.Equal([(Start, Call), (Trial, Won)], cut.FindAll("[data-testid=flow]").Select(f => (Guid.Parse(f.GetAttribute("data-from")!), Guid.Parse(f.GetAttribute("data-to")!))).Order());
    }

    /// <summary>ADR-015's figure: what one move costs a circuit that shows the diagram. The host plays StageFlowLive: a new snapshot
    /// re-renders it, and the diagram under it, in one batch.</summary>
    [Fact]
    public async Task OneMove_RendersOneLinkInOneBatch_NoNodeNoCanvas()
    {
        await using var renderer = new DiagramRenderer();
        static FlowRow[] Flows(int startCall) => [new FlowRow(Start, Call, startCall), new FlowRow(Call, Trial, 4), new FlowRow(Trial, Lost, 1)];
        var (host, _) = await renderer.RenderAsync<Host>(new Dictionary<string, object?>());
        await renderer.Dispatcher.InvokeAsync(() => host.Show(Flows(7)));
        var first = renderer.Batches.Sum(b => b.Bytes);
        renderer.Batches.Clear();

        await renderer.Dispatcher.InvokeAsync(() => host.Show(Flows(8)));

        var batch = Assert.Single(renderer.Batches);
        Assert.Equal(1, batch.Rendered.Count(t => t == typeof(LinkRenderer)));
        Assert.DoesNotContain(typeof(NodeRenderer), batch.Rendered);
        Assert.DoesNotContain(typeof(Blazor.Diagrams.Components.DiagramCanvas), batch.Rendered);
        // The figure for ADR-015, next to the test binaries.
        File.AppendAllText(Path.Combine(AppContext.BaseDirectory, "diagram-figures.txt"),
            $"stage flow: first render {first} bytes in all; one move {batch.Bytes} bytes in 1 batch ({string.Join(", ", batch.Rendered.Select(t => t.Name))}){Environment.NewLine}");
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
