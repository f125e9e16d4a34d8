using Microsoft.EntityFrameworkCore;
using Studio.Domain.Organisation;
using Studio.Domain.Pipelines;
using Studio.Domain.Reports;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Pipelines;

namespace Studio.Infrastructure.Reports;

/// <summary>
/// A board's analytics for a period, optionally narrowed to the deals of one responsible employee, one lead source, one branch and
/// carrying every one of the given tags — the board's own filters (<see cref="BoardFilter"/>). "In a branch" here is the deal's branch
/// (the branch its client was served in when the deal opened, changed with the deal): a board is shared by branches, its deals are not.
/// </summary>
public sealed record BoardReportFilter(Guid BoardId, Period Period, Guid? EmployeeId = null, Guid? SourceId = null, Guid? BranchId = null,
    IReadOnlyList<Guid>? TagIds = null)
{
    /// <summary>Equal when the same deals in the same period are asked for (tags compared item by item, in any order).</summary>
    public bool Equals(BoardReportFilter? other) =>
        other is not null && BoardId == other.BoardId && Period == other.Period && EmployeeId == other.EmployeeId && SourceId == other.SourceId
        && BranchId == other.BranchId && (TagIds ?? []).Order().SequenceEqual((other.TagIds ?? []).Order());

    public override int GetHashCode() => HashCode.Combine(BoardId, Period, EmployeeId, SourceId, BranchId, (TagIds ?? []).Count);
}

/// <summary>A board a report may be read for, and whether it is archived (reports still read it, and say so).</summary>
public sealed record ReportBoard(Guid Id, string Name, bool IsArchived);

/// <summary>
/// What a board report names: the board (and whether it is archived), its stages in board order, its loss reasons and the people its figures mention; the lead
/// sources and tags its filters offer (none when not read: the live diagram's header).
/// </summary>
public sealed record BoardHeader(Guid Id, string Name, IReadOnlyList<StageView> Stages, IReadOnlyList<NamedView> LossReasons,
    IReadOnlyDictionary<Guid, string> People)
{
    public IReadOnlyList<NamedView> Sources { get; init; } = [];
    public IReadOnlyList<NamedView> Tags { get; init; } = [];
    public bool IsArchived { get; init; }

    public string StageName(Guid id) => Stages.FirstOrDefault(s => s.Id == id)?.Name ?? "?";
    public int StageOrder(Guid id) => Stages.FirstOrDefault(s => s.Id == id)?.Order ?? int.MaxValue;
}

/// <summary>The board analytics of <see cref="BoardAnalytics"/> computed in the database.</summary>
public sealed record BoardAnalyticsView(BoardHeader Board, Outcomes Totals, IReadOnlyList<EmployeeOutcomes> PerEmployee,
    IReadOnlyList<LossRow> Losses, IReadOnlyList<ConversionRow> Conversion, IReadOnlyList<StageTime> Times, IReadOnlyList<FlowRow> Flows);

/// <summary>The stage-flow diagram's data: stages in board order and the moves between them in the period.</summary>
public sealed record StageFlowView(BoardHeader Board, IReadOnlyList<FlowRow> Flows);

/// <summary>
/// Board analytics read in the database with grouped queries (the meaning is <see cref="BoardAnalytics"/>'s; the tests hold them to it).
/// Rights: the owner reads every board, a manager the boards they are a member of, a teacher none.
/// </summary>
public sealed class BoardReports(IDbContextFactory<StudioDbContext> factory)
{
    /// <summary>
    /// The boards the actor may report on: the active ones by name, then the archived ones by name (still there: their history counts,
    /// marked as archived where they are named).
    /// </summary>
    public Task<IReadOnlyList<ReportBoard>> BoardsAsync(Guid actorId, CancellationToken ct = default) =>
        factory.ReadAsync<IReadOnlyList<ReportBoard>>(actorId, Policy.ReadReports, async (db, actor) =>
        {
            var boards = await db.Boards.AsNoTracking().OrderBy(b => b.IsArchived).ThenBy(b => b.Name).ToListAsync(ct);
            return boards.Where(b => actor.Can(Policy.SeeBoard, Scope.Of(actor, b))).Select(b => new ReportBoard(b.Id, b.Name, b.IsArchived)).ToList();
        }, ct);

    public Task<BoardAnalyticsView> AnalyticsAsync(Guid actorId, BoardReportFilter filter, CancellationToken ct = default) =>
        factory.ReadAsync<BoardAnalyticsView>(actorId, Policy.ReadReports, async (db, actor) =>
        {
            var (header, board) = await HeaderAsync(db, actor, filter.BoardId, ct);
            var (start, end) = (filter.Period.From, filter.Period.To);
            var inPeriod = Moves(db, filter).Where(x => x.At >= start && x.At < end);

            var wonId = board.Won.Id;
            var lostId = board.Lost.Id;
            var trialIds = board.Stages.Where(s => s.CountsAsTrial).Select(s => s.Id).ToList();
            var finals = await inPeriod.Where(x => x.ToStageId == wonId || x.ToStageId == lostId)
                .GroupBy(x => new { x.ResponsibleId, x.ToStageId })
                .Select(g => new { g.Key.ResponsibleId, g.Key.ToStageId, Count = g.Count() }).ToListAsync(ct);
            var trials = await inPeriod.Where(x => trialIds.Contains(x.ToStageId))
                .Select(x => new { x.ResponsibleId, x.DealId }).Distinct()
                .GroupBy(x => x.ResponsibleId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
            var perEmployee = finals.Select(f => f.ResponsibleId).Concat(trials.Select(t => t.Key)).Distinct()
                .Select(e => new EmployeeOutcomes(e,
                    trials.Where(t => t.Key == e).Sum(t => t.Count),
                    finals.Where(f => f.ResponsibleId == e && f.ToStageId == lostId).Sum(f => f.Count),
                    finals.Where(f => f.ResponsibleId == e && f.ToStageId == wonId).Sum(f => f.Count)))
                .OrderBy(r => r.EmployeeId is null).ThenBy(r => r.EmployeeId).ToList();
            var totals = new Outcomes(perEmployee.Sum(r => r.Trials), perEmployee.Sum(r => r.Losses), perEmployee.Sum(r => r.Wins));

            var losses = (await inPeriod.Where(x => x.ToStageId == lostId)
                    .GroupBy(x => x.LossReasonId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
                .Select(x => new LossRow(x.Key, x.Count)).OrderBy(r => r.ReasonId is null).ThenBy(r => r.ReasonId).ToList();

            var conversion = await ConversionAsync(db, board, filter, ct);

            // Finished stays that ended in the period: each move out of a stage, with the deal's latest entry into it at or before the move.
            // The median needs the distribution, so the (stage, entered, left) triples of the period's moves come back — never the whole table.
            var stays = await inPeriod.Where(x => x.FromStageId != null)
                .Select(x => new
                {
                    StageId = x.FromStageId!.Value,
                    Entered = db.DealMoves.Where(a => a.DealId == x.DealId && a.ToStageId == x.FromStageId && a.At <= x.At && a.Id != x.Id)
                        .Max(a => (DateTime?)a.At),
                    Left = x.At,
                })
                .Where(s => s.Entered != null).ToListAsync(ct);
            var times = BoardAnalytics.TimeInStages(stays.Select(s => new StageStay(s.StageId, Utc(s.Entered!.Value), Utc(s.Left))));

            return new(header, totals, perEmployee, losses, conversion, times, await FlowsAsync(inPeriod, ct));
        }, ct);

    /// <summary>The stage-flow diagram's data: one grouped query.</summary>
    public Task<StageFlowView> StageFlowAsync(Guid actorId, BoardReportFilter filter, CancellationToken ct = default) =>
        factory.ReadAsync<StageFlowView>(actorId, Policy.ReadReports, async (db, actor) =>
        {
            var (header, _) = await HeaderAsync(db, actor, filter.BoardId, ct);
            var (start, end) = (filter.Period.From, filter.Period.To);
            return new(header, await FlowsAsync(Moves(db, filter).Where(x => x.At >= start && x.At < end), ct));
        }, ct);

    /// <summary>
    /// Only the stage-to-stage conversion (<see cref="BoardAnalytics.Conversion"/>, the same two grouped queries as the analytics'), for the
    /// board's own header: the live board asks for it only while its conversion is shown, never on its own changes.
    /// </summary>
    public Task<IReadOnlyList<ConversionRow>> ConversionAsync(Guid actorId, BoardReportFilter filter, CancellationToken ct = default) =>
        factory.ReadAsync<IReadOnlyList<ConversionRow>>(actorId, Policy.ReadReports, async (db, actor) =>
        {
            var board = await db.Boards.AsNoTracking().AsSplitQuery().SingleOrDefaultAsync(b => b.Id == filter.BoardId, ct) ?? throw new NotFoundException();
            actor.Require(Policy.SeeBoard, Scope.Of(actor, board));
            return await ConversionAsync(db, board, filter, ct);
        }, ct);

    /// <summary>Refuses anyone who may not read the board's reports (the live diagram's door).</summary>
    public Task EnsureCanReadAsync(Guid actorId, Guid boardId, CancellationToken ct = default) =>
        factory.RunAsync(actorId, Policy.ReadReports, async (db, actor) =>
        {
            var board = await db.Boards.AsNoTracking().AsSplitQuery().SingleOrDefaultAsync(b => b.Id == boardId, ct) ?? throw new NotFoundException();
            actor.Require(Policy.SeeBoard, Scope.Of(actor, board));
        }, ct);

    /// <summary>The diagram's data with no actor, for the shared live feed (its callers checked rights with <see cref="StageFlowAsync"/>).</summary>
    internal async Task<StageFlowView?> LoadStageFlowAsync(BoardReportFilter filter, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        var board = await db.Boards.AsNoTracking().AsSplitQuery().SingleOrDefaultAsync(b => b.Id == filter.BoardId, ct);
        if (board is null) return null;
        var (start, end) = (filter.Period.From, filter.Period.To);
        return new(Header(board, new Dictionary<Guid, string>()), await FlowsAsync(Moves(db, filter).Where(x => x.At >= start && x.At < end), ct));
    }

    private static async Task<IReadOnlyList<FlowRow>> FlowsAsync(IQueryable<MoveRow> inPeriod, CancellationToken ct) =>
        (await inPeriod.Where(x => x.FromStageId != null)
            .GroupBy(x => new { From = x.FromStageId!.Value, x.ToStageId })
            .Select(g => new { g.Key.From, g.Key.ToStageId, Count = g.Count() }).ToListAsync(ct))
        .Select(f => new FlowRow(f.From, f.ToStageId, f.Count)).OrderBy(f => f.FromStageId).ThenBy(f => f.ToStageId).ToList();

    /// <summary>
    /// <see cref="BoardAnalytics.Conversion"/> in two grouped queries: the distinct deals that entered each stage in the period, and of them
    /// those with a later move (before the period's end) into a stage further in board order that is not Lost.
    /// </summary>
    private static async Task<IReadOnlyList<ConversionRow>> ConversionAsync(StudioDbContext db, Board board, BoardReportFilter filter, CancellationToken ct)
    {
        var (start, end) = (filter.Period.From, filter.Period.To);
        var entries = Moves(db, filter).Where(x => x.At >= start && x.At < end);
        var entered = await entries.Select(a => new { a.ToStageId, a.DealId }).Distinct()
            .GroupBy(a => a.ToStageId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var wentOn = await (from a in entries
                            join sa in db.Stages on a.ToStageId equals sa.Id
                            where db.DealMoves.Any(b => b.DealId == a.DealId && b.At >= a.At && b.At < end
                                                        && db.Stages.Any(sb => sb.Id == b.ToStageId && sb.Order > sa.Order && sb.Kind != StageKind.Lost))
                            select new { a.ToStageId, a.DealId }).Distinct()
            .GroupBy(a => a.ToStageId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var ordered = board.OrderedStages.Where(s => s.Kind != StageKind.Lost).ToList();
        return ordered.Zip(ordered.Skip(1), (a, b) => new ConversionRow(a.Id, b.Id, entered.GetValueOrDefault(a.Id), wentOn.GetValueOrDefault(a.Id))).ToList();
    }

    /// <summary>A move with its deal's responsible (a class with setters: EF translates member access on it, not on a record's constructor).</summary>
    private sealed class MoveRow
    {
        public Guid Id { get; init; }
        public Guid DealId { get; init; }
        public Guid? FromStageId { get; init; }
        public Guid ToStageId { get; init; }
        public DateTime At { get; init; }
        public Guid? LossReasonId { get; init; }
        public Guid? ResponsibleId { get; init; }
        public Guid? SourceId { get; init; }
        public Guid BranchId { get; init; }
    }

    /// <summary>
    /// The board's moves with each deal's responsible, narrowed to the deals the filter asks for: one employee's (responsible), one
    /// source's, one branch's (the deal's branch), those carrying every tag asked for.
    /// </summary>
    private static IQueryable<MoveRow> Moves(StudioDbContext db, BoardReportFilter filter)
    {
        var q = from m in db.DealMoves.AsNoTracking()
                where m.BoardId == filter.BoardId
                join d in db.Deals on m.DealId equals d.Id
                select new MoveRow
                {
                    Id = m.Id, DealId = m.DealId, FromStageId = m.FromStageId, ToStageId = m.ToStageId, At = m.At, LossReasonId = m.LossReasonId,
                    ResponsibleId = d.ResponsibleId, SourceId = d.SourceId, BranchId = d.BranchId,
                };
        if (filter.EmployeeId is { } e) q = q.Where(x => x.ResponsibleId == e);
        if (filter.SourceId is { } s) q = q.Where(x => x.SourceId == s);
        if (filter.BranchId is { } b) q = q.Where(x => x.BranchId == b);
        foreach (var tag in (filter.TagIds ?? []).Distinct())
            q = q.Where(x => db.Set<DealTag>().Any(t => t.DealId == x.DealId && t.TagId == tag));
        return q;
    }

    private static async Task<(BoardHeader, Board)> HeaderAsync(StudioDbContext db, Employee actor, Guid boardId, CancellationToken ct)
    {
        var board = await db.Boards.AsNoTracking().AsSplitQuery().SingleOrDefaultAsync(b => b.Id == boardId, ct) ?? throw new NotFoundException();
        actor.Require(Policy.SeeBoard, Scope.Of(actor, board));
        var people = await db.Employees.AsNoTracking().IgnoreAutoIncludes()
            .Where(e => e.Role != EmployeeRole.Teacher).OrderBy(e => e.FullName).ToDictionaryAsync(e => e.Id, e => e.FullName, ct);
        var sources = await db.LeadSources.AsNoTracking().OrderBy(x => x.Name).Select(x => new NamedView(x.Id, x.Name, null)).ToListAsync(ct);
        var tags = await db.Tags.AsNoTracking().OrderBy(x => x.Name).Select(x => new NamedView(x.Id, x.Name, x.Colour)).ToListAsync(ct);
        return (Header(board, people) with { Sources = sources, Tags = tags }, board);
    }

    private static BoardHeader Header(Board board, IReadOnlyDictionary<Guid, string> people) => new(board.Id, board.Name,
        board.OrderedStages.Select(s => new StageView(s.Id, s.Name, s.Colour, s.Order, s.Kind, s.TimeLimitDays, s.CountsAsTrial)).ToList(),
        board.LossReasons.OrderBy(r => r.Order).Select(r => new NamedView(r.Id, r.Name)).ToList(), people) { IsArchived = board.IsArchived };

    private static DateTime Utc(DateTime at) => DateTime.SpecifyKind(at, DateTimeKind.Utc);
}

/// <summary>
/// What one stage-flow diagram shows: a board, a period, optionally the deals of one responsible employee, one source, one branch,
/// with every tag of <see cref="Tags"/> (ids in order, separated by commas: a key compares by value).
/// </summary>
public sealed record StageFlowKey(Guid BoardId, DateTime From, DateTime To, Guid? EmployeeId, Guid? SourceId = null, Guid? BranchId = null, string Tags = "")
{
    public static string TagsKey(IEnumerable<Guid>? tagIds) => string.Join(',', (tagIds ?? []).Distinct().Order());

    public BoardReportFilter Filter => new(BoardId, new Period(From, To), EmployeeId, SourceId, BranchId,
        [.. Tags.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Guid.Parse)]);
}

/// <summary>A stage-flow diagram's data as loaded once for every circuit on the node that shows it.</summary>
public sealed record StageFlowSnapshot(long Sequence, StageFlowView View) : Live.ISequenced;

/// <summary>
/// The node's live read model of stage-flow diagrams: however many screens show one board's diagram for one period, a moved card costs one
/// grouped query on this node, and bursts of moves coalesce into one more. Rights are checked by <see cref="BoardReports.StageFlowAsync"/> first.
/// </summary>
public sealed class StageFlowViews(BoardReports reports, Live.ILiveBus bus, Microsoft.Extensions.Logging.ILogger<StageFlowViews> logger)
    : Live.SharedFeeds<StageFlowKey, StageFlowSnapshot>(bus, logger)
{
    protected override IEnumerable<string> TopicsOf(StageFlowKey key) => [Live.LiveTopics.Board(key.BoardId)];

    /// <summary>Watches the diagram for someone who may read the board's reports: rights first, then the node's shared feed (one read).</summary>
    public async Task<Watch> WatchAsync(Guid actorId, StageFlowKey key, Func<StageFlowSnapshot, Task> onChange, CancellationToken ct = default)
    {
        await reports.EnsureCanReadAsync(actorId, key.BoardId, ct);
        return await WatchAsync(key, onChange, ct);
    }

    protected override async Task<StageFlowSnapshot?> LoadAsync(StageFlowKey key, long sequence, CancellationToken ct) =>
        await reports.LoadStageFlowAsync(key.Filter, ct) is { } view
            ? new StageFlowSnapshot(sequence, view) : null;
}
