using Studio.Domain.Common;
using Studio.Domain.Organisation;

namespace Studio.Tests.Domain.Organisation;

public sealed class StudioOrganisationTests
{
    [Theory]
    [InlineData("UA", "UA")]
    [InlineData("pl", "PL")]
    [InlineData(" lv ", "LV")]
    public void CountryCode_TwoLatinLetters_UpperCase(string input, string expected) =>
        Assert.Equal(expected, StudioOrganisation.CountryCode(input));

    [Theory]
    [InlineData("U1", "Error.Country")]
    [InlineData("УК", "Error.Country")]
    [InlineData("U", "Error.Country")]
    [InlineData("UKR", "Error.TooLong")]
    [InlineData("  ", "Error.Required")]
    [InlineData(null, "Error.Required")]
    public void CountryCode_NotTwoLatinLetters_Refused(string? input, string code) =>
        Assert.Equal(code, Assert.Throws<DomainException>(() => StudioOrganisation.CountryCode(input)).Code);

    [Fact]
    public void Update_BadCountry_RefusedAndNothingChanged()
    {
        var o = new StudioOrganisation("Ruh", "UA", "Europe/Kyiv");

        Assert.Throws<DomainException>(() => o.Update("Renamed", "1A", "Europe/Kyiv"));

        Assert.Equal(("Ruh", "UA"), (o.Name, o.Country));
    }
}
