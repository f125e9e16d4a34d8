using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Studio.Domain.Clients;
using Studio.Domain.Organisation;
using Studio.Domain.Pipelines;
using Studio.Infrastructure.Pipelines;
using Studio.Infrastructure.Reports;
using Studio.Infrastructure.Persistence;
using Studio.Tests.Infrastructure;

namespace Studio.Tests.Services.Clients;

/// <summary>
/// Every door a new client comes in by (the Clients page, the web form, quick add on the board, the new-deal dialog) puts them
/// in the organisation's first status with one history row, so the funnels count them.
/// </summary>
public sealed class FirstStatusTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Arranged(TestStudio Studio, Guid Owner, Guid Manager, TestBoard Board, Guid Lead, Guid Trial);

    /// <summary>Two statuses saved in the order Trial, Lead but ordered Lead (0) before Trial (1): the order wins, not the insert.</summary>
    private async Task<Arranged> ArrangeAsync(DatabaseProvider provider)
    {
        var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var board = await studio.AddBoardAsync(owner, manager);
        var (trial, lead) = (new ClientStatus("Trial", 1, true, "#FFB74D"), new ClientStatus("Lead", 0, true, "#90A4AE"));
        await studio.ReadAsync(async db => { db.ClientStatuses.Add(trial); await db.SaveChangesAsync(Ct); db.ClientStatuses.Add(lead); return await db.SaveChangesAsync(Ct); });
        return new(studio, owner, manager, board, lead.Id, trial.Id);
    }

    /// <summary>The client is in the first status, with exactly one history row into it from none, by whom and when it came in.</summary>
    private static async Task AssertEnteredFirstStatusAsync(Arranged x, Guid clientId, Guid by)
    {
        var client = await x.Studio.ReadAsync(db => db.Clients.AsNoTracking().SingleAsync(c => c.Id == clientId, Ct));
        var history = await x.Studio.ReadAsync(db => db.ClientStatusChanges.AsNoTracking().Where(h => h.ClientId == clientId).ToListAsync(Ct));
        Assert.Equal(x.Lead, client.StatusId);
        var row = Assert.Single(history);
        Assert.Equal(((Guid?)null, x.Lead, by, x.Studio.Clock.GetUtcNow().UtcDateTime), (row.FromStatusId, row.ToStatusId, row.ById, row.At));

        // The funnels of today count the client as one that came into the first status.
        var kyiv = TimeZoneInfo.FindSystemTimeZoneById("Europe/Kyiv");
        var report = await x.Studio.Services.GetRequiredService<FunnelReports>().GetAsync(x.Owner, ReportPeriods.ToUtc(x.Studio.Today, x.Studio.Today, kyiv), Ct);
        Assert.Equal(1, Assert.Single(report.EveryMove, r => r.StatusId == x.Lead).Clients);
        Assert.Equal(1, Assert.Single(report.WhereNow.Rows, r => r.StatusId == x.Lead).Clients);
    }

    [Theory, DatabaseData]
    public async Task CreateAsync_ClientsPage_EntersTheFirstStatusInOrder(DatabaseProvider provider)
    {
        var x = await ArrangeAsync(provider);
        await using var _ = x.Studio;

        var client = await x.Studio.AddClientAsync(x.Manager);

        await AssertEnteredFirstStatusAsync(x, client, x.Manager);
    }

    [Theory, DatabaseData]
    public async Task TakeAsync_WebFormLeadForANewPhone_EntersTheFirstStatusByTheWebForm(DatabaseProvider provider)
    {
        var x = await ArrangeAsync(provider);
        await using var _ = x.Studio;

        var taken = await x.Studio.Services.GetRequiredService<LeadIntakeService>().TakeAsync(x.Board.Settings.FormKey,
            new LeadForm("Olena Koval", "067 555 12 34", null, null, null), null, Ct);

        await AssertEnteredFirstStatusAsync(x, taken.ClientId, WebForm.ActorId);
    }

    [Theory, DatabaseData]
    public async Task CreateDealAsync_QuickAddOnTheBoard_EntersTheFirstStatus(DatabaseProvider provider)
    {
        var x = await ArrangeAsync(provider);
        await using var _ = x.Studio;

        // What the board's quick add sends: a name and a phone, the manager responsible.
        var dealId = await x.Studio.Pipelines.CreateDealAsync(x.Manager,
            new NewDeal(x.Board.Id, null, "Ivan Quick", "+380671112233", null, null, x.Manager, null, 0, null), Ct);

        var clientId = await x.Studio.ReadAsync(db => db.Deals.Where(d => d.Id == dealId).Select(d => d.ClientId).SingleAsync(Ct));
        await AssertEnteredFirstStatusAsync(x, clientId, x.Manager);
    }

    [Theory, DatabaseData]
    public async Task CreateDealAsync_NewDealDialogWithANewClient_EntersTheFirstStatus(DatabaseProvider provider)
    {
        var x = await ArrangeAsync(provider);
        await using var _ = x.Studio;

        // What the new-deal dialog sends for a client not yet known: name, phone, e-mail, branch, amount, title.
        var dealId = await x.Studio.Pipelines.CreateDealAsync(x.Manager,
            new NewDeal(x.Board.Id, null, "Maria Dialog", "+380672223344", "maria@mail.test", x.Studio.BranchId, x.Manager, null, 1500m, "Course"), Ct);

        var clientId = await x.Studio.ReadAsync(db => db.Deals.Where(d => d.Id == dealId).Select(d => d.ClientId).SingleAsync(Ct));
        await AssertEnteredFirstStatusAsync(x, clientId, x.Manager);
    }

    [Theory, DatabaseData]
    public async Task CreateDealAsync_ForAnExistingClient_LeavesTheirStatusAlone(DatabaseProvider provider)
    {
        var x = await ArrangeAsync(provider);
        await using var _ = x.Studio;
        var client = await x.Studio.AddClientAsync(x.Manager);
        await x.Studio.Services.GetRequiredService<Studio.Infrastructure.Clients.ClientService>().ChangeStatusAsync(x.Manager, client, x.Trial, Ct);

        await x.Studio.Pipelines.CreateDealAsync(x.Manager, new NewDeal(x.Board.Id, client, null, null, null, null, x.Manager, null, 0, null), Ct);

        Assert.Equal(x.Trial, await x.Studio.ReadAsync(db => db.Clients.Where(c => c.Id == client).Select(c => c.StatusId).SingleAsync(Ct)));
        Assert.Equal(2, await x.Studio.ReadAsync(db => db.ClientStatusChanges.CountAsync(h => h.ClientId == client, Ct)));
    }
}
