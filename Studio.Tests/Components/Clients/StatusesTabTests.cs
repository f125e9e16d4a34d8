using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Live;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Tests.Infrastructure;
using Studio.Web.Components.Shared.Dictionaries;
using Studio.Web.Clients.Dictionaries;
using Studio.Infrastructure.Clients;

namespace Studio.Tests.Components.Clients;

/// <summary>The client statuses tab over the real dictionary service (SQLite): order, errors next to the field, live reload.</summary>
public sealed class StatusesTabTests(Databases databases) : MudComponentTest
{
    private TestStudio _studio = default!;
    private DictionaryService _dict = default!;
    private Guid _owner;

    public override async ValueTask InitializeAsync()
    {
        _studio = await StartStudioAsync(databases, typeof(DictionaryService), typeof(ILiveBus));
        _dict = _studio.Services.GetRequiredService<DictionaryService>();
        _owner = await _studio.AddEmployeeAsync(EmployeeRole.Owner);
        foreach (var (name, colour) in new[] { ("Lead", "#90A4AE"), ("Trial", "#FFB74D"), ("Regular", "#66BB6A") })
            await _dict.CreateStatusAsync(_owner, name, true, colour, Ct);
    }

    private IRenderedComponent<StatusesTab> Render()
    {
        var cut = Ctx.Render<StatusesTab>(p => p.Add(c => c.ActorId, _owner));
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid=dict-row]").Count));
        return cut;
    }

    private static List<string?> Names(IRenderedComponent<StatusesTab> cut) =>
        [.. cut.FindAll("[data-testid=dict-row]").Select(r => r.GetAttribute("data-name"))];

    [Fact]
    public async Task MoveDown_FirstStatus_RowsSwapAndTheOrderIsSaved()
    {
        var cut = Render();

        await cut.InvokeAsync(() => cut.Find("[data-testid=dict-row][data-name=Lead] button[data-testid=move-down]").Click());

        cut.WaitForAssertion(() => Assert.Equal(["Trial", "Lead", "Regular"], Names(cut)));
        Assert.Equal(["Trial", "Lead", "Regular"], (await _dict.ListStatusesAsync(_owner, Ct)).Select(s => s.Name));
        Assert.True(cut.Find("[data-testid=dict-row][data-name=Trial] button[data-testid=move-up]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Add_NameTakenInOtherCase_ErrorNextToTheFieldAndTheTextStays()
    {
        var cut = Render();

        await cut.InvokeAsync(() => cut.Find("input[data-testid=new-name]").Input("TRIAL"));
        await cut.InvokeAsync(() => cut.Find("[data-testid=add-entry]").Click());

        cut.WaitForAssertion(() => Assert.Contains("\"TRIAL\" already exists.", cut.Find(".dict-add").TextContent));
        Assert.Equal("TRIAL", cut.Find("input[data-testid=new-name]").GetAttribute("value"));
        Assert.Equal(3, (await _dict.ListStatusesAsync(_owner, Ct)).Count);
    }

    [Fact]
    public async Task StatusAddedElsewhere_TabShowsItWithoutReload()
    {
        var cut = Render();

        await _dict.CreateStatusAsync(_owner, "Gone", false, "#8D6E63", Ct);

        cut.WaitForAssertion(() => Assert.Equal(["Lead", "Trial", "Regular", "Gone"], Names(cut)), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Empty_NoStatuses_SaysWhatToDo()
    {
        foreach (var s in await _dict.ListStatusesAsync(_owner, Ct)) await _dict.DeleteStatusAsync(_owner, s.Id, s.Version, null, Ct);

        var cut = Ctx.Render<StatusesTab>(p => p.Add(c => c.ActorId, _owner));

        cut.WaitForAssertion(() => Assert.Contains("Add them in the order clients go through them", cut.Find("[data-testid=dict-empty]").TextContent));
    }
}
