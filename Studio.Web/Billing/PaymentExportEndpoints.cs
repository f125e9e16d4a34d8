using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Localization;
using Studio.Domain.Billing;
using Studio.Infrastructure.Billing;
using Studio.Infrastructure.Organisation;
using Studio.Web.Resources;
using Studio.Web.Reports;
using Studio.Web.Host;

namespace Studio.Web.Billing;

public static class PaymentExportEndpoints
{
    /// <summary>The payments filter as the payments page writes it in its address (and in the export link).</summary>
    public static PaymentFilter ParseFilter(string? from, string? to, string? method, string? employee, string? kind, string? state = null) => new(
        Studio.Web.Reports.ReportQuery.Day(from),
        Studio.Web.Reports.ReportQuery.Day(to),
        Enum.TryParse<PaymentMethod>(method, true, out var m) && Enum.IsDefined(m) ? m : null,
        Guid.TryParse(employee, out var e) ? e : null,
        Kind: Enum.TryParse<PaymentLineKind>(kind, true, out var k) && Enum.IsDefined(k) ? k : null,
        State: Enum.TryParse<PaymentState>(state, true, out var s) && Enum.IsDefined(s) ? s : null);

    /// <summary>GET /payments/export.csv or .xlsx with the page's filters: the whole filtered list as a file, streamed as it is read.</summary>
    public static IEndpointRouteBuilder MapPaymentExport(this IEndpointRouteBuilder app)
    {
        app.MapGet("/payments/export.{format}", async (string format, string? from, string? to, string? method, string? employee, string? kind, string? state, string? branch,
            HttpContext http, PaymentExport export, TimeProvider clock, IStringLocalizer<SharedResource> L, OrganisationSettingsSource settings) =>
        {
            var type = format.ToLowerInvariant() switch { "csv" => ExportFormat.Csv, "xlsx" => ExportFormat.Xlsx, _ => (ExportFormat?)null };
            if (type is not { } fmt) return Results.NotFound();
            if (!Guid.TryParse(http.User.FindFirstValue(ClaimTypes.NameIdentifier), out var actorId)) return Results.Unauthorized();
            var labels = new PaymentExportLabels(L["Billing.PaidAt"], L["Billing.Client"], L["Billing.Lines"], L["Field.Amount", (await settings.GetAsync(http.RequestAborted)).CurrencySymbol], L["Billing.Method"],
                L["Billing.Employee"], L["Field.Note"], m => L["Billing.Method." + m], L["Billing.State"], L["Field.Reason"], st => L["Billing.State." + st]);
            (IReadOnlyList<string> Headers, IAsyncEnumerable<IReadOnlyList<object?>> Rows) table;
            try
            {
                // The page reads a bad date in its address as no filter; a file is asked for on purpose, so it says what is wrong.
                var (first, last) = (Studio.Web.Reports.ReportQuery.Bounded(http.Request.Query, "from"),
                    Studio.Web.Reports.ReportQuery.Bounded(http.Request.Query, "to"));
                if (first > last) throw new Studio.Web.Reports.BadQueryException("to", Studio.Web.Reports.BadQueryException.BeforeFrom);
                table = await export.TableAsync(actorId, ParseFilter(from, to, method, employee, kind, state) with { BranchId = Guid.TryParse(branch, out var b) ? b : null },
                    labels, (await settings.GetAsync(http.RequestAborted)).Zone, http.RequestAborted);
            }
            catch (AccessDeniedException) { return Results.Forbid(); }
            catch (Studio.Web.Reports.BadQueryException ex) { return ErrorPages.Result(StatusCodes.Status400BadRequest, ex.Text(L)); }
            return new ExportFile($"payments-{clock.GetUtcNow():yyyy-MM-dd}", table.Headers, table.Rows, fmt);
        }).RequireAuthorization(nameof(Policy.Sell));
        return app;
    }
}
