using Microsoft.Extensions.DependencyInjection;
using Studio.Infrastructure.Clients;

namespace Studio.Infrastructure.Billing;

/// <summary>Passes, payments, goods and client freezes.</summary>
public static class BillingFeature
{
    public static IServiceCollection AddBillingFeature(this IServiceCollection services)
    {
        services.AddSingleton<BillingService>();
        services.AddSingleton<FreezeService>();
        services.AddSingleton<DebtorService>();
        services.AddSingleton<PaymentExport>();
        services.AddTimelineSource<PaymentTimelineSource>().AddTimelineSource<FreezeTimelineSource>();
        return services;
    }
}
