using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Pipelines;
using Studio.Infrastructure.Seed;
using static Microsoft.Playwright.Assertions;
using Studio.Tests.Browser.Pages;

namespace Studio.Tests.Browser.Pipelines;

/// <summary>The pipeline designer (Blazor.Diagrams) in Chromium, under the app's Content-Security-Policy: an owner drags a stage, saves,
/// and a manager's open board shows the new order live.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DiagramBrowserTests(StudioAppFixture app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string ReportViolations = """
        document.addEventListener('securitypolicyviolation', e =>
            window.studioCspViolation(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`), true);
        """;

    [Fact]
    public async Task OwnerDragsAStageInTheDesigner_OrderIsSaved_AndAManagersOpenBoardShowsIt()
    {
        var organisation = app.Services.GetRequiredService<OrganisationService>();
        var pipelines = app.Services.GetRequiredService<PipelineService>();
        var owner = await app.EmployeeIdAsync("owner@studio.demo");
        var branch = (await organisation.ListBranchesAsync(owner, Ct)).First().Id;
        var tag = Guid.NewGuid().ToString("N")[..8];
        var email = $"designer-{tag}@studio.test";
        var manager = await organisation.CreateEmployeeWithAccountAsync($"Designer {tag}", email, EmployeeRole.Manager, [branch], DemoSeeder.Password, Ct);
        var boardId = await pipelines.CreateBoardAsync(owner, $"Designer board {tag}",
            [new StageInput(null, "Call", "#4FC3F7", null, false), new StageInput(null, "Trial", "#9575CD", null, true), new StageInput(null, "Visit", "#FFB74D", null, false)],
            [], [manager], ct: Ct);

        var board = new BoardPage(await app.SignedInPageAsync(email), app.BaseUrl);
        await board.OpenAsync(boardId);
        var columns = board.Page.Locator("[data-testid=stage-column][data-kind=Open]");
        await Expect(columns.Nth(0)).ToHaveAttributeAsync("data-stage", "Call");

        var page = await app.SignedInPageAsync("owner@studio.demo");
        var violations = new List<string>();
        await page.Context.ExposeFunctionAsync("studioCspViolation", (string v) => { lock (violations) violations.Add(v); });
        await page.Context.AddInitScriptAsync(ReportViolations);
        await page.GotoAsync($"{app.BaseUrl}/settings/boards/{boardId}");
        await Interactive.WaitAsync(page);
        var nodes = page.Locator("[data-testid=designer-stage]");
        await Expect(nodes).ToHaveCountAsync(6);
        // The package's script and style sheet came from the app itself and run under the policy.
        Assert.True(await page.EvaluateAsync<bool>("() => typeof window.ZBlazorDiagrams === 'object'"));
        Assert.Equal("relative", await page.Locator(".diagram-canvas").First.EvaluateAsync<string>("e => getComputedStyle(e).position"));

        // Drag "Visit" (fourth) onto "Call"'s place (second): it becomes the first own stage.
        var visit = nodes.Filter(new() { HasText = "Visit" });
        var call = nodes.Filter(new() { HasText = "Call" });
        var from = (await visit.BoundingBoxAsync())!;
        var to = (await call.BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(from.X + from.Width / 2, from.Y + from.Height / 2);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(to.X + to.Width / 2, to.Y + to.Height / 2 + 5, new() { Steps = 12 });
        await page.Mouse.UpAsync();
        await Expect(page.Locator("[data-testid=designer-stage][data-slot=\"1\"]")).ToContainTextAsync("Visit");
        await Expect(page.Locator("[data-testid=designer-stage][data-slot=\"2\"]")).ToContainTextAsync("Call");
        await Expect(page.Locator("[data-testid=designer-stage][data-slot=\"4\"]")).ToContainTextAsync("Won");
        // Start, Won and Lost do not move: dragging Won leaves it where it is.
        var won = (await nodes.Filter(new() { HasText = "Won" }).BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(won.X + won.Width / 2, won.Y + won.Height / 2);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(from.X - 300, won.Y + won.Height / 2, new() { Steps = 8 });
        await page.Mouse.UpAsync();
        await Expect(page.Locator("[data-testid=designer-stage][data-slot=\"4\"]")).ToContainTextAsync("Won");

        await page.GetByTestId("save-board").ClickAsync();
        await Expect(columns.Nth(0)).ToHaveAttributeAsync("data-stage", "Visit", new() { Timeout = 10_000 });
        await Expect(columns.Nth(1)).ToHaveAttributeAsync("data-stage", "Call");
        await Expect(columns.Nth(2)).ToHaveAttributeAsync("data-stage", "Trial");
        var saved = await pipelines.GetSettingsAsync(owner, boardId, Ct);
        Assert.Equal(["Start", "Visit", "Call", "Trial", "Won", "Lost"], saved.Stages.Select(s => s.Name));
        Assert.Empty(violations);

        await page.Context.CloseAsync();
        await board.Page.Context.CloseAsync();
    }

    [Fact]
    public async Task OwnerRemovesAStageHoldingDealsInTheDesigner_PicksWhereTheyGo_AndAManagersOpenBoardShowsThemThere()
    {
        var organisation = app.Services.GetRequiredService<OrganisationService>();
        var pipelines = app.Services.GetRequiredService<PipelineService>();
        var owner = await app.EmployeeIdAsync("owner@studio.demo");
        var branch = (await organisation.ListBranchesAsync(owner, Ct)).First().Id;
        var tag = Guid.NewGuid().ToString("N")[..8];
        var email = $"remover-{tag}@studio.test";
        var manager = await organisation.CreateEmployeeWithAccountAsync($"Remover {tag}", email, EmployeeRole.Manager, [branch], DemoSeeder.Password, Ct);
        var boardId = await pipelines.CreateBoardAsync(owner, $"Removal board {tag}",
            [new StageInput(null, "Call", "#4FC3F7", null, false), new StageInput(null, "Trial", "#9575CD", null, true), new StageInput(null, "Visit", "#FFB74D", null, false)],
            [], [manager], ct: Ct);
        var trial = (await pipelines.GetSettingsAsync(owner, boardId, Ct)).Stages.Single(s => s.Name == "Trial").Id;
        var deals = new List<Guid>();
        for (var i = 0; i < 2; i++)
        {
            var deal = await pipelines.CreateDealAsync(manager, new NewDeal(boardId, null, $"Removal {tag} {i}", $"+38067{Random.Shared.Next(1000000, 9999999)}",
                null, branch, null, null, 100m, null), Ct);
            await pipelines.MoveDealAsync(manager, deal, trial, null, Ct);
            deals.Add(deal);
        }

        var board = new BoardPage(await app.SignedInPageAsync(email), app.BaseUrl);
        await board.OpenAsync(boardId);
        await Expect(board.CardIn("Trial", deals[0])).ToBeVisibleAsync();

        var page = await app.SignedInPageAsync("owner@studio.demo");
        await page.GotoAsync($"{app.BaseUrl}/settings/boards/{boardId}");
        await Interactive.WaitAsync(page);
        await page.Locator("[data-testid=designer-stage]").Filter(new() { HasText = "Trial" }).ClickAsync();
        await page.GetByTestId("designer-remove").ClickAsync();
        var removed = page.GetByTestId("removed-stage");
        await Expect(removed).ToContainTextAsync("\"Trial\" is removed but still holds 2 open deals");
        await Expect(page.Locator("[data-testid=designer-stage]")).ToHaveCountAsync(5);

        await page.GetByTestId("save-board").ClickAsync();

        await Expect(removed).ToHaveCountAsync(0, new() { Timeout = 10_000 });
        foreach (var deal in deals) await Expect(board.CardIn("Call", deal)).ToBeVisibleAsync(new() { Timeout = 10_000 }); // the previous stage, live
        await Expect(board.DropZone("Trial")).ToHaveCountAsync(0);

        await page.Context.CloseAsync();
        await board.Page.Context.CloseAsync();
    }

    /// <summary>Drags the stage named <paramref name="name"/> onto the place of the one named <paramref name="onto"/>.</summary>
    private static async Task DragStageAsync(IPage page, string name, string onto)
    {
        var nodes = page.Locator("[data-testid=designer-stage]");
        var from = (await nodes.Filter(new() { HasText = name }).BoundingBoxAsync())!;
        var to = (await nodes.Filter(new() { HasText = onto }).BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(from.X + from.Width / 2, from.Y + from.Height / 2);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(to.X + to.Width / 2, to.Y + to.Height / 2, new() { Steps = 12 });
        await page.Mouse.UpAsync();
    }

    [Fact]
    public async Task TwoOwnersReorderOneBoardAtOnce_TheSecondSaveIsToldSomeoneSavedFirst_AndNothingIsOverwritten()
    {
        var pipelines = app.Services.GetRequiredService<PipelineService>();
        var owner = await app.EmployeeIdAsync("owner@studio.demo");
        var tag = Guid.NewGuid().ToString("N")[..8];
        var boardId = await pipelines.CreateBoardAsync(owner, $"Two owners {tag}",
            [new StageInput(null, "Call", "#4FC3F7", null, false), new StageInput(null, "Trial", "#9575CD", null, true), new StageInput(null, "Visit", "#FFB74D", null, false)],
            [], [], ct: Ct);
        var first = await app.SignedInPageAsync("owner@studio.demo");
        var second = await app.SignedInPageAsync("owner@studio.demo");
        foreach (var page in new[] { first, second })
        {
            await page.GotoAsync($"{app.BaseUrl}/settings/boards/{boardId}");
            await Interactive.WaitAsync(page);
            await Expect(page.Locator("[data-testid=designer-stage]")).ToHaveCountAsync(6);
        }

        await DragStageAsync(first, "Visit", "Call");
        await Expect(first.Locator("[data-testid=designer-stage][data-slot=\"1\"]")).ToContainTextAsync("Visit");
        await first.GetByTestId("save-board").ClickAsync();
        await Expect(first.GetByTestId("form-error")).ToHaveCountAsync(0);
        async Task<string> SavedSecond() => (await pipelines.GetSettingsAsync(owner, boardId, Ct)).Stages[1].Name;
        for (var i = 0; i < 100 && await SavedSecond() != "Visit"; i++) await Task.Delay(100, Ct); // a wait with a generous limit, not a timing assert
        Assert.Equal("Visit", await SavedSecond());

        await DragStageAsync(second, "Trial", "Call");
        await Expect(second.Locator("[data-testid=designer-stage][data-slot=\"1\"]")).ToContainTextAsync("Trial");
        await second.GetByTestId("save-board").ClickAsync();

        await Expect(second.GetByTestId("form-error")).ToContainTextAsync("Someone else saved this first");
        // The second screen now shows the saved order, the first owner's.
        await Expect(second.Locator("[data-testid=designer-stage][data-slot=\"1\"]")).ToContainTextAsync("Visit");
        Assert.Equal(["Start", "Visit", "Call", "Trial", "Won", "Lost"], (await pipelines.GetSettingsAsync(owner, boardId, Ct)).Stages.Select(s => s.Name));

        await first.Context.CloseAsync();
        await second.Context.CloseAsync();
    }
}
