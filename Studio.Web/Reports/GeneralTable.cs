using Studio.Infrastructure.Organisation;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Localization;
using Studio.Infrastructure.Reports;
using Studio.Web.Resources;

namespace Studio.Web.Reports;

/// <summary>The general report's export: each figure as a line, then each task result with its count.</summary>
public sealed class GeneralTable(GeneralReports reports, TimeProvider clock, OrganisationSettingsSource settings) : IReportTable
{
    public string Name => "general";

    public async Task<ReportTable> BuildAsync(Guid actorId, IQueryCollection query, IStringLocalizer<SharedResource> L, CancellationToken ct)
    {
        var branchId = BoardReportQuery.Id(query, "branch");
        var v = await reports.GetAsync(actorId, ReportQuery.Period(query, clock.GetUtcNow().UtcDateTime, await settings.GetAsync(ct), branchId), branchId, ct);
        var f = v.Figures;
        IReadOnlyList<object?>[] figures =
        [
            [L["Reports.InProgressNow"].Value, f.InProgress], [L["Reports.NewNow"].Value, f.New], [L["Reports.ReadNow"].Value, f.Read],
            [L["Reports.DoneOrClosed"].Value, f.DoneOrClosed], [L["Reports.ClientTasksDone"].Value, f.ClientTasksDone],
            [L["Reports.UniqueClientsTitle"].Value, f.UniqueClients], [L["Reports.ClientsActive"].Value, f.ClientsActive],
            [L["Reports.ClientsArchivedTitle"].Value, f.ClientsArchived], [L["Reports.Payments"].Value, f.Payments], [L["Reports.PaymentsSum"].Value, f.PaymentsSum],
        ];
        var rows = figures.Concat(v.Results.Select(r => (IReadOnlyList<object?>)[$"{r.Template}: {r.Result}", r.Tasks]));
        return new($"general-{query["from"]}-{query["to"]}".TrimEnd('-'), [L["Reports.Figure"], L["Reports.Value"]], rows.ToAsyncEnumerable());
    }
}
