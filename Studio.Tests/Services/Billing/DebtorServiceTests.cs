using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Studio.Domain.Billing;
using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Domain.Schedule;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Billing;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Reports;
using Studio.Infrastructure.Tasks;
using Studio.Tests.Infrastructure;
using Studio.Infrastructure.Dashboard;

namespace Studio.Tests.Services.Billing;

/// <summary>Debtors on every database (issue 17.12): who owes, how much, passes ended, "remind to pay" made once, rights.</summary>
public sealed class DebtorServiceTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DebtorService Debtors(TestStudio s) => s.Services.GetRequiredService<DebtorService>();
    private static TaskService Tasks(TestStudio s) => s.Services.GetRequiredService<TaskService>();

    private static async Task HeldAsync(TestStudio studio, Guid actor, Guid lesson, params AttendanceMark[] marks)
    {
        var version = await studio.ReadAsync(db => db.Lessons.Where(l => l.Id == lesson).Select(l => l.Version).SingleAsync(Ct));
        await studio.Schedule.MarkHeldAsync(actor, lesson, version, marks, null, Ct);
    }

    [Theory, DatabaseData]
    public async Task List_OwedVisitsWithTheirEstimate_PassesEnded_ThenRemindOnce_AndAPassSoldPaysTheDebt(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var teacher = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var room = await studio.AddRoomAsync(owner);
        var group = await studio.AddLessonTypeAsync(owner);
        var plan = await studio.Billing.SavePlanAsync(owner, null, null, "8 visits", 8, 30, 1600m, [group], Ct);
        var (never, ended, paid, away, archived) = (await studio.AddClientAsync(manager, "Андрій Без Абонемента"), await studio.AddClientAsync(manager, "Богдана Скінчився"),
            await studio.AddClientAsync(manager, "Василь Сплачений"), await studio.AddClientAsync(manager, "Галина Відсутня"), await studio.AddClientAsync(manager, "Дмитро Архівний"));
        await studio.Billing.SellPassAsync(manager, ended, plan, null, 2400m, PaymentMethod.Cash, ct: Ct);      // 300 a visit, ends in 30 days
        studio.Clock.Advance(TimeSpan.FromDays(31));
        await studio.Billing.SellPassAsync(manager, paid, plan, null, null, PaymentMethod.Cash, ct: Ct);

        var first = await studio.BookAsync(manager, group, teacher, room, 8, 0, 0, never, ended, paid, away, archived);
        await HeldAsync(studio, teacher, first, new(never, true, false), new(ended, true, false), new(paid, true, false), new(away, false, false), new(archived, true, false));
        var second = await studio.BookAsync(manager, group, teacher, room, 10, 0, 0, never);
        await HeldAsync(studio, teacher, second, new AttendanceMark(never, true, false));
        await studio.Services.GetRequiredService<ClientService>().ArchiveAsync(manager, archived, true, Ct);

        var rows = await Debtors(studio).ListAsync(manager, ct: Ct);

        Assert.Equal([(never, 2, (decimal?)400m, false), (ended, 1, 300m, true)], rows.Select(r => (r.ClientId, r.Visits, r.Amount, r.PassesEnded)));
        Assert.All(rows, r => Assert.Equal((studio.Today, (Guid?)null), (r.FirstOwed, r.ReminderId)));
        Assert.Equal(2, (await studio.Services.GetRequiredService<DashboardReads>().LoadAsync(1, Ct)).Debtors);
        Assert.Equal(2, (await Debtors(studio).ListAsync(owner, studio.BranchId, Ct)).Count);
        Assert.Empty(await Debtors(studio).ListAsync(owner, Guid.NewGuid(), Ct));   // another branch owes nothing

        // One click makes the call; a second, or two at once, find it waiting and make none.
        var made = await Tasks(studio).RemindToPayAsync(manager, ended, "Remind to pay: Bohdana", "1 visit owed", Ct);
        var again = await Task.WhenAll(Tasks(studio).RemindToPayAsync(manager, ended, "Remind to pay", null, Ct),
            Tasks(studio).RemindToPayAsync(owner, ended, "Нагадати про оплату", null, Ct));
        Assert.True(made.Made);
        Assert.All(again, r => Assert.Equal((made.TaskId, false), (r.TaskId, r.Made)));
        var task = await Tasks(studio).GetAsync(manager, made.TaskId, Ct);   // its executor opening it: Read
        Assert.Equal((TaskKind.PersonalCall, (Guid?)ended, (CallDirection?)CallDirection.Outgoing, "Remind to pay: Bohdana", TaskState.Read),
            (task.Kind, task.ClientId, task.Direction, task.Title, task.Status));
        Assert.Equal([manager], task.ExecutorIds);
        Assert.Equal(1, await studio.ReadAsync(db => db.Tasks.CountAsync(t => t.ClientId == ended, Ct)));
        Assert.Equal(made.TaskId, (await Debtors(studio).ListAsync(manager, ct: Ct)).Single(r => r.ClientId == ended).ReminderId);

        // Done, the next click calls again.
        await Tasks(studio).ChangeStatusAsync(manager, made.TaskId, task.Version, TaskState.Done, null, ct: Ct);
        Assert.True((await Tasks(studio).RemindToPayAsync(manager, ended, "Remind to pay", null, Ct)).Made);

        // A pass sold pays the owed visits at once: no longer a debtor.
        await studio.Billing.SellPassAsync(manager, never, plan, null, null, PaymentMethod.Card, ct: Ct);
        Assert.Equal([ended], (await Debtors(studio).ListAsync(manager, ct: Ct)).Select(r => r.ClientId));
        Assert.Equal(1, (await studio.Services.GetRequiredService<DashboardReads>().LoadAsync(2, Ct)).Debtors);
    }

    [Theory, DatabaseData]
    public async Task Refused_ATeacherAndAClientWhoOwesNothing_NothingMade(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var teacher = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var client = await studio.AddClientAsync(manager);

        await Assert.ThrowsAsync<AccessDeniedException>(() => Debtors(studio).ListAsync(teacher, ct: Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Tasks(studio).RemindToPayAsync(teacher, client, "Remind to pay", null, Ct));
        var refused = await Assert.ThrowsAsync<DomainException>(() => Tasks(studio).RemindToPayAsync(manager, client, "Remind to pay", null, Ct));
        Assert.Equal("Error.Debt.None", refused.Message);
        await Assert.ThrowsAsync<NotFoundException>(() => Tasks(studio).RemindToPayAsync(manager, Guid.NewGuid(), "Remind to pay", null, Ct));
        Assert.Equal(0, await studio.ReadAsync(db => db.Tasks.CountAsync(Ct)));
    }
}
