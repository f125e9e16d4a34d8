using System.Globalization;
using System.Diagnostics;
using Studio.Bench.Harness;
using Studio.Infrastructure.Billing;
using Studio.Infrastructure.Reports;

namespace Studio.Bench.Benchmarks;

/// <summary>
/// Exports (reports and payments, one writer) stream: 10,000 and 100,000 rows of six columns (text in Cyrillic, dates, money) written
/// in Ukrainian as CSV and XLSX into a
/// forward-only sink. The managed heap is sampled every 1,000 rows; if the writer held the rows, its peak would grow tenfold
/// with the row count — streamed, it stays flat.
/// </summary>
public sealed class ExportBenchmark : IBenchmark
{
    public string Name => "Report export";
    public BenchScope Scope => BenchScope.Once;

    public async Task<IReadOnlyList<Figure>> RunAsync(BenchTarget target, BenchOptions options, CancellationToken ct)
    {
        var figures = new List<Figure>();
        foreach (var format in new[] { ExportFormat.Csv, ExportFormat.Xlsx })
            foreach (var rows in new[] { 10_000, 100_000 })
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                var baseline = GC.GetTotalMemory(forceFullCollection: true);
                var peak = baseline;
                var sink = new CountingSink();
                async IAsyncEnumerable<IReadOnlyList<object?>> Rows()
                {
                    for (var i = 0; i < rows; i++)
                    {
                        if (i % 1_000 == 0)
                        {
                            peak = Math.Max(peak, GC.GetTotalMemory(false));
                            await Task.Yield();
                        }
                        yield return [$"Коваленко Олена {i}", "+380671234567", new DateTime(2026, 11, 1).AddMinutes(i), 1200.50m + i % 7,
                            "Абонемент 8 занять", i];
                    }
                }
                var t0 = Stopwatch.GetTimestamp();
                await TableExport.WriteAsync(["Клієнт", "Телефон", "Дата", "Сума", "Що", "№"], Rows(), format, CultureInfo.GetCultureInfo("uk"), sink, ct);
                var ms = Clock.Ms(t0, Stopwatch.GetTimestamp());
                var label = $"{format.ToString().ToUpperInvariant()} {rows:N0} rows";
                figures.Add(new($"{label}: time", ms, "ms", $"{sink.Written / 1024.0 / 1024.0:F1} MB written"));
                figures.Add(new($"{label}: peak heap growth", (peak - baseline) / 1024.0 / 1024.0, "MB"));
            }
        return figures;
    }

    /// <summary>A response body stand-in: counts what is written, keeps nothing, refuses synchronous writes.</summary>
    private sealed class CountingSink : Stream
    {
        public long Written { get; private set; }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new InvalidOperationException("Synchronous write.");
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
        {
            Written += buffer.Length;
            return ValueTask.CompletedTask;
        }
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
            WriteAsync(buffer.AsMemory(offset, count), ct).AsTask();
    }
}
