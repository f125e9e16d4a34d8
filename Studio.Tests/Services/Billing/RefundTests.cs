using Microsoft.Extensions.DependencyInjection;
using Studio.Domain.Billing;
using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Domain.Schedule;
using Studio.Infrastructure.Billing;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Reports;
using Studio.Tests.Infrastructure;

namespace Studio.Tests.Services.Billing;

/// <summary>Refunding and voiding payments: the rules, the owner's right, the version, the pass, the totals and the timeline.</summary>
public sealed class RefundTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly TimeZoneInfo Kyiv = TimeZoneInfo.FindSystemTimeZoneById("Europe/Kyiv");

    private async Task<BillingSetup> ArrangeAsync(DatabaseProvider provider)
    {
        var s = await BillingSetup.ArrangeAsync(databases, provider);
        return s with { Shirt = await s.Studio.Billing.SaveGoodAsync(s.Owner, null, null, "T-shirt", 450m, Ct) };
    }

    private static Task<Guid> SellShirtsAsync(BillingSetup s, int count = 2) =>
        s.Studio.Billing.SellGoodsAsync(s.Manager, s.Client, s.Studio.BranchId, [new GoodsLine(s.Shirt, count)], PaymentMethod.Cash, null, Ct);

    private static async Task<Guid> VersionAsync(BillingSetup s, Guid paymentId) => (await s.Studio.Billing.RefundTermsAsync(s.Owner, paymentId, Ct)).Version;

    private static async Task HoldAsync(BillingSetup s, int hour)
    {
        var lessonId = await s.Studio.BookAsync(s.Manager, s.Group, s.Teacher, s.Room, hour, 0, 0, s.Client);
        var lesson = await s.Studio.Schedule.GetLessonAsync(s.Manager, lessonId, Ct);
        await s.Studio.Schedule.MarkHeldAsync(s.Teacher, lessonId, lesson.Lesson.Version, [new AttendanceMark(s.Client, true, false)], null, Ct);
    }

    private static Task<GeneralReportView> ReportAsync(BillingSetup s, DateOnly day) =>
        s.Studio.Services.GetRequiredService<GeneralReports>().GetAsync(s.Owner, ReportPeriods.ToUtc(day, day, Kyiv), Ct);

    [Theory, DatabaseData]
    public async Task Refund_PartOfGoods_IsANegativeMovementOnItsOwnDay(DatabaseProvider provider)
    {
        var s = await ArrangeAsync(provider);
        await using var studio = s.Studio;
        var sold = await SellShirtsAsync(s);
        var saleDay = studio.Today;
        studio.Clock.Advance(TimeSpan.FromDays(2));

        var refundId = await studio.Billing.RefundAsync(s.Owner, sold, await VersionAsync(s, sold), 450m, "One shirt returned", Ct);

        var page = await studio.Billing.ListPaymentsAsync(s.Manager, new PaymentFilter(), Ct);
        Assert.Equal((2, 450m), (page.Total, page.Sum));
        var refund = Assert.Single(page.Items, p => p.Id == refundId);
        Assert.Equal((PaymentState.Refund, -450m, sold, "One shirt returned", studio.Clock.GetUtcNow().UtcDateTime), (refund.State, refund.Amount, refund.RefundOfId, refund.Reason, refund.PaidAt));
        Assert.Equal("T-shirt", Assert.Single(refund.Lines).Name);
        var sale = Assert.Single(page.Items, p => p.Id == sold);
        Assert.Equal((PaymentState.Refunded, 900m, 450m), (sale.State, sale.Amount, sale.Refunded));
        Assert.Equal([refundId], (await studio.Billing.ListPaymentsAsync(s.Manager, new PaymentFilter(State: PaymentState.Refund), Ct)).Items.Select(p => p.Id));
        Assert.Equal([refundId], (await studio.Billing.ListPaymentsAsync(s.Manager, new PaymentFilter(Kind: PaymentLineKind.Good, From: studio.Today), Ct)).Items.Select(p => p.Id));

        var onSaleDay = (await ReportAsync(s, saleDay)).Figures;
        var onRefundDay = (await ReportAsync(s, studio.Today)).Figures;
        Assert.Equal((1, 900m), (onSaleDay.Payments, onSaleDay.PaymentsSum));
        Assert.Equal((0, -450m), (onRefundDay.Payments, onRefundDay.PaymentsSum));

        var tooMuch = await Assert.ThrowsAsync<DomainException>(() => RefundAgainAsync(450.01m));
        Assert.Equal(("Error.Refund.TooMuch", 450m), (tooMuch.Code, tooMuch.Args[0]));
        await RefundAgainAsync(450m);
        Assert.Equal("Error.Refund.Nothing", (await Assert.ThrowsAsync<DomainException>(() => RefundAgainAsync(0.01m))).Code);
        Assert.Equal("Error.Refund.VoidRefunded", (await Assert.ThrowsAsync<DomainException>(async () =>
            await studio.Billing.VoidAsync(s.Owner, sold, await VersionAsync(s, sold), "Mistake", Ct))).Code);
        Assert.Equal(0m, (await studio.Billing.ListPaymentsAsync(s.Manager, new PaymentFilter(), Ct)).Sum);

        async Task RefundAgainAsync(decimal amount) => await studio.Billing.RefundAsync(s.Owner, sold, await VersionAsync(s, sold), amount, "More back", Ct);
    }

    [Theory, DatabaseData]
    public async Task Void_CountsForNothing_AndIsDoneOnce(DatabaseProvider provider)
    {
        var s = await ArrangeAsync(provider);
        await using var studio = s.Studio;
        var sold = await SellShirtsAsync(s);
        var kept = await SellShirtsAsync(s, 1);

        await studio.Billing.VoidAsync(s.Owner, sold, await VersionAsync(s, sold), "Rang up twice", Ct);

        var page = await studio.Billing.ListPaymentsAsync(s.Manager, new PaymentFilter(), Ct);
        Assert.Equal((2, 450m), (page.Total, page.Sum));
        var voided = Assert.Single(page.Items, p => p.Id == sold);
        Assert.Equal((PaymentState.Voided, "Rang up twice", 0m), (voided.State, voided.Reason, voided.Counted));
        Assert.NotNull(voided.VoidedBy);
        Assert.Equal([sold], (await studio.Billing.ListPaymentsAsync(s.Manager, new PaymentFilter(State: PaymentState.Voided), Ct)).Items.Select(p => p.Id));
        Assert.Equal([kept], (await studio.Billing.ListPaymentsAsync(s.Manager, new PaymentFilter(State: PaymentState.Paid), Ct)).Items.Select(p => p.Id));
        var figures = (await ReportAsync(s, studio.Today)).Figures;
        Assert.Equal((1, 450m), (figures.Payments, figures.PaymentsSum));

        var (headers, rows) = await new PaymentExport(studio.Billing).TableAsync(s.Manager, new PaymentFilter(), new("At", "Client", "What", "Sum", "Method", "By", "Note", m => m.ToString()), Kyiv, Ct);
        var amounts = new List<object?>();
        await foreach (var row in rows) amounts.Add(row[headers.ToList().IndexOf("Sum")]);
        Assert.Equal(450m, amounts.Cast<decimal>().Sum());

        Assert.Equal("Error.Refund.Voided", (await Assert.ThrowsAsync<DomainException>(async () =>
            await studio.Billing.VoidAsync(s.Owner, sold, await VersionAsync(s, sold), "Again", Ct))).Code);
        Assert.Equal("Error.Refund.Voided", (await Assert.ThrowsAsync<DomainException>(async () =>
            await studio.Billing.RefundAsync(s.Owner, sold, await VersionAsync(s, sold), 10m, "After void", Ct))).Code);
    }

    [Theory, DatabaseData]
    public async Task RefundOfAPass_ReturnsAtMostTheUnusedVisits_AndEndsIt(DatabaseProvider provider)
    {
        var s = await ArrangeAsync(provider);
        await using var studio = s.Studio;
        var passId = await studio.Billing.SellPassAsync(s.Manager, s.Client, s.Plan, null, null, PaymentMethod.Card, null, Ct);
        await HoldAsync(s, 8);
        await HoldAsync(s, 9);
        var paymentId = (await studio.Billing.ClientAccountAsync(s.Manager, s.Client, Ct)).Payments.Single().Id;

        var terms = await studio.Billing.RefundTermsAsync(s.Owner, paymentId, Ct);
        Assert.Equal((900m, 2, 8), (terms.Refundable, terms.VisitsUsed, terms.VisitsTotal)); // 1200 × 6 / 8: the two used visits stay paid
        Assert.Equal("Error.Refund.TooMuch", (await Assert.ThrowsAsync<DomainException>(() =>
            studio.Billing.RefundAsync(s.Owner, paymentId, terms.Version, 900.01m, "Moving away", Ct))).Code);
        await studio.Billing.RefundAsync(s.Owner, paymentId, terms.Version, 800m, "Moving away", Ct);

        var account = await studio.Billing.ClientAccountAsync(s.Manager, s.Client, Ct);
        var pass = Assert.Single(account.Passes);
        Assert.Equal((passId, true, 2, false), (pass.Id, pass.Ended, pass.VisitsUsed, pass.IsActiveOn(studio.Today)));
        Assert.Equal(0m, (await studio.Billing.RefundTermsAsync(s.Owner, paymentId, Ct)).Refundable);
        Assert.Equal("Error.Refund.PassEnded", (await Assert.ThrowsAsync<DomainException>(async () =>
            await studio.Billing.RefundAsync(s.Owner, paymentId, await VersionAsync(s, paymentId), 100m, "The rest", Ct))).Code);
        await HoldAsync(s, 10); // after the refund nothing is charged from the pass: the visit is owed
        Assert.Equal(1, (await studio.Billing.ClientAccountAsync(s.Manager, s.Client, Ct)).Owed.Sum(o => o.Visits));
        Assert.Equal(400m, (await studio.Billing.ListPaymentsAsync(s.Manager, new PaymentFilter(), Ct)).Sum);
    }

    [Theory, DatabaseData]
    public async Task VoidOfAPass_CancelsIt_AndItsVisitsAreOwedAgain(DatabaseProvider provider)
    {
        var s = await ArrangeAsync(provider);
        await using var studio = s.Studio;
        await studio.Billing.SellPassAsync(s.Manager, s.Client, s.Plan, null, 1000m, PaymentMethod.Cash, null, Ct);
        await HoldAsync(s, 8);
        var paymentId = (await studio.Billing.ClientAccountAsync(s.Manager, s.Client, Ct)).Payments.Single().Id;

        await studio.Billing.VoidAsync(s.Owner, paymentId, await VersionAsync(s, paymentId), "Sold to the wrong client", Ct);

        var account = await studio.Billing.ClientAccountAsync(s.Manager, s.Client, Ct);
        var pass = Assert.Single(account.Passes);
        Assert.Equal((true, 0, false), (pass.Ended, pass.VisitsUsed, pass.IsActiveOn(studio.Today)));
        Assert.Equal(1, account.Owed.Sum(o => o.Visits));
        Assert.Equal(PaymentState.Voided, Assert.Single(account.Payments).State);
    }

    [Theory, DatabaseData]
    public async Task RefundAndVoid_ByManager_AreAccessDenied_AndSaveNothing(DatabaseProvider provider)
    {
        var s = await ArrangeAsync(provider);
        await using var studio = s.Studio;
        var sold = await SellShirtsAsync(s);
        var version = await VersionAsync(s, sold);

        await Assert.ThrowsAsync<AccessDeniedException>(() => studio.Billing.RefundTermsAsync(s.Manager, sold, Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => studio.Billing.RefundAsync(s.Manager, sold, version, 100m, "Mine", Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => studio.Billing.VoidAsync(s.Manager, sold, version, "Mine", Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => studio.Billing.VoidAsync(s.Teacher, sold, version, "Mine", Ct));

        var page = await studio.Billing.ListPaymentsAsync(s.Manager, new PaymentFilter(), Ct);
        Assert.Equal((1, 900m, PaymentState.Paid), (page.Total, page.Sum, page.Items.Single().State));
    }

    [Theory, DatabaseData]
    public async Task Refund_OnAStaleVersionOrWithoutReason_IsRefused(DatabaseProvider provider)
    {
        var s = await ArrangeAsync(provider);
        await using var studio = s.Studio;
        var sold = await SellShirtsAsync(s);
        var seen = await VersionAsync(s, sold);

        var noReason = await Assert.ThrowsAsync<DomainException>(() => studio.Billing.RefundAsync(s.Owner, sold, seen, 100m, "  ", Ct));
        Assert.Equal(("Error.Required", "Reason"), (noReason.Code, noReason.Args[0]));
        Assert.Equal("Error.Required", (await Assert.ThrowsAsync<DomainException>(() => studio.Billing.VoidAsync(s.Owner, sold, seen, null, Ct))).Code);
        await studio.Billing.RefundAsync(s.Owner, sold, seen, 100m, "Stain", Ct);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => studio.Billing.RefundAsync(s.Owner, sold, seen, 100m, "Stain, again", Ct));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => studio.Billing.VoidAsync(s.Owner, sold, seen, "Mistake", Ct));

        var page = await studio.Billing.ListPaymentsAsync(s.Manager, new PaymentFilter(), Ct);
        Assert.Equal((2, 800m), (page.Total, page.Sum));
    }

    [Theory, DatabaseData]
    public async Task Timeline_ShowsTheRefundAndTheVoidWithTheirReasons(DatabaseProvider provider)
    {
        var s = await ArrangeAsync(provider);
        await using var studio = s.Studio;
        var refunded = await SellShirtsAsync(s);
        var voided = await SellShirtsAsync(s, 1);
        studio.Clock.Advance(TimeSpan.FromHours(1));
        await studio.Billing.RefundAsync(s.Owner, refunded, await VersionAsync(s, refunded), 450m, "Wrong size", Ct);
        await studio.Billing.VoidAsync(s.Owner, voided, await VersionAsync(s, voided), "Typed by mistake", Ct);

        var timeline = await studio.Services.GetRequiredService<ClientService>().GetTimelineAsync(s.Manager, s.Client, Ct);

        Assert.Contains("Wrong size", Assert.Single(timeline, e => e.Kind == TimelineKind.Refund).Text);
        Assert.Contains("Typed by mistake", Assert.Single(timeline, e => e.Kind == TimelineKind.PaymentVoided).Text);
        Assert.Equal(2, timeline.Count(e => e.Kind == TimelineKind.GoodsBought)); // the sales stay on their own time
    }
}
