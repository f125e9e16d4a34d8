using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Studio.Infrastructure.Pipelines;
using static Microsoft.Playwright.Assertions;
using Studio.Tests.Browser.Pages;

namespace Studio.Tests.Browser.Dashboard;

/// <summary>The owner's live dashboard: their home after sign-in, and its tiles move by themselves as leads come and deals are won.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardLiveTests(StudioAppFixture app)
{
    private const string Owner = "owner@studio.demo";
    private const string NewLeads = "Dashboard.NewLeads", Wins = "Dashboard.Wins";
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task OwnerSignsIn_LandsOnTheDashboard_ManagerKeepsTheBoards()
    {
        var owner = new DashboardPage(await app.SignedInPageAsync(Owner), app.BaseUrl);
        await owner.Page.GotoAsync($"{app.BaseUrl}/");
        await owner.Page.WaitForURLAsync($"{app.BaseUrl}/dashboard");
        await Expect(owner.Tiles).ToHaveCountAsync(7);
        await Expect(owner.NavLink).ToBeVisibleAsync();

        var manager = new DashboardPage(await app.SignedInPageAsync("manager1@studio.demo"), app.BaseUrl);
        await manager.Page.GotoAsync($"{app.BaseUrl}/");
        await manager.Page.WaitForURLAsync($"{app.BaseUrl}/boards");
        await Expect(manager.NavLink).ToHaveCountAsync(0);
        await manager.OpenAsync();
        await Expect(manager.Heading).ToBeVisibleAsync(); // the page answered: what it shows a manager is no tiles
        await Expect(manager.Tiles).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task WebFormLeadAndAWonDeal_OwnerWatching_NewLeadsAndWinsGoUpWithoutReload()
    {
        var ct = TestContext.Current.CancellationToken;
        var pipelines = app.Services.GetRequiredService<PipelineService>();
        var ownerId = await app.EmployeeIdAsync(Owner);
        var boardId = await pipelines.CreateBoardAsync(ownerId, "Dashboard live " + Guid.NewGuid().ToString("N")[..6],
            [new StageInput(null, "Call", "#4FC3F7", null, false)], ["No time"], [], ct: ct);
        var board = await pipelines.GetSettingsAsync(ownerId, boardId, ct);
        var dashboard = new DashboardPage(await app.SignedInPageAsync(Owner), app.BaseUrl);
        await dashboard.OpenAsync();
        await Expect(dashboard.Tile(NewLeads)).ToBeVisibleAsync();
        var (leads, wins) = (await dashboard.ValueAsync(NewLeads), await dashboard.ValueAsync(Wins));
        var url = dashboard.Page.Url;

        // A lead from the board's public web form.
        using var http = new HttpClient();
        var response = await http.PostAsJsonAsync($"{app.BaseUrl}/api/forms/{board.FormKey}/leads",
            new { name = "Лід для панелі " + Guid.NewGuid().ToString("N")[..6], phone = "+380 67 555 91 01" }, ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var dealId = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(ct)).GetProperty("dealId").GetGuid();

        await dashboard.ExpectValueAsync(NewLeads, leads + 1, (float)Live.TotalMilliseconds);
        await Expect(dashboard.Delta(NewLeads, "+1")).ToBeVisibleAsync();
        await Expect(dashboard.Line("new-leads-board", $"/boards/{boardId}?period=today")).ToHaveAttributeAsync("data-value", "1");

        // The deal is won.
        await pipelines.MoveDealAsync(ownerId, dealId, board.Stages.Single(s => s.Kind == Studio.Domain.Pipelines.StageKind.Won).Id, null, ct);

        await dashboard.ExpectValueAsync(Wins, wins + 1, (float)Live.TotalMilliseconds);
        Assert.Equal(leads + 1, await dashboard.ValueAsync(NewLeads));
        Assert.Equal(url, dashboard.Page.Url);   // no reload, no navigation
    }

    [Fact]
    public async Task ABirthdayThisWeekAndAVisitOwed_OwnerWatching_BirthdaysAndDebtorsGoUpWithoutReload()
    {
        var ct = TestContext.Current.CancellationToken;
        const string Birthdays = "Dashboard.Birthdays", Debtors = "Dashboard.Debtors";
        var ownerId = await app.EmployeeIdAsync(Owner);
        var teacherId = await app.EmployeeIdAsync("teacher1@studio.demo");
        var dashboard = new DashboardPage(await app.SignedInPageAsync(Owner), app.BaseUrl);
        await dashboard.OpenAsync();
        await Expect(dashboard.Tile(Debtors)).ToBeVisibleAsync();
        var (birthdays, debtors) = (await dashboard.ValueAsync(Birthdays), await dashboard.ValueAsync(Debtors));
        var url = dashboard.Page.Url;

        // A client born thirty years ago today.
        var org = await app.Services.GetRequiredService<Studio.Infrastructure.Organisation.OrganisationSettingsSource>().GetAsync(ct);
        var today = org.Today(DateTime.UtcNow);
        var factory = app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Studio.Infrastructure.Persistence.StudioDbContext>>();
        Guid branchId, typeId;
        await using (var db = factory.CreateDbContext())
        {
            // A branch the teacher works in (other tests add branches of their own).
            var teaches = db.Employees.Where(e => e.Id == teacherId).SelectMany(e => e.Branches.Select(b => b.BranchId));
            branchId = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstAsync(
                db.Branches.Where(b => !b.IsArchived && teaches.Contains(b.Id)).OrderBy(b => b.Name).Select(b => b.Id), ct);
            typeId = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstAsync(
                db.LessonTypes.Where(t => !t.IsArchived && t.VisitsUsed > 0).Select(t => t.Id), ct);
        }
        var n = Random.Shared.Next(1_000_000, 9_999_999);
        var client = await app.Services.GetRequiredService<Studio.Infrastructure.Clients.ClientService>().CreateAsync(ownerId,
            new Studio.Infrastructure.Clients.ClientInput("Іменинник " + n, [$"+38063{n}"], null, today.AddYears(-30), null, branchId, null, null, [],
                Studio.Domain.Clients.ContactChannels.None, null, new Dictionary<Guid, string?>()), duplicatesSeen: true, ct);

        await dashboard.ExpectValueAsync(Birthdays, birthdays + 1, (float)Live.TotalMilliseconds);

        // They come to a lesson with no pass: a visit owed.
        var schedule = app.Services.GetRequiredService<Studio.Infrastructure.Schedule.ScheduleService>();
        var room = await app.Services.GetRequiredService<Studio.Infrastructure.Organisation.OrganisationService>()
            .SaveRoomAsync(ownerId, branchId, null, Guid.Empty, "Room " + n, 10, ct);
        var lesson = await schedule.BookAsync(ownerId, new Studio.Infrastructure.Schedule.LessonDraft(branchId, typeId,
            today.AddDays(-1).ToDateTime(new TimeOnly(6, 0)), null, room, teacherId, null, [client]), ct);
        var version = (await schedule.GetLessonAsync(ownerId, lesson, ct)).Lesson.Version;
        await schedule.MarkHeldAsync(ownerId, lesson, version, [new Studio.Domain.Schedule.AttendanceMark(client, true, false)], null, ct);

        await dashboard.ExpectValueAsync(Debtors, debtors + 1, (float)Live.TotalMilliseconds);
        await Expect(dashboard.Delta(Debtors, "+1")).ToBeVisibleAsync();
        Assert.Equal(birthdays + 1, await dashboard.ValueAsync(Birthdays));
        Assert.Equal(url, dashboard.Page.Url);   // no reload, no navigation
    }
}
