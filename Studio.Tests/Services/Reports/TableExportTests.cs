using System.Text;
using MiniExcelLibs;
using Studio.Infrastructure.Billing;
using Studio.Infrastructure.Reports;

namespace Studio.Tests.Services.Reports;

/// <summary>Reports' CSV and XLSX, written row by row into a stream that cannot seek (as a response body).</summary>
public sealed class TableExportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] Headers = ["Клієнт", "Сума", "Примітка"];

    private static async IAsyncEnumerable<IReadOnlyList<object?>> Rows()
    {
        yield return ["Олена Коваль", 1200.50m, "перша, \"нова\""];
        await Task.Yield();
        yield return ["Ivan\u0001 Petrenko", 0, null];
        yield return ["Марія", -3L, "рядок\nдругий"];
    }

    /// <summary>A write-only stream that refuses to seek, report its length or be written synchronously, like an HTTP response body.</summary>
    private sealed class ForwardOnly(Stream inner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) =>
            throw new InvalidOperationException("Synchronous operations are disallowed (as on a response body).");
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default) => inner.WriteAsync(buffer, ct);
    }

    [Fact]
    public async Task Xlsx_ReadsBackWithHeadersNumbersAndCyrillic()
    {
        var bytes = new MemoryStream();
        await TableExport.WriteAsync(Headers, Rows(), ExportFormat.Xlsx, new ForwardOnly(bytes), Ct);

        var rows = MiniExcel.Query(new MemoryStream(bytes.ToArray()), useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(3, rows.Count);
        Assert.Equal("Олена Коваль", rows[0]["Клієнт"]);
        Assert.Equal(1200.5, Convert.ToDouble(rows[0]["Сума"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("перша, \"нова\"", rows[0]["Примітка"]);
        Assert.Equal("Ivan Petrenko", rows[1]["Клієнт"]); // the control character dropped
        Assert.Equal(-3.0, Convert.ToDouble(rows[2]["Сума"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("рядок\nдругий", rows[2]["Примітка"]);
    }

    [Fact]
    public async Task Csv_QuotesWhatNeedsIt_NumbersInvariant_WithAByteOrderMark()
    {
        var bytes = new MemoryStream();
        await TableExport.WriteAsync(Headers, Rows(), ExportFormat.Csv, new ForwardOnly(bytes), Ct);

        var raw = bytes.ToArray();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, raw[..3]);
        var text = Encoding.UTF8.GetString(raw[3..]).ReplaceLineEndings("\n");
        Assert.Equal("Клієнт,Сума,Примітка\nОлена Коваль,1200.50,\"перша, \"\"нова\"\"\"\nIvan\u0001 Petrenko,0,\nМарія,-3,\"рядок\nдругий\"\n", text);
    }
}
