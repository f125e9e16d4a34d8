using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Studio.Domain.Clients;
using Studio.Domain.Organisation;
using Studio.Domain.Reports;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Reports;
using Studio.Tests.Infrastructure;

namespace Studio.Tests.Services.Reports;

/// <summary>The funnels computed in the database, on DOMAIN.md's worked example, and equal to the pure calculators on the same rows.</summary>
public sealed class FunnelReportsTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Example(TestStudio Studio, Guid Manager, Guid Lead, Guid Potential, Guid New, Guid Gone, Guid Instagram, Guid[] Clients, Period Day);

    /// <summary>
    /// Before the day: client 2 a Lead, 3 New, 5 Potential. The day: client 1 Lead → Potential → New, 2 became Potential, 3 Gone, 4 Lead,
    /// 5 New. The day after: 4 became Potential. Clients 1, 2 and 4 came from Instagram; the others have no source.
    /// </summary>
    private async Task<Example> ArrangeAsync(DatabaseProvider provider)
    {
        var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var (lead, potential, @new, gone) = (new ClientStatus("Lead", 1, true, "#90A4AE"), new ClientStatus("Potential", 2, true, "#4FC3F7"),
            new ClientStatus("New", 3, true, "#81C784"), new ClientStatus("Gone", 4, false, "#E57373"));
        var instagram = new LeadSource("Instagram");
        await studio.ReadAsync(async db => { db.LeadSources.Add(instagram); return await db.SaveChangesAsync(Ct); });
        var clients = new Guid[6];
        var service = studio.Services.GetRequiredService<ClientService>();
        for (var i = 1; i <= 5; i++)
            clients[i] = await service.CreateAsync(manager, new ClientInput($"Client {i}", [$"+38067{2000000 + i}"], null, null, null, studio.BranchId,
                i is 1 or 2 or 4 ? instagram.Id : null, null, [], ContactChannels.None, null, new Dictionary<Guid, string?>()), duplicatesSeen: true, Ct);
        // The statuses come after the clients, or a new client would start in the first of them.
        await studio.ReadAsync(async db => { db.ClientStatuses.AddRange(lead, potential, @new, gone); return await db.SaveChangesAsync(Ct); });
        async Task SetAsync(int client, ClientStatus status)
        {
            studio.Clock.Advance(TimeSpan.FromMinutes(7));
            await service.ChangeStatusAsync(manager, clients[client], status.Id, Ct);
        }
        await SetAsync(2, lead); await SetAsync(3, @new); await SetAsync(5, potential);
        var kyiv = TimeZoneInfo.FindSystemTimeZoneById("Europe/Kyiv");
        var day = studio.Today.AddDays(1);
        studio.Clock.SetUtcNow(new DateTimeOffset(Studio.Domain.Common.Zones.ToUtc(day.ToDateTime(new TimeOnly(9, 0)), kyiv), TimeSpan.Zero));
        await SetAsync(1, lead); await SetAsync(2, potential); await SetAsync(1, potential); await SetAsync(3, gone); await SetAsync(4, lead);
        await SetAsync(1, @new); await SetAsync(5, @new);
        studio.Clock.Advance(TimeSpan.FromDays(1));
        await SetAsync(4, potential);
        return new(studio, manager, lead.Id, potential.Id, @new.Id, gone.Id, instagram.Id, clients, ReportPeriods.ToUtc(day, day, kyiv));
    }

    [Theory, DatabaseData]
    public async Task GetAsync_WorkedExample_BothFunnelsExactly_PerSourceWithNotSet(DatabaseProvider provider)
    {
        var x = await ArrangeAsync(provider);
        await using var studio = x.Studio;

        var report = await studio.Services.GetRequiredService<FunnelReports>().GetAsync(x.Manager, x.Day, Ct);

        int Moves(Guid s) => report.EveryMove.Single(r => r.StatusId == s).Transitions;
        int MoveClients(Guid s) => report.EveryMove.Single(r => r.StatusId == s).Clients;
        int Now(Guid s) => report.WhereNow.Rows.Single(r => r.StatusId == s).Clients;
        Assert.Equal((2, 2, 2, 2, 2, 2, 1, 1), (Moves(x.Lead), MoveClients(x.Lead), Moves(x.Potential), MoveClients(x.Potential),
            Moves(x.New), MoveClients(x.New), Moves(x.Gone), MoveClients(x.Gone)));
        Assert.Equal((1, 1, 2, 1), (Now(x.Lead), Now(x.Potential), Now(x.New), Now(x.Gone)));
        Assert.Contains(new TransitionCell(x.Potential, x.New, 1), report.WhereNow.Table); // client 5: before the day → at its end
        Assert.Contains(new TransitionCell(null, x.New, 1), report.WhereNow.Table);        // client 1: nothing before the day

        Assert.Equal([null, x.Instagram], report.PerSource.Select(p => p.SourceId));
        var instagram = report.PerSource[1];
        Assert.Equal([new WhereNowRow(x.Lead, 1), new WhereNowRow(x.Potential, 1), new WhereNowRow(x.New, 1)],
            instagram.WhereNow.Rows.OrderBy(r => r.StatusId == x.Lead ? 0 : r.StatusId == x.Potential ? 1 : 2));
        Assert.Equal(2, report.PerSource[0].WhereNow.Rows.Sum(r => r.Clients)); // clients 3 and 5: source not set
    }

    [Theory, DatabaseData]
    public async Task GetAsync_AnyPeriod_SameAsThePureCalculatorsOnTheSameRows(DatabaseProvider provider)
    {
        var x = await ArrangeAsync(provider);
        await using var studio = x.Studio;
        var rows = await studio.ReadAsync(db => (from c in db.ClientStatusChanges join cl in db.Clients on c.ClientId equals cl.Id
                                                 select new { c.ClientId, c.FromStatusId, c.ToStatusId, c.At, cl.SourceId, c.Id }).ToListAsync(Ct));
        var moves = rows.OrderBy(r => r.At).Select((r, i) => new StatusMove(r.ClientId, r.FromStatusId, r.ToStatusId, r.At, r.SourceId, i)).ToList();
        var reports = studio.Services.GetRequiredService<FunnelReports>();

        foreach (var period in new[] { x.Day, new Period(x.Day.From.AddDays(-3), x.Day.To), new Period(x.Day.From.AddHours(3), x.Day.To.AddDays(2)) })
        {
            var report = await reports.GetAsync(x.Manager, period, Ct);
            Assert.Equal(Funnels.EveryMove(moves, period), report.EveryMove);
            var whereNow = Funnels.WhereNow(moves, period);
            Assert.Equal(whereNow.Rows, report.WhereNow.Rows);
            Assert.Equal(whereNow.Table, report.WhereNow.Table);
            Assert.Equal(Funnels.Transitions(moves, period), report.Transitions);
        }
    }

    [Theory, DatabaseData]
    public async Task GetAsync_ForABranch_CountsItsClientsOnly_SameAsTheCalculatorsOnTheirRows(DatabaseProvider provider)
    {
        var x = await ArrangeAsync(provider);
        await using var studio = x.Studio;
        // Clients 1, 3 and 4 are Podil's (1 and 4 from Instagram); 2 and 5 stay in the main branch.
        var podil = await studio.Organisation.SaveBranchAsync(await OwnerAsync(studio), null, Guid.Empty, "Podil", null,
            "Europe/Kyiv", Ct);
        Guid[] podils = [x.Clients[1], x.Clients[3], x.Clients[4]];
        await studio.ReadAsync(db => db.Clients.Where(c => podils.Contains(c.Id)).ExecuteUpdateAsync(u => u.SetProperty(c => c.BranchId, podil), Ct));
        var rows = await studio.ReadAsync(db => (from c in db.ClientStatusChanges join cl in db.Clients on c.ClientId equals cl.Id
                                                 select new { c.ClientId, c.FromStatusId, c.ToStatusId, c.At, cl.SourceId, cl.BranchId, c.Id }).ToListAsync(Ct));
        var reports = studio.Services.GetRequiredService<FunnelReports>();

        foreach (var branch in new[] { studio.BranchId, podil })
        {
            var moves = rows.Where(r => r.BranchId == branch).OrderBy(r => r.At)
                .Select((r, i) => new StatusMove(r.ClientId, r.FromStatusId, r.ToStatusId, r.At, r.SourceId, i)).ToList();
            foreach (var period in new[] { x.Day, new Period(x.Day.From.AddDays(-3), x.Day.To.AddDays(2)) })
            {
                var report = await reports.GetAsync(x.Manager, period, branch, Ct);

                Assert.Equal(Funnels.EveryMove(moves, period), report.EveryMove);
                var whereNow = Funnels.WhereNow(moves, period);
                Assert.Equal(whereNow.Rows, report.WhereNow.Rows);
                Assert.Equal(whereNow.Table, report.WhereNow.Table);
                Assert.Equal(Funnels.Transitions(moves, period), report.Transitions);
                foreach (var source in report.PerSource)
                {
                    var ofSource = moves.Where(m => m.SourceId == source.SourceId).ToList();
                    Assert.Equal(Funnels.EveryMove(ofSource, period), source.EveryMove);
                    Assert.Equal(Funnels.WhereNow(ofSource, period).Rows, source.WhereNow.Rows);
                }
            }
        }
        // By hand, the day in Podil: client 1 Lead → Potential → New, 3 Gone, 4 Lead; where they are now: 1 New, 3 Gone, 4 Lead.
        var day = await reports.GetAsync(x.Manager, x.Day, podil, Ct);
        Assert.Equal(5, day.EveryMove.Sum(r => r.Transitions));
        Assert.Equal([(x.Lead, 1), (x.New, 1), (x.Gone, 1)], day.WhereNow.Rows.Select(r => (r.StatusId, r.Clients)).OrderBy(r => r.Item1 == x.Lead ? 0 : r.Item1 == x.New ? 1 : 2));
        Assert.Equal([x.Instagram, null], day.PerSource.Select(p => p.SourceId).OrderBy(s => s is null));
        var main = await reports.GetAsync(x.Manager, x.Day, studio.BranchId, Ct);
        Assert.Equal(2, main.EveryMove.Sum(r => r.Transitions));   // client 2 Potential, 5 New
    }

    private static Task<Guid> OwnerAsync(TestStudio studio) =>
        studio.ReadAsync(db => db.Employees.Where(e => e.Role == EmployeeRole.Owner).Select(e => e.Id).FirstAsync(Ct));

    [Theory, DatabaseData]
    public async Task GetAsync_Teacher_Refused(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var teacher = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var now = studio.Clock.GetUtcNow().UtcDateTime;

        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            studio.Services.GetRequiredService<FunnelReports>().GetAsync(teacher, new Period(now.AddDays(-1), now), Ct));
    }
}
