using Blazor.Diagrams.Core;
using Blazor.Diagrams.Core.Anchors;
using Blazor.Diagrams.Core.Models;
using Blazor.Diagrams.Core.Models.Base;
using Blazor.Diagrams.Core.Routers;
using Point = Blazor.Diagrams.Core.Geometry.Point;

namespace Studio.Web.Components.Shared.Diagrams;

/// <summary>A weighted link of a <see cref="FlowGraph"/>, attached to its two nodes' outlines; its count is its label and sets its width.</summary>
public sealed class FlowLink : LinkModel
{
    internal FlowLink(FlowNode from, FlowNode to, int? count) : base(new ShapeIntersectionAnchor(from), new ShapeIntersectionAnchor(to))
    {
        From = from;
        To = to;
        Router = ArcRouter.Instance;
        Color = to.Below is null ? to.Colour : "#78909C";
        Locked = true;
        SetCount(count, refresh: false);
    }

    public FlowNode From { get; }
    public FlowNode To { get; }
    /// <summary>The link's count (none: a plain connection, as the designer's stage → task).</summary>
    public int? Count { get; private set; }

    internal void SetCount(int? count, bool refresh = true)
    {
        Count = count;
        Width = count is { } c ? FlowGraph.StrokeWidth(c) : 1.5;
        var head = Math.Max(8, Width + 6);
        TargetMarker = LinkMarker.NewArrow(head, head);
        if (refresh) Refresh();
    }

    /// <summary>Arcs: forward above the row, back below, a loop over a node for a link to itself, straight down to a hung node.</summary>
    private sealed class ArcRouter : Router
    {
        public static readonly ArcRouter Instance = new();

        public override Point[] GetRoute(Diagram diagram, BaseLinkModel link)
        {
            var l = (FlowLink)link;
            var (a, b) = (FlowGraph.Centre(l.From), FlowGraph.Centre(l.To));
            if (l.To.Below is not null || l.From.Below is not null) return [];
            var top = l.From.Position.Y;
            if (l.From == l.To)
                return [new Point(a.X - 26, top - 34), new Point(a.X + 26, top - 34)];
            var forward = b.X > a.X;
            var span = Math.Abs(b.X - a.X) / (FlowGraph.NodeWidth + FlowGraph.Gap);
            var lift = Math.Min(FlowGraph.NodeTop - 20, 30 + 24 * span);
            return forward
                ? [new Point((a.X + b.X) / 2, top - lift)]
                : [new Point((a.X + b.X) / 2, top + FlowGraph.NodeHeight + lift)];
        }
    }
}
