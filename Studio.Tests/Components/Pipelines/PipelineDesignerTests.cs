using Blazor.Diagrams.Core.Geometry;
using Bunit;
using Microsoft.AspNetCore.Components.Web;
using Studio.Domain.Pipelines;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Tasks;
using Studio.Web.Pipelines.Settings;
using Studio.Web.Components.Shared.Diagrams;

namespace Studio.Tests.Components.Pipelines;

/// <summary>The pipeline designer's model and its pointer handling: stages as nodes in order, the entry task hung under its stage with
/// a link; dragging an own stage reorders the page's rows (Start, Won, Lost stay put); a stage holding deals is removed too (the page asks where its deals go).</summary>
public sealed class PipelineDesignerTests : MudComponentTest
{
    private static readonly TaskTemplateOption CallBack = new(Guid.NewGuid(), "Call back", TaskKind.Client, false);
    private readonly Guid _callId = Guid.NewGuid();
    private readonly List<StageRow> _rows;
    private int _changed;

    public PipelineDesignerTests()
    {
        Ctx.JSInterop.Setup<Rectangle>("ZBlazorDiagrams.getBoundingClientRect", _ => true).SetResult(new Rectangle(0, 0, 1200, 400));
        _rows =
        [
            new() { Id = Guid.NewGuid(), Kind = StageKind.Start, Name = "Start" },
            new() { Id = _callId, Name = "Call", AutoTaskTemplateId = CallBack.Id, AutoTaskDueHours = 24 },
            new() { Id = Guid.NewGuid(), Name = "Trial", CountsAsTrial = true, TimeLimitDays = 7 },
            new() { Name = "Visit" },
            new() { Id = Guid.NewGuid(), Kind = StageKind.Won, Name = "Won" },
            new() { Id = Guid.NewGuid(), Kind = StageKind.Lost, Name = "Lost" },
        ];
    }

    private IRenderedComponent<PipelineDesigner> Render() => Ctx.Render<PipelineDesigner>(p => p
        .Add(c => c.Stages, _rows).Add(c => c.Templates, [CallBack]).Add(c => c.CanAutomate, true)
        .Add(c => c.DealCounts, new Dictionary<Guid, int> { [_callId] = 2 }).Add(c => c.Changed, () => _changed++));

    private StageRow Row(string name) => _rows.Single(r => r.Name == name);

    private static AngleSharp.Dom.IElement Node(IRenderedComponent<PipelineDesigner> cut, StageRow row) =>
        cut.Find($"[data-testid=designer-stage][data-key='{row.Key}']").ParentElement!; // the package's node element, which hears the pointer

    /// <summary>Presses a node, moves the pointer <paramref name="dx"/> pixels sideways over the canvas, lets go.</summary>
    private static void Drag(IRenderedComponent<PipelineDesigner> cut, StageRow row, double dx)
    {
        Node(cut, row).PointerDown(new PointerEventArgs { ClientX = 500, ClientY = 150, Button = 0 });
        cut.Find(".diagram-canvas").PointerMove(new PointerEventArgs { ClientX = 500 + dx / 2, ClientY = 152 });
        cut.Find(".diagram-canvas").PointerMove(new PointerEventArgs { ClientX = 500 + dx, ClientY = 155 });
        Node(cut, row).PointerUp(new PointerEventArgs { ClientX = 500 + dx, ClientY = 155, Button = 0 });
    }

    private static double Step => FlowGraph.NodeWidth + FlowGraph.Gap;

    [Fact]
    public void Render_StagesInOrder_OnlyOwnStagesMovable_TheEntryTaskHungUnderItsStageWithALink()
    {
        var cut = Render();

        var graph = cut.Instance.Graph;
        Assert.Equal(_rows.Select(r => r.Key.ToString()), graph.Row.Select(n => n.Key));
        Assert.Equal([true, false, false, false, true, true], graph.Row.Select(n => n.Locked));
        Assert.Equal(["Start", "Call", "Trial", "Visit", "Won", "Lost"], cut.FindAll("[data-testid=designer-stage] .flow-node-name").Select(e => e.TextContent));
        Assert.Contains("2 deals", cut.Find($"[data-testid=designer-stage][data-key='{Row("Call").Key}']").TextContent);
        Assert.Contains("7 d · trial", cut.Find($"[data-testid=designer-stage][data-key='{Row("Trial").Key}']").TextContent);
        Assert.Equal("Call back", cut.Find("[data-testid=hung-node]").TextContent.Trim());
        var link = Assert.Single(graph.Links);
        Assert.Equal((Row("Call").Key.ToString(), (int?)null), (link.From.Key, link.Count));
        Assert.Equal(Row("Call").Key.ToString(), cut.Find("[data-testid=designer-link]").GetAttribute("data-from"));
        // "+" between each two stages from Start to Won: four places.
        Assert.Equal(["1", "2", "3", "4"], cut.FindAll("[data-testid=designer-add]").Select(b => b.GetAttribute("data-at")));
    }

    [Fact]
    public void DragAnOwnStageLeft_ItTakesThatPlace_TheRowsAndTheNodesFollow()
    {
        var cut = Render();
        var visit = Row("Visit");

        Drag(cut, visit, -2 * Step);

        Assert.Equal(["Start", "Visit", "Call", "Trial", "Won", "Lost"], _rows.Select(r => r.Name));
        Assert.True(_changed > 0);
        Assert.Equal("1", cut.Find($"[data-testid=designer-stage][data-key='{visit.Key}']").GetAttribute("data-slot"));
        Assert.Equal(FlowGraph.SlotX(1), cut.Instance.Graph.Row[1].Position.X);
    }

    [Fact]
    public void DragPastTheEnds_StaysAmongTheOwnStages_AndStartWonLostDoNotMove()
    {
        var cut = Render();

        Drag(cut, Row("Call"), 6 * Step);
        Assert.Equal(["Start", "Trial", "Visit", "Call", "Won", "Lost"], _rows.Select(r => r.Name));
        Drag(cut, Row("Visit"), -5 * Step);
        Assert.Equal(["Start", "Visit", "Trial", "Call", "Won", "Lost"], _rows.Select(r => r.Name));
        Drag(cut, Row("Won"), -3 * Step);
        Drag(cut, Row("Start"), 2 * Step);
        Assert.Equal(["Start", "Visit", "Trial", "Call", "Won", "Lost"], _rows.Select(r => r.Name));
        Assert.Equal(FlowGraph.SlotX(4), cut.Instance.Graph.Row[4].Position.X);
    }

    [Fact]
    public void ClickAStage_EditsIt_RemovingOneThatHoldsDealsRemovesItToo_ThePageAsksWhereTheyGo()
    {
        var cut = Render();

        Node(cut, Row("Call")).PointerDown(new PointerEventArgs { ClientX = 10, ClientY = 10 });
        Node(cut, Row("Call")).PointerUp(new PointerEventArgs { ClientX = 10, ClientY = 10 });
        cut.WaitForAssertion(() => Assert.Equal(Row("Call").Key.ToString(), cut.Find("[data-testid=designer-editor]").GetAttribute("data-stage")));
        cut.Find("[data-testid=designer-remove]").Click();

        Assert.DoesNotContain(_rows, r => r.Name == "Call");
        Assert.Empty(cut.FindAll("[data-testid=designer-editor]"));

        Node(cut, Row("Visit")).PointerDown(new PointerEventArgs { ClientX = 10, ClientY = 10 });
        Node(cut, Row("Visit")).PointerUp(new PointerEventArgs { ClientX = 10, ClientY = 10 });
        cut.WaitForAssertion(() => Assert.Equal(Row("Visit").Key.ToString(), cut.Find("[data-testid=designer-editor]").GetAttribute("data-stage")));
        cut.Find("[data-testid=designer-remove]").Click();
        Assert.DoesNotContain(_rows, r => r.Name == "Visit");
        Assert.Equal(4, cut.FindAll("[data-testid=designer-stage]").Count);
    }

    [Fact]
    public void PlusBetweenTwoStages_AddsOneThere_AndOpensIt()
    {
        var cut = Render();

        cut.Find("[data-testid=designer-add][data-at='2']").Click();

        Assert.Equal(7, _rows.Count);
        Assert.Equal(StageKind.Open, _rows[2].Kind);
        Assert.Null(_rows[2].Id);
        Assert.Equal(_rows[2].Key.ToString(), cut.Find("[data-testid=designer-editor]").GetAttribute("data-stage"));
        Assert.Equal(7, cut.FindAll("[data-testid=designer-stage]").Count);
    }
}
