using Microsoft.Extensions.Localization;
using MudBlazor;
using Studio.Infrastructure.Billing;
using Studio.Web.Components.Shared;
using Studio.Web.Resources;

namespace Studio.Web.Billing;

/// <summary>Opens <see cref="RefundPaymentDialog"/> the same way from the payments list and the client's account.</summary>
public static class RefundDialogs
{
    public static string What(PaymentView p) => string.Join(", ", p.Lines.Select(l => l.Quantity > 1 ? $"{l.Name} ×{l.Quantity}" : l.Name));

    public static Task<Guid?> OpenAsync(Dialogs dialogs, IStringLocalizer<SharedResource> L, Guid actorId, PaymentView payment, bool isVoid) =>
        dialogs.OpenAsync<RefundPaymentDialog, Guid?>(isVoid ? L["Billing.VoidTitle"] : L["Billing.RefundTitle"], new()
        {
            { d => d.ActorId, actorId }, { d => d.PaymentId, payment.Id }, { d => d.What, What(payment) }, { d => d.Void, isVoid },
        });
}
