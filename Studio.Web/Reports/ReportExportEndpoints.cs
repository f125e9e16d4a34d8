using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Localization;
using Studio.Infrastructure.Billing;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Reports;
using Studio.Web.Resources;
using Studio.Web.Host;

namespace Studio.Web.Reports;

/// <summary>A report's table ready to stream: the file's name (without extension), its columns, and rows read as they are written.</summary>
public sealed record ReportTable(string FileName, IReadOnlyList<string> Headers, IAsyncEnumerable<IReadOnlyList<object?>> Rows);

/// <summary>
/// One exportable report. <see cref="BuildAsync"/> checks the actor's rights and the filters before anything is written (a refusal
/// is a 403, bad filters a 400); the rows are read while the file streams out.
/// </summary>
public interface IReportTable
{
    /// <summary>The name in the address: /reports/export/{Name}.csv.</summary>
    string Name { get; }

    Task<ReportTable> BuildAsync(Guid actorId, IQueryCollection query, IStringLocalizer<SharedResource> L, CancellationToken ct);
}

public static class ReportExportEndpoints
{
    /// <summary>The tables the reports page shows and exports (each also an <see cref="IReportTable"/> the export endpoint finds by name).</summary>
    public static IServiceCollection AddReportTables(this IServiceCollection services) =>
        services.AddSingleton<IReportTable, GeneralTable>().AddSingleton<IReportTable, Pipelines.BoardDealsTable>().AddSingleton<IReportTable, FunnelTable>().AddSingleton<IReportTable, StatusTransitionsTable>();

    /// <summary>GET /reports/export/{name}.csv or .xlsx with the report's filters in the query: streamed, never held whole in memory.</summary>
    public static IEndpointRouteBuilder MapReportExports(this IEndpointRouteBuilder app)
    {
        app.MapGet("/reports/export/{name}.{format}", async (string name, string format, HttpContext http, IEnumerable<IReportTable> reports,
            IStringLocalizer<SharedResource> L) =>
        {
            var type = format.ToLowerInvariant() switch { "csv" => ExportFormat.Csv, "xlsx" => ExportFormat.Xlsx, _ => (ExportFormat?)null };
            var report = reports.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));
            if (type is not { } fmt || report is null) return Results.NotFound();
            if (!Guid.TryParse(http.User.FindFirstValue(ClaimTypes.NameIdentifier), out var actorId)) return Results.Unauthorized();
            ReportTable table;
            try { table = await report.BuildAsync(actorId, http.Request.Query, L, http.RequestAborted); }
            catch (AccessDeniedException) { return Results.Forbid(); }
            catch (NotFoundException) { return ErrorPages.Result(StatusCodes.Status404NotFound, L["Error.NotFound"]); }
            catch (Studio.Web.Reports.BadQueryException ex) { return ErrorPages.Result(StatusCodes.Status400BadRequest, ex.Text(L)); }
            catch (Studio.Domain.Common.DomainException ex) { return ErrorPages.Result(StatusCodes.Status400BadRequest, Components.Shared.Formats.Error(ex, L)); }
            return new ExportFile(table.FileName, table.Headers, table.Rows, fmt);
        }).RequireAuthorization(nameof(Policy.ReadReports));
        return app;
    }
}

/// <summary>
/// Every export's response: the table streamed as CSV or XLSX through the one writer (<see cref="TableExport"/>), in the request's
/// culture (the person's chosen language): CSV separators, numbers and dates as their spreadsheet reads them.
/// </summary>
public sealed class ExportFile(string fileName, IReadOnlyList<string> headers, IAsyncEnumerable<IReadOnlyList<object?>> rows, ExportFormat format) : IResult
{
    public async Task ExecuteAsync(HttpContext http)
    {
        http.Response.ContentType = TableExport.ContentType(format);
        // The name is made of the report's filters: kept to ASCII letters, digits and '-', so no header can be broken by it.
        var safe = new string([.. fileName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-')]);
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{safe}.{TableExport.Extension(format)}\"";
        await TableExport.WriteAsync(headers, rows, format, CultureInfo.CurrentCulture, http.Response.Body, http.RequestAborted);
    }
}
