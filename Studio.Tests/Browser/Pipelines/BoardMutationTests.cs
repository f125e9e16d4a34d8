using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Studio.Domain.Clients;
using Studio.Domain.Pipelines;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Pipelines;
using Xunit;
using static Microsoft.Playwright.Assertions;
using Studio.Tests.Browser.Pages;

namespace Studio.Tests.Browser.Pipelines;

/// <summary>A studio of its own with one 2,000-card board, so the demo board's tests are not disturbed.</summary>
[CollectionDefinition(Name)]
public sealed class BigBoardCollection : ICollectionFixture<StudioAppFixture>
{
    public const string Name = "big board";
}

/// <summary>
/// In a watching browser, another manager's move or a web-form lead on a 2,000-card board changes the
/// card that changed, not the board (ADR-008): counted with a MutationObserver on the board.
/// </summary>
[Collection(BigBoardCollection.Name)]
public sealed class BoardMutationTests(StudioAppFixture app)
{
    private const int Cards = 2_000;
    private static readonly string[] Columns = ["Нові", "Дзвінок", "Пробне", "Договір"];
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Counts the nodes added or removed and the texts and attributes changed under the board.</summary>
    private const string CountMutations = """
        () => {
            window.__mutations = 0;
            window.__observer?.disconnect();
            window.__observer = new MutationObserver(records => {
                for (const r of records) window.__mutations += r.type === 'childList' ? r.addedNodes.length + r.removedNodes.length : 1;
            });
            window.__observer.observe(document.querySelector('[data-testid=board]'), { subtree: true, childList: true, attributes: true, characterData: true });
        }
        """;

    private async Task<(Guid BoardId, string FormKey)> BigBoardAsync()
    {
        var services = app.Services;
        var owner = await app.EmployeeIdAsync("owner@studio.demo");
        var managers = new[] { await app.EmployeeIdAsync("manager1@studio.demo"), await app.EmployeeIdAsync("manager2@studio.demo") };
        var boardId = await services.GetRequiredService<PipelineService>().CreateBoardAsync(owner, "Big board " + Guid.NewGuid().ToString("N")[..4],
            Columns.Skip(1).Select(c => new StageInput(null, c, "#90CAF9", null, false)).ToList(), ["Дорого"], managers, ("Нові", "Успішно", "Відмова"), Ct);
        var factory = services.GetRequiredService<IDbContextFactory<StudioDbContext>>();
        Board board;
        Guid branch;
        string formKey;
        await using (var db = factory.CreateDbContext())
        {
            board = await db.Boards.AsNoTracking().AsSplitQuery().SingleAsync(b => b.Id == boardId, Ct);
            branch = await db.Branches.OrderBy(b => b.Name).Select(b => b.Id).FirstAsync(Ct);
            formKey = board.FormKey;
        }
        var columns = board.OrderedStages.Where(s => s.Kind is StageKind.Start or StageKind.Open).ToList();
        var at = new DateTime(2026, 11, 1, 9, 0, 0, DateTimeKind.Utc);
        for (var first = 0; first < Cards; first += 500)
        {
            await using var db = factory.CreateDbContext();
            for (var i = first; i < first + 500; i++)
            {
                var client = new Client($"Клієнт {i + 1}", $"+38050{1_000_000 + i}", null, branch, null, managers[i % 2], at.AddMinutes(i));
                db.Clients.Add(client);
                var deal = new Deal(board, client.Id, branch, managers[i % 2], null, 500, null, managers[i % 2], at.AddMinutes(i));
                db.Deals.Add(deal);
                var column = columns[i % columns.Count];
                if (column.Id != deal.StageId) deal.MoveTo(board, column.Id, null, managers[i % 2], at.AddMinutes(i));
            }
            await db.SaveChangesAsync(Ct);
        }
        return (boardId, formKey);
    }

    [Fact]
    public async Task RemoteMoveAndWebLead_OnA2000CardBoard_ChangeOnlyThoseCardsInAWatchingPage()
    {
        var (boardId, formKey) = await BigBoardAsync();
        var watcher = new BoardPage(await app.SignedInPageAsync("manager1@studio.demo"), app.BaseUrl);
        var mover = new BoardPage(await app.SignedInPageAsync("manager2@studio.demo"), app.BaseUrl);
        await watcher.OpenAsync(boardId);
        await mover.OpenAsync(boardId);
        await Expect(watcher.Column("Дзвінок").Locator(".deal-card").First).ToBeVisibleAsync();
        Assert.Equal("500", await watcher.CountOf("Дзвінок").TextContentAsync());
        var shown = await watcher.Cards.CountAsync();
        Assert.Equal(4 * Studio.Web.Pipelines.BoardColumn.Window, shown); // each column shows a window, not its 500 cards

        await watcher.Page.EvaluateAsync(CountMutations);
        var dealId = await mover.FirstCardInAsync("Дзвінок");
        await mover.DragAsync(dealId, "Пробне");
        await Expect(mover.CardIn("Пробне", dealId)).ToBeVisibleAsync();
        await Expect(watcher.CardIn("Пробне", dealId)).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await watcher.Page.WaitForTimeoutAsync(1_000); // anything that follows the move lands here too
        var afterMove = await watcher.Page.EvaluateAsync<int>("() => window.__mutations");

        await watcher.Page.EvaluateAsync(CountMutations);
        using var http = new HttpClient();
        var name = "Заявка " + Guid.NewGuid().ToString("N")[..6];
        var response = await http.PostAsJsonAsync($"{app.BaseUrl}/api/forms/{formKey}/leads", new { name, phone = "+380 67 555 90 07" }, Ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
        await Expect(watcher.Column("Нові").Locator(".deal-card").First).ToContainTextAsync(name, new() { Timeout = 10_000 });
        await watcher.Page.WaitForTimeoutAsync(1_000);
        var afterLead = await watcher.Page.EvaluateAsync<int>("() => window.__mutations");

        // Before (MudDropContainer, every card rebuilt): about one node per card on the board, 2,000+.
        Assert.InRange(afterMove, 2, 49);
        Assert.InRange(afterLead, 1, 49);
    }
}
