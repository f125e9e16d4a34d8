using System.Globalization;
using MiniExcelLibs;
using Studio.Domain.Billing;

namespace Studio.Infrastructure.Billing;

public enum ExportFormat { Csv, Xlsx }

/// <summary>The column titles and the words for payment methods, in the reader's language.</summary>
public sealed record PaymentExportLabels(string PaidAt, string Client, string Lines, string Amount, string Method, string Employee, string Note,
    Func<PaymentMethod, string> MethodName);

/// <summary>
/// The filtered payments list as a CSV or XLSX file: every payment the filter finds (not just a
/// page), newest first, times in the studio's zone, amounts as numbers.
/// </summary>
public sealed class PaymentExport(BillingService billing)
{
    public const int MaxRows = 50_000;
    private const int Batch = 200;

    public async Task WriteAsync(Guid actorId, PaymentFilter filter, ExportFormat format, PaymentExportLabels labels, TimeZoneInfo zone, Stream output,
        CancellationToken ct = default)
    {
        var rows = new List<Dictionary<string, object?>>();
        for (var skip = 0; skip < MaxRows; skip += Batch)
        {
            var page = await billing.ListPaymentsAsync(actorId, filter with { Skip = skip, Take = Batch }, ct);
            rows.AddRange(page.Items.Select(p => new Dictionary<string, object?>
            {
                [labels.PaidAt] = TimeZoneInfo.ConvertTimeFromUtc(p.PaidAt, zone).ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture),
                [labels.Client] = p.ClientName ?? "",
                [labels.Lines] = string.Join(", ", p.Lines.Select(l => l.Quantity > 1 ? $"{l.Name} ×{l.Quantity}" : l.Name)),
                [labels.Amount] = p.Amount,
                [labels.Method] = labels.MethodName(p.Method),
                [labels.Employee] = p.EmployeeName,
                [labels.Note] = p.Note ?? "",
            }));
            if (page.Items.Count < Batch) break;
        }
        if (rows.Count == 0)
            rows.Add(new[] { labels.PaidAt, labels.Client, labels.Lines, labels.Amount, labels.Method, labels.Employee, labels.Note }
                .ToDictionary(k => k, _ => (object?)null));
        await MiniExcel.SaveAsAsync(output, rows, sheetName: "Payments", excelType: format == ExportFormat.Csv ? ExcelType.CSV : ExcelType.XLSX, cancellationToken: ct);
    }
}
