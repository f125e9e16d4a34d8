using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Studio.Domain.Billing;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Billing;
using Studio.Tests.Infrastructure;
using Studio.Web.Billing;

namespace Studio.Tests.Components.Billing;

/// <summary>The refund / void dialog over the real services (SQLite): the reason is required, the amount capped; what is typed is saved.</summary>
public sealed class RefundPaymentDialogTests(Databases databases) : MudComponentTest
{
    private TestStudio _studio = default!;
    private Guid _owner, _payment;

    public override async ValueTask InitializeAsync()
    {
        _studio = await StartStudioAsync(databases, typeof(BillingService));
        _owner = await _studio.AddEmployeeAsync(EmployeeRole.Owner);
        var client = await _studio.AddClientAsync(_owner);
        var shirt = await _studio.Billing.SaveGoodAsync(_owner, null, null, "T-shirt", 450m, Ct);
        _payment = await _studio.Billing.SellGoodsAsync(_owner, client, _studio.BranchId, [new GoodsLine(shirt, 2)], PaymentMethod.Cash, null, Ct);
    }

    private async Task<IRenderedComponent<MudDialogProvider>> OpenAsync(bool isVoid)
    {
        var dialogs = Ctx.Render<MudDialogProvider>();
        var service = Ctx.Services.GetRequiredService<IDialogService>();
        await dialogs.InvokeAsync(() => service.ShowAsync<RefundPaymentDialog>("Refund", new DialogParameters<RefundPaymentDialog>
        {
            { d => d.ActorId, _owner }, { d => d.PaymentId, _payment }, { d => d.What, "T-shirt ×2" }, { d => d.Void, isVoid },
        }));
        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid=confirm-refund]:not([disabled])"));
        return dialogs;
    }

    [Theory]
    [InlineData("en", "Reason is required.", "At most 900", "Wrong size, money back")]
    [InlineData("uk", "Поле «Причина» обов'язкове.", "щонайбільше 900", "Не той розмір, гроші повернено")]
    public async Task Refund_WithoutReasonRefused_ThenTypedReasonAndAmountAreSaved(string culture, string required, string tooMuch, string reason)
    {
        UseCulture(culture);
        var dialogs = await OpenAsync(isVoid: false);
        Assert.Equal("900", dialogs.Find("input[data-testid=refund-amount]").GetAttribute("value"));

        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=confirm-refund]").Click());
        dialogs.WaitForAssertion(() => Assert.Contains(required, dialogs.Markup));
        await dialogs.InvokeAsync(() => dialogs.Find("input[data-testid=refund-amount]").Input("1000"));
        await dialogs.InvokeAsync(() => dialogs.Find("textarea[data-testid=refund-reason]").Input(reason));
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=confirm-refund]").Click());
        dialogs.WaitForAssertion(() => Assert.Contains(tooMuch, dialogs.Markup));
        Assert.Equal(1, await _studio.ReadAsync(db => db.Payments.CountAsync(Ct)));

        await dialogs.InvokeAsync(() => dialogs.Find("input[data-testid=refund-amount]").Input("300"));
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=confirm-refund]").Click());

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=refund-dialog]")));
        var refund = await _studio.ReadAsync(db => db.Payments.SingleAsync(p => p.RefundOfId == _payment, Ct));
        Assert.Equal((-300m, reason, _owner), (refund.Amount, refund.Reason, refund.EmployeeId));
    }

    [Theory]
    [InlineData("en", "Typed twice by mistake")]
    [InlineData("uk", "Пробили двічі помилково")]
    public async Task Void_TypedReasonIsSaved(string culture, string reason)
    {
        UseCulture(culture);
        var dialogs = await OpenAsync(isVoid: true);
        Assert.Empty(dialogs.FindAll("[data-testid=refund-amount]"));

        await dialogs.InvokeAsync(() => dialogs.Find("textarea[data-testid=refund-reason]").Input(reason));
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=confirm-refund]").Click());

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=refund-dialog]")));
        var voided = await _studio.ReadAsync(db => db.Payments.SingleAsync(Ct));
        Assert.Equal((reason, _owner), (voided.VoidReason, voided.VoidedById));
        Assert.NotNull(voided.VoidedAt);
    }
}
