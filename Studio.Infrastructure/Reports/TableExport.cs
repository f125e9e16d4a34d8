using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using Studio.Infrastructure.Billing;

namespace Studio.Infrastructure.Reports;

/// <summary>
/// The one writer of every export (reports, payments): CSV or XLSX, row by row as the rows arrive, so an export of any length holds one
/// row in memory. CSV through a stream writer, in the reader's culture: a semicolon between fields where the decimal separator is a comma
/// (as a Ukrainian spreadsheet expects), numbers and dates as that culture writes them. XLSX as a zip (through a temporary file) whose
/// sheet is written with an XML writer (inline strings, no shared-string table to collect): numbers stay numbers, <see cref="DateTime"/>
/// and <see cref="DateOnly"/> are real dates (serial numbers with a date format the spreadsheet shows in its own locale); everything
/// else is text the caller has already formatted.
/// </summary>
public static class TableExport
{
    public static string ContentType(ExportFormat format) =>
        format == ExportFormat.Csv ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static string Extension(ExportFormat format) => format == ExportFormat.Csv ? "csv" : "xlsx";

    public static Task WriteAsync(IReadOnlyList<string> headers, IAsyncEnumerable<IReadOnlyList<object?>> rows, ExportFormat format, CultureInfo culture,
        Stream output, CancellationToken ct = default) =>
        format == ExportFormat.Csv ? WriteCsvAsync(headers, rows, culture, output, ct) : WriteXlsxAsync(headers, rows, output, ct);

    /// <summary>The field separator a spreadsheet in this culture splits on: ';' where a comma is the decimal separator, else ','.</summary>
    public static char CsvSeparator(CultureInfo culture) => culture.NumberFormat.NumberDecimalSeparator == "," ? ';' : ',';

    private static async Task WriteCsvAsync(IReadOnlyList<string> headers, IAsyncEnumerable<IReadOnlyList<object?>> rows, CultureInfo culture, Stream output,
        CancellationToken ct)
    {
        var separator = CsvSeparator(culture);
        // A byte-order mark: spreadsheet programs then read the Cyrillic right.
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 16 * 1024, leaveOpen: true);
        await writer.WriteLineAsync(string.Join(separator, headers.Select(h => CsvField(h, separator))));
        await foreach (var row in rows.WithCancellation(ct))
            await writer.WriteLineAsync(string.Join(separator, row.Select(v => CsvField(v is not null && IsNumber(v) ? Text(v, culture) : NotAFormula(Text(v, culture)), separator))));
        await writer.FlushAsync(ct);
    }

    /// <summary>
    /// Text a spreadsheet would run as a formula (it starts with = + - @, a tab or a carriage return) gets a leading apostrophe,
    /// so a client named "=HYPERLINK(…)" is read as that text. Numbers are not text and are written as they are.
    /// </summary>
    private static string NotAFormula(string text) => text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    private static string CsvField(string value, char separator) =>
        value.IndexOfAny([separator, '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    /// <summary>A value as the culture writes it: numbers without thousands separators, dates in the culture's short form.</summary>
    private static string Text(object? value, CultureInfo culture) => value switch
    {
        null => "",
        DateTime d => d.TimeOfDay == TimeSpan.Zero ? d.ToString("d", culture) : d.ToString("g", culture),
        DateOnly d => d.ToString("d", culture),
        IFormattable f when IsNumber(value) => f.ToString(null, culture),
        _ => value.ToString() ?? "",
    };

    private static bool IsNumber(object value) => value is int or long or decimal or double or float or short;

    /// <summary>
    /// The zip is written to a temporary file (its writer finishes entries with synchronous writes, which a response body refuses),
    /// then copied out asynchronously: memory stays one row and a copy buffer whatever the length; the file goes when closed.
    /// </summary>
    private static async Task WriteXlsxAsync(IReadOnlyList<string> headers, IAsyncEnumerable<IReadOnlyList<object?>> rows, Stream output, CancellationToken ct)
    {
        await using var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024,
            FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        await WriteZipAsync(headers, rows, file, ct);
        file.Position = 0;
        await file.CopyToAsync(output, ct);
    }

    private static async Task WriteZipAsync(IReadOnlyList<string> headers, IAsyncEnumerable<IReadOnlyList<object?>> rows, Stream output, CancellationToken ct)
    {
        await using var zip = await ZipArchive.CreateAsync(output, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, ct);
        await PartAsync(zip, "[Content_Types].xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>
            """, ct);
        await PartAsync(zip, "_rels/.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
            """, ct);
        await PartAsync(zip, "xl/workbook.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Report" sheetId="1" r:id="rId1"/></sheets></workbook>
            """, ct);
        await PartAsync(zip, "xl/_rels/workbook.xml.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>
            """, ct);
        // Cell formats: 0 plain, 1 a date (built-in format 14), 2 a date and time (built-in 22); the spreadsheet shows both in its own locale.
        await PartAsync(zip, "xl/styles.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="22" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>
            """, ct);

        var entry = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest);
        await using var stream = await entry.OpenAsync(ct);
        await using var xml = XmlWriter.Create(stream, new XmlWriterSettings { Async = true, Encoding = new UTF8Encoding(false) });
        const string ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        await xml.WriteStartDocumentAsync(standalone: true);
        await xml.WriteStartElementAsync(null, "worksheet", ns);
        await xml.WriteStartElementAsync(null, "sheetData", ns);
        await RowAsync(xml, headers.Cast<object?>().ToList(), ns);
        await foreach (var row in rows.WithCancellation(ct))
            await RowAsync(xml, row, ns);
        await xml.WriteEndElementAsync();
        await xml.WriteEndElementAsync();
        await xml.WriteEndDocumentAsync();
        await xml.FlushAsync();
    }

    private static async Task RowAsync(XmlWriter xml, IReadOnlyList<object?> row, string ns)
    {
        await xml.WriteStartElementAsync(null, "row", ns);
        foreach (var value in row)
        {
            await xml.WriteStartElementAsync(null, "c", ns);
            if (value is not null && IsNumber(value))
                await xml.WriteElementStringAsync(null, "v", ns, Text(value, CultureInfo.InvariantCulture));
            else if (value is DateTime or DateOnly)
            {
                var (serial, style) = value is DateTime t
                    ? (t.ToOADate(), t.TimeOfDay == TimeSpan.Zero ? "1" : "2")
                    : (((DateOnly)value).ToDateTime(TimeOnly.MinValue).ToOADate(), "1");
                await xml.WriteAttributeStringAsync(null, "s", null, style);
                await xml.WriteElementStringAsync(null, "v", ns, serial.ToString("R", CultureInfo.InvariantCulture));
            }
            else if (value is bool b)
            {
                await xml.WriteAttributeStringAsync(null, "t", null, "b");
                await xml.WriteElementStringAsync(null, "v", ns, b ? "1" : "0");
            }
            else if (value is not null)
            {
                await xml.WriteAttributeStringAsync(null, "t", null, "inlineStr");
                await xml.WriteStartElementAsync(null, "is", ns);
                await xml.WriteStartElementAsync(null, "t", ns);
                await xml.WriteAttributeStringAsync("xml", "space", null, "preserve");
                await xml.WriteStringAsync(XmlSafe(Text(value, CultureInfo.InvariantCulture)));
                await xml.WriteEndElementAsync();
                await xml.WriteEndElementAsync();
            }
            await xml.WriteEndElementAsync();
        }
        await xml.WriteEndElementAsync();
    }

    /// <summary>Control characters XML cannot carry are dropped (a pasted note may hold one).</summary>
    private static string XmlSafe(string s) =>
        s.Any(ch => char.IsControl(ch) && ch is not '\t' and not '\n' and not '\r') ? new string(s.Where(ch => !char.IsControl(ch) || ch is '\t' or '\n' or '\r').ToArray()) : s;

    private static async Task PartAsync(ZipArchive zip, string name, string content, CancellationToken ct)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Fastest);
        await using var stream = await entry.OpenAsync(ct);
        var bytes = new UTF8Encoding(false).GetBytes(content.Trim());
        await stream.WriteAsync(bytes, ct);
    }
}
