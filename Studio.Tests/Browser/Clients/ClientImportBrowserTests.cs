using System.Text;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using Studio.Tests.Browser.Pages;

namespace Studio.Tests.Browser.Clients;

[Collection(BrowserCollection.Name)]
public sealed class ClientImportBrowserTests(StudioAppFixture app)
{
    [Fact]
    public async Task ImportCsv_PreviewThenImport_ShowsProgressAndClientsAreFound()
    {
        var import = new ClientImportPage(await app.SignedInPageAsync("manager1@studio.demo"), app.BaseUrl);
        await import.OpenAsync();
        var csv = "Name;Phone;Email\nІмпорт Перший;063 555 10 01;\nІмпорт Другий;063 555 10 02;second@import.test\nБез Телефону;;\n";

        await import.ChooseFileAsync("clients.csv", "text/csv", Encoding.UTF8.GetBytes(csv));

        await Expect(import.Summary).ToContainTextAsync("new: 2");
        await Expect(import.Summary).ToContainTextAsync("with errors: 1");
        await import.Run.ClickAsync();
        await Expect(import.Page.GetByText("Created 2, skipped 0, with errors 1")).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Expect(import.Summary).ToContainTextAsync("imported before: 2");

        var list = new ClientListPage(import.Page, app.BaseUrl);
        await list.OpenAsync("q=063%20555%2010%2002");
        await Expect(list.ClientLinks).ToHaveTextAsync("Імпорт Другий");
    }
}
