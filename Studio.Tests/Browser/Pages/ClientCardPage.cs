using Microsoft.Playwright;

namespace Studio.Tests.Browser.Pages;

/// <summary>A client's card: the name in its heading, the profile fields by their labels, the note and its button by name.</summary>
public sealed class ClientCardPage(IPage page, string baseUrl, string culture = "en") : Screen(page, baseUrl, culture)
{
    public Task OpenAsync(Guid clientId) => GoAsync($"/clients/{clientId}");

    /// <summary>The client's name, the card's heading.</summary>
    public ILocator Title => Heading;

    public ILocator Name => Field("Field.FullName");

    /// <summary>The first phone (the others are labelled "Other phone").</summary>
    public ILocator Phone => Field("Field.Phone");

    /// <summary>Save, or "Save anyway" once possible duplicates are shown.</summary>
    public ILocator Save => Page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex($"^({Text("Common.Save")}|{Text("Client.SaveAnyway")})$") });

    /// <summary>The warning that names possible duplicates: an alert.</summary>
    public ILocator DuplicateWarning => Page.GetByRole(AriaRole.Alert).Filter(new() { HasText = Text("Deal.PossibleDuplicate") });

    public ILocator Note => Field("Deal.NewNote");

    public ILocator AddNote => Button("Deal.AddNote");

    /// <summary>The timeline's lines: a plain block under its heading with no role of its own, so data-testid.</summary>
    public ILocator Timeline => Page.GetByTestId("timeline");

    /// <summary>Saves the profile; when the card then warns of a possible duplicate, saves anyway.</summary>
    public async Task SaveAsync()
    {
        await Save.ClickAsync();
        if (await DuplicateWarning.IsVisibleAsync()) await Save.ClickAsync();
    }
}
