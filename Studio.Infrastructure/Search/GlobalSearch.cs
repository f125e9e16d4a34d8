using Microsoft.EntityFrameworkCore;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;

namespace Studio.Infrastructure.Search;

/// <summary>A deal found by its client's name or phone; open deals first.</summary>
public sealed record DealHit(Guid Id, Guid BoardId, string Board, string Stage, Guid ClientId, string ClientName, string? ClientPhone,
    decimal Amount, bool IsOpen);

public sealed record SearchResults(IReadOnlyList<ClientHit> Clients, IReadOnlyList<DealHit> Deals)
{
    public static readonly SearchResults None = new([], []);
    public bool IsEmpty => Clients.Count == 0 && Deals.Count == 0;
}

/// <summary>
/// The top bar's search: clients by the client list's own search (name in any alphabet or case, phone in any format or a
/// fragment of it), and the deals of those clients on the boards the actor may see. Teachers see no clients.
/// </summary>
public sealed class GlobalSearch(IDbContextFactory<StudioDbContext> factory, Organisation.OrganisationSettingsSource settings)
{
    public const int MinLength = 2;

    public Task<SearchResults> SearchAsync(Guid actorId, string? text, int take = 6, CancellationToken ct = default) =>
        factory.ReadAsync<SearchResults>(actorId, Policy.SeeClients, async (db, actor) =>
        {
            text = text?.Trim() ?? "";
            if (text.Length < MinLength) return SearchResults.None;
            take = Math.Clamp(take, 1, 50);

            var matching = await ClientService.FilteredAsync(db, new ClientQuery(Search: text), (await settings.GetAsync(ct)).Country, ct);
            var clients = await matching.OrderBy(c => c.SearchKey).ThenBy(c => c.Id).Take(take)
                .Select(c => new ClientHit(c.Id, c.FullName, c.Phone, c.Email)).ToListAsync(ct);

            var boards = (await db.Boards.AsNoTracking().ToListAsync(ct)).Where(b => actor.Can(Policy.SeeBoard, Scope.Of(actor, b))).ToList();
            if (boards.Count == 0) return new SearchResults(clients, []);
            var boardIds = boards.Select(b => b.Id).ToList();
            var clientIds = matching.Select(c => c.Id);
            var deals = await (from d in db.Deals.AsNoTracking().IgnoreAutoIncludes()
                               where boardIds.Contains(d.BoardId) && clientIds.Contains(d.ClientId)
                               join c in db.Clients on d.ClientId equals c.Id
                               orderby d.ClosedAt == null descending, d.CreatedAt descending, d.Id
                               select new { d.Id, d.BoardId, d.StageId, d.ClientId, c.FullName, c.Phone, d.Amount, Open = d.ClosedAt == null })
                .Take(take).ToListAsync(ct);
            var byId = boards.ToDictionary(b => b.Id);
            return new SearchResults(clients, deals.Select(d =>
            {
                var board = byId[d.BoardId];
                return new DealHit(d.Id, d.BoardId, board.Name, board.Stages.FirstOrDefault(s => s.Id == d.StageId)?.Name ?? "", d.ClientId,
                    d.FullName, d.Phone, d.Amount, d.Open);
            }).ToList());
        }, ct);
}
