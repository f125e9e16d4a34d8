using Studio.Infrastructure.Organisation;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Localization;
using Studio.Infrastructure.Reports;
using Studio.Web.Resources;

namespace Studio.Web.Reports;

/// <summary>The funnels' export: one row per source and status — moves and clients (Funnel 2), clients there at the end (Funnel 1); a branch's clients only with "branch".</summary>
public sealed class FunnelTable(FunnelReports reports, TimeProvider clock, OrganisationSettingsSource settings) : IReportTable
{
    public string Name => "funnels";

    public async Task<ReportTable> BuildAsync(Guid actorId, IQueryCollection query, IStringLocalizer<SharedResource> L, CancellationToken ct)
    {
        var branchId = BoardReportQuery.Id(query, "branch");
        var report = await reports.GetAsync(actorId, ReportQuery.Period(query, clock.GetUtcNow().UtcDateTime, await settings.GetAsync(ct), branchId), branchId, ct);
        var notSet = L["Reports.SourceNotSet"].Value;
        IEnumerable<IReadOnlyList<object?>> Rows()
        {
            var lines = new[] { new SourceFunnels(Guid.Empty, report.EveryMove, report.WhereNow) }.Concat(report.PerSource);
            foreach (var p in lines)
            {
                var source = p.SourceId == Guid.Empty ? L["Reports.AllSources"].Value : report.SourceName(p.SourceId) ?? notSet;
                foreach (var s in report.FunnelStatuses.Where(s => p.EveryMove.Any(m => m.StatusId == s.Id) || p.WhereNow.Rows.Any(r => r.StatusId == s.Id)))
                {
                    var m = p.EveryMove.FirstOrDefault(r => r.StatusId == s.Id);
                    yield return [source, s.Name, m?.Transitions ?? 0, m?.Clients ?? 0, p.WhereNow.Rows.FirstOrDefault(r => r.StatusId == s.Id)?.Clients ?? 0];
                }
            }
        }
        return new($"funnels-{query["from"]}-{query["to"]}".TrimEnd('-'),
            [L["Reports.Source"], L["Reports.Status"], L["Reports.Transitions"], L["Reports.Clients"], L["Reports.ClientsNow"]], Rows().ToAsyncEnumerable());
    }
}

/// <summary>The status transitions' export: from, to, how many clients (a branch's clients only with "branch").</summary>
public sealed class StatusTransitionsTable(FunnelReports reports, TimeProvider clock, OrganisationSettingsSource settings) : IReportTable
{
    public string Name => "status-transitions";

    public async Task<ReportTable> BuildAsync(Guid actorId, IQueryCollection query, IStringLocalizer<SharedResource> L, CancellationToken ct)
    {
        var branchId = BoardReportQuery.Id(query, "branch");
        var report = await reports.GetAsync(actorId, ReportQuery.Period(query, clock.GetUtcNow().UtcDateTime, await settings.GetAsync(ct), branchId), branchId, ct);
        var none = L["Reports.NoStatus"].Value;
        return new($"status-transitions-{query["from"]}-{query["to"]}".TrimEnd('-'),
            [L["Reports.From"], L["Reports.To"], L["Reports.Clients"]],
            report.Transitions.Select(c => (IReadOnlyList<object?>)[c.FromStatusId is null ? none : report.StatusName(c.FromStatusId), report.StatusName(c.ToStatusId), c.Clients])
                .ToAsyncEnumerable());
    }
}
