using Studio.Domain.Common;

namespace Studio.Tests.Domain.Common;

public sealed class ColourTests
{
    [Theory]
    [InlineData("#A1B2C3", "#A1B2C3")]
    [InlineData("#a1b2c3", "#A1B2C3")]
    [InlineData("  #00ff00 ", "#00FF00")]
    public void Parse_HexColour_ReturnsUpperCase(string input, string expected) =>
        Assert.Equal(expected, Colour.Parse(input));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("red")]
    [InlineData("#FFF")]
    [InlineData("A1B2C3")]
    [InlineData("#GGGGGG")]
    [InlineData("#1234567")]
    [InlineData("#12 456")]
    public void Parse_NotHexColour_ThrowsErrorColour(string? input)
    {
        var ex = Assert.Throws<DomainException>(() => Colour.Parse(input, "StageColour"));

        Assert.Equal("Error.Colour", ex.Code);
        Assert.Equal(["StageColour"], ex.Args);
    }
}
