using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Localization;
using Studio.Domain.Billing;
using Studio.Infrastructure.Billing;
using Studio.Infrastructure.Organisation;
using Studio.Web.Resources;

namespace Studio.Web.Endpoints;

public static class PaymentExportEndpoints
{
    /// <summary>The payments filter as the payments page writes it in its address (and in the export link).</summary>
    public static PaymentFilter ParseFilter(string? from, string? to, string? method, string? employee, string? kind) => new(
        DateOnly.TryParseExact(from, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var f) ? f : null,
        DateOnly.TryParseExact(to, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null,
        Enum.TryParse<PaymentMethod>(method, true, out var m) && Enum.IsDefined(m) ? m : null,
        Guid.TryParse(employee, out var e) ? e : null,
        Kind: Enum.TryParse<PaymentLineKind>(kind, true, out var k) && Enum.IsDefined(k) ? k : null);

    /// <summary>GET /payments/export.csv or .xlsx with the page's filters: the whole filtered list as a file.</summary>
    public static IEndpointRouteBuilder MapPaymentExport(this IEndpointRouteBuilder app)
    {
        app.MapGet("/payments/export.{format}", async (string format, string? from, string? to, string? method, string? employee, string? kind, string? branch,
            HttpContext http, PaymentExport export, TimeProvider clock, IStringLocalizer<SharedResource> L) =>
        {
            var type = format.ToLowerInvariant() switch { "csv" => ExportFormat.Csv, "xlsx" => ExportFormat.Xlsx, _ => (ExportFormat?)null };
            if (type is not { } fmt) return Results.NotFound();
            if (!Guid.TryParse(http.User.FindFirstValue(ClaimTypes.NameIdentifier), out var actorId)) return Results.Unauthorized();
            var labels = new PaymentExportLabels(L["Billing.PaidAt"], L["Billing.Client"], L["Billing.Lines"], L["Field.Amount"], L["Billing.Method"],
                L["Billing.Employee"], L["Field.Note"], m => L["Billing.Method." + m]);
            using var buffer = new MemoryStream();
            try
            {
                await export.WriteAsync(actorId, ParseFilter(from, to, method, employee, kind) with { BranchId = Guid.TryParse(branch, out var b) ? b : null }, fmt, labels, TimeZoneInfo.FindSystemTimeZoneById("Europe/Kyiv"),
                    buffer, http.RequestAborted);
            }
            catch (AccessDeniedException) { return Results.Forbid(); }
            var name = $"payments-{clock.GetUtcNow():yyyy-MM-dd}.{format.ToLowerInvariant()}";
            return Results.File(buffer.ToArray(),
                fmt == ExportFormat.Csv ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name);
        }).RequireAuthorization(new AuthorizeAttribute { Roles = "Owner,Manager" });
        return app;
    }
}
