using Microsoft.Extensions.Localization;
using Studio.Domain.Common;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Pipelines;
using Studio.Web.Reports;
using Studio.Web.Resources;

namespace Studio.Web.Pipelines;

/// <summary>
/// A board's open deals as the board shows them with its filters (/reports/export/board-deals.csv?board=…&amp;…): one row a deal, its
/// facts and then a column for each of the board's deal fields (numbers as numbers, dates as dates, yes/no as booleans).
/// </summary>
public sealed class BoardDealsTable(PipelineService pipelines, OrganisationSettingsSource settings) : IReportTable
{
    public string Name => "board-deals";

    public async Task<ReportTable> BuildAsync(Guid actorId, IQueryCollection query, IStringLocalizer<SharedResource> L, CancellationToken ct)
    {
        if (!Guid.TryParse(query["board"], out var boardId)) throw new NotFoundException();
        var filter = BoardFilterQuery.Parse(name => query.TryGetValue(name, out var v) ? v.ToString() : null);
        var export = await pipelines.ExportDealsAsync(actorId, boardId, filter, ct);
        var org = await settings.GetAsync(ct);
        IReadOnlyList<string> headers =
        [
            L["Field.FullName"], L["Field.Phone"], L["Deal.Stage"], L["Field.Amount", org.CurrencyCode], L["Field.Title"], L["Field.Responsible"],
            L["Field.Source"], L["Field.Branch"], L["Field.Tags"], L["Field.CallbackAt"], L["DealExport.Created"],
            .. export.Fields.Select(f => f.Name),
        ];
        var rows = export.Deals.Select(d => (IReadOnlyList<object?>)
        [
            d.ClientName, d.ClientPhone, export.Stages.GetValueOrDefault(d.StageId), d.Amount, d.Title,
            d.ResponsibleId is { } r ? export.People.GetValueOrDefault(r) : null,
            d.SourceId is { } s ? export.Sources.GetValueOrDefault(s) : null,
            export.Branches.GetValueOrDefault(d.BranchId),
            string.Join(", ", d.TagIds.Select(t => export.Tags.GetValueOrDefault(t)).OfType<string>()),
            d.CallbackAt is { } cb ? org.Local(cb) : null,
            org.Local(d.CreatedAt),
            .. export.Fields.Select(f => FieldKinds.Typed(f.Kind, d.Value(f.Id))),
        ]);
        return new($"deals-{export.BoardName}", headers, rows.ToAsyncEnumerable());
    }
}
