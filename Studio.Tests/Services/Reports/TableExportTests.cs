using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using MiniExcelLibs;
using Studio.Infrastructure.Billing;
using Studio.Infrastructure.Reports;

namespace Studio.Tests.Services.Reports;

/// <summary>Reports' CSV and XLSX, written row by row into a stream that cannot seek (as a response body).</summary>
public sealed class TableExportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] Headers = ["Клієнт", "Сума", "Примітка"];
    private static readonly CultureInfo En = new("en"), Uk = new("uk");

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
        await TableExport.WriteAsync(Headers, Rows(), ExportFormat.Xlsx, En, new ForwardOnly(bytes), Ct);

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
    public async Task Csv_English_QuotesWhatNeedsIt_CommasAndPointNumbers_WithAByteOrderMark()
    {
        var bytes = new MemoryStream();
        await TableExport.WriteAsync(Headers, Rows(), ExportFormat.Csv, En, new ForwardOnly(bytes), Ct);

        var raw = bytes.ToArray();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, raw[..3]);
        var text = Encoding.UTF8.GetString(raw[3..]).ReplaceLineEndings("\n");
        Assert.Equal("Клієнт,Сума,Примітка\nОлена Коваль,1200.50,\"перша, \"\"нова\"\"\"\nIvan\u0001 Petrenko,0,\nМарія,-3,\"рядок\nдругий\"\n", text);
    }

    private static async IAsyncEnumerable<IReadOnlyList<object?>> Hostile()
    {
        yield return ["=HYPERLINK(\"http://evil.example\",\"Click\")", -3m, "+380671234567"];
        await Task.Yield();
        yield return ["@SUM(A1:A9)", -1.5, "-2+3"];
        yield return ["\tcmd", 0, "\rcmd"];
        yield return ["Олена = Коваль", 7, "a@b.c"];
    }

    /// <summary>A cell a spreadsheet would run as a formula is written as text (a leading apostrophe); numbers stay numbers.</summary>
    [Theory]
    [InlineData("en")]
    [InlineData("uk")]
    public async Task Csv_CellsStartingLikeAFormula_AreWrittenAsText_NumbersAreNot(string language)
    {
        var culture = new CultureInfo(language);
        var bytes = new MemoryStream();
        await TableExport.WriteAsync(Headers, Hostile(), ExportFormat.Csv, culture, new ForwardOnly(bytes), Ct);
        var s = TableExport.CsvSeparator(culture);

        var lines = Encoding.UTF8.GetString(bytes.ToArray()[3..]).ReplaceLineEndings("\n").Split('\n');
        Assert.Equal($"\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Click\"\")\"{s}{(-3m).ToString(culture)}{s}'+380671234567", lines[1]);
        Assert.Equal($"'@SUM(A1:A9){s}{(-1.5).ToString(culture)}{s}'-2+3", lines[2]);
        Assert.StartsWith("'\tcmd" + s + "0" + s, lines[3]);
        Assert.Equal($"Олена = Коваль{s}7{s}a@b.c", lines[^2]);
    }

    private static readonly DateTime PaidAt = new(2026, 12, 5, 14, 30, 0);
    private static readonly DateOnly Day = new(2026, 12, 5);

    private static async IAsyncEnumerable<IReadOnlyList<object?>> Money()
    {
        yield return ["Олена; Коваль", 1250.5m, PaidAt, Day, 3];
        await Task.Yield();
        yield return ["Іван", 12000m, PaidAt.AddDays(1), Day.AddDays(1), -1.25];
    }

    private static readonly string[] MoneyHeaders = ["Клієнт", "Сума", "Оплачено", "День", "Кількість"];

    private static async Task<string> CsvAsync(CultureInfo culture)
    {
        var bytes = new MemoryStream();
        await TableExport.WriteAsync(MoneyHeaders, Money(), ExportFormat.Csv, culture, new ForwardOnly(bytes), Ct);
        return Encoding.UTF8.GetString(bytes.ToArray()[3..]).ReplaceLineEndings("\n");
    }

    [Fact]
    public async Task Csv_Ukrainian_SemicolonsCommaDecimalsAndUkrainianDates()
    {
        var text = await CsvAsync(Uk);

        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Клієнт;Сума;Оплачено;День;Кількість", lines[0]);
        Assert.Equal($"\"Олена; Коваль\";1250,5;{PaidAt.ToString("g", Uk)};{Day.ToString("d", Uk)};3", lines[1]);
        Assert.Equal($"Іван;12000;{PaidAt.AddDays(1).ToString("g", Uk)};{Day.AddDays(1).ToString("d", Uk)};-1,25", lines[2]);
        Assert.StartsWith("05.12.2026", Day.ToString("d", Uk));
        Assert.StartsWith("05.12.2026 14:30", PaidAt.ToString("g", Uk));
    }

    [Fact]
    public async Task Csv_English_CommasAndPointDecimals()
    {
        var text = await CsvAsync(En);

        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Клієнт,Сума,Оплачено,День,Кількість", lines[0]);
        Assert.Equal($"Олена; Коваль,1250.5,{PaidAt.ToString("g", En)},{Day.ToString("d", En)},3", lines[1]);
        Assert.Equal("12/5/2026", Day.ToString("d", En));
        Assert.EndsWith(",-1.25", lines[2]);
    }

    /// <summary>The workbook passes the Open XML SDK's schema validation, and its dates are date cells: numbers with a date format.</summary>
    [Fact]
    public async Task Xlsx_DatesAreDateCells_AndTheFileIsValidOpenXml()
    {
        var bytes = new MemoryStream();
        await TableExport.WriteAsync(MoneyHeaders, Money(), ExportFormat.Xlsx, Uk, new ForwardOnly(bytes), Ct);

        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes.ToArray()), false);
        var errors = new OpenXmlValidator().Validate(document, Ct).Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}").ToList();
        Assert.Empty(errors);
        var workbook = document.WorkbookPart!;
        var formats = workbook.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().Select(f => f.NumberFormatId!.Value).ToList();
        var row = workbook.WorksheetParts.Single().Worksheet.Descendants<Row>().ElementAt(1).Elements<Cell>().ToList();
        Assert.Null(row[2].DataType);
        Assert.Equal(PaidAt.ToOADate(), double.Parse(row[2].CellValue!.Text, CultureInfo.InvariantCulture));
        Assert.Equal(22u, formats[(int)row[2].StyleIndex!.Value]);
        Assert.Equal(Day.ToDateTime(TimeOnly.MinValue).ToOADate(), double.Parse(row[3].CellValue!.Text, CultureInfo.InvariantCulture));
        Assert.Equal(14u, formats[(int)row[3].StyleIndex!.Value]);
        Assert.Equal("1250.5", row[1].CellValue!.Text);

        // Another reader takes them as dates too.
        var read = MiniExcel.Query(new MemoryStream(bytes.ToArray()), useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(PaidAt, read[0]["Оплачено"]);
        Assert.Equal(Day.ToDateTime(TimeOnly.MinValue), read[0]["День"]);
    }
}
