using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Studio.Domain.Clients;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Live;
using Studio.Tests.Infrastructure;
using Studio.Web.Clients;
using Studio.Web.Organisation;
using Xunit;

namespace Studio.Tests.Components.Clients;

/// <summary>A person types a child's parent into the client form (issue 17.14), in English and Ukrainian, and saves: what they typed is saved.</summary>
public sealed class ClientFormGuardianTests(Databases databases) : MudComponentTest
{
    private TestStudio _studio = default!;
    private ClientService Clients => _studio.Services.GetRequiredService<ClientService>();

    public override async ValueTask InitializeAsync()
    {
        _studio = await StartStudioAsync(databases, typeof(ClientService), typeof(ClientCardViews), typeof(Studio.Infrastructure.Pipelines.PipelineService),
            typeof(Studio.Infrastructure.Billing.BillingService), typeof(Studio.Infrastructure.Schedule.ScheduleService), typeof(Studio.Infrastructure.Billing.FreezeService),
            typeof(Studio.Infrastructure.Tasks.TaskService), typeof(ILiveBus));
    }

    private async Task<(Guid Me, Guid Client, IRenderedComponent<ClientCardPage> Cut)> OpenChildAsync()
    {
        var me = await _studio.AddEmployeeAsync(EmployeeRole.Manager);
        SignIn(me, EmployeeRole.Manager);
        var client = await Clients.CreateAsync(me, new ClientInput("Марко Коваль", ["+380501230000"], null, new DateOnly(2016, 3, 1), null, null, null, null, [],
            ContactChannels.None, null, new Dictionary<Guid, string?>()), ct: Ct);
        var cut = Ctx.Render<ClientCardPage>(p => p.Add(x => x.ClientId, client));
        cut.WaitForElement("[data-testid=client-form]");
        return (me, client, cut);
    }

    [Theory]
    [InlineData("en", "Mother", "Call the parent")]
    [InlineData("uk", "Мати", "Телефонуйте батькам")]
    public async Task TypingAParent_AndSaving_SavesThemAndTheCardOffersToCallThemFirst(string culture, string relationShown, string callFirst)
    {
        UseCulture(culture);
        var (me, client, cut) = await OpenChildAsync();

        await cut.InvokeAsync(() => cut.Find("[data-testid=add-guardian]").Click());
        await cut.InvokeAsync(() => cut.Find("input[data-testid=guardian-name]").Input("Олена Коваль"));
        var relation = cut.FindComponents<MudSelect<string>>().Single(s => s.Instance.Class == "guardian-relation");
        await cut.InvokeAsync(() => relation.Instance.ValueChanged.InvokeAsync("Mother"));
        await cut.InvokeAsync(() => cut.Find("input[data-testid=guardian-phone]").Input("067 123 45 67"));
        await cut.InvokeAsync(() => cut.Find("input[data-testid=guardian-telegram]").Input("@olena"));
        await cut.InvokeAsync(() => cut.Find("[data-testid=save-client]").Click());

        var saved = Assert.Single((await Clients.GetCardAsync(me, client, Ct)).Guardians);
        Assert.Equal(("Олена Коваль", "Mother", "+380671234567", "@olena"), (saved.Name, saved.Relation, Assert.Single(saved.Phones), saved.Channels.Telegram));
        cut.WaitForAssertion(() =>
        {
            var shown = cut.Find("[data-testid=client-guardians]");
            Assert.Contains(callFirst, shown.TextContent);
            Assert.Contains(relationShown, shown.TextContent);
            Assert.Equal("tel:+380671234567", cut.Find("[data-testid=guardian-call]").GetAttribute("href"));
            Assert.Equal("https://t.me/olena", cut.Find("[data-testid=guardian-telegram-link]").GetAttribute("href"));
        });
    }

    [Theory]
    [InlineData("en", "Parent's or guardian's name")]
    [InlineData("uk", "Ім'я батька, матері чи опікуна")]
    public async Task AParentsPhoneWithoutTheirName_IsRefusedNamingTheField_AndNothingIsSaved(string culture, string field)
    {
        UseCulture(culture);
        var (me, client, cut) = await OpenChildAsync();

        await cut.InvokeAsync(() => cut.Find("[data-testid=add-guardian]").Click());
        await cut.InvokeAsync(() => cut.Find("input[data-testid=guardian-phone]").Input("067 123 45 67"));
        await cut.InvokeAsync(() => cut.Find("[data-testid=save-client]").Click());

        cut.WaitForAssertion(() => Assert.Contains(field, cut.Find("[data-testid=form-error]").TextContent));
        Assert.Empty((await Clients.GetCardAsync(me, client, Ct)).Guardians);
        Assert.Equal("067 123 45 67", cut.Find("input[data-testid=guardian-phone]").GetAttribute("value")); // what was typed stays
    }
}
