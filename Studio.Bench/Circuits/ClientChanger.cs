using Microsoft.EntityFrameworkCore;
using Studio.Domain.Clients;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Persistence;

namespace Studio.Bench.Circuits;

/// <summary>What the driver needs to open the client pages (GET /bench/clients/info): the client whose card is watched.</summary>
public sealed record ClientBenchInfo(Guid CardClientId, int FirstPageRows);

/// <summary>
/// The client pages' triggers (<c>POST /bench/clients/…?token=</c>), each through the real <see cref="ClientService"/> as the
/// bench's manager: a client of the list's first page (all branches, by name, 25 rows: what the manager's list shows)
/// renamed to its own name followed by the token, which keeps its place on the page; a new client named after the page's
/// first row followed by the token, which puts it second on the page; a note with the token on the watched card's client.
/// </summary>
public sealed class ClientChanger(ClientService clients, IDbContextFactory<StudioDbContext> factory)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private List<(Guid Id, string Name)>? _page;
    private Guid _manager;
    private int _next;

    private async Task<List<(Guid Id, string Name)>> PageAsync(CancellationToken ct)
    {
        if (_page is not null) return _page;
        await using (var db = factory.CreateDbContext())
            _manager = await db.Employees.Where(e => e.Email == BenchServer.Manager).Select(e => e.Id).SingleAsync(ct);
        var page = await clients.ListAsync(_manager, new ClientQuery(), ct);
        return _page = page.Rows.Select(r => (r.Id, r.FullName)).ToList();
    }

    public async Task<ClientBenchInfo> InfoAsync(CancellationToken ct)
    {
        var page = await PageAsync(ct);
        return new(page[page.Count / 2].Id, page.Count);
    }

    /// <summary>The next client of the middle of the first page renamed "its name + token" (the card's client: always that one).</summary>
    public async Task<Guid> RenameAsync(string token, bool card, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var page = await PageAsync(ct);
            var (id, name) = card ? page[page.Count / 2] : page[2 + _next++ % Math.Max(1, page.Count - 4)];
            var c = await clients.GetCardAsync(_manager, id, ct);
            await clients.UpdateAsync(_manager, id, c.Version, new ClientInput($"{name} {token}", c.Phones, c.Email, c.BirthDate, c.City, c.BranchId,
                c.SourceId, c.ResponsibleId, c.TagIds, c.Channels, c.Notes, c.CustomFields.ToDictionary(kv => kv.Key, kv => (string?)kv.Value)),
                duplicatesSeen: true, ct);
            return id;
        }
        finally { _gate.Release(); }
    }

    public async Task<Guid> CreateAsync(string token, string phone, CancellationToken ct)
    {
        var page = await PageAsync(ct);
        return await clients.CreateAsync(_manager, new ClientInput($"{page[0].Name} {token}", [phone], null, null, null, null, null, _manager, [],
            ContactChannels.None, null, new Dictionary<Guid, string?>()), duplicatesSeen: true, ct);
    }

    public async Task<Guid> NoteAsync(string token, CancellationToken ct)
    {
        var info = await InfoAsync(ct);
        await clients.AddNoteAsync(_manager, info.CardClientId, $"Note {token}", ct);
        return info.CardClientId;
    }
}
