using System.Text;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Studio.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class ClientImportBrowserTests(StudioAppFixture app)
{
    [Fact]
    public async Task ImportCsv_PreviewThenImport_ShowsProgressAndClientsAreFound()
    {
        var page = await app.SignedInPageAsync("manager1@studio.demo");
        await page.GotoAsync($"{app.BaseUrl}/clients/import");
        await Interactive.WaitAsync(page);
        var csv = "Name;Phone;Email\nІмпорт Перший;063 555 10 01;\nІмпорт Другий;063 555 10 02;second@import.test\nБез Телефону;;\n";

        await page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "clients.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv),
        });

        var summary = page.GetByTestId("import-summary");
        await Expect(summary).ToContainTextAsync("new: 2");
        await Expect(summary).ToContainTextAsync("with errors: 1");
        await page.GetByTestId("run-import").ClickAsync();
        await Expect(page.GetByText("Created 2, skipped 0, with errors 1")).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Expect(summary).ToContainTextAsync("imported before: 2");

        await page.GotoAsync($"{app.BaseUrl}/clients?q=063%20555%2010%2002");
        await Interactive.WaitAsync(page);
        await Expect(page.GetByTestId("client-row")).ToHaveTextAsync("Імпорт Другий");
    }
}
