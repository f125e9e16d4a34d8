using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Studio.Tests.Browser.Pages;

/// <summary>
/// Clients → Import. The file goes to the upload's file input (hidden behind its button, so found by its type); the
/// preview's counts are a plain row of text (data-testid=import-summary); the import button by its name.
/// </summary>
public sealed class ClientImportPage(IPage page, string baseUrl, string culture = "en") : Screen(page, baseUrl, culture)
{
    public Task OpenAsync() => GoAsync("/clients/import");

    public Task ChooseFileAsync(string name, string mimeType, byte[] content) =>
        Page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = name, MimeType = mimeType, Buffer = content });

    public ILocator Summary => Page.GetByTestId("import-summary");

    /// <summary>"Import N clients" (the name carries the count of new ones).</summary>
    public ILocator Run => Page.GetByRole(AriaRole.Button, new()
    {
        NameRegex = new Regex("^" + string.Join(".*", Text("Import.Run").Split("{0}").Select(Regex.Escape)) + "$"),
    });
}
