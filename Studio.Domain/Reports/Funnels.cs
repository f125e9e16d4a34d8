namespace Studio.Domain.Reports;

/// <summary>A client's status change as the reports read it: who, from what, to what, when, and the client's lead source.</summary>
/// <param name="Seq">Breaks ties between changes at the same instant: later recorded, larger.</param>
public sealed record StatusMove(Guid ClientId, Guid? FromStatusId, Guid ToStatusId, DateTime At, Guid? SourceId, long Seq = 0);

/// <summary>A reporting period: from its first instant up to, not including, its end (UTC).</summary>
public sealed record Period(DateTime From, DateTime To)
{
    public bool Contains(DateTime at) => at >= From && at < To;
}

/// <summary>Funnel 2's line: how many moves into the status in the period, and how many distinct clients made them.</summary>
public sealed record EveryMoveRow(Guid StatusId, int Transitions, int Clients);

/// <summary>Funnel 1's line: clients changed in the period whose status at its end is this one.</summary>
public sealed record WhereNowRow(Guid StatusId, int Clients);

/// <summary>One cell of a transitions table: clients that went from one status (none: they had none) to another.</summary>
public sealed record TransitionCell(Guid? FromStatusId, Guid ToStatusId, int Clients);

/// <summary>Funnel 1 with its table: where the period's clients are at its end, and where each stood before it began.</summary>
public sealed record WhereNowFunnel(IReadOnlyList<WhereNowRow> Rows, IReadOnlyList<TransitionCell> Table);

/// <summary>
/// The sales funnels of DOMAIN.md → Reports, as pure functions over status changes: the meaning the database queries must
/// reproduce, and what their tests compare against.
/// </summary>
public static class Funnels
{
    /// <summary>
    /// Funnel 2, "every move": each transition into a status within the period, counted as transitions and as distinct clients.
    /// </summary>
    public static IReadOnlyList<EveryMoveRow> EveryMove(IEnumerable<StatusMove> moves, Period period) =>
        moves.Where(m => period.Contains(m.At))
            .GroupBy(m => m.ToStatusId)
            .Select(g => new EveryMoveRow(g.Key, g.Count(), g.Select(m => m.ClientId).Distinct().Count()))
            .OrderBy(r => r.StatusId).ToList();

    /// <summary>
    /// Funnel 1, "where they are now": the clients whose status changed within the period, counted by their status at its
    /// end; the table pairs each one's status before the period began (none if they had none) with that one. Moves inside
    /// the period between the two are not counted.
    /// </summary>
    public static WhereNowFunnel WhereNow(IEnumerable<StatusMove> moves, Period period)
    {
        var byClient = moves.Where(m => m.At < period.To).GroupBy(m => m.ClientId);
        var ends = new List<(Guid? Before, Guid After)>();
        foreach (var client in byClient)
        {
            var ordered = client.OrderBy(m => m.At).ThenBy(m => m.Seq).ToList();
            var inPeriod = ordered.Where(m => m.At >= period.From).ToList();
            if (inPeriod.Count == 0) continue;
            var before = ordered.LastOrDefault(m => m.At < period.From)?.ToStatusId;
            ends.Add((before, inPeriod[^1].ToStatusId));
        }
        return new(
            ends.GroupBy(e => e.After).Select(g => new WhereNowRow(g.Key, g.Count())).OrderBy(r => r.StatusId).ToList(),
            ends.GroupBy(e => (e.Before, e.After)).Select(g => new TransitionCell(g.Key.Before, g.Key.After, g.Count()))
                .OrderBy(c => c.FromStatusId).ThenBy(c => c.ToStatusId).ToList());
    }

    /// <summary>Status transitions: for each status, how many distinct clients came into it from which within the period.</summary>
    public static IReadOnlyList<TransitionCell> Transitions(IEnumerable<StatusMove> moves, Period period) =>
        moves.Where(m => period.Contains(m.At))
            .GroupBy(m => (m.FromStatusId, m.ToStatusId))
            .Select(g => new TransitionCell(g.Key.FromStatusId, g.Key.ToStatusId, g.Select(m => m.ClientId).Distinct().Count()))
            .OrderBy(c => c.FromStatusId).ThenBy(c => c.ToStatusId).ToList();

    /// <summary>Any of the funnels per lead source, "not set" (null) included, by source id.</summary>
    public static IReadOnlyList<SourceFunnel<T>> PerSource<T>(IEnumerable<StatusMove> moves, Func<IEnumerable<StatusMove>, T> funnel) =>
        moves.GroupBy(m => m.SourceId).OrderBy(g => g.Key).Select(g => new SourceFunnel<T>(g.Key, funnel(g))).ToList();
}

/// <summary>A funnel for the clients of one lead source (null: not set).</summary>
public sealed record SourceFunnel<T>(Guid? SourceId, T Funnel);
