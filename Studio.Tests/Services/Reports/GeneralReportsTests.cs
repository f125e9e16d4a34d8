using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Studio.Domain.Billing;
using Studio.Domain.Clients;
using Studio.Domain.Organisation;
using Studio.Domain.Reports;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Reports;
using Studio.Infrastructure.Tasks;
using Studio.Tests.Infrastructure;

namespace Studio.Tests.Services.Reports;

/// <summary>The general CRM report in the database: the figures the pure calculator gives on the same rows, and the worked counts.</summary>
public sealed class GeneralReportsTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, DatabaseData]
    public async Task GetAsync_TenCallsToOneClient_TenAndOne_AndEqualToTheCalculator(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var (anna, borys, gone) = (await studio.AddClientAsync(manager, "Anna"), await studio.AddClientAsync(manager, "Borys"), await studio.AddClientAsync(manager, "Gone"));
        await studio.Services.GetRequiredService<ClientService>().ArchiveAsync(manager, gone, true, Ct);
        var template = new TaskTemplate("Call", TaskKind.PersonalCall);
        var thinking = template.AddResult("Thinking", ResultField.None);
        var later = template.AddResult("Later", ResultField.None);
        await studio.ReadAsync(async db => { db.TaskTemplates.Add(template); return await db.SaveChangesAsync(Ct); });
        var tasks = studio.Services.GetRequiredService<TaskService>();
        var group = await studio.AddLessonTypeAsync(owner);
        var plan = await studio.Billing.SavePlanAsync(owner, null, null, "8 visits", 8, 30, 1200m, [group], Ct);

        async Task<Guid> CallAsync(Guid client, TaskResult? result)
        {
            var id = await tasks.CreateAsync(manager, new NewTask(TaskKind.PersonalCall, template.Id, null, null, [manager], ClientId: client), Ct);
            if (result is not null)
                await tasks.ChangeStatusAsync(manager, id, (await tasks.GetAsync(manager, id, Ct)).Version, TaskState.Done, null, result.Id, ct: Ct);
            return id;
        }
        await CallAsync(borys, later);                                                   // the day before
        await studio.Billing.SellPassAsync(manager, anna, plan, null, null, PaymentMethod.Cash, null, Ct);
        studio.Clock.Advance(TimeSpan.FromDays(1));
        var day = studio.Today;
        for (var i = 0; i < 10; i++) await CallAsync(anna, thinking);
        await CallAsync(borys, later);
        await CallAsync(borys, null);                                                     // open: Read
        await studio.Billing.SellPassAsync(manager, anna, plan, null, null, PaymentMethod.Cash, null, Ct);
        await studio.Billing.SellPassAsync(manager, borys, plan, null, null, PaymentMethod.Card, null, Ct);

        var period = ReportPeriods.ToUtc(day, day, TimeZoneInfo.FindSystemTimeZoneById("Europe/Kyiv"));
        var view = await studio.Services.GetRequiredService<GeneralReports>().GetAsync(owner, period, Ct);

        var f = view.Figures;
        Assert.Equal((10, 1), (f.ClientTasksDone - 1, f.UniqueClients - 1)); // ten calls to Anna count 10 tasks and 1 client (+ Borys's one)
        Assert.Equal([("Thinking", 10), ("Later", 1)], view.Results.Select(r => (r.Result, r.Tasks)));
        Assert.Equal((11, 1, 2, 1), (f.DoneOrClosed, f.Read, f.ClientsActive, f.ClientsArchived));
        Assert.Equal((2, 2400m), (f.Payments, f.PaymentsSum));

        var facts = await studio.ReadAsync(db => db.Tasks.AsNoTracking().Select(t => new TaskOutcome(t.Id, t.ClientId, t.Status, t.ResultId)).ToListAsync(Ct));
        var moves = await studio.ReadAsync(db => db.TaskChanges.AsNoTracking().Select(c => new TaskMove(c.TaskId, c.To, c.At)).ToListAsync(Ct));
        var payments = await studio.ReadAsync(db => db.Payments.AsNoTracking().Select(p => new PaymentFact(p.Id, p.PaidAt, p.Amount)).ToListAsync(Ct));
        var expected = GeneralReport.Compute(facts, moves, 2, 1, payments, period);
        Assert.Equal(expected with { Results = [] }, f with { Results = [] });
        Assert.Equal(expected.Results, f.Results);
    }

    [Theory, DatabaseData]
    public async Task GetAsync_ForABranch_CountsItsClientsTasksAndPayments_NotTheOtherBranchs(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var podil = await studio.Organisation.SaveBranchAsync(owner, null, Guid.Empty, "Podil", null, "Europe/Kyiv", Ct);
        var podilManager = await studio.Organisation.CreateEmployeeWithAccountAsync("Petro Podil", "petro@studio.test", EmployeeRole.Manager, [podil],
            TestStudio.Password, Ct);
        var anna = await studio.AddClientAsync(manager, "Anna");
        var olga = await studio.Services.GetRequiredService<ClientService>().CreateAsync(owner, new ClientInput("Olga", ["+380671234567"], null, null, null,
            podil, null, null, [], ContactChannels.None, null, new Dictionary<Guid, string?>()), duplicatesSeen: true, Ct);
        var template = new TaskTemplate("Call", TaskKind.PersonalCall);
        var done = template.AddResult("Done", ResultField.None);
        await studio.ReadAsync(async db => { db.TaskTemplates.Add(template); return await db.SaveChangesAsync(Ct); });
        var tasks = studio.Services.GetRequiredService<TaskService>();
        var group = await studio.AddLessonTypeAsync(owner);
        var plan = await studio.Billing.SavePlanAsync(owner, null, null, "8 visits", 8, 30, 1200m, [group], Ct);
        async Task CallAsync(Guid actor, Guid? client, Guid executor)
        {
            var id = await tasks.CreateAsync(actor, client is null
                ? new NewTask(TaskKind.Internal, null, "Errand", null, [executor])
                : new NewTask(TaskKind.PersonalCall, template.Id, null, null, [executor], ClientId: client), Ct);
            await tasks.ChangeStatusAsync(executor, id, (await tasks.GetAsync(executor, id, Ct)).Version, TaskState.Done, null, client is null ? null : done.Id, ct: Ct);
        }
        await CallAsync(manager, anna, manager);
        await CallAsync(owner, olga, podilManager);
        await CallAsync(owner, olga, podilManager);
        await CallAsync(owner, null, podilManager);          // no client: in the executor's branch (Podil)
        await studio.Billing.SellPassAsync(manager, anna, plan, null, null, PaymentMethod.Cash, null, Ct);
        await studio.Billing.SellPassAsync(owner, olga, plan, null, null, PaymentMethod.Cash, null, Ct);
        await studio.Billing.SellPassAsync(owner, olga, plan, null, null, PaymentMethod.Cash, null, Ct);
        var day = studio.Today;
        var period = ReportPeriods.ToUtc(day, day, TimeZoneInfo.FindSystemTimeZoneById("Europe/Kyiv"));
        var reports = studio.Services.GetRequiredService<GeneralReports>();

        var main = (await reports.GetAsync(owner, period, studio.BranchId, Ct)).Figures;
        var second = (await reports.GetAsync(owner, period, podil, Ct)).Figures;
        var all = (await reports.GetAsync(owner, period, Ct)).Figures;

        Assert.Equal((1, 1, 1, 1, 1200m), (main.ClientTasksDone, main.DoneOrClosed, main.ClientsActive, main.Payments, main.PaymentsSum));
        Assert.Equal((2, 3, 1, 2, 2400m), (second.ClientTasksDone, second.DoneOrClosed, second.ClientsActive, second.Payments, second.PaymentsSum));
        Assert.Equal((3, 4, 2, 3, 3600m), (all.ClientTasksDone, all.DoneOrClosed, all.ClientsActive, all.Payments, all.PaymentsSum));
        Assert.Equal(1, main.Results.Single().Tasks);
        Assert.Equal(2, second.Results.Single().Tasks);
    }
}
