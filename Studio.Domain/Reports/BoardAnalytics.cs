using Studio.Domain.Pipelines;

namespace Studio.Domain.Reports;

/// <summary>A board's stage as the analytics read it: its place in board order, its kind, whether entering it is a trial.</summary>
public sealed record BoardStage(Guid Id, int Order, StageKind Kind, bool CountsAsTrial);

/// <summary>
/// One recorded move of a card (<see cref="DealMove"/>): from a stage (none: the card appeared in <paramref name="ToStageId"/>) to a stage,
/// when, by whom, the loss reason when it went to Lost, and the deal's responsible employee (whose figures it counts in).
/// </summary>
public sealed record DealStep(Guid DealId, Guid? FromStageId, Guid ToStageId, DateTime At, Guid ById, Guid? LossReasonId, Guid? ResponsibleId);

/// <summary>A board's outcomes in a period: trials (distinct deals that entered a trial stage), losses and wins (moves into Lost and Won).</summary>
public sealed record Outcomes(int Trials, int Losses, int Wins);

/// <summary>One employee's outcomes (null: deals with no responsible).</summary>
public sealed record EmployeeOutcomes(Guid? EmployeeId, int Trials, int Losses, int Wins);

/// <summary>Losses with one reason (null: none recorded).</summary>
public sealed record LossRow(Guid? ReasonId, int Losses);

/// <summary>
/// Conversion from a stage to the next one in board order: of the <see cref="Entered"/> deals that entered <see cref="FromStageId"/> in the
/// period, <see cref="WentOn"/> went on to <see cref="ToStageId"/> or further.
/// </summary>
public sealed record ConversionRow(Guid FromStageId, Guid ToStageId, int Entered, int WentOn)
{
    /// <summary>The share in per cent, one decimal; none entered: 0.</summary>
    public decimal Percent => Entered == 0 ? 0 : Math.Round(100m * WentOn / Entered, 1);
}

/// <summary>One finished stay of a card in a stage: when it entered and when it left.</summary>
public sealed record StageStay(Guid StageId, DateTime EnteredAt, DateTime LeftAt)
{
    public double Hours => (LeftAt - EnteredAt).TotalHours;
}

/// <summary>How long cards stayed in a stage: the finished stays counted, their average and median in hours.</summary>
public sealed record StageTime(Guid StageId, int Stays, double AverageHours, double MedianHours);

/// <summary>Moves from one stage to another: an arrow of the stage-flow diagram.</summary>
public sealed record FlowRow(Guid FromStageId, Guid ToStageId, int Moves);

/// <summary>
/// Board analytics (DOMAIN.md → Pipelines "Filters and analytics", Reports "Board analytics") as pure functions over a board's recorded
/// moves: the meaning the database queries reproduce and what their tests compare against.
/// Employees: a move counts for the deal's responsible employee (amoCRM's "responsible user"), not for whoever dragged the card;
/// handing a manager's deals over moves their history with them.
/// </summary>
public static class BoardAnalytics
{
    /// <summary>Trials, losses and wins in the period, as the board's own figures count them (a deal entering two trial stages is one trial).</summary>
    public static Outcomes Totals(IReadOnlyList<BoardStage> stages, IEnumerable<DealStep> moves, Period period)
    {
        var kinds = stages.ToDictionary(s => s.Id);
        var inPeriod = moves.Where(m => period.Contains(m.At) && kinds.ContainsKey(m.ToStageId)).ToList();
        return Count(kinds, inPeriod);
    }

    /// <summary>The same per responsible employee, by employee id (null last); employees with nothing in the period have no line.</summary>
    public static IReadOnlyList<EmployeeOutcomes> PerEmployee(IReadOnlyList<BoardStage> stages, IEnumerable<DealStep> moves, Period period)
    {
        var kinds = stages.ToDictionary(s => s.Id);
        return moves.Where(m => period.Contains(m.At) && kinds.ContainsKey(m.ToStageId))
            .GroupBy(m => m.ResponsibleId)
            .Select(g => { var o = Count(kinds, g.ToList()); return new EmployeeOutcomes(g.Key, o.Trials, o.Losses, o.Wins); })
            .Where(r => r.Trials + r.Losses + r.Wins > 0)
            .OrderBy(r => r.EmployeeId is null).ThenBy(r => r.EmployeeId).ToList();
    }

    /// <summary>Moves into Lost in the period by loss reason, by reason id (none last).</summary>
    public static IReadOnlyList<LossRow> LossReasons(IReadOnlyList<BoardStage> stages, IEnumerable<DealStep> moves, Period period)
    {
        var lost = stages.Where(s => s.Kind == StageKind.Lost).Select(s => s.Id).ToHashSet();
        return moves.Where(m => period.Contains(m.At) && lost.Contains(m.ToStageId))
            .GroupBy(m => m.LossReasonId).Select(g => new LossRow(g.Key, g.Count()))
            .OrderBy(r => r.ReasonId is null).ThenBy(r => r.ReasonId).ToList();
    }

    /// <summary>
    /// Stage-to-stage conversion, amoCRM's sense: for each stage A but Won and Lost, and B the next stage in board order (Won after the last
    /// own stage): of the distinct deals that entered A within the period (Start: the deals that appeared on the board), how many entered B
    /// or any stage after it (Won included, Lost never) at or after entering A and before the period's end. Cards are dragged to any
    /// stage, so skipping B still counts as going on; a deal that went back and forth counts once.
    /// </summary>
    public static IReadOnlyList<ConversionRow> Conversion(IReadOnlyList<BoardStage> stages, IEnumerable<DealStep> moves, Period period)
    {
        var ordered = stages.Where(s => s.Kind != StageKind.Lost).OrderBy(s => s.Order).ToList();
        var order = stages.ToDictionary(s => s.Id);
        var byDeal = moves.Where(m => m.At < period.To && order.ContainsKey(m.ToStageId)).ToLookup(m => m.DealId);
        var rows = new List<ConversionRow>();
        for (var i = 0; i + 1 < ordered.Count; i++)
        {
            var (a, b) = (ordered[i], ordered[i + 1]);
            int entered = 0, wentOn = 0;
            foreach (var deal in byDeal)
            {
                var entries = deal.Where(m => m.ToStageId == a.Id && m.At >= period.From).ToList();
                if (entries.Count == 0) continue;
                entered++;
                if (entries.Any(e => deal.Any(m => m.At >= e.At && order[m.ToStageId] is { Kind: not StageKind.Lost } s && s.Order > a.Order)))
                    wentOn++;
            }
            rows.Add(new ConversionRow(a.Id, b.Id, entered, wentOn));
        }
        return rows;
    }

    /// <summary>
    /// The finished stays that ended within the period: each move out of a stage S closes the stay that began with the deal's latest entry
    /// into S at or before it. Cards still sitting in a stage are left out (their time is not known yet and would drag the figure towards
    /// "today"); the board itself shows how long they have been there.
    /// </summary>
    public static IReadOnlyList<StageStay> Stays(IEnumerable<DealStep> moves, Period period)
    {
        var stays = new List<StageStay>();
        foreach (var deal in moves.Where(m => m.At < period.To).GroupBy(m => m.DealId))
        {
            var list = deal.ToList();
            for (var i = 0; i < list.Count; i++)
            {
                var leave = list[i];
                if (leave.FromStageId is not { } from || !period.Contains(leave.At)) continue;
                DateTime? entered = null;
                for (var j = 0; j < list.Count; j++)
                    if (j != i && list[j].ToStageId == from && list[j].At <= leave.At && (entered is null || list[j].At > entered))
                        entered = list[j].At;
                if (entered is { } e) stays.Add(new StageStay(from, e, leave.At));
            }
        }
        return stays;
    }

    /// <summary>Time in each stage from finished stays: how many, the average and the median hours (two middle values: their mean), by stage id.</summary>
    public static IReadOnlyList<StageTime> TimeInStages(IEnumerable<StageStay> stays) =>
        stays.GroupBy(s => s.StageId).Select(g =>
        {
            var hours = g.Select(s => s.Hours).Order().ToList();
            var mid = hours.Count / 2;
            var median = hours.Count % 2 == 1 ? hours[mid] : (hours[mid - 1] + hours[mid]) / 2;
            return new StageTime(g.Key, hours.Count, Math.Round(hours.Average(), 2), Math.Round(median, 2));
        }).OrderBy(t => t.StageId).ToList();

    /// <summary>Moves between stages within the period, counted per from → to (a card appearing on the board is not a move between stages).</summary>
    public static IReadOnlyList<FlowRow> Flows(IEnumerable<DealStep> moves, Period period) =>
        moves.Where(m => m.FromStageId is not null && period.Contains(m.At))
            .GroupBy(m => (From: m.FromStageId!.Value, m.ToStageId))
            .Select(g => new FlowRow(g.Key.From, g.Key.ToStageId, g.Count()))
            .OrderBy(f => f.FromStageId).ThenBy(f => f.ToStageId).ToList();

    private static Outcomes Count(IReadOnlyDictionary<Guid, BoardStage> stages, IReadOnlyList<DealStep> moves) => new(
        moves.Where(m => stages[m.ToStageId].CountsAsTrial).Select(m => m.DealId).Distinct().Count(),
        moves.Count(m => stages[m.ToStageId].Kind == StageKind.Lost),
        moves.Count(m => stages[m.ToStageId].Kind == StageKind.Won));
}
