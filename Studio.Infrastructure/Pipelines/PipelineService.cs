using Microsoft.EntityFrameworkCore;
using Studio.Domain.Clients;
using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Domain.Pipelines;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Tasks;

namespace Studio.Infrastructure.Pipelines;

public sealed record BoardSummary(Guid Id, string Name, int OpenDeals, bool IsArchived)
{
    /// <summary>The board's version, for archiving or restoring it from the list.</summary>
    public Guid Version { get; init; }
}

public sealed record StageInput(Guid? Id, string Name, string Colour, int? TimeLimitDays, bool CountsAsTrial,
    Guid? AutoTaskTemplateId = null, int? AutoTaskDueHours = null);

public sealed record BoardSettings(Guid Id, string Name, string FormKey, Guid Version, IReadOnlyList<StageView> Stages,
    IReadOnlyList<NamedView> LossReasons, IReadOnlyList<Guid> MemberIds)
{
    /// <summary>Sites allowed to post the board's web form from a browser.</summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];
    /// <summary>The client statuses a won and a lost deal give their client.</summary>
    public ClientStatusesOnClose ClientStatuses { get; init; } = new(null, null);
    /// <summary>The typed fields of the board's deals, in order.</summary>
    public IReadOnlyList<DealFieldView> Fields { get; init; } = [];
}

/// <summary>The client statuses a deal won or lost on the board gives its client (none: the client's status is left alone).</summary>
public sealed record ClientStatusesOnClose(Guid? Won, Guid? Lost);

/// <summary>What a board's settings save does besides the stages, reasons and members.</summary>
public sealed record BoardSaveOptions
{
    /// <summary>For each removed stage that holds open deals, the stage they go to (Start or an own stage that stays).</summary>
    public IReadOnlyDictionary<Guid, Guid> DealsGoTo { get; init; } = new Dictionary<Guid, Guid>();
    /// <summary>The client statuses on close to save; null leaves them as they are.</summary>
    public ClientStatusesOnClose? ClientStatuses { get; init; }
    /// <summary>The board's deal fields to save, all of them in order (existing ones by id); null leaves them as they are.</summary>
    public IReadOnlyList<DealFieldInput>? Fields { get; init; }
    /// <summary>
    /// The owner confirmed that removed fields take their values from the deals with them. Without it, removing a field some deal
    /// has a value in is refused (Error.DealFieldHasValues, naming the field and how many deals) and nothing is saved.
    /// </summary>
    public bool RemoveFieldValues { get; init; }
}

/// <summary>A new client typed in on the spot, or an existing one picked by id.</summary>
public sealed record NewDeal(Guid BoardId, Guid? ClientId, string? ClientName, string? Phone, string? Email,
    Guid? BranchId, Guid? ResponsibleId, Guid? SourceId, decimal Amount, string? Title, DateTime? CallbackAt = null)
{
    /// <summary>The board's typed field values by field id, as typed; each checked by its field's kind.</summary>
    public IReadOnlyDictionary<Guid, string?>? FieldValues { get; init; }
}

public sealed record DealEdit(Guid DealId, Guid ExpectedVersion, decimal Amount, string? Title, Guid? ResponsibleId,
    Guid? SourceId, Guid BranchId, IReadOnlyList<Guid> TagIds, IReadOnlyDictionary<string, string> CustomFields,
    DateTime? CallbackAt)
{
    /// <summary>The board's typed field values by field id, as typed (empty clears); fields not named keep theirs; null changes none.</summary>
    public IReadOnlyDictionary<Guid, string?>? FieldValues { get; init; }
}

public sealed record HistoryEntry(DateTime At, string? FromStage, string ToStage, string ByName, string? LossReason)
{
    /// <summary>Recorded by the public web form, not by an employee (screens say so in their language).</summary>
    public bool ByWebForm { get; init; }
    /// <summary>Set when the line is a deal field's change rather than a move.</summary>
    public FieldChangeView? Field { get; init; }
}

/// <summary>A deal field's value changed: the field's name then, its kind, the values before and after (stored form; null: empty).</summary>
public sealed record FieldChangeView(string Name, CustomFieldKind Kind, string? From, string? To);

/// <summary>
/// What one move did, for its Undo: where the card was, its version after the move, and the task the stage made (with
/// that task's version then), and the client status change the board's Won/Lost rule made.
/// </summary>
public sealed record DealMoveUndo(Guid DealId, Guid FromStageId, Guid? FromLossReasonId, Guid Version, Guid? TaskId, Guid? TaskVersion,
    Guid? StatusChangeId = null);

public sealed record NoteView(Guid Id, DateTime At, string Text, DateTime? ContactAt, string ByName)
{
    public bool ByWebForm { get; init; }
}

public sealed record DealDetails(Guid Id, Guid BoardId, Guid Version, Guid StageId, Guid ClientId, string ClientName,
    string? ClientPhone, string? ClientEmail, decimal Amount, string? Title, Guid? ResponsibleId, Guid? SourceId,
    Guid BranchId, IReadOnlyList<Guid> TagIds, IReadOnlyDictionary<string, string> CustomFields, DateTime? CallbackAt,
    DateTime CreatedAt, DateTime StageEnteredAt, Guid? LossReasonId, IReadOnlyList<HistoryEntry> History,
    IReadOnlyList<NoteView> Notes)
{
    /// <summary>The values of the board's typed deal fields by field id (stored form).</summary>
    public IReadOnlyDictionary<Guid, string> FieldValues { get; init; } = new Dictionary<Guid, string>();
    /// <summary>The deal handed over from one responsible to another (a handover), newest first.</summary>
    public IReadOnlyList<HandoverLine> Handovers { get; init; } = [];
}

/// <summary>A board's deals for an export: its fields, its stages' and people's names, and the cards the filter selects.</summary>
public sealed record BoardDealsExport(string BoardName, IReadOnlyList<DealFieldView> Fields, IReadOnlyList<DealCard> Deals,
    IReadOnlyDictionary<Guid, string> Stages, IReadOnlyDictionary<Guid, string> People, IReadOnlyDictionary<Guid, string> Sources,
    IReadOnlyDictionary<Guid, string> Branches, IReadOnlyDictionary<Guid, string> Tags);

/// <summary>One handover of an item: when, from whom, to whom, by whom.</summary>
public sealed record HandoverLine(DateTime At, string From, string To, string ByName);

/// <summary>The pipeline use cases. Every call checks the actor's rights, whatever the screen showed.</summary>
public sealed class PipelineService(IDbContextFactory<StudioDbContext> factory, TimeProvider clock, Organisation.OrganisationSettingsSource settings)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public Task<IReadOnlyList<BoardSummary>> ListBoardsAsync(Guid actorId, CancellationToken ct = default) =>
        factory.ReadAsync<IReadOnlyList<BoardSummary>>(actorId, null, async (db, actor) =>
        {
            var boards = await db.Boards.AsNoTracking().OrderBy(b => b.Name).ToListAsync(ct);
            var visible = boards.Where(b => actor.Can(Policy.SeeBoard, Scope.Of(actor, b))).ToList();
            var ids = visible.Select(b => b.Id).ToList();
            var counts = await db.Deals.Where(d => ids.Contains(d.BoardId) && d.ClosedAt == null)
                .GroupBy(d => d.BoardId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
            return visible.Select(b => new BoardSummary(b.Id, b.Name, counts.GetValueOrDefault(b.Id), b.IsArchived) { Version = b.Version }).ToList();
        }, ct);

    /// <summary>Throws unless the actor may see the board; the board's page calls it before showing anything.</summary>
    public Task EnsureCanSeeAsync(Guid actorId, Guid boardId, CancellationToken ct = default) =>
        factory.RunAsync(actorId, null, async (db, actor) =>
        {
            var board = await db.Boards.AsNoTracking().SingleOrDefaultAsync(b => b.Id == boardId, ct) ?? throw new NotFoundException();
            actor.Require(Policy.SeeBoard, Scope.Of(actor, board));
        }, ct);

    // ---------- boards (owner) ----------

    /// <summary>
    /// The owner archives a board (or restores it): gone from the board list and pickers, its deals and history kept (an
    /// archived board opened by its address is read-only), reports still filter by it. The last active board stays. Every
    /// open board list hears it (<see cref="BoardChanged"/>). A stale version is a conflict.
    /// </summary>
    public Task ArchiveBoardAsync(Guid actorId, Guid boardId, Guid expectedVersion, bool archived, CancellationToken ct = default) =>
        factory.RunInTransactionAsync(actorId, Policy.EditBoards, async (db, _) =>
        {
            var board = await db.Boards.SingleOrDefaultAsync(b => b.Id == boardId, ct) ?? throw new NotFoundException();
            db.ExpectVersion(board, expectedVersion);
            if (archived && !board.IsArchived && !await db.Boards.AnyAsync(b => b.Id != boardId && !b.IsArchived, ct))
                throw new DomainException("Error.Board.LastActive");
            board.Archive(archived);
        }, ct);

    /// <summary>
    /// An archived board is read-only until the owner restores it: no new deals, no moves (nor their undo), no edit of a deal's
    /// details, typed fields, call-back, tags or responsible, no notes. Its deals and history stay readable.
    /// </summary>
    internal static void RefuseArchived(Board board)
    {
        if (board.IsArchived) throw new DomainException("Error.Board.Archived", board.Name);
    }

    /// <summary>Creates a board with its own stages; Start, Won and Lost are added, named as given.</summary>
    public Task<Guid> CreateBoardAsync(Guid actorId, string name, IReadOnlyList<StageInput> stages,
        IReadOnlyList<string> lossReasons, IReadOnlyList<Guid> memberIds,
        (string Start, string Won, string Lost)? builtInNames = null, CancellationToken ct = default) =>
        factory.RunAsync<Guid>(actorId, Policy.EditBoards, async (db, _) =>
        {
            var names = builtInNames ?? ("Start", "Won", "Lost");
            var board = new Board(name, NewFormKey(), names.Start, names.Won, names.Lost);
            foreach (var s in stages) board.AddStage(s.Name, s.Colour, s.TimeLimitDays, s.CountsAsTrial);
            foreach (var r in lossReasons) board.AddLossReason(r);
            board.SetMembers(await ExistingEmployees(db, memberIds, ct));
            db.Boards.Add(board);
            await db.SaveChangesAsync(ct);
            return board.Id;
        }, ct);

    public Task<BoardSettings> GetSettingsAsync(Guid actorId, Guid boardId, CancellationToken ct = default) =>
        factory.ReadAsync<BoardSettings>(actorId, Policy.EditBoards, async (db, _) =>
        {
            var b = await db.Boards.AsNoTracking().SingleOrDefaultAsync(x => x.Id == boardId, ct) ?? throw new NotFoundException();
            return new(b.Id, b.Name, b.FormKey, b.Version,
                b.OrderedStages.Select(s => new StageView(s.Id, s.Name, s.Colour, s.Order, s.Kind, s.TimeLimitDays, s.CountsAsTrial)
                    { AutoTaskTemplateId = s.AutoTaskTemplateId, AutoTaskDueHours = s.AutoTaskDueHours }).ToList(),
                b.LossReasons.OrderBy(r => r.Order).Select(r => new NamedView(r.Id, r.Name)).ToList(),
                b.Members.Select(m => m.EmployeeId).ToList())
            { AllowedOrigins = b.AllowedOrigins, ClientStatuses = new(b.WonClientStatusId, b.LostClientStatusId),
              Fields = b.OrderedFields.Select(DealFieldView.Of).ToList() };
        }, ct);

    /// <summary>How many deals each of the board's stages holds (stages with none are left out), for the settings screen to say
    /// what removing a stage would leave behind.</summary>
    public async Task<IReadOnlyDictionary<Guid, int>> CountDealsByStageAsync(Guid actorId, Guid boardId, CancellationToken ct = default)
    {
        await using var db = factory.CreateDbContext();
        await db.ActorAsync(actorId, Policy.EditBoards, ct);
        return await db.Deals.Where(d => d.BoardId == boardId).GroupBy(d => d.StageId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
    }

    /// <summary>
    /// Saves the board's name, stages (own ones in the given order; new ones have no id), members
    /// and loss reasons in one go. A stage that still holds deals cannot be removed.
    /// </summary>
    public Task SaveSettingsAsync(Guid actorId, Guid boardId, Guid expectedVersion, string name,
        IReadOnlyList<StageInput> stages, IReadOnlyList<string> lossReasons, IReadOnlyList<Guid> memberIds,
        CancellationToken ct = default) =>
        SaveSettingsAsync(actorId, boardId, expectedVersion, name, stages, lossReasons, memberIds, new BoardSaveOptions(), ct);

    /// <summary>
    /// Saves the board's settings as above, in one transaction with what <paramref name="options"/> adds: the open deals of a removed
    /// stage go to the stage named for it (each with a recorded move; a removed stage that holds deals and has no such stage is refused
    /// with the count), and the client statuses a won or lost deal gives its client (null: left as they are).
    /// </summary>
    public Task SaveSettingsAsync(Guid actorId, Guid boardId, Guid expectedVersion, string name,
        IReadOnlyList<StageInput> stages, IReadOnlyList<string> lossReasons, IReadOnlyList<Guid> memberIds,
        BoardSaveOptions options, CancellationToken ct = default) =>
        factory.RunInTransactionAsync(actorId, Policy.EditBoards, async (db, actor) =>
        {
            var board = await db.Boards.SingleOrDefaultAsync(x => x.Id == boardId, ct) ?? throw new NotFoundException();
            db.ExpectVersion(board, expectedVersion);

            board.Rename(name);
            var builtIn = board.Stages.Where(s => s.Kind != StageKind.Open).ToDictionary(s => s.Id);
            foreach (var input in stages.Where(s => s.Id is { } id && builtIn.ContainsKey(id)))
                board.UpdateStage(input.Id!.Value, input.Name, input.Colour,
                    builtIn[input.Id.Value].Kind == StageKind.Start ? input.TimeLimitDays : null, false);

            var openInputs = stages.Where(s => s.Id is null || !builtIn.ContainsKey(s.Id.Value)).ToList();
            var keep = openInputs.Where(s => s.Id is not null).Select(s => s.Id!.Value).ToHashSet();
            var removed = board.Stages.Where(s => s.Kind == StageKind.Open && !keep.Contains(s.Id)).ToList();
            foreach (var gone in removed)
            {
                var held = await db.Deals.Where(d => d.BoardId == board.Id && d.StageId == gone.Id).ToListAsync(ct);
                Guid? target = options.DealsGoTo.TryGetValue(gone.Id, out var to) ? to : null;
                // Another stage removed in the same save is no place to go.
                if (held.Count > 0 && target is { } t && removed.Any(r => r.Id == t)) throw new DomainException("Error.StageTarget", gone.Name);
                board.RemoveStage(gone.Id, held, target, actor.Id, Now);
            }
            var order = new List<Guid>();
            foreach (var input in openInputs)
            {
                if (input.Id is { } id && board.Stages.Any(s => s.Id == id))
                {
                    board.UpdateStage(id, input.Name, input.Colour, input.TimeLimitDays, input.CountsAsTrial);
                    order.Add(id);
                }
                else order.Add(board.AddStage(input.Name, input.Colour, input.TimeLimitDays, input.CountsAsTrial).Id);
            }
            board.ReorderStages(order);
            await AutomateStagesAsync(db, board, stages, order, ct);

            var wantedReasons = lossReasons.Select(r => r.Trim()).Where(r => r.Length > 0).Distinct(Names.Comparer).ToList();
            foreach (var reason in board.LossReasons.Where(r => !wantedReasons.Contains(r.Name, Names.Comparer)).ToList())
            {
                if (await db.Deals.AnyAsync(d => d.LossReasonId == reason.Id, ct) || await db.DealMoves.AnyAsync(m => m.LossReasonId == reason.Id, ct))
                    throw new DomainException("Error.ReasonInUse", reason.Name);
                board.RemoveLossReason(reason.Id);
            }
            foreach (var reason in wantedReasons.Where(r => board.LossReasons.All(x => !Names.Same(x.Name, r))))
                board.AddLossReason(reason);

            board.SetMembers(await ExistingEmployees(db, memberIds, ct));

            if (options.ClientStatuses is { } statuses)
            {
                foreach (var id in new[] { statuses.Won, statuses.Lost }.OfType<Guid>().Distinct())
                    if (!await db.ClientStatuses.AnyAsync(x => x.Id == id, ct)) throw new DomainException("Error.Unknown", "Status");
                board.SetClientStatusesOnClose(statuses.Won, statuses.Lost);
            }

            if (options.Fields is { } fields) await SetFieldsAsync(db, board, fields, options.RemoveFieldValues, ct);
        }, ct);

    /// <summary>
    /// The board's deal fields as given. A removed field some deals have a value in is refused with the field's name and how many,
    /// unless the owner confirmed (<paramref name="removeValues"/>): then the values go from those deals in the same save.
    /// </summary>
    private static async Task SetFieldsAsync(StudioDbContext db, Board board, IReadOnlyList<DealFieldInput> fields, bool removeValues, CancellationToken ct)
    {
        var removed = board.SetFields(fields);
        if (removed.Count == 0) return;
        var rows = await db.Deals.AsNoTracking().IgnoreAutoIncludes().Where(d => d.BoardId == board.Id)
            .Select(d => new { d.Id, d.FieldValues }).ToListAsync(ct);
        var holders = new HashSet<Guid>();
        foreach (var field in removed)
        {
            var holding = rows.Where(r => r.FieldValues.ContainsKey(field.Id)).Select(r => r.Id).ToList();
            if (holding.Count > 0 && !removeValues) throw new DomainException("Error.DealFieldHasValues", field.Name, holding.Count);
            holders.UnionWith(holding);
        }
        if (holders.Count == 0) return;
        foreach (var deal in await db.Deals.Where(d => holders.Contains(d.Id)).ToListAsync(ct))
            foreach (var field in removed) deal.RemoveFieldValue(field.Id);
    }

    /// <summary>Each stage's task on entry, matched by id (new stages by their place among the own ones).</summary>
    private static async Task AutomateStagesAsync(StudioDbContext db, Board board, IReadOnlyList<StageInput> stages, List<Guid> openOrder,
        CancellationToken ct)
    {
        var wanted = stages.Where(s => s.AutoTaskTemplateId is not null).Select(s => s.AutoTaskTemplateId!.Value).Distinct().ToList();
        var usable = await db.TaskTemplates.Where(t => wanted.Contains(t.Id) && !t.IsArchived).Select(t => t.Id).ToListAsync(ct);
        var builtIn = board.Stages.Where(s => s.Kind != StageKind.Open).Select(s => s.Id).ToHashSet();
        var nextOpen = 0;
        foreach (var input in stages)
        {
            var id = input.Id is { } known && builtIn.Contains(known) ? known : openOrder[nextOpen++];
            if (input.AutoTaskTemplateId is { } t && !usable.Contains(t)) throw new NotFoundException();
            board.AutomateStage(id, input.AutoTaskTemplateId, input.AutoTaskDueHours);
        }
    }

    public Task<string> RotateFormKeyAsync(Guid actorId, Guid boardId, CancellationToken ct = default) =>
        factory.RunAsync<string>(actorId, Policy.EditBoards, async (db, _) =>
        {
            var board = await db.Boards.SingleOrDefaultAsync(x => x.Id == boardId, ct) ?? throw new NotFoundException();
            board.RotateKey(NewFormKey());
            return board.FormKey;
        }, ct);

    /// <summary>
    /// Sets the sites allowed to post the board's web form from a browser (owner only); gives them back
    /// normalised. With <paramref name="expectedVersion"/> (the settings screen's), a board someone else
    /// saved meanwhile is refused, so the screen never carries on from a version it has not seen.
    /// </summary>
    public Task<IReadOnlyList<string>> SetAllowedOriginsAsync(Guid actorId, Guid boardId, IEnumerable<string> origins,
        Guid? expectedVersion = null, CancellationToken ct = default) =>
        factory.RunAsync<IReadOnlyList<string>>(actorId, Policy.EditBoards, async (db, _) =>
        {
            var board = await db.Boards.SingleOrDefaultAsync(x => x.Id == boardId, ct) ?? throw new NotFoundException();
            if (expectedVersion is { } version) db.ExpectVersion(board, version);
            board.SetAllowedOrigins(origins);
            return board.AllowedOrigins;
        }, ct);

    // ---------- deals ----------

    public Task<Guid> CreateDealAsync(Guid actorId, NewDeal input, CancellationToken ct = default) =>
        factory.RunAsync<Guid>(actorId, null, async (db, actor) =>
        {
            var board = await db.Boards.AsNoTracking().SingleOrDefaultAsync(b => b.Id == input.BoardId, ct) ?? throw new NotFoundException();
            actor.Require(Policy.SeeBoard, Scope.Of(actor, board));
            RefuseArchived(board);

            await CheckReferencesAsync(db, board, input.BranchId, input.ResponsibleId, input.SourceId, [], ct);
            DealOpening opening;
            var (preferred, responsible) = (actor.Branches.Select(b => b.BranchId).ToList(), input.ResponsibleId ?? actor.Id);
            if (input.ClientId is { } clientId)
            {
                var client = await db.Clients.AsNoTracking().IgnoreAutoIncludes().Where(c => c.Id == clientId)
                    .Select(c => new { c.BranchId, c.SourceId }).SingleOrDefaultAsync(ct) ?? throw new NotFoundException();
                opening = new(clientId, client.BranchId, null, input.BranchId, preferred, responsible, input.SourceId ?? client.SourceId,
                    input.Amount, input.Title, input.CallbackAt) { FieldValues = input.FieldValues };
            }
            else
            {
                var country = (await settings.GetAsync(ct)).Country;
                opening = new(null, null, new NewDealClient(input.ClientName ?? "", Phones.Normalise(input.Phone, country), input.Email),
                    input.BranchId, preferred, responsible, input.SourceId, input.Amount, input.Title, input.CallbackAt) { FieldValues = input.FieldValues };
            }
            var deal = await OpenDeal.OpenAsync(db, board, opening, actor.Id, Now, ct);
            return deal.Id;
        }, ct);

    /// <summary>
    /// Moves a card. Two managers moving the same card at once are both applied, in commit
    /// order, and both recorded: a move that lost the race is re-applied on the fresh state.
    /// Returns what the move did, for <see cref="UndoMoveAsync"/>; null when the card already was there.
    /// </summary>
    public async Task<DealMoveUndo?> MoveDealAsync(Guid actorId, Guid dealId, Guid stageId, Guid? lossReasonId = null, CancellationToken ct = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await factory.RunAsync<DealMoveUndo?>(actorId, null, async (db, actor) =>
                {
                    var deal = await db.Deals.SingleOrDefaultAsync(d => d.Id == dealId, ct) ?? throw new NotFoundException();
                    var board = await db.Boards.AsNoTracking().SingleAsync(b => b.Id == deal.BoardId, ct);
                    actor.Require(Policy.SeeBoard, Scope.Of(actor, board));
                    RefuseArchived(board);
                    var (fromStage, fromReason) = (deal.StageId, deal.LossReasonId);
                    if (deal.MoveTo(board, stageId, lossReasonId, actor.Id, Now) is null) return null;
                    var task = await StageTasks.AddAsync(db, board, deal, actor.Id, Now, ct);
                    ClientStatusChange? statusChange = null;
                    if (board.ClientStatusOnEntering(board.StageById(deal.StageId)) is { } status)
                    {
                        // The board's rule (issue 17.11): the client's status follows, with its history line, in the same save.
                        var client = await db.Clients.SingleAsync(c => c.Id == deal.ClientId, ct);
                        if ((statusChange = client.ChangeStatus(status, actor.Id, Now)) is { } change) db.ClientStatusChanges.Add(change);
                    }
                    await db.SaveOrConflictAsync(ct); // the versions the undo will expect are the saved ones
                    return new DealMoveUndo(deal.Id, fromStage, fromReason, deal.Version, task?.Id, task?.Version, statusChange?.Id);
                }, ct);
            }
            catch (ConcurrencyConflictException) when (attempt < 5)
            {
                // Someone else changed the card between our read and our write: apply ours after theirs, from a fresh context.
            }
        }
    }

    /// <summary>
    /// Undo of a move: the card goes back where it was (recorded in its history like any move), and the task its stage
    /// made goes too while still open and untouched. Refused, changing nothing, when the card moved or changed since:
    /// another manager's later move is never overwritten.
    /// </summary>
    public async Task UndoMoveAsync(Guid actorId, DealMoveUndo undo, CancellationToken ct = default)
    {
        try
        {
            await factory.RunAsync(actorId, null, async (db, actor) =>
            {
                var deal = await db.Deals.SingleOrDefaultAsync(d => d.Id == undo.DealId, ct) ?? throw new NotFoundException();
                var board = await db.Boards.AsNoTracking().SingleAsync(b => b.Id == deal.BoardId, ct);
                actor.Require(Policy.SeeBoard, Scope.Of(actor, board));
                RefuseArchived(board);
                if (deal.Version != undo.Version) throw new DomainException("Error.Undo.ChangedSince");
                db.ExpectVersion(deal, undo.Version);
                deal.MoveTo(board, undo.FromStageId, undo.FromLossReasonId, actor.Id, Now);
                if (undo is { TaskId: { } taskId, TaskVersion: { } taskVersion }) await StageTasks.TakeBackAsync(db, taskId, taskVersion, ct);
                if (undo.StatusChangeId is { } changeId) await TakeBackStatusAsync(db, changeId, ct);
            }, ct);
        }
        catch (ConcurrencyConflictException) { throw new DomainException("Error.Undo.ChangedSince"); } // changed between our read and our write
    }

    /// <summary>
    /// The client status the undone move gave its client goes too, and its history line with it (the funnels never saw the
    /// client reach it), while it is still the client's latest change; a status someone set since stands.
    /// </summary>
    private static async Task TakeBackStatusAsync(StudioDbContext db, Guid changeId, CancellationToken ct)
    {
        if (await db.ClientStatusChanges.SingleOrDefaultAsync(c => c.Id == changeId, ct) is not { } change) return;
        if (await db.ClientStatusChanges.AnyAsync(c => c.ClientId == change.ClientId && c.At > change.At, ct)) return;
        var client = await db.Clients.SingleAsync(c => c.Id == change.ClientId, ct);
        if (client.TakeBackStatus(change)) db.ClientStatusChanges.Remove(change);
    }

    public Task UpdateDealAsync(Guid actorId, DealEdit edit, CancellationToken ct = default) =>
        factory.RunAsync(actorId, null, async (db, actor) =>
        {
            var deal = await db.Deals.SingleOrDefaultAsync(d => d.Id == edit.DealId, ct) ?? throw new NotFoundException();
            var board = await db.Boards.AsNoTracking().SingleAsync(b => b.Id == deal.BoardId, ct);
            actor.Require(Policy.SeeBoard, Scope.Of(actor, board));
            RefuseArchived(board);
            db.ExpectVersion(deal, edit.ExpectedVersion);
            await CheckReferencesAsync(db, board, edit.BranchId, edit.ResponsibleId, edit.SourceId, edit.TagIds, ct);
            await OpenBranches.CheckAsync(db, edit.BranchId, deal.BranchId, ct); // moved to an open branch, or kept where it is
            deal.Update(edit.Amount, edit.Title, edit.ResponsibleId, edit.SourceId, edit.BranchId, edit.TagIds, edit.CustomFields);
            deal.SetCallback(edit.CallbackAt);
            if (edit.FieldValues is { } values) db.DealFieldChanges.AddRange(deal.SetFieldValues(board, values, actor.Id, Now));
        }, ct);

    public Task SetCallbackAsync(Guid actorId, Guid dealId, DateTime? at, CancellationToken ct = default) =>
        factory.RunAsync(actorId, null, async (db, actor) =>
        {
            var deal = await db.Deals.SingleOrDefaultAsync(d => d.Id == dealId, ct) ?? throw new NotFoundException();
            var board = await db.Boards.AsNoTracking().SingleAsync(b => b.Id == deal.BoardId, ct);
            actor.Require(Policy.SeeBoard, Scope.Of(actor, board));
            RefuseArchived(board);
            deal.SetCallback(at);
        }, ct);

    public Task AddNoteAsync(Guid actorId, Guid dealId, string text, DateTime? contactAt, CancellationToken ct = default) =>
        factory.RunAsync(actorId, null, async (db, actor) =>
        {
            var deal = await db.Deals.AsNoTracking().SingleOrDefaultAsync(d => d.Id == dealId, ct) ?? throw new NotFoundException();
            var board = await db.Boards.AsNoTracking().SingleAsync(b => b.Id == deal.BoardId, ct);
            actor.Require(Policy.SeeBoard, Scope.Of(actor, board));
            RefuseArchived(board);
            db.Attach(deal); // for its event only: a note leaves the deal's version alone, so nobody's edit is refused
            db.DealNotes.Add(deal.AddNote(text, contactAt, actor.Id, Now));
            await db.SaveChangesAsync(ct);
        }, ct);

    public Task<DealDetails> GetDealAsync(Guid actorId, Guid dealId, CancellationToken ct = default) =>
        factory.ReadAsync<DealDetails>(actorId, null, async (db, actor) =>
        {
            var deal = await db.Deals.AsNoTracking().SingleOrDefaultAsync(d => d.Id == dealId, ct) ?? throw new NotFoundException();
            var board = await db.Boards.AsNoTracking().SingleAsync(b => b.Id == deal.BoardId, ct);
            actor.Require(Policy.SeeBoard, Scope.Of(actor, board));
            var client = await db.Clients.AsNoTracking().SingleAsync(c => c.Id == deal.ClientId, ct);
            var moves = (await db.DealMoves.AsNoTracking().Where(m => m.DealId == dealId).ToListAsync(ct))
                .OrderByDescending(m => m.At).ThenBy(m => m.FromStageId is null ? 1 : 0).ToList(); // on a tie, the card's creation is the oldest line
            var notes = await db.DealNotes.AsNoTracking().Where(n => n.DealId == dealId).OrderByDescending(n => n.At).ToListAsync(ct);
            var fieldChanges = await db.DealFieldChanges.AsNoTracking().Where(c => c.DealId == dealId).ToListAsync(ct);
            var people = await db.Employees.AsNoTracking().Select(e => new { e.Id, e.FullName }).ToDictionaryAsync(e => e.Id, e => e.FullName, ct);
            string By(Guid id) => WebForm.IsWebForm(id) ? "Web form" : people.GetValueOrDefault(id, "?");
            var stages = board.Stages.ToDictionary(s => s.Id, s => s.Name);
            var reasons = board.LossReasons.ToDictionary(r => r.Id, r => r.Name);
            return new(deal.Id, deal.BoardId, deal.Version, deal.StageId, client.Id, client.FullName, client.Phone, client.Email,
                deal.Amount, deal.Title, deal.ResponsibleId, deal.SourceId, deal.BranchId, deal.Tags.Select(t => t.TagId).ToList(),
                deal.CustomFields, deal.CallbackAt, deal.CreatedAt, deal.StageEnteredAt, deal.LossReasonId,
                moves.Select(m => new HistoryEntry(m.At, m.FromStageId is { } f ? stages.GetValueOrDefault(f, "?") : null,
                    stages.GetValueOrDefault(m.ToStageId, "?"), By(m.ById),
                    m.LossReasonId is { } r ? reasons.GetValueOrDefault(r) : null) { ByWebForm = WebForm.IsWebForm(m.ById) })
                    // A field's change made with the deal itself sits just after the line that made it.
                    .Concat(fieldChanges.Select(c => new HistoryEntry(c.At, null, "", By(c.ById), null)
                        { ByWebForm = WebForm.IsWebForm(c.ById), Field = new(c.FieldName, c.Kind, c.From, c.To) }))
                    .OrderByDescending(h => h.At).ThenBy(h => h.Field is null && h.FromStage is null ? 1 : 0).ToList(),
                notes.Select(n => new NoteView(n.Id, n.At, n.Text, n.ContactAt, By(n.ById)) { ByWebForm = WebForm.IsWebForm(n.ById) }).ToList())
            {
                FieldValues = deal.FieldValues,
                Handovers = (await db.Reassignments.AsNoTracking().Where(r => r.ItemId == dealId && r.Item == HandoverItem.Deal)
                        .OrderByDescending(r => r.At).ToListAsync(ct))
                    .Select(r => new HandoverLine(r.At, By(r.FromId), By(r.ToId), By(r.ById))).ToList(),
            };
        }, ct);

    // ---------- snapshot (for the node's read model) ----------

    /// <summary>Loads one board for every circuit on this node. No actor: callers check rights first.</summary>
    internal async Task<BoardSnapshot?> LoadSnapshotAsync(Guid boardId, long sequence, CancellationToken ct = default)
    {
        await using var db = factory.CreateDbContext();
        var board = await db.Boards.AsNoTracking().AsSplitQuery().SingleOrDefaultAsync(b => b.Id == boardId, ct);
        if (board is null) return null;
        var now = Now;
        var fields = board.OrderedFields.Select(DealFieldView.Of).ToList();
        var cards = await CardsAsync(db, db.Deals.Where(d => d.BoardId == boardId && d.ClosedAt == null), fields, ct);
        var stageViews = board.OrderedStages.Select(s => new StageView(s.Id, s.Name, s.Colour, s.Order, s.Kind, s.TimeLimitDays, s.CountsAsTrial)).ToList();
        var moves = await CountedMovesAsync(db, boardId, stageViews, now, null, ct);
        var people = await db.Employees.AsNoTracking().IgnoreAutoIncludes()
            .Select(e => new { e.Id, e.FullName, e.Role }).ToListAsync(ct);
        var sources = await db.LeadSources.AsNoTracking().OrderBy(s => s.Name).Select(s => new NamedView(s.Id, s.Name, null)).ToListAsync(ct);
        var tags = await db.Tags.AsNoTracking().OrderBy(t => t.Name).Select(t => new NamedView(t.Id, t.Name, t.Colour)).ToListAsync(ct);
        var branches = await db.Branches.AsNoTracking().OrderBy(b => b.Name).Select(b => new NamedView(b.Id, b.Name, null) { IsArchived = b.IsArchived }).ToListAsync(ct);
        var timeZone = (await settings.GetAsync(ct)).TimeZoneId;

        return new BoardSnapshot(board.Id, board.Name, board.Version, sequence, now, stageViews, BoardSnapshot.InOrder(cards),
            board.LossReasons.OrderBy(r => r.Order).Select(r => new NamedView(r.Id, r.Name)).ToList(),
            board.Members.Select(m => m.EmployeeId).ToHashSet(),
            moves,
            people.ToDictionary(p => p.Id, p => new PersonView(p.Id, p.FullName, Employee.InitialsOf(p.FullName), p.Role)),
            sources, tags, branches, timeZone) { Fields = fields, IsArchived = board.IsArchived };
    }

    /// <summary>
    /// The board's snapshot after changes to the named deals only: their cards and counted moves are read again
    /// (three small queries, whatever the board's size) and everything else is kept. Equal to a fresh load.
    /// </summary>
    internal async Task<BoardSnapshot> PatchSnapshotAsync(BoardSnapshot current, IReadOnlyCollection<Guid> dealIds, long sequence, CancellationToken ct = default)
    {
        await using var db = factory.CreateDbContext();
        var now = Now;
        var ids = dealIds.ToList();
        var cards = await CardsAsync(db, db.Deals.Where(d => ids.Contains(d.Id) && d.BoardId == current.BoardId && d.ClosedAt == null), current.Fields, ct);
        var moves = await CountedMovesAsync(db, current.BoardId, current.Stages, now, ids, ct);
        var since = now.AddDays(-366);
        return current with
        {
            Sequence = sequence,
            LoadedAt = now,
            Deals = BoardSnapshot.InOrder(current.Deals.Where(d => !ids.Contains(d.Id)).Concat(cards)),
            CountedMoves = [.. current.CountedMoves.Where(m => !ids.Contains(m.DealId) && m.At >= since).Concat(moves).OrderBy(m => m.At).ThenBy(m => m.DealId)],
        };
    }

    /// <summary>Only the columns a card shows: no entity tracking, no free-form custom-field JSON (the typed values only when the board has fields), tags in a second query.</summary>
    private static async Task<List<DealCard>> CardsAsync(StudioDbContext db, IQueryable<Deal> deals, IReadOnlyList<DealFieldView> fields, CancellationToken ct)
    {
        var rows = await (from d in deals.AsNoTracking().IgnoreAutoIncludes()
                          join c in db.Clients on d.ClientId equals c.Id
                          select new
                          {
                              d.Id, d.StageId, d.ClientId, c.FullName, c.Phone, d.Amount, d.Title, d.ResponsibleId, d.SourceId,
                              d.BranchId, d.CallbackAt, d.StageEnteredAt, d.CreatedAt, d.Version,
                              OpenTasks = db.Tasks.Count(t => t.DealId == d.Id && !WorkTask.Finished.Contains(t.Status)),
                          }).ToListAsync(ct);
        if (rows.Count == 0) return [];
        var values = fields.Count == 0 ? NoValues : (await deals.AsNoTracking().IgnoreAutoIncludes().Select(d => new { d.Id, d.FieldValues }).ToListAsync(ct))
            .ToDictionary(d => d.Id, d => d.FieldValues);
        var tagsByDeal = (await (from t in db.Set<DealTag>()
                                 join d in deals on t.DealId equals d.Id
                                 select new { t.DealId, t.TagId }).ToListAsync(ct))
            .ToLookup(t => t.DealId, t => t.TagId);
        return rows.Select(x => new DealCard(x.Id, x.StageId, x.ClientId, x.FullName, x.Phone, x.Amount, x.Title,
            x.ResponsibleId, x.SourceId, x.BranchId, tagsByDeal[x.Id].Order().ToList(), x.CallbackAt,
            x.StageEnteredAt, x.CreatedAt, x.Version) { OpenTasks = x.OpenTasks, Fields = CardFields(fields, values.GetValueOrDefault(x.Id)) }).ToList();
    }

    private static readonly IReadOnlyDictionary<Guid, IReadOnlyDictionary<Guid, string>> NoValues = new Dictionary<Guid, IReadOnlyDictionary<Guid, string>>();

    /// <summary>A card's values in the board's field order (the fields the board still has).</summary>
    private static IReadOnlyList<CardField> CardFields(IReadOnlyList<DealFieldView> fields, IReadOnlyDictionary<Guid, string>? values)
    {
        if (values is null || values.Count == 0) return [];
        List<CardField>? list = null;
        foreach (var f in fields)
            if (values.TryGetValue(f.Id, out var v)) (list ??= []).Add(new CardField(f.Id, f.Name, f.Kind, v, f.ShowOnCard));
        return list is null ? [] : list;
    }

    /// <summary>Moves into Won, Lost or a trial stage in the last year (the board's figures), of the given deals or all.</summary>
    private static async Task<List<CountedMove>> CountedMovesAsync(StudioDbContext db, Guid boardId, IReadOnlyList<StageView> stages, DateTime now,
        List<Guid>? dealIds, CancellationToken ct)
    {
        var since = now.AddDays(-366);
        var counted = stages.Where(s => s.IsFinal || s.CountsAsTrial).Select(s => s.Id).ToList();
        var query = db.DealMoves.AsNoTracking().Where(m => m.BoardId == boardId && m.At >= since && counted.Contains(m.ToStageId));
        if (dealIds is not null) query = query.Where(m => dealIds.Contains(m.DealId));
        var moves = await (from m in query
                           join d in db.Deals on m.DealId equals d.Id
                           select new { m.DealId, m.ToStageId, m.At, m.ById, d.ResponsibleId, d.SourceId, d.BranchId }).ToListAsync(ct);
        var kinds = stages.ToDictionary(s => s.Id);
        return moves.Select(m => new CountedMove(m.DealId, m.ToStageId, kinds[m.ToStageId].Kind, kinds[m.ToStageId].CountsAsTrial,
                m.At, m.ById, m.ResponsibleId, m.SourceId, m.BranchId))
            .OrderBy(m => m.At).ThenBy(m => m.DealId).ToList();
    }

    /// <summary>
    /// The open deals of a board the filter selects (as the board shows them), with what an export names them by. Anyone who may see
    /// the board may export it.
    /// </summary>
    public async Task<BoardDealsExport> ExportDealsAsync(Guid actorId, Guid boardId, BoardFilter filter, CancellationToken ct = default)
    {
        await EnsureCanSeeAsync(actorId, boardId, ct);
        var snapshot = await LoadSnapshotAsync(boardId, 0, ct) ?? throw new NotFoundException();
        var deals = snapshot.Deals.Where(d => filter.Matches(d, snapshot.LoadedAt, snapshot.TimeZone)).ToList();
        return new(snapshot.Name, snapshot.Fields, deals, snapshot.Stages.ToDictionary(s => s.Id, s => s.Name),
            snapshot.People.ToDictionary(p => p.Key, p => p.Value.Name), snapshot.Sources.ToDictionary(s => s.Id, s => s.Name),
            snapshot.Branches.ToDictionary(b => b.Id, b => b.Name), snapshot.Tags.ToDictionary(t => t.Id, t => t.Name));
    }

    // ---------- helpers ----------

    /// <summary>
    /// Every id a deal points at must exist; the responsible is an active owner or a manager of
    /// the board. A bad id is a clear message, not a database error.
    /// </summary>
    private static async Task CheckReferencesAsync(StudioDbContext db, Board board, Guid? branchId, Guid? responsibleId,
        Guid? sourceId, IReadOnlyCollection<Guid> tagIds, CancellationToken ct)
    {
        if (branchId is { } b && !await db.Branches.AnyAsync(x => x.Id == b, ct)) throw new DomainException("Error.Unknown", "Branch");
        if (sourceId is { } s && !await db.LeadSources.AnyAsync(x => x.Id == s, ct)) throw new DomainException("Error.Unknown", "Source");
        if (responsibleId is { } r)
        {
            var person = await db.Employees.AsNoTracking().SingleOrDefaultAsync(x => x.Id == r, ct);
            if (person is not { IsActive: true } || !person.Can(Policy.SeeBoard, Scope.Of(person, board))) throw new DomainException("Error.Unknown", "Responsible");
        }
        if (tagIds.Count > 0)
        {
            var distinct = tagIds.Distinct().ToList();
            if (await db.Tags.CountAsync(t => distinct.Contains(t.Id), ct) != distinct.Count) throw new DomainException("Error.Unknown", "Tags");
        }
    }

    private static string NewFormKey() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12));

    private static async Task<IReadOnlyList<Guid>> ExistingEmployees(StudioDbContext db, IReadOnlyList<Guid> ids, CancellationToken ct) =>
        await db.Employees.Where(e => ids.Contains(e.Id)).Select(e => e.Id).ToListAsync(ct);
}

