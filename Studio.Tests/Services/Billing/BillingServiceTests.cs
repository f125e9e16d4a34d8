using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Studio.Domain.Billing;
using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Domain.Schedule;
using Studio.Infrastructure.Billing;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Tests.Infrastructure;

namespace Studio.Tests.Services.Billing;

/// <summary>Selling passes and goods, the payments list, the catalogue's rights and rules, and what the client's timeline shows.</summary>
public sealed class BillingServiceTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<BillingSetup> ArrangeAsync(DatabaseProvider provider) => BillingSetup.ArrangeAsync(databases, provider);

    private static Task<int> CountAsync<T>(TestStudio studio) where T : class => studio.ReadAsync(db => db.Set<T>().CountAsync(Ct));

    [Theory, DatabaseData]
    public async Task SellPassAsync_MakesOnePaymentWithOneLineAndOnePass(DatabaseProvider provider)
    {
        var s = await ArrangeAsync(provider);
        await using var studio = s.Studio;

        var passId = await studio.Billing.SellPassAsync(s.Manager, s.Client, s.Plan, null, null, PaymentMethod.Card, "first", Ct);

        var account = await studio.Billing.ClientAccountAsync(s.Manager, s.Client, Ct);
        var pass = Assert.Single(account.Passes);
        Assert.Equal((passId, "8 visits", 8, 8, studio.Today, studio.Today.AddDays(29)), (pass.Id, pass.Name, pass.VisitsTotal, pass.VisitsLeft, pass.StartsOn, pass.ValidUntil));
        var payment = Assert.Single(account.Payments);
        Assert.Equal((1200m, PaymentMethod.Card, "first"), (payment.Amount, payment.Method, payment.Note));
        Assert.Equal(PaymentLineKind.Pass, Assert.Single(payment.Lines).Kind);
        Assert.Equal((1, 1), (await CountAsync<Payment>(studio), await CountAsync<Pass>(studio)));
    }

    [Theory, DatabaseData]
    public async Task SellPassAsync_TwoPassesOnOneDay_AreTwoPayments(DatabaseProvider provider)
    {
        var s = await ArrangeAsync(provider);
        await using var studio = s.Studio;

        await studio.Billing.SellPassAsync(s.Manager, s.Client, s.Plan, null, null, PaymentMethod.Cash, null, Ct);
        await studio.Billing.SellPassAsync(s.Manager, s.Client, s.Plan, null, 1000m, PaymentMethod.Cash, null, Ct);

        var page = await studio.Billing.ListPaymentsAsync(s.Manager, new PaymentFilter(ClientId: s.Client), Ct);
        Assert.Equal((2, 2200m), (page.Total, page.Sum));
        Assert.All(page.Items, p => Assert.Single(p.Lines));
        Assert.Equal(2, await CountAsync<Pass>(studio));
    }

    [Theory, DatabaseData]
    public async Task SellGoodsAsync_SeveralLines_IsOnePaymentWithTheSum(DatabaseProvider provider)
    {
        var s = await ArrangeAsync(provider);
        await using var studio = s.Studio;
        var shirt = await studio.Billing.SaveGoodAsync(s.Owner, null, null, "T-shirt", 450m, Ct);
        var water = await studio.Billing.SaveGoodAsync(s.Owner, null, null, "Water", 25.5m, Ct);

        await studio.Billing.SellGoodsAsync(s.Manager, s.Client, studio.BranchId, [new GoodsLine(shirt, 2), new GoodsLine(water, 3)], PaymentMethod.Cash, null, Ct);

        var page = await studio.Billing.ListPaymentsAsync(s.Manager, new PaymentFilter(), Ct);
        var payment = Assert.Single(page.Items);
        Assert.Equal(2 * 450m + 3 * 25.5m, payment.Amount);
        Assert.Equal(2, payment.Lines.Count);
        Assert.Equal((1, 976.5m), (page.Total, page.Sum));
    }

    [Theory, DatabaseData]
    public async Task ListPaymentsAsync_FiltersByMethodPeriodAndKind_AndSumsTheFiltered(DatabaseProvider provider)
    {
        var s = await ArrangeAsync(provider);
        await using var studio = s.Studio;
        var shirt = await studio.Billing.SaveGoodAsync(s.Owner, null, null, "T-shirt", 450m, Ct);
        await studio.Billing.SellPassAsync(s.Manager, s.Client, s.Plan, null, null, PaymentMethod.Cash, null, Ct);
        studio.Clock.Advance(TimeSpan.FromDays(2));
        await studio.Billing.SellPassAsync(s.Manager, s.Client, s.Plan, null, 1000m, PaymentMethod.Card, null, Ct);
        await studio.Billing.SellGoodsAsync(s.Manager, null, studio.BranchId, [new GoodsLine(shirt, 1)], PaymentMethod.Cash, null, Ct);
        var first = studio.Today.AddDays(-2);

        var cash = await studio.Billing.ListPaymentsAsync(s.Manager, new PaymentFilter(Method: PaymentMethod.Cash), Ct);
        var firstDay = await studio.Billing.ListPaymentsAsync(s.Manager, new PaymentFilter(From: first, To: first), Ct);
        var today = await studio.Billing.ListPaymentsAsync(s.Manager, new PaymentFilter(From: studio.Today), Ct);
        var goods = await studio.Billing.ListPaymentsAsync(s.Manager, new PaymentFilter(Kind: PaymentLineKind.Good), Ct);
        var passes = await studio.Billing.ListPaymentsAsync(s.Manager, new PaymentFilter(Kind: PaymentLineKind.Pass, Take: 1), Ct);

        Assert.Equal((2, 1650m), (cash.Total, cash.Sum));
        Assert.Equal((1, 1200m), (firstDay.Total, firstDay.Sum));
        Assert.Equal((2, 1450m), (today.Total, today.Sum));
        Assert.Equal((1, 450m), (goods.Total, goods.Sum));
        Assert.Equal((2, 2200m, 1), (passes.Total, passes.Sum, passes.Items.Count));
        Assert.Equal(1000m, passes.Items[0].Amount); // newest first
    }

    [Theory, DatabaseData]
    public async Task Selling_ByTeacher_IsAccessDeniedAndSavesNothing(DatabaseProvider provider)
    {
        var s = await ArrangeAsync(provider);
        await using var studio = s.Studio;
        var shirt = await studio.Billing.SaveGoodAsync(s.Owner, null, null, "T-shirt", 450m, Ct);

        await Assert.ThrowsAsync<AccessDeniedException>(() => studio.Billing.SellPassAsync(s.Teacher, s.Client, s.Plan, null, null, PaymentMethod.Cash, null, Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => studio.Billing.SellGoodsAsync(s.Teacher, s.Client, null, [new GoodsLine(shirt, 1)], PaymentMethod.Cash, null, Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => studio.Billing.ListPaymentsAsync(s.Teacher, new PaymentFilter(), Ct));

        Assert.Equal((0, 0), (await CountAsync<Payment>(studio), await CountAsync<Pass>(studio)));
    }

    [Theory, DatabaseData]
    public async Task Catalogue_ByManager_IsAccessDenied(DatabaseProvider provider)
    {
        var s = await ArrangeAsync(provider);
        await using var studio = s.Studio;

        await Assert.ThrowsAsync<AccessDeniedException>(() => studio.Billing.SavePlanAsync(s.Manager, s.Plan, null, "Cheap", 8, 30, 1m, [s.Group], Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => studio.Billing.SavePlanAsync(s.Manager, null, null, "New", 8, 30, 1m, [s.Group], Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => studio.Billing.ArchivePlanAsync(s.Manager, s.Plan, true, Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => studio.Billing.SaveGoodAsync(s.Manager, null, null, "Water", 20m, Ct));

        var plan = Assert.Single(await studio.Billing.ListPlansAsync(s.Manager, true, Ct));
        Assert.Equal(("8 visits", 1200m, false), (plan.Name, plan.Price, plan.IsArchived));
    }

    [Theory, DatabaseData]
    public async Task SavePlanAsync_Invalid_RefusedAsDomainErrorAndSavesNothing(DatabaseProvider provider)
    {
        var s = await ArrangeAsync(provider);
        await using var studio = s.Studio;

        var noTypes = await Assert.ThrowsAsync<DomainException>(() => studio.Billing.SavePlanAsync(s.Owner, null, null, "No types", 8, 30, 100m, [], Ct));
        var unknownType = await Assert.ThrowsAsync<DomainException>(() => studio.Billing.SavePlanAsync(s.Owner, null, null, "Unknown", 8, 30, 100m, [Guid.NewGuid()], Ct));
        var noVisits = await Assert.ThrowsAsync<DomainException>(() => studio.Billing.SavePlanAsync(s.Owner, null, null, "Zero", 0, 30, 100m, [s.Group], Ct));
        var negative = await Assert.ThrowsAsync<DomainException>(() => studio.Billing.SavePlanAsync(s.Owner, null, null, "Negative", 8, 30, -1m, [s.Group], Ct));
        var editedBadly = await Assert.ThrowsAsync<DomainException>(() => studio.Billing.SavePlanAsync(s.Owner, s.Plan, null, "8 visits", 0, 30, 1200m, [s.Group], Ct));

        Assert.Equal(("Error.Plan.Types", "Error.Plan.Types"), (noTypes.Code, unknownType.Code));
        Assert.Equal(("Error.Between", "Visits"), (noVisits.Code, noVisits.Args[0]));
        Assert.Equal(("Error.Money", "Price"), (negative.Code, negative.Args[0]));
        Assert.Equal("Error.Between", editedBadly.Code);
        var plan = Assert.Single(await studio.Billing.ListPlansAsync(s.Owner, true, Ct));
        Assert.Equal((s.Plan, 8), (plan.Id, plan.Visits));
    }

    [Theory, DatabaseData]
    public async Task Timeline_ShowsHeldLessonWithAttendance_PaymentAndFreeze(DatabaseProvider provider)
    {
        var s = await ArrangeAsync(provider);
        await using var studio = s.Studio;
        await studio.Billing.SellPassAsync(s.Manager, s.Client, s.Plan, null, null, PaymentMethod.Cash, null, Ct);
        var lessonId = await studio.BookAsync(s.Manager, s.Group, s.Teacher, s.Room, 10, 0, 0, s.Client);
        var lesson = await studio.Schedule.GetLessonAsync(s.Manager, lessonId, Ct);
        studio.Clock.Advance(TimeSpan.FromHours(3));
        await studio.Schedule.MarkHeldAsync(s.Teacher, lessonId, lesson.Lesson.Version, [new AttendanceMark(s.Client, true, false)], null, Ct);
        await studio.Freezes.FreezeClientAsync(s.Manager, s.Client, studio.Today.AddDays(5), studio.Today.AddDays(9), "Holiday", Ct);

        var timeline = await studio.Services.GetRequiredService<ClientService>().GetTimelineAsync(s.Manager, s.Client, Ct);

        var held = Assert.Single(timeline, e => e.Kind == TimelineKind.LessonPresent);
        Assert.Contains("23.11.2026 10:00", held.Text);
        Assert.Single(timeline, e => e.Kind == TimelineKind.LessonBooked);
        var paid = Assert.Single(timeline, e => e.Kind == TimelineKind.PassBought);
        Assert.Contains("8 visits", paid.Text);
        Assert.Contains("1 200 ₴".Replace(' ', '\u00A0'), paid.Text.Replace(' ', '\u00A0').Replace('\u202F', '\u00A0'));
        Assert.Contains("Holiday", Assert.Single(timeline, e => e.Kind == TimelineKind.Freeze).Text);
        Assert.DoesNotContain(timeline, e => e.Kind is TimelineKind.LessonAbsent or TimelineKind.LessonCancelled or TimelineKind.GoodsBought);
        var account = await studio.Billing.ClientAccountAsync(s.Manager, s.Client, Ct);
        Assert.Equal(7, Assert.Single(account.Passes).VisitsLeft);
    }
}
