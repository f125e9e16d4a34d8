using Studio.Web.Components.Shared;

namespace Studio.Tests.Web.Host;

/// <summary>Chips in colours people pick get a text colour that reads on them; report charts scale to their data.</summary>
public sealed class ReadableColoursTests
{
    [Theory]
    [InlineData("#FFB300")] // the demo's VIP amber: white text on it was 1.79:1
    [InlineData("#66BB6A")] // green tag: 2.36:1 with white
    [InlineData("#90CAF9")]
    [InlineData("#1565C0")]
    [InlineData("#000000")]
    [InlineData("#ffffff")]
    [InlineData("#777777")] // the middle grey, the hardest case
    [InlineData("#f0f")]
    public void TextOn_AnyBackground_ReadsAtLeast4_5To1(string background)
    {
        var text = ChipColours.TextOn(background);
        Assert.True(ChipColours.Contrast(text, background) >= 4.5, $"{text} on {background}: {ChipColours.Contrast(text, background):0.00}:1");
        Assert.Contains($"color:{text}", ChipColours.Style(background));
    }

    [Fact]
    public void TextOn_DarkAndLight_WhiteOnDarkBlackOnLight()
    {
        Assert.Equal(ChipColours.Light, ChipColours.TextOn("#1565C0"));
        Assert.Equal(ChipColours.Dark, ChipColours.TextOn("#FFB300"));
        Assert.Equal(ChipColours.Dark, ChipColours.TextOn("not a colour"));
    }

    [Theory]
    [InlineData(0, 1, 1)]
    [InlineData(3, 1, 3)]
    [InlineData(7, 2, 8)]
    [InlineData(23, 5, 25)]
    [InlineData(100, 20, 100)]
    [InlineData(1234, 500, 1500)]
    public void ChartAxes_ScaleToTheData(double max, double step, double top)
    {
        Assert.Equal(step, ChartAxes.Step(max));
        Assert.Equal(top, ChartAxes.Top(max));
    }
}
