using System.Globalization;
using System.Reflection;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using Studio.Web.Resources;

namespace Studio.Tests.Components.Shared;

/// <summary>MudBlazor's own words (the table pager, conversion errors…) come from our resources, in the person's language.</summary>
public sealed class MudLocalizationTests : MudComponentTest
{
    public MudLocalizationTests()
    {
        Ctx.Services.AddStudioMudLocalization();
    }

    private static readonly Assembly Mud = typeof(MudTable<>).Assembly;

    /// <summary>A table of 62 rows with the pager the clients and payments lists use.</summary>
    private static readonly RenderFragment Table = b =>
    {
        b.OpenComponent<MudTable<int>>(0);
        b.AddAttribute(1, nameof(MudTable<int>.Items), Enumerable.Range(1, 62).ToList());
        b.AddAttribute(2, nameof(MudTable<int>.RowTemplate), (RenderFragment<int>)(i => r => r.AddContent(0, i)));
        b.AddAttribute(3, nameof(MudTable<int>.PagerContent), (RenderFragment)(p =>
        {
            p.OpenComponent<MudTablePager>(0);
            p.AddAttribute(1, nameof(MudTablePager.PageSizeOptions), new[] { 25, 50, 100 });
            p.CloseComponent();
        }));
        b.CloseComponent();
    };

    [Theory]
    [InlineData("uk", "Рядків на сторінці:", "1–25 з 62", "Наступна сторінка")]
    [InlineData("en", "Rows per page:", "1-25 of 62", "Next page")]
    public void TablePager_InTheLanguage_RowsPerPageAndRange(string culture, string rowsPerPage, string range, string next)
    {
        UseCulture(culture);

        var cut = Ctx.Render(Table);

        Assert.Equal(rowsPerPage, cut.Find(".mud-table-pagination-information").TextContent.Trim());
        Assert.Equal(range, cut.Find(".mud-table-page-number-information").TextContent.Trim());
        Assert.Equal(next, cut.Find(".mud-table-pagination-next-button").GetAttribute("aria-label"));
    }

    [Theory]
    [InlineData("uk", "Неправильна дата або час")]
    [InlineData("en", "Not a valid date time")]
    public void ConversionError_InTheLanguage(string culture, string expected)
    {
        UseCulture(culture);

        // What MudBlazor's components ask (its InternalMudLocalizer is not public: reached as they reach it, from the services).
        var type = Mud.GetType("MudBlazor.InternalMudLocalizer", throwOnError: true)!;
        var localizer = Ctx.Services.GetRequiredService(type);
        var text = type.GetProperty("Item", [typeof(string), typeof(object[])])!.GetValue(localizer, ["Converter_InvalidDateTime", Array.Empty<object>()]);

        Assert.Equal(expected, text);
    }

    /// <summary>English too comes from our resources (MudBlazor's English is only the fallback for a key we lack).</summary>
    [Fact]
    public void English_ComesFromOurResources()
    {
        UseCulture("en");
        var ours = Ctx.Services.GetRequiredService<MudLocalizer>();

        Assert.IsType<StudioMudLocalizer>(ours);
        Assert.False(ours["MudDataGridPager_RowsPerPage"].ResourceNotFound);
        Assert.True(ours["No_Such_Key"].ResourceNotFound);
    }

    /// <summary>Every key MudBlazor 9 has is in our resources (both languages are checked to have the same keys elsewhere).</summary>
    [Fact]
    public void EveryMudBlazorKey_IsInOurResources()
    {
        UseCulture("uk");
        var keys = Mud.GetType("MudBlazor.Resources.LanguageResource", throwOnError: true)!.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(string)).Select(f => f.Name).ToList();
        var ours = Ctx.Services.GetRequiredService<MudLocalizer>();

        Assert.NotEmpty(keys);
        Assert.DoesNotContain(keys, k => ours[k].ResourceNotFound);
    }
}
