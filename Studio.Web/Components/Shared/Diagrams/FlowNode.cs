using Blazor.Diagrams.Core.Models;
using Point = Blazor.Diagrams.Core.Geometry.Point;
using DiagramSize = Blazor.Diagrams.Core.Geometry.Size;

namespace Studio.Web.Components.Shared.Diagrams;

/// <summary>A node of a <see cref="FlowGraph"/>: its size is fixed (no measuring in the browser), so links are drawn on the server.</summary>
public sealed class FlowNode : NodeModel
{
    internal FlowNode(FlowGraph graph, FlowNodeSpec spec, int slot, FlowNode? below)
        : base(new Point(FlowGraph.SlotX(slot), below is null ? FlowGraph.NodeTop : FlowGraph.BelowTop))
    {
        Graph = graph;
        Spec = spec;
        Slot = slot;
        Below = below;
        Size = new DiagramSize(FlowGraph.NodeWidth, FlowGraph.NodeHeight);
        ControlledSize = true;
        Moved += _ => Graph.OnMoved(this);
    }

    public FlowGraph Graph { get; }
    public FlowNodeSpec Spec { get; private set; }
    public string Key => Spec.Key;
    public string Name => Spec.Name;
    public string Colour => Spec.Colour;
    /// <summary>The node's place in the row (a hung node: its row node's).</summary>
    public int Slot { get; internal set; }
    /// <summary>The row node this one hangs under, if it is not in the row.</summary>
    public FlowNode? Below { get; }
    /// <summary>A line under the name (the designer's stage details), if any.</summary>
    public string? Caption { get; set; }
    public bool Chosen { get; set; }

    /// <summary>Shows another name, colour or caption in place (the node re-renders, nothing else).</summary>
    public void Show(FlowNodeSpec spec, string? caption)
    {
        if (spec == Spec && caption == Caption) return;
        (Spec, Caption) = (spec, caption);
        Refresh();
    }
}
