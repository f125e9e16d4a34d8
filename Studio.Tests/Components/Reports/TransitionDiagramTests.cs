using Blazor.Diagrams.Core.Geometry;
using Bunit;
using Studio.Domain.Reports;
using Studio.Infrastructure.Reports;
using Studio.Web.Reports;

namespace Studio.Tests.Components.Reports;

/// <summary>The funnels report's transition graph: statuses as nodes in their order ("no status" first), a link per transitions-table cell
/// with the same number.</summary>
public sealed class TransitionDiagramTests : MudComponentTest
{
    private static readonly StatusInfo Lead = new(Guid.NewGuid(), "Lead", "#90CAF9", 1, true), Trial = new(Guid.NewGuid(), "Trial", "#9575CD", 2, true),
        Client = new(Guid.NewGuid(), "Client", "#43A047", 3, true), Lapsed = new(Guid.NewGuid(), "Lapsed", "#E53935", 4, false),
        Unused = new(Guid.NewGuid(), "Unused", "#000000", 5, true);

    public TransitionDiagramTests() =>
        Ctx.JSInterop.Setup<Rectangle>("ZBlazorDiagrams.getBoundingClientRect", _ => true).SetResult(new Rectangle(0, 0, 1000, 300));

    [Fact]
    public void Render_StatusesInOrder_NoStatusFirst_ALinkPerCellWithTheTablesNumber()
    {
        TransitionCell[] cells = [new(null, Lead.Id, 5), new(Lead.Id, Trial.Id, 3), new(Trial.Id, Client.Id, 2), new(Client.Id, Trial.Id, 1), new(Trial.Id, Lapsed.Id, 1)];

        var cut = Ctx.Render<TransitionDiagram>(p => p.Add(c => c.Statuses, [Lapsed, Client, Unused, Trial, Lead]).Add(c => c.Cells, cells));

        Assert.Equal([TransitionDiagram.None, Lead.Id.ToString(), Trial.Id.ToString(), Client.Id.ToString(), Lapsed.Id.ToString()], cut.Instance.Graph.Row.Select(n => n.Key));
        Assert.Equal(["No status", "Lead", "Trial", "Client", "Lapsed"], cut.FindAll("[data-testid=status-node]").Select(n => n.TextContent.Trim()));
        var links = cut.FindAll("[data-testid=transition]").ToDictionary(l => (l.GetAttribute("data-from")!, l.GetAttribute("data-to")!), l => l.QuerySelector("text")!.TextContent);
        Assert.Equal(cells.ToDictionary(c => (c.FromStatusId?.ToString() ?? "none", c.ToStatusId.ToString()), c => c.Clients.ToString()), links);
        Assert.Equal("12", cut.Find("[data-testid=transitions-diagram]").GetAttribute("data-clients"));
    }
}
