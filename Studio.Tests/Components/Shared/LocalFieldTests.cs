using System.Globalization;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Studio.Web.Components.Shared;

namespace Studio.Tests.Components.Shared;

/// <summary>
/// The shared date/time fields: the browser's ISO value read and written with the invariant culture whatever the UI
/// language; what cannot be read keeps the bound value, says so beside the field and makes ReadableAsync false.
/// </summary>
public sealed class LocalFieldTests : MudComponentTest
{
    /// <summary>The browser says whether its input holds something half typed (its value is then "").</summary>
    private void BrowserSaysBadInput(bool bad) =>
        Ctx.JSInterop.SetupModule("./Components/Shared/LocalField.razor.js").Setup<bool>("badInput", _ => true).SetResult(bad);

    private (IRenderedComponent<TField> Field, List<TValue?> Changes) Render<TField, TValue>(TValue? value, bool required = false)
        where TField : LocalField<TValue> where TValue : struct
    {
        var changes = new List<TValue?>();
        var field = Ctx.Render<TField>(p => p
            .Add(f => f.Value, value)
            .Add(f => f.ValueChanged, EventCallback.Factory.Create<TValue?>(this, v => changes.Add(v)))
            .Add(f => f.Label, "When")
            .Add(f => f.Required, required)
            .AddUnmatched("data-testid", "when"));
        return (field, changes);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("uk")]
    [InlineData("en-US")]
    public async Task DateTime_TypedIsoValue_IsReadTheSameInEveryCulture(string culture)
    {
        UseCulture(culture);
        var (field, changes) = Render<LocalDateTimeField, DateTime>(null);

        await field.InvokeAsync(() => field.Find("input[data-testid=when]").Change("2026-12-05T10:30"));

        Assert.Equal([new DateTime(2026, 12, 5, 10, 30, 0)], changes);
        Assert.True(await field.InvokeAsync(() => field.Instance.ReadableAsync()));
        Assert.Equal("false", field.Find("input[data-testid=when]").GetAttribute("data-unreadable"));
    }

    [Theory]
    [InlineData("en")]
    [InlineData("uk")]
    public void DateTime_Value_IsWrittenForTheBrowserAsIso(string culture)
    {
        UseCulture(culture);
        var (field, _) = Render<LocalDateTimeField, DateTime>(new DateTime(2026, 3, 29, 18, 5, 42));

        var input = field.Find("input[data-testid=when]");
        Assert.Equal("2026-03-29T18:05", input.GetAttribute("value"));
        Assert.Equal("datetime-local", input.GetAttribute("type"));
    }

    [Theory]
    [InlineData("en", "Enter the whole date and time")]
    [InlineData("uk", "Введіть дату й час повністю")]
    public async Task DateTime_TextInTheUiCulturesWay_IsUnreadable_KeepsTheValue_SaysSoBesideTheField(string culture, string message)
    {
        UseCulture(culture);
        var was = new DateTime(2026, 12, 5, 10, 30, 0);
        var (field, changes) = Render<LocalDateTimeField, DateTime>(was);

        await field.InvokeAsync(() => field.Find("input[data-testid=when]").Change("05.12.2026 11:45"));

        Assert.Empty(changes);
        Assert.Equal(was, field.Instance.Value);
        Assert.Contains(message, field.Find(".mud-input-helper-text").TextContent);
        Assert.Equal("true", field.Find("input[data-testid=when]").GetAttribute("data-unreadable"));
        Assert.False(await field.InvokeAsync(() => field.Instance.ReadableAsync()));
    }

    [Fact]
    public async Task DateTime_EmptyWhileTheBrowserHoldsAHalfTypedValue_IsUnreadable_NotACleared()
    {
        BrowserSaysBadInput(true);
        var was = new DateTime(2026, 12, 5, 10, 30, 0);
        var (field, changes) = Render<LocalDateTimeField, DateTime>(was);

        await field.InvokeAsync(() => field.Find("input[data-testid=when]").Change(""));

        Assert.Empty(changes);
        Assert.True(field.Instance.Unreadable);
        Assert.False(await field.InvokeAsync(() => field.Instance.ReadableAsync()));
    }

    [Fact]
    public async Task DateTime_Cleared_BecomesNull()
    {
        BrowserSaysBadInput(false);
        var (field, changes) = Render<LocalDateTimeField, DateTime>(new DateTime(2026, 12, 5, 10, 30, 0));

        await field.InvokeAsync(() => field.Find("input[data-testid=when]").Change(""));

        Assert.Equal([(DateTime?)null], changes);
        Assert.True(await field.InvokeAsync(() => field.Instance.ReadableAsync()));
    }

    [Fact]
    public async Task HalfTypedNeverReported_IsCaughtBeforeSaving()
    {
        BrowserSaysBadInput(true);
        var (field, changes) = Render<LocalDateTimeField, DateTime>(null);

        Assert.False(await field.InvokeAsync(() => field.Instance.ReadableAsync()));

        Assert.Empty(changes);
        Assert.Contains("Enter the whole date and time", field.Find(".mud-input-helper-text").TextContent);
    }

    [Fact]
    public async Task Required_Empty_IsRefusedBeforeSaving()
    {
        UseCulture("en");
        var (field, _) = Render<LocalTimeField, TimeOnly>(null, required: true);

        Assert.False(await field.InvokeAsync(() => field.Instance.ReadableAsync()));
        Assert.Contains("When is required", field.Find(".mud-input-helper-text").TextContent);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("uk")]
    public async Task TimeAndDate_IsoValues_AreRead_OtherWritingsAreNot(string culture)
    {
        UseCulture(culture);
        var (time, times) = Render<LocalTimeField, TimeOnly>(new TimeOnly(17, 0));
        var (date, dates) = Render<LocalDateField, DateOnly>(null);
        Assert.Equal("17:00", time.Find("input").GetAttribute("value"));

        await time.InvokeAsync(() => time.Find("input").Change("18:30"));
        await date.InvokeAsync(() => date.Find("input").Change("1990-02-28"));
        await time.InvokeAsync(() => time.Find("input").Change("6:30 PM"));
        await date.InvokeAsync(() => date.Find("input").Change("28.02.1990"));

        Assert.Equal([new TimeOnly(18, 30)], times);
        Assert.Equal([new DateOnly(1990, 2, 28)], dates);
        Assert.True(time.Instance.Unreadable);
        Assert.True(date.Instance.Unreadable);
        Assert.Equal("time", time.Find("input").GetAttribute("type"));
        Assert.Equal("date", date.Find("input").GetAttribute("type"));
    }

    [Fact]
    public async Task ValueSetFromOutside_ReplacesAnUnreadableText()
    {
        var (field, _) = Render<LocalDateTimeField, DateTime>(null);
        await field.InvokeAsync(() => field.Find("input").Change("garbage"));
        Assert.True(field.Instance.Unreadable);

        field.Render(p => p.Add(f => f.Value, new DateTime(2027, 1, 2, 9, 0, 0)));

        Assert.False(field.Instance.Unreadable);
        Assert.Equal("2027-01-02T09:00", field.Find("input").GetAttribute("value"));
    }
}
