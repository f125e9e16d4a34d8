using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Pipelines;
using Studio.Infrastructure.Seed;
using static Microsoft.Playwright.Assertions;
using Studio.Tests.Browser.Pages;

namespace Studio.Tests.Browser.Reports;

/// <summary>The Boards tab of /reports in a real browser: the stage-flow diagram follows a card another manager drags; the export matches the table.</summary>
[Collection(BrowserCollection.Name)]
public sealed class BoardReportsBrowserTests(StudioAppFixture app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Arranged(Guid BoardId, string ManagerEmail, BoardSettings Settings, Guid[] Deals)
    {
        public Guid Stage(string name) => Settings.Stages.Single(s => s.Name == name).Id;
    }

    /// <summary>This test's own board, manager and cards, so nothing else in the shared app moves them.</summary>
    private async Task<Arranged> ArrangeAsync()
    {
        var organisation = app.Services.GetRequiredService<OrganisationService>();
        var pipelines = app.Services.GetRequiredService<PipelineService>();
        var branch = (await organisation.ListBranchesAsync(await app.EmployeeIdAsync("owner@studio.demo"), Ct)).First().Id;
        var tag = Guid.NewGuid().ToString("N")[..8];
        var email = $"flow-{tag}@studio.test";
        var manager = await organisation.CreateEmployeeWithAccountAsync($"Flow {tag}", email, EmployeeRole.Manager, [branch], DemoSeeder.Password, Ct);
        var owner = await app.EmployeeIdAsync("owner@studio.demo");
        var boardId = await pipelines.CreateBoardAsync(owner, $"Flow board {tag}",
            [new StageInput(null, "Call", "#4FC3F7", null, false), new StageInput(null, "Trial", "#9575CD", null, true)],
            ["Expensive"], [manager], ct: Ct);
        var deals = new Guid[3];
        for (var i = 0; i < deals.Length; i++)
            deals[i] = await pipelines.CreateDealAsync(manager, new NewDeal(boardId, null, $"Flow client {tag} {i}",
                $"+38067{Random.Shared.Next(1_000_000, 9_999_999)}", null, branch, null, null, 100, null), Ct);
        return new(boardId, email, await pipelines.GetSettingsAsync(owner, boardId, Ct), deals);
    }

    private static ILocator Flow(IPage page, Guid from, Guid to) =>
        page.Locator($"svg[data-testid=stage-flow] [data-testid=flow][data-from=\"{from}\"][data-to=\"{to}\"]");

    [Fact]
    public async Task ManagerDragsCards_OwnersOpenStageFlowDiagramCountsThemWithoutReload()
    {
        var a = await ArrangeAsync();
        var start = a.Settings.Stages.Single(s => s.Kind == Studio.Domain.Pipelines.StageKind.Start).Id;
        var owner = await app.SignedInPageAsync("owner@studio.demo");
        await owner.GotoAsync($"{app.BaseUrl}/reports?tab=boards&board={a.BoardId}");
        await Interactive.WaitAsync(owner);
        await Expect(owner.GetByTestId("stage-flow")).ToBeVisibleAsync();
        await Expect(Flow(owner, start, a.Stage("Call"))).ToHaveCountAsync(0);
        var ownerUrl = owner.Url;

        var board = new BoardPage(await app.SignedInPageAsync(a.ManagerEmail), app.BaseUrl);
        await board.OpenAsync(a.BoardId);
        await Expect(board.Card(a.Deals[0])).ToBeVisibleAsync();
        await board.DragAsync(a.Deals[0], "Call");
        await Expect(board.CardIn("Call", a.Deals[0])).ToBeVisibleAsync();

        await Expect(Flow(owner, start, a.Stage("Call"))).ToHaveAttributeAsync("data-count", "1", new() { Timeout = 5_000 });
        // Mark the diagram's elements: a count that changes in place keeps them (the SVG is diffed, not rebuilt; positions stay).
        var callNode = owner.Locator($"svg[data-testid=stage-flow] [data-testid=stage-node][data-stage=\"{a.Stage("Call")}\"]");
        var nodeBox = (await callNode.BoundingBoxAsync())!;
        await callNode.EvaluateAsync("e => e.studioKept = true");
        await Flow(owner, start, a.Stage("Call")).EvaluateAsync("e => e.studioKept = true");

        await board.DragAsync(a.Deals[1], "Call");
        await Expect(Flow(owner, start, a.Stage("Call"))).ToHaveAttributeAsync("data-count", "2", new() { Timeout = 5_000 });
        await Expect(Flow(owner, start, a.Stage("Call")).Locator("text")).ToHaveTextAsync("2");
        Assert.True(await callNode.EvaluateAsync<bool>("e => e.studioKept === true"));
        Assert.True(await Flow(owner, start, a.Stage("Call")).EvaluateAsync<bool>("e => e.studioKept === true"));
        var boxAfter = (await callNode.BoundingBoxAsync())!;
        Assert.Equal((nodeBox.X, nodeBox.Y, nodeBox.Width, nodeBox.Height), (boxAfter.X, boxAfter.Y, boxAfter.Width, boxAfter.Height));
        await board.DragAsync(a.Deals[0], "Trial");
        await Expect(Flow(owner, a.Stage("Call"), a.Stage("Trial"))).ToHaveAttributeAsync("data-count", "1", new() { Timeout = 5_000 });
        Assert.Equal(ownerUrl, owner.Url);

        // The same diagram as a toggle on the board itself, live there too.
        await board.Page.GetByTestId("board-flow-toggle").ClickAsync();
        await Expect(Flow(board.Page, start, a.Stage("Call"))).ToHaveAttributeAsync("data-count", "2");
        await board.DragAsync(a.Deals[2], "Call");
        await Expect(Flow(board.Page, start, a.Stage("Call"))).ToHaveAttributeAsync("data-count", "3", new() { Timeout = 5_000 });
        await Expect(Flow(owner, start, a.Stage("Call"))).ToHaveAttributeAsync("data-count", "3", new() { Timeout = 5_000 });

    }

    [Fact]
    public async Task ConversionExport_CsvRowsMatchTheTable()
    {
        var a = await ArrangeAsync();
        var pipelines = app.Services.GetRequiredService<PipelineService>();
        var manager = await app.EmployeeIdAsync(a.ManagerEmail);
        await pipelines.MoveDealAsync(manager, a.Deals[0], a.Stage("Call"), ct: Ct);
        await pipelines.MoveDealAsync(manager, a.Deals[0], a.Stage("Trial"), ct: Ct);
        await pipelines.MoveDealAsync(manager, a.Deals[1], a.Stage("Call"), ct: Ct);
        await pipelines.MoveDealAsync(manager, a.Deals[2], a.Settings.Stages.Single(s => s.Kind == Studio.Domain.Pipelines.StageKind.Lost).Id,
            a.Settings.LossReasons.Single().Id, Ct);
        var page = await app.SignedInPageAsync(a.ManagerEmail);
        await page.GotoAsync($"{app.BaseUrl}/reports?tab=boards&board={a.BoardId}");
        await Interactive.WaitAsync(page);
        var table = page.GetByTestId("board-conversion-table");
        await Expect(table.Locator("[data-testid=board-conversion-row]")).ToHaveCountAsync(3);

        var rows = new List<string[]>();
        foreach (var row in await table.Locator("tbody tr").AllAsync())
            rows.Add((await row.Locator("td").AllInnerTextsAsync()).Select(t => t.Trim()).ToArray());
        var href = await page.Locator("[data-testid=export-csv][data-report=board-conversion]").GetAttributeAsync("href");
        Assert.Contains($"board={a.BoardId}", href);

        var response = await page.Context.APIRequest.GetAsync(app.BaseUrl + href);
        Assert.Equal(200, response.Status);
        Assert.StartsWith("text/csv", response.Headers["content-type"]);
        var csv = Encoding.UTF8.GetString(await response.BodyAsync()).TrimStart('\uFEFF');
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r').Split(',')).ToList();

        Assert.Equal(rows.Count + 1, lines.Count); // a header, then the table's rows
        for (var i = 0; i < rows.Count; i++)
            Assert.Equal(rows[i][..4], lines[i + 1][..4]); // from, to, entered, went on
        Assert.Equal(["Start", "Call", "3", "2"], lines[1][..4]);

    }
}
