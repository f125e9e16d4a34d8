using System.Globalization;
using System.Security.Claims;
using Microsoft.Extensions.Localization;
using Studio.Infrastructure.Billing;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Schedule;
using Studio.Web.Host;
using Studio.Web.Reports;
using Studio.Web.Resources;

namespace Studio.Web.Schedule;

/// <summary>
/// The group journal as a file: <c>GET /schedule/journal/{seriesId}.xlsx?from=…&amp;to=…</c> (or .csv), written by the one export
/// writer the reports use. A row per participant (marks, then totals), a last row with each date's count of those present.
/// Rights are the journal's own (a teacher their groups, the owner and managers their branches), checked by the service.
/// </summary>
public static class JournalExport
{
    public static IEndpointRouteBuilder MapJournalExport(this IEndpointRouteBuilder app)
    {
        app.MapGet("/schedule/journal/{seriesId:guid}.{format}", async (Guid seriesId, string format, string? from, string? to, HttpContext http,
            JournalService journals, IStringLocalizer<SharedResource> L) =>
        {
            var type = format.ToLowerInvariant() switch { "csv" => ExportFormat.Csv, "xlsx" => ExportFormat.Xlsx, _ => (ExportFormat?)null };
            if (type is not { } fmt) return Results.NotFound();
            if (!Guid.TryParse(http.User.FindFirstValue(ClaimTypes.NameIdentifier), out var actorId)) return Results.Unauthorized();
            if (ReportQuery.Day(from) is not { } f || ReportQuery.Day(to) is not { } t)
                return ErrorPages.Result(StatusCodes.Status400BadRequest, L["Error.Period"]);
            GroupJournal journal;
            try { journal = await journals.ReadAsync(actorId, seriesId, f, t, http.RequestAborted); }
            catch (AccessDeniedException) { return Results.Forbid(); }
            catch (NotFoundException) { return ErrorPages.Result(StatusCodes.Status404NotFound, L["Error.NotFound"]); }
            catch (Domain.Common.DomainException ex) { return ErrorPages.Result(StatusCodes.Status400BadRequest, Components.Shared.Formats.Error(ex, L)); }
            var (headers, rows) = Table(journal, L);
            return new ExportFile($"journal-{f:yyyy-MM-dd}-{t:yyyy-MM-dd}", headers, rows.ToAsyncEnumerable(), fmt);
        }).RequireAuthorization();
        return app;
    }

    /// <summary>The journal as a table: participant, a column per lesson (its date and time), present, absent.</summary>
    public static (IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<object?>> Rows) Table(GroupJournal journal, IStringLocalizer<SharedResource> L)
    {
        var headers = new List<string> { L["Journal.Participant"] };
        headers.AddRange(journal.Dates.Select(d => d.LocalStart.ToString("dd.MM HH:mm", CultureInfo.InvariantCulture)
            + (d.Status == Domain.Schedule.LessonStatus.Cancelled ? " " + L["Journal.CancelledShort"] : "")));
        headers.Add(L["Journal.TotalPresent"]);
        headers.Add(L["Journal.TotalAbsent"]);
        var rows = new List<IReadOnlyList<object?>>();
        foreach (var r in journal.Rows)
            rows.Add([r.Name, .. r.Marks.Select(m => (object?)Short(m, L)), r.Present, r.Absent]);
        rows.Add([L["Journal.TotalPresent"].Value, .. journal.Dates.Select(d => (object?)d.Present), journal.Rows.Sum(r => r.Present), journal.Rows.Sum(r => r.Absent)]);
        return (headers, rows);
    }

    /// <summary>A mark as a short word a printed journal uses ("" where the person was not in that lesson).</summary>
    public static string Short(JournalMark mark, IStringLocalizer<SharedResource> L) =>
        mark == JournalMark.None ? "" : L["Journal.Short." + mark];
}
