using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Studio.Domain.Clients;
using Studio.Domain.Pipelines;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;

namespace Studio.Infrastructure.Pipelines;

/// <summary>What the web form answers: the deal and its client; <see cref="Replayed"/> when a retry found an earlier lead.</summary>
public sealed record LeadTaken(Guid DealId, Guid ClientId, bool Replayed);

/// <summary>
/// The public web form's use case: a lead from the studio's site becomes a deal in the board's
/// Start stage, for the client found by phone or e-mail or created on the spot. No actor: the
/// board key in the address is the only credential, and a board that is archived takes nothing.
/// </summary>
public sealed class LeadIntakeService(IDbContextFactory<StudioDbContext> factory, TimeProvider clock, Organisation.OrganisationSettingsSource settings)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>
    /// Checks the form (every bad field named, <see cref="LeadFormInvalidException"/>), then in one
    /// transaction finds or creates the client, puts the deal in Start with its first move, the
    /// comment as a note, the UTM tags (and an unknown source's name) in its custom fields, and the
    /// receipt of the Idempotency-Key. A retry with a key already taken on this board gets the first
    /// deal back and adds nothing. Live events go out after the commit.
    /// </summary>
    /// <param name="spendBudget">
    /// Called once the lead is known good (its board exists, every field passed), before anything is
    /// saved: the board's flood budget. It answers null to go on, or how long to wait, and then
    /// <see cref="LeadFloodException"/> is thrown. Bad posts never reach it, so they cannot spend a
    /// board's budget and shut its form for real visitors.
    /// </param>
    public async Task<LeadTaken> TakeAsync(string boardKey, LeadForm form, string? idempotencyKey, CancellationToken ct = default,
        Func<TimeSpan?>? spendBudget = null)
    {
        Board board;
        string country;
        Guid? sourceId;
        CheckedLead lead;
        await using (var db = factory.CreateDbContext())
        {
            board = await FindBoardAsync(db, boardKey, ct) ?? throw new NotFoundException();
            country = (await settings.GetAsync(ct)).Country;
            lead = form.Check(country, idempotencyKey);
            sourceId = await FindSourceAsync(db, lead.Source, ct);
        }
        if (spendBudget?.Invoke() is { } wait) throw new LeadFloodException(wait);

        try
        {
            // The web form's own transaction: no employee acts; each retried attempt starts from a fresh context.
            return await factory.InTransactionAsync(db => TakeOnceAsync(db, board, lead, sourceId, ct), ct);
        }
        catch (DbUpdateException ex) when (lead.IdempotencyKey is { } raced && IsUniqueViolation(ex))
        {
            // The unique index on (BoardId, Key) is the guarantee: a request with the same key
            // committed between our check and our insert. Its deal is the answer; ours was rolled back.
            await using var db = factory.CreateDbContext();
            return await ReceiptAsync(db, board.Id, raced, ct) ?? throw new InvalidOperationException("Lead receipt vanished.", ex);
        }
    }

    private async Task<LeadTaken> TakeOnceAsync(StudioDbContext db, Board board, CheckedLead lead, Guid? sourceId, CancellationToken ct)
    {
        await SerialiseAsync(db, LockNames(board.Id, lead), ct);

        if (lead.IdempotencyKey is { } key && await ReceiptAsync(db, board.Id, key, ct) is { } earlier)
            return earlier;

        var now = Now;
        var client = await FindClientAsync(db, lead, ct);
        var fields = new Dictionary<string, string>(lead.Utm);
        if (lead.Source is { } rawSource && sourceId is null) fields[WebForm.SourceField] = rawSource;
        // No one chooses a branch here: the deal goes to the client's branch if it is open, else to the first open one.
        var deal = await OpenDeal.OpenAsync(db, board, new DealOpening(client?.Id, client?.BranchId,
            client is null ? new NewDealClient(lead.Name, lead.Phone, lead.Email) : null, BranchId: null, PreferredBranchIds: [],
            ResponsibleId: null, sourceId, Amount: 0m, Title: null, CustomFields: fields), WebForm.ActorId, now, ct);
        if (lead.Comment is { } comment) db.DealNotes.Add(deal.AddNote(comment, null, WebForm.ActorId, now));
        if (lead.IdempotencyKey is { } newKey) db.LeadReceipts.Add(new LeadReceipt(board.Id, newKey, deal.Id, deal.ClientId, now));
        return new LeadTaken(deal.Id, deal.ClientId, Replayed: false);
    }

    /// <summary>The sites allowed to post this board's form from a browser; none for an unknown or archived board.</summary>
    public async Task<IReadOnlyList<string>> AllowedOriginsAsync(string boardKey, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(boardKey) || boardKey.Length > Board.KeyMax) return [];
        await using var db = factory.CreateDbContext();
        return await db.Boards.AsNoTracking().IgnoreAutoIncludes().Where(b => b.FormKey == boardKey && !b.IsArchived)
            .Select(b => b.AllowedOrigins).FirstOrDefaultAsync(ct) ?? [];
    }

    private static async Task<Board?> FindBoardAsync(StudioDbContext db, string boardKey, CancellationToken ct) =>
        string.IsNullOrEmpty(boardKey) || boardKey.Length > Board.KeyMax ? null
            : await db.Boards.AsNoTracking().SingleOrDefaultAsync(b => b.FormKey == boardKey && !b.IsArchived, ct);

    /// <summary>A lead source by name, any case in any alphabet: the rule of <see cref="UniqueNames"/>.</summary>
    private static async Task<Guid?> FindSourceAsync(StudioDbContext db, string? name, CancellationToken ct)
    {
        if (name is null) return null;
        var sources = await db.LeadSources.AsNoTracking().Select(s => new { s.Id, s.Name }).ToListAsync(ct);
        return sources.FirstOrDefault(s => UniqueNames.Same(s.Name, name))?.Id;
    }

    /// <summary>
    /// The client this lead is about: one with the phone among their phones first, then one whose parent or guardian has it
    /// (a parent writes about their child), else one with the e-mail; active before archived, the oldest first; merged-away duplicates never. An existing
    /// client's card is left as it is: a form on a site does not overwrite what the desk typed.
    /// </summary>
    private static async Task<(Guid Id, Guid BranchId)?> FindClientAsync(StudioDbContext db, CheckedLead lead, CancellationToken ct)
    {
        var phone = lead.Phone;
        var email = lead.Email;
        var found = await db.Clients.AsNoTracking().IgnoreAutoIncludes()
            .Where(c => c.MergedIntoId == null
                && ((phone != null && (c.Phones.Any(p => p.Number == phone) || c.GuardianPhones.Any(p => p.Number == phone)))
                    || (email != null && c.Email == email)))
            .OrderBy(c => phone != null && c.Phones.Any(p => p.Number == phone) ? 0
                : phone != null && c.GuardianPhones.Any(p => p.Number == phone) ? 1 : 2)
            .ThenBy(c => c.IsArchived ? 1 : 0).ThenBy(c => c.CreatedAt).ThenBy(c => c.Id)
            .Select(c => new { c.Id, c.BranchId }).FirstOrDefaultAsync(ct);
        return found is null ? null : (found.Id, found.BranchId);
    }

    private static async Task<LeadTaken?> ReceiptAsync(StudioDbContext db, Guid boardId, string key, CancellationToken ct)
    {
        var r = await db.LeadReceipts.AsNoTracking().Where(x => x.BoardId == boardId && x.Key == key)
            .Select(x => new { x.DealId, x.ClientId }).FirstOrDefaultAsync(ct);
        return r is null ? null : new LeadTaken(r.DealId, r.ClientId, Replayed: true);
    }

    // ---------- one lead at a time per phone, e-mail and key ----------

    /// <summary>What two leads must not do at the same time: look up and create the same client, or take the same key.</summary>
    private static IReadOnlyList<string> LockNames(Guid boardId, CheckedLead lead)
    {
        var names = new List<string>(3);
        if (lead.Phone is { } p) names.Add("lead-phone:" + p);
        if (lead.Email is { } e) names.Add("lead-email:" + e);
        if (lead.IdempotencyKey is { } k) names.Add($"lead-key:{boardId:N}:{k}");
        return names;
    }

    /// <summary>
    /// Makes find-or-create of a client safe when many leads with the same phone arrive at once.
    /// A unique index cannot do it: two clients may share a phone (a family's), so ClientPhones.Number
    /// is not unique by design. Instead the transaction holds a lock named after the phone, the e-mail
    /// and the key until it ends, so the second lead waits and then finds the client the first made.
    /// </summary>
    private static Task SerialiseAsync(StudioDbContext db, IReadOnlyList<string> names, CancellationToken ct) => db.LockAsync(names, ct);

    private static bool IsUniqueViolation(DbUpdateException ex) => ex.InnerException switch
    {
        PostgresException pg => pg.SqlState == PostgresErrorCodes.UniqueViolation,
        SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        Microsoft.Data.SqlClient.SqlException sql => sql.Number is 2601 or 2627,
        _ => false,
    };
}

/// <summary>The board's form took as many leads as it may for now; <see cref="RetryAfter"/> says when to try again.</summary>
public sealed class LeadFloodException(TimeSpan retryAfter) : Exception("Error.LeadFlood")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
