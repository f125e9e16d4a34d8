using Blazor.Diagrams;
using Blazor.Diagrams.Core.Behaviors;
using Blazor.Diagrams.Core.Controls;
using Blazor.Diagrams.Core.Events;
using Blazor.Diagrams.Core.Models.Base;
using Blazor.Diagrams.Options;
using Point = Blazor.Diagrams.Core.Geometry.Point;

namespace Studio.Web.Components.Shared.Diagrams;

/// <summary>One node of a flow graph as a screen gives it: a stable key, a name, a colour.</summary>
public sealed record FlowNodeSpec(string Key, string Name, string Colour);

/// <summary>One weighted link as a screen gives it: from a node's key to another's, with its count.</summary>
public sealed record FlowLinkSpec(string From, string To, int Count);

/// <summary>
/// A Blazor.Diagrams diagram of nodes in a row (left to right, in the order given) and weighted links between them
/// (forward links arc above the row, links back arc below, a link to itself loops over its node), kept in step with the
/// screen's data by <see cref="SetNodes"/> and <see cref="SetLinks"/>: a changed count refreshes that link alone (its
/// width and label), a new pair adds a link, positions stay. The diagram is built once per screen; only a different list
/// of nodes lays the row out again. Used read-only by the status-transition diagram (the stage flow keeps its SVG, ADR-015), and with movable
/// nodes by the pipeline designer.
/// </summary>
public sealed class FlowGraph
{
    public const double NodeWidth = 120, NodeHeight = 40, Gap = 44, NodeTop = 130, BelowTop = NodeTop + NodeHeight + 70;
    /// <summary>The thinnest and the thickest link.</summary>
    public const double MinWidth = 1.5, MaxWidth = 14;

    private readonly Dictionary<(string, string), FlowLink> _links = [];
    private List<FlowNodeSpec> _specs = [];

    public FlowGraph(string nodeTestId, string linkTestId, bool movable = false)
    {
        NodeTestId = nodeTestId;
        LinkTestId = linkTestId;
        var options = new BlazorDiagramOptions { AllowPanning = false, AllowMultiSelection = false };
        options.Zoom.Enabled = false;
        options.Virtualization.Enabled = false;
        Diagram = new BlazorDiagram(options);
        // Nothing here is made or removed by the pointer or the keyboard: no new links dragged out of nodes, no Delete key.
        Diagram.UnregisterBehavior<DragNewLinkBehavior>();
        Diagram.UnregisterBehavior<KeyboardShortcutsBehavior>();
        Diagram.UnregisterBehavior<ControlsBehavior>();
        Diagram.RegisterComponent<FlowNode, FlowNodeWidget>();
        Diagram.RegisterComponent<FlowLink, FlowLinkWidget>();
        Movable = movable;
        Diagram.PointerClick += (model, _) => { if (model is FlowNode n) NodeClicked?.Invoke(n); };
    }

    public BlazorDiagram Diagram { get; }
    public string NodeTestId { get; }
    public string LinkTestId { get; }
    public bool Movable { get; }

    /// <summary>A node was clicked (pressed and let go without moving).</summary>
    public event Action<FlowNode>? NodeClicked;

    /// <summary>A movable node was dragged and let go.</summary>
    public event Action<FlowNode>? NodeMoved;

    /// <summary>The nodes in the row, left to right.</summary>
    public IReadOnlyList<FlowNode> Row => [.. Diagram.Nodes.OfType<FlowNode>().Where(n => n.Below is null).OrderBy(n => n.Slot)];

    public IReadOnlyCollection<FlowLink> Links => _links.Values;

    /// <summary>How wide the canvas must be for the row (and its links) to show whole.</summary>
    public double Width => Math.Max(1, _specs.Count) * (NodeWidth + Gap) + Gap;

    /// <summary>How tall, with room for arcs above and below (and nodes hung below the row).</summary>
    public double Height => NodeTop * 2 + NodeHeight + (Diagram.Nodes.OfType<FlowNode>().Any(n => n.Below is not null) ? 30 : 0);

    /// <summary>The left edge of the row's <paramref name="slot"/>th node.</summary>
    public static double SlotX(int slot) => Gap + slot * (NodeWidth + Gap);

    /// <summary>The slot nearest to a node whose left edge is at <paramref name="x"/>.</summary>
    public static int NearestSlot(double x) => (int)Math.Round((x - Gap) / (NodeWidth + Gap));

    /// <summary>The stroke width of a link with <paramref name="count"/>: grows with the count on a fixed scale (not relative to the
    /// busiest link), so one link's change never reshapes the others.</summary>
    public static double StrokeWidth(int count) => count <= 0 ? MinWidth : Math.Round(Math.Min(MaxWidth, MinWidth + 2 * Math.Sqrt(count)), 1);

    /// <summary>Lays the row out for these nodes; nothing happens when they are the ones shown (same keys, names, colours, order).</summary>
    /// <returns>Whether the row was laid out again.</returns>
    public bool SetNodes(IReadOnlyList<FlowNodeSpec> nodes, Func<FlowNodeSpec, bool>? locked = null, bool force = false)
    {
        if (!force && _specs.SequenceEqual(nodes)) return false;
        _specs = [.. nodes];
        Diagram.Batch(() =>
        {
            Diagram.Links.Clear();
            Diagram.Nodes.Clear();
            _links.Clear();
            for (var i = 0; i < _specs.Count; i++)
            {
                var s = _specs[i];
                Diagram.Nodes.Add(new FlowNode(this, s, i, null) { Locked = !Movable || (locked?.Invoke(s) ?? false) });
            }
        });
        return true;
    }

    /// <summary>Hangs a node under a row node (the pipeline designer's task templates), or moves the one there.</summary>
    public FlowNode Hang(FlowNodeSpec spec, string underKey)
    {
        var under = Row.First(n => n.Key == underKey);
        var node = new FlowNode(this, spec, under.Slot, under) { Locked = true };
        Diagram.Nodes.Add(node);
        return node;
    }

    /// <summary>Removes the nodes hung under the row (and their links).</summary>
    public void Unhang() => Diagram.Batch(() =>
    {
        foreach (var n in Diagram.Nodes.OfType<FlowNode>().Where(n => n.Below is not null).ToList())
        {
            foreach (var l in _links.Where(l => l.Value.Target.Model == n || l.Value.Source.Model == n).ToList()) _links.Remove(l.Key);
            Diagram.Nodes.Remove(n);
        }
    });

    /// <summary>Brings the links to these counts: a changed count refreshes that link, a new pair is added, a pair no longer there is removed.</summary>
    public void SetLinks(IEnumerable<FlowLinkSpec> links, bool counted = true)
    {
        var nodes = Diagram.Nodes.OfType<FlowNode>().ToDictionary(n => n.Key);
        var wanted = new HashSet<(string, string)>();
        var added = new List<FlowLink>();
        foreach (var l in links)
        {
            if (!nodes.TryGetValue(l.From, out var from) || !nodes.TryGetValue(l.To, out var to)) continue;
            wanted.Add((l.From, l.To));
            if (_links.TryGetValue((l.From, l.To), out var link))
            {
                if (link.Count != l.Count) link.SetCount(l.Count);
            }
            else
            {
                link = new FlowLink(from, to, counted ? l.Count : null);
                _links[(l.From, l.To)] = link;
                added.Add(link);
            }
        }
        var gone = _links.Where(l => !wanted.Contains(l.Key)).ToList();
        if (added.Count == 0 && gone.Count == 0) return;
        Diagram.Batch(() =>
        {
            foreach (var (key, link) in gone)
            {
                _links.Remove(key);
                Diagram.Links.Remove(link);
            }
            Diagram.Links.Add(added);
        });
    }

    /// <summary>Puts every row node back on its slot (after a drag), moving the links and hung nodes with them.</summary>
    public void Relayout(IReadOnlyList<string> keys)
    {
        var nodes = Diagram.Nodes.OfType<FlowNode>().ToList();
        _specs = [.. keys.Select(k => nodes.First(n => n.Key == k && n.Below is null).Spec)];
        for (var i = 0; i < keys.Count; i++)
        {
            var node = nodes.First(n => n.Key == keys[i] && n.Below is null);
            node.Slot = i;
            node.SetPosition(SlotX(i), NodeTop);
        }
        foreach (var hung in nodes.Where(n => n.Below is not null))
        {
            hung.Slot = hung.Below!.Slot;
            hung.SetPosition(SlotX(hung.Slot), BelowTop);
        }
    }

    internal void OnMoved(FlowNode node) => NodeMoved?.Invoke(node);

    internal static Point Centre(FlowNode n) => new(n.Position.X + NodeWidth / 2, n.Position.Y + NodeHeight / 2);
}
