using System.Globalization;
using System.Text;
using Studio.Domain.Billing;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Billing;
using Studio.Infrastructure.Persistence;
using Studio.Tests.Infrastructure;

namespace Studio.Tests.Services.Billing;

/// <summary>The payments export goes through the one export writer: the reader's separators and numbers in CSV, real dates in XLSX.</summary>
public sealed class PaymentExportTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly TimeZoneInfo Kyiv = TimeZoneInfo.FindSystemTimeZoneById("Europe/Kyiv");

    private static readonly PaymentExportLabels Labels = new("Оплачено", "Клієнт", "Що", "Сума", "Спосіб", "Працівник", "Примітка", m => m.ToString(), "Стан", "Причина");

    private async Task<(TestStudio Studio, Guid Manager)> ArrangeAsync()
    {
        var studio = await databases.StartAsync(DatabaseProvider.Sqlite);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var water = await studio.Billing.SaveGoodAsync(owner, null, null, "Вода", 1250.5m, Ct);
        var client = await studio.AddClientAsync(manager);
        await studio.Billing.SellGoodsAsync(manager, client, studio.BranchId, [new GoodsLine(water, 1)], PaymentMethod.Cash, "без решти", Ct);
        return (studio, manager);
    }

    private static async Task<byte[]> ExportAsync(TestStudio studio, Guid manager, ExportFormat format, CultureInfo culture)
    {
        var bytes = new MemoryStream();
        await new PaymentExport(studio.Billing).WriteAsync(manager, new PaymentFilter(), format, Labels, Kyiv, culture, bytes, Ct);
        return bytes.ToArray();
    }

    [Fact]
    public async Task Csv_InUkrainianAndEnglish_TheCulturesSeparatorAndNumbers()
    {
        var (studio, manager) = await ArrangeAsync();
        await using var _ = studio;

        var uk = Encoding.UTF8.GetString(await ExportAsync(studio, manager, ExportFormat.Csv, new CultureInfo("uk"))).TrimStart('\uFEFF').ReplaceLineEndings("\n").Split('\n');
        var en = Encoding.UTF8.GetString(await ExportAsync(studio, manager, ExportFormat.Csv, new CultureInfo("en"))).TrimStart('\uFEFF').ReplaceLineEndings("\n").Split('\n');

        Assert.Equal("Оплачено;Клієнт;Що;Сума;Спосіб;Працівник;Примітка;Стан;Причина", uk[0]);
        Assert.Contains(";Вода;1250,5;Cash;", uk[1]);
        Assert.EndsWith(";без решти;Paid;", uk[1]);
        Assert.Equal("Оплачено,Клієнт,Що,Сума,Спосіб,Працівник,Примітка,Стан,Причина", en[0]);
        Assert.Contains(",Вода,1250.5,Cash,", en[1]);
    }

    [Fact]
    public async Task Xlsx_PaidAtIsADateCell_AmountANumber()
    {
        var (studio, manager) = await ArrangeAsync();
        await using var _ = studio;

        var bytes = await ExportAsync(studio, manager, ExportFormat.Xlsx, new CultureInfo("uk"));

        var rows = MiniExcelLibs.MiniExcel.Query(new MemoryStream(bytes), useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        var row = Assert.Single(rows);
        Assert.IsType<DateTime>(row["Оплачено"]);
        Assert.Equal(1250.5, Convert.ToDouble(row["Сума"], CultureInfo.InvariantCulture));
        Assert.Equal("Вода", row["Що"]);
    }
}
