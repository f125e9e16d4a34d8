using Microsoft.EntityFrameworkCore;
using Studio.Domain.Clients;
using Studio.Domain.Common;
using Studio.Domain.Pipelines;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Tasks;

namespace Studio.Infrastructure.Pipelines;

/// <summary>A client typed in on the spot: a name and a phone (E.164 already) or an e-mail.</summary>
internal sealed record NewDealClient(string Name, string? Phone, string? Email);

/// <summary>
/// What opening a deal needs. The client is one already known (<see cref="ClientId"/>, with the branch it is in) or
/// <see cref="NewClient"/>. <see cref="BranchId"/> is a branch someone chose (null: <see cref="OpenDeal.BranchAsync"/>
/// picks one, trying <see cref="PreferredBranchIds"/> first); <see cref="ResponsibleId"/> is the deal's (and a new
/// client's) responsible, already defaulted by the door.
/// </summary>
internal sealed record DealOpening(Guid? ClientId, Guid? ClientBranchId, NewDealClient? NewClient, Guid? BranchId,
    IReadOnlyList<Guid> PreferredBranchIds, Guid? ResponsibleId, Guid? SourceId, decimal Amount, string? Title,
    DateTime? CallbackAt = null, IReadOnlyDictionary<string, string>? CustomFields = null)
{
    /// <summary>The board's typed field values by field id, as typed; each checked by its field's kind.</summary>
    public IReadOnlyDictionary<Guid, string?>? FieldValues { get; init; }
}

/// <summary>
/// The one way a deal is opened, whichever door it comes through: the desk's new-deal dialog, the board's quick add
/// (<see cref="PipelineService.CreateDealAsync"/>) and the public web form (<see cref="LeadIntakeService"/>). It makes the
/// client when new (with its first status), picks the branch by one rule (a chosen archived branch is refused, an unchosen
/// one is never archived), puts the deal in Start (the deal records its entered move itself), sets the callback and makes
/// the stage's automatic task. The door has checked rights and references; it saves.
/// </summary>
internal static class OpenDeal
{
    public static async Task<Deal> OpenAsync(StudioDbContext db, Board board, DealOpening o, Guid by, DateTime now, CancellationToken ct)
    {
        Guid clientId, clientBranchId;
        if (o.ClientId is { } existing)
            (clientId, clientBranchId) = (existing, o.ClientBranchId ?? throw new ArgumentException("A known client comes with its branch.", nameof(o)));
        else
        {
            var facts = o.NewClient ?? throw new ArgumentException("A deal needs a client.", nameof(o));
            var branchId = await BranchAsync(db, o.BranchId, o.PreferredBranchIds, ct);
            var client = new Client(facts.Name, facts.Phone, facts.Email, branchId, o.SourceId, o.ResponsibleId, now);
            db.Clients.Add(client);
            await FirstStatus.EnterAsync(db, client, by, now, ct);
            (clientId, clientBranchId) = (client.Id, client.BranchId);
        }

        var dealBranch = await BranchAsync(db, o.BranchId, [clientBranchId, .. o.PreferredBranchIds], ct);
        var deal = new Deal(board, clientId, dealBranch, o.ResponsibleId, o.SourceId, o.Amount, o.Title, by, now, o.CustomFields);
        if (o.CallbackAt is { } callback) deal.SetCallback(callback);
        if (o.FieldValues is { Count: > 0 } values) db.DealFieldChanges.AddRange(deal.SetFieldValues(board, values, by, now));
        db.Deals.Add(deal);
        await StageTasks.AddAsync(db, board, deal, by, now, ct);
        return deal;
    }

    /// <summary>
    /// The branch rule of a new deal or client: a chosen branch must exist and be open (an archived one is refused with
    /// Error.Branch.Archived); with none chosen, the first preferred branch that is open, else the first open one by name.
    /// </summary>
    public static async Task<Guid> BranchAsync(StudioDbContext db, Guid? chosen, IReadOnlyList<Guid> preferred, CancellationToken ct)
    {
        if (chosen is { } id)
        {
            var archived = await db.Branches.Where(b => b.Id == id).Select(b => (bool?)b.IsArchived).SingleOrDefaultAsync(ct)
                ?? throw new DomainException("Error.Unknown", "Branch");
            return archived ? throw new DomainException("Error.Branch.Archived") : id;
        }
        var open = await db.Branches.AsNoTracking().Where(b => !b.IsArchived).OrderBy(b => b.Name).Select(b => b.Id).ToListAsync(ct);
        if (open.Count == 0) throw new InvalidOperationException("The studio has no open branch to put a deal in.");
        var first = preferred.FirstOrDefault(open.Contains);
        return first != Guid.Empty ? first : open[0];
    }
}
