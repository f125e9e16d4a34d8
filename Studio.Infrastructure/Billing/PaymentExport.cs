using System.Globalization;
using Studio.Domain.Billing;
using Studio.Infrastructure.Reports;

namespace Studio.Infrastructure.Billing;

public enum ExportFormat { Csv, Xlsx }

/// <summary>The column titles and the words for payment methods, in the reader's language.</summary>
public sealed record PaymentExportLabels(string PaidAt, string Client, string Lines, string Amount, string Method, string Employee, string Note,
    Func<PaymentMethod, string> MethodName, string State = "State", string Reason = "Reason", Func<PaymentState, string>? StateName = null);

/// <summary>
/// The filtered payments list as a CSV or XLSX file, through the one export writer (<see cref="TableExport"/>): every payment the
/// filter finds (not just a page), newest first, read a batch at a time while the file is written; times in the studio's zone as
/// real dates, amounts as numbers. The amount column is what each row counts — a refund negative, a voided payment nothing (its state
/// says so) — so the column sums to the list's total.
/// </summary>
public sealed class PaymentExport(BillingService billing)
{
    public const int MaxRows = 50_000;
    private const int Batch = 200;

    /// <summary>
    /// The columns and rows to write. The actor's rights are checked here, before anything is written (the first batch is read now);
    /// the rest is read as the rows are taken.
    /// </summary>
    public async Task<(IReadOnlyList<string> Headers, IAsyncEnumerable<IReadOnlyList<object?>> Rows)> TableAsync(Guid actorId, PaymentFilter filter,
        PaymentExportLabels labels, TimeZoneInfo zone, CancellationToken ct = default)
    {
        var first = await billing.ListPaymentsAsync(actorId, filter with { Skip = 0, Take = Batch }, ct);
        return ([labels.PaidAt, labels.Client, labels.Lines, labels.Amount, labels.Method, labels.Employee, labels.Note, labels.State, labels.Reason], Rows(first));

        async IAsyncEnumerable<IReadOnlyList<object?>> Rows(PaymentPage page)
        {
            for (var skip = 0; ; )
            {
                foreach (var p in page.Items)
                    yield return [TimeZoneInfo.ConvertTimeFromUtc(p.PaidAt, zone), p.ClientName ?? "",
                        string.Join(", ", p.Lines.Select(l => l.Quantity > 1 ? $"{l.Name} ×{l.Quantity}" : l.Name)), p.Counted,
                        labels.MethodName(p.Method), p.EmployeeName, p.Note ?? "", labels.StateName?.Invoke(p.State) ?? p.State.ToString(), p.Reason ?? ""];
                skip += Batch;
                if (page.Items.Count < Batch || skip >= MaxRows) yield break;
                page = await billing.ListPaymentsAsync(actorId, filter with { Skip = skip, Take = Batch }, ct);
            }
        }
    }

    public async Task WriteAsync(Guid actorId, PaymentFilter filter, ExportFormat format, PaymentExportLabels labels, TimeZoneInfo zone, CultureInfo culture,
        Stream output, CancellationToken ct = default)
    {
        var (headers, rows) = await TableAsync(actorId, filter, labels, zone, ct);
        await TableExport.WriteAsync(headers, rows, format, culture, output, ct);
    }
}
