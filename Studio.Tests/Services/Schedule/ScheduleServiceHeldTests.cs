using Microsoft.EntityFrameworkCore;
using Studio.Domain.Billing;
using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Domain.Schedule;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Schedule;
using Studio.Tests.Infrastructure;

namespace Studio.Tests.Services.Schedule;

/// <summary>Held lessons, attendance, passes, freezes and owed visits on every database.</summary>
public sealed class ScheduleServiceHeldTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Setup(TestStudio Studio, Guid Owner, Guid Manager, Guid Teacher, Guid Room, Guid Group, Guid Plan);

    private async Task<Setup> ArrangeAsync(DatabaseProvider provider)
    {
        var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var teacher = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var room = await studio.AddRoomAsync(owner);
        var group = await studio.AddLessonTypeAsync(owner);
        var plan = await studio.Billing.SavePlanAsync(owner, null, null, "8 visits", 8, 30, 1600m, [group], Ct);
        return new(studio, owner, manager, teacher, room, group, plan);
    }

    private static async Task<Guid> VersionAsync(TestStudio studio, Guid lessonId) =>
        await studio.ReadAsync(db => db.Lessons.Where(l => l.Id == lessonId).Select(l => l.Version).SingleAsync(Ct));

    [Theory, DatabaseData]
    public async Task MarkHeldAsync_ByItsTeacher_ChargesPassesAndRecordsOwed_UndoGivesBack(DatabaseProvider provider)
    {
        var s = await ArrangeAsync(provider);
        await using var studio = s.Studio;
        var (paid, owing, away) = (await studio.AddClientAsync(s.Manager), await studio.AddClientAsync(s.Manager), await studio.AddClientAsync(s.Manager));
        var passId = await studio.Billing.SellPassAsync(s.Manager, paid, s.Plan, null, null, PaymentMethod.Cash, ct: Ct);
        var lesson = await studio.BookAsync(s.Manager, s.Group, s.Teacher, s.Room, 8, 0, 0, paid, owing, away);

        await studio.Schedule.MarkHeldAsync(s.Teacher, lesson, await VersionAsync(studio, lesson),
            [new(paid, true, false), new(owing, false, true), new(away, false, false)], "Worked on turns", Ct);

        var details = await studio.Schedule.GetLessonAsync(s.Manager, lesson, Ct);
        Assert.Equal((LessonStatus.Held, "Worked on turns"), (details.Lesson.Status, details.Lesson.Notes));
        var p = details.Lesson.Participants.ToDictionary(x => x.ClientId);
        Assert.Equal((passId, false), (p[paid].PassId, p[paid].Owed));
        Assert.Equal((null, true), (p[owing].PassId, p[owing].Owed));
        Assert.Equal((Attendance.Absent, false, 0), (p[away].Attendance, p[away].Owed, p[away].Visits));
        Assert.Equal(1, await studio.ReadAsync(db => db.Passes.Where(x => x.Id == passId).Select(x => x.VisitsUsed).SingleAsync(Ct)));
        var account = await studio.Billing.ClientAccountAsync(s.Manager, owing, Ct);
        Assert.Equal(lesson, Assert.Single(account.Owed).LessonId);

        await studio.Schedule.UndoHeldAsync(s.Teacher, lesson, Ct);

        Assert.Equal(0, await studio.ReadAsync(db => db.Passes.Where(x => x.Id == passId).Select(x => x.VisitsUsed).SingleAsync(Ct)));
        Assert.Empty((await studio.Billing.ClientAccountAsync(s.Manager, owing, Ct)).Owed);
        Assert.Equal(LessonStatus.Planned, (await studio.Schedule.GetLessonAsync(s.Manager, lesson, Ct)).Lesson.Status);
    }

    [Theory, DatabaseData]
    public async Task SellPassAsync_ClientOwesVisits_PaidFromTheNewPassAtOnce(DatabaseProvider provider)
    {
        var s = await ArrangeAsync(provider);
        await using var studio = s.Studio;
        var client = await studio.AddClientAsync(s.Manager);
        var lesson = await studio.BookAsync(s.Manager, s.Group, s.Teacher, s.Room, 8, 0, 0, client);
        await studio.Schedule.MarkHeldAsync(s.Manager, lesson, await VersionAsync(studio, lesson), [new(client, true, false)], null, Ct);

        var passId = await studio.Billing.SellPassAsync(s.Manager, client, s.Plan, null, null, PaymentMethod.Card, ct: Ct);

        var account = await studio.Billing.ClientAccountAsync(s.Manager, client, Ct);
        Assert.Empty(account.Owed);
        Assert.Equal(7, Assert.Single(account.Passes).VisitsLeft);
        var past = Assert.Single(account.Past);
        Assert.Equal(("8 visits", false), (past.PassName, past.Owed));
        Assert.Equal(passId, await studio.ReadAsync(db => db.LessonParticipants.Select(p => p.PassId).SingleAsync(Ct)));
    }

    [Theory, DatabaseData]
    public async Task MarkHeldAsync_OtherTeacherOrFutureDay_Refused(DatabaseProvider provider)
    {
        var s = await ArrangeAsync(provider);
        await using var studio = s.Studio;
        var other = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var today = await studio.BookAsync(s.Manager, s.Group, s.Teacher, s.Room, 8);
        var tomorrow = await studio.BookAsync(s.Manager, s.Group, s.Teacher, s.Room, 8, 0, 1);

        await Assert.ThrowsAsync<AccessDeniedException>(() => studio.Schedule.MarkHeldAsync(other, today, Guid.Empty, [], null, Ct));
        var version = await VersionAsync(studio, tomorrow);
        var ex = await Assert.ThrowsAsync<DomainException>(() => studio.Schedule.MarkHeldAsync(s.Teacher, tomorrow, version, [], null, Ct));
        Assert.Equal("Error.Lesson.Future", ex.Code);
        Assert.Equal(0, await studio.ReadAsync(db => db.Lessons.CountAsync(l => l.Status == LessonStatus.Held, Ct)));
    }

    [Theory, DatabaseData]
    public async Task MarkHeldAsync_StaleVersion_ConflictAndNothingCharged(DatabaseProvider provider)
    {
        var s = await ArrangeAsync(provider);
        await using var studio = s.Studio;
        var client = await studio.AddClientAsync(s.Manager);
        await studio.Billing.SellPassAsync(s.Manager, client, s.Plan, null, null, PaymentMethod.Cash, ct: Ct);
        var lesson = await studio.BookAsync(s.Manager, s.Group, s.Teacher, s.Room, 8, 0, 0, client);
        var seen = await VersionAsync(studio, lesson);
        await studio.Schedule.SetNotesAsync(s.Manager, lesson, seen, "Bring water", Ct);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => studio.Schedule.MarkHeldAsync(s.Teacher, lesson, seen, [new(client, true, false)], null, Ct));

        Assert.Equal(0, await studio.ReadAsync(db => db.Passes.Select(p => p.VisitsUsed).SingleAsync(Ct)));
    }

    [Theory, DatabaseData]
    public async Task FreezeClientAsync_ExtendsPassAndFrozenClientNotCharged(DatabaseProvider provider)
    {
        var s = await ArrangeAsync(provider);
        await using var studio = s.Studio;
        var client = await studio.AddClientAsync(s.Manager);
        var passId = await studio.Billing.SellPassAsync(s.Manager, client, s.Plan, studio.Today.AddDays(-10), null, PaymentMethod.Cash, ct: Ct);
        var lesson = await studio.BookAsync(s.Manager, s.Group, s.Teacher, s.Room, 8, 0, 0, client);

        var freeze = await studio.Freezes.FreezeClientAsync(s.Manager, client, studio.Today.AddDays(-1), studio.Today.AddDays(3), "Flu", Ct);
        await Assert.ThrowsAsync<DomainException>(() => studio.Freezes.FreezeClientAsync(s.Manager, client, studio.Today.AddDays(3), studio.Today.AddDays(5), null, Ct));
        await studio.Schedule.MarkHeldAsync(s.Teacher, lesson, await VersionAsync(studio, lesson), [new(client, false, true)], null, Ct);

        var pass = Assert.Single((await studio.Billing.ClientAccountAsync(s.Manager, client, Ct)).Passes);
        Assert.Equal((5, studio.Today.AddDays(-10 + 29 + 5), 0), (pass.FrozenDays, pass.ValidUntil, pass.VisitsUsed));
        var p = Assert.Single((await studio.Schedule.GetLessonAsync(s.Manager, lesson, Ct)).Lesson.Participants);
        Assert.Equal((true, false), (p.Frozen, p.Owed));

        await studio.Freezes.UnfreezeAsync(s.Manager, freeze, Ct);
        Assert.Equal(0, await studio.ReadAsync(db => db.Passes.Where(x => x.Id == passId).Select(x => x.FrozenDays).SingleAsync(Ct)));
    }

    [Theory, DatabaseData]
    public async Task SellPassAsync_TwoPassesOneDay_TwoPayments_GoodsTogether_OnePayment(DatabaseProvider provider)
    {
        var s = await ArrangeAsync(provider);
        await using var studio = s.Studio;
        var client = await studio.AddClientAsync(s.Manager);
        var water = await studio.Billing.SaveGoodAsync(s.Owner, null, null, "Water", 25m, Ct);
        var shirt = await studio.Billing.SaveGoodAsync(s.Owner, null, null, "T-shirt", 450m, Ct);

        await studio.Billing.SellPassAsync(s.Manager, client, s.Plan, null, null, PaymentMethod.Cash, ct: Ct);
        await studio.Billing.SellPassAsync(s.Manager, client, s.Plan, null, 1500m, PaymentMethod.Card, ct: Ct);
        await studio.Billing.SellGoodsAsync(s.Manager, client, studio.BranchId, [new(water, 2), new(shirt, 1)], PaymentMethod.Cash, ct: Ct);

        var all = await studio.Billing.ListPaymentsAsync(s.Manager, new(ClientId: client), Ct);
        Assert.Equal((3, 1600m + 1500m + 500m), (all.Total, all.Sum));
        var goods = await studio.Billing.ListPaymentsAsync(s.Manager, new(Kind: PaymentLineKind.Good), Ct);
        Assert.Equal(2, Assert.Single(goods.Items).Lines.Count);
        var card = await studio.Billing.ListPaymentsAsync(s.Manager, new(Method: PaymentMethod.Card), Ct);
        Assert.Equal(1500m, Assert.Single(card.Items).Amount);
    }

    [Theory, DatabaseData]
    public async Task Billing_TeacherCannotSell_ManagerCannotEditPlans(DatabaseProvider provider)
    {
        var s = await ArrangeAsync(provider);
        await using var studio = s.Studio;
        var client = await studio.AddClientAsync(s.Manager);

        await Assert.ThrowsAsync<AccessDeniedException>(() => studio.Billing.SellPassAsync(s.Teacher, client, s.Plan, null, null, PaymentMethod.Cash, ct: Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => studio.Billing.SavePlanAsync(s.Manager, null, null, "Cheap", 4, 30, 10m, [s.Group], Ct));
        await Assert.ThrowsAsync<DomainException>(() => studio.Billing.SavePlanAsync(s.Owner, null, null, "Nothing", 4, 30, 10m, [], Ct));
        await Assert.ThrowsAsync<DomainException>(() => studio.Billing.SavePlanAsync(s.Owner, null, null, "Negative", 4, 30, -1m, [s.Group], Ct));
        Assert.Equal((1, 0), (await studio.ReadAsync(db => db.PassPlans.CountAsync(Ct)), await studio.ReadAsync(db => db.Payments.CountAsync(Ct))));
    }
}
