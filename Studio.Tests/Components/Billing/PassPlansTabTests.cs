using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Billing;
using Studio.Infrastructure.Live;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Schedule;
using Studio.Tests.Infrastructure;
using Studio.Web.Components.Shared.Dictionaries;
using Studio.Web.Billing.Dictionaries;

namespace Studio.Tests.Components.Billing;

/// <summary>The pass plans tab over the real services (SQLite): refusals next to the field with the typing kept, live reload.</summary>
public sealed class PassPlansTabTests(Databases databases) : MudComponentTest
{
    private TestStudio _studio = default!;
    private Guid _owner, _type;

    public override async ValueTask InitializeAsync()
    {
        _studio = await StartStudioAsync(databases, typeof(BillingService), typeof(LessonTypeService), typeof(ILiveBus));
        _owner = await _studio.AddEmployeeAsync(EmployeeRole.Owner);
        _type = await _studio.AddLessonTypeAsync(_owner);
    }

    [Fact]
    public async Task Save_NoVisitsAndNegativePrice_ErrorsNextToTheFields_TypingKept_NothingSaved()
    {
        var dialogs = Ctx.Render<MudDialogProvider>();
        var cut = Ctx.Render<PassPlansTab>(p => p.Add(c => c.ActorId, _owner));
        cut.WaitForAssertion(() => cut.Find("[data-testid=dict-empty]"));

        await cut.InvokeAsync(() => cut.Find("[data-testid=add-plan]").Click());
        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid=plan-dialog]"));
        await dialogs.InvokeAsync(() => dialogs.Find("input[data-testid=plan-name]").Input("Eight a month"));
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=save-plan]").Click());

        // No lesson types picked: said next to the types, before asking the service.
        dialogs.WaitForAssertion(() => Assert.Contains("Pick the lesson types the pass covers.", dialogs.Markup));

        await dialogs.InvokeAsync(() => dialogs.FindComponent<MudSelect<Guid>>().Instance.SelectedValuesChanged.InvokeAsync([_type]));
        await dialogs.InvokeAsync(() => dialogs.Find("input[data-testid=plan-visits]").Input("0"));
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=save-plan]").Click());
        dialogs.WaitForAssertion(() => Assert.Contains("Visits must be between 1 and 1000.", dialogs.Markup));

        await dialogs.InvokeAsync(() => dialogs.Find("input[data-testid=plan-visits]").Input("8"));
        await dialogs.InvokeAsync(() => dialogs.Find("input[data-testid=plan-price]").Input("-5"));
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=save-plan]").Click());
        dialogs.WaitForAssertion(() => Assert.Contains("Price, ₴: enter an amount of money", dialogs.Markup)); // the Ukrainian studio's currency, named in the message too

        Assert.Equal("Eight a month", dialogs.Find("input[data-testid=plan-name]").GetAttribute("value"));
        Assert.Empty(await _studio.Billing.ListPlansAsync(_owner, true, Ct));

        await dialogs.InvokeAsync(() => dialogs.Find("input[data-testid=plan-price]").Input("1200"));
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=save-plan]").Click());
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=plan-row][data-name='Eight a month']")));
        Assert.Empty(dialogs.FindAll("[data-testid=plan-dialog]"));
    }

    /// <summary>The price is written the organisation's way: a Latvian studio reads euros, in an English UI too.</summary>
    [Fact]
    public async Task Render_LatvianOrganisation_PriceInEuros()
    {
        await _studio.Billing.SavePlanAsync(_owner, null, null, "Eight a month", 8, 30, 1250.5m, [_type], Ct);
        var org = await _studio.Organisation.GetOrganisationAsync(Ct);
        await _studio.Organisation.UpdateOrganisationAsync(_owner, org.Version, org.Name, "LV", "Europe/Riga", Ct);

        var cut = Ctx.Render<PassPlansTab>(p => p.Add(c => c.ActorId, _owner));

        cut.WaitForAssertion(() => Assert.Contains("1 250,50 €", cut.Find("[data-testid=plan-row]").TextContent.Replace('\u00A0', ' ').Replace('\u202F', ' ')));
        Assert.DoesNotContain("₴", cut.Find("[data-testid=plan-row]").TextContent);
    }

    [Fact]
    public async Task Render_UkrainianOrganisation_PriceInHryvnias()
    {
        await _studio.Billing.SavePlanAsync(_owner, null, null, "Eight a month", 8, 30, 1250.5m, [_type], Ct);

        var cut = Ctx.Render<PassPlansTab>(p => p.Add(c => c.ActorId, _owner));

        cut.WaitForAssertion(() => Assert.Contains("1 250,50 ₴", cut.Find("[data-testid=plan-row]").TextContent.Replace('\u00A0', ' ').Replace('\u202F', ' ')));
    }

    [Fact]
    public async Task PlanSavedElsewhere_ShowsWithoutReload()
    {
        var cut = Ctx.Render<PassPlansTab>(p => p.Add(c => c.ActorId, _owner));
        cut.WaitForAssertion(() => cut.Find("[data-testid=dict-empty]"));

        await _studio.Billing.SavePlanAsync(_owner, null, null, "Unlimited month", null, 30, 2000m, [_type], Ct);

        cut.WaitForAssertion(() => Assert.Contains("unlimited", cut.Find("[data-testid=plan-row][data-name='Unlimited month']").TextContent));
    }

    /// <summary>The price field's label names the organisation's currency, not a fixed hryvnia sign.</summary>
    [Fact]
    public async Task NewPlanDialog_LatvianOrganisation_PriceLabelSaysEuros()
    {
        var org = await _studio.Organisation.GetOrganisationAsync(Ct);
        await _studio.Organisation.UpdateOrganisationAsync(_owner, org.Version, org.Name, "LV", "Europe/Riga", Ct);
        var dialogs = Ctx.Render<MudDialogProvider>();
        var cut = Ctx.Render<PassPlansTab>(p => p.Add(c => c.ActorId, _owner));

        await cut.InvokeAsync(() => cut.Find("[data-testid=add-plan]").Click());

        dialogs.WaitForAssertion(() => Assert.Contains(dialogs.FindAll("label"), l => l.TextContent.Trim() == "Price, €"));
        Assert.DoesNotContain("₴", dialogs.Markup);
    }
}
