using System.Text;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using Studio.Tests.Browser.Pages;

namespace Studio.Tests.Browser.Reports;

/// <summary>The reports page on the demo studio: the funnels as the page shows them and as the export streams them agree.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReportsBrowserTests(StudioAppFixture app)
{
    [Fact]
    public async Task Funnels_TableAndCsvExportAgree_XlsxIsAWorkbook()
    {
        var reports = new ReportsPage(await app.SignedInPageAsync("owner@studio.demo"), app.BaseUrl);
        var page = reports.Page;
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var query = $"from={today.AddDays(-60):yyyy-MM-dd}&to={today:yyyy-MM-dd}";
        await reports.OpenAsync("funnels", query);
        var rows = reports.FunnelRows;
        await Expect(rows.First).ToBeVisibleAsync(new() { Timeout = 10_000 });
        var shown = new Dictionary<string, (string Transitions, string Clients, string Now)>();
        foreach (var row in await rows.AllAsync())
        {
            var name = (await row.Locator("td").First.InnerTextAsync()).Trim();
            shown[name] = ((await row.GetAttributeAsync("data-transitions"))!, (await row.GetAttributeAsync("data-clients"))!, (await row.GetAttributeAsync("data-now"))!);
        }
        Assert.Contains(shown.Values, v => v.Transitions != "0");

        var csv = await page.Context.APIRequest.GetAsync($"{app.BaseUrl}/reports/export/funnels.csv?{query}");
        Assert.Equal(200, csv.Status);
        Assert.StartsWith("text/csv", csv.Headers["content-type"]);
        var lines = Encoding.UTF8.GetString(await csv.BodyAsync()).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // The first block is "all sources": source, status, transitions, clients, clients now — the page's table.
        var allSources = lines.Skip(1).Select(l => l.Split(',')).TakeWhile(c => c[0] == lines[1].Split(',')[0]).ToList();
        Assert.Equal(shown.Where(s => s.Value != ("0", "0", "0")).Select(s => s.Key).Order(), allSources.Select(c => c[1]).Order());
        Assert.All(allSources, c => Assert.Equal(shown[c[1]], (c[2], c[3], c[4].TrimEnd('\r'))));

        var xlsx = await page.Context.APIRequest.GetAsync($"{app.BaseUrl}/reports/export/status-transitions.xlsx?{query}");
        Assert.Equal(200, xlsx.Status);
        var bytes = await xlsx.BodyAsync();
        Assert.Equal("PK"u8.ToArray(), bytes[..2]);
        var sheet = MiniExcelLibs.MiniExcel.Query(new MemoryStream(bytes), useHeaderRow: true).ToList();
        Assert.NotEmpty(sheet);
    }

    [Fact]
    public async Task Export_ByATeacher_Refused()
    {
        var page = await app.SignedInPageAsync("teacher1@studio.demo");
        var response = await page.Context.APIRequest.GetAsync($"{app.BaseUrl}/reports/export/funnels.csv", new() { MaxRedirects = 0 });
        Assert.Contains(response.Status, new[] { 302, 403 });
        Assert.DoesNotContain("text/csv", response.Headers.GetValueOrDefault("content-type") ?? "");
    }
}
