using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Studio.Domain.Clients;
using Studio.Infrastructure.Live;
using Studio.Infrastructure.Persistence;

namespace Studio.Infrastructure.Clients;

/// <summary>
/// A client as an open list needs it to place the client: its row and what the filters look at; <see cref="Phones"/> are the
/// client's and their guardians' (a parent's number finds the child).
/// </summary>
public sealed record ClientListEntry(ClientRow Row, IReadOnlyList<string> Phones, IReadOnlyList<Guid> TagIds, bool Merged);

/// <summary>
/// One client named by a message on <see cref="LiveTopics.Clients"/>, read once on the node. <see cref="Entry"/> is null when
/// the client is gone. <see cref="Kind"/> is the message's (<c>ClientCreated</c>, <c>ClientArchived</c>, <c>ClientMerged</c>…).
/// </summary>
public sealed record ClientListChange(Guid Id, string Kind, ClientListEntry? Entry)
{
    public bool Created => Kind == nameof(ClientCreated);
    /// <summary>Its membership of a list may have changed (created, archived or restored, merged away): the list's total may move.</summary>
    public bool Membership => Kind is nameof(ClientCreated) or nameof(ClientArchived) or nameof(ClientMerged);
}

/// <summary>
/// What changed in the clients since the previous delivery, in the order heard. The first one a list gets is empty;
/// <see cref="Missed"/> says a read failed and the node cannot say what changed (each list reloads its page then).
/// </summary>
public sealed record ClientListChanges(long Sequence, IReadOnlyList<ClientListChange> Changes, bool Missed = false) : ISequenced;

/// <summary>The client list's one key: every list on the node hears the same changes.</summary>
public enum ClientListScope { Studio }

/// <summary>
/// The node's live feed of client rows (issue 14): a message that names a client costs one small read on this node — the
/// named clients' rows, phones and tags, in one command — however many lists are open, and every list gets the same
/// immutable rows. Each list decides in memory whether the change concerns its page (<see cref="ClientMatch"/>): a shown
/// client's row is swapped, a new client that belongs on the page is put in place, a total moves; a list whose page the
/// change does not touch renders nothing. A burst (an import) is read in one go per round, in chunks.
/// </summary>
public sealed class ClientListViews(IDbContextFactory<StudioDbContext> factory, ILiveBus bus, ILogger<ClientListViews> logger)
    : SharedFeeds<ClientListScope, ClientListChanges>(bus, logger)
{
    /// <summary>Ids read per command in a burst.</summary>
    public const int Chunk = 500;

    private int _loaded;

    protected override IEnumerable<string> TopicsOf(ClientListScope key) => [LiveTopics.Clients];

    /// <summary>The first watcher starts from nothing (lists load their own page); a later whole load means a patch failed: say so.</summary>
    protected override Task<ClientListChanges?> LoadAsync(ClientListScope key, long sequence, CancellationToken ct) =>
        Task.FromResult<ClientListChanges?>(new(sequence, [], Missed: Interlocked.Exchange(ref _loaded, 1) == 1));

    protected override async Task<ClientListChanges?> NextAsync(ClientListScope key, ClientListChanges current, IReadOnlyList<LiveMessage> messages,
        long sequence, CancellationToken ct)
    {
        var named = messages.Where(m => m.Id != Guid.Empty).ToList();
        if (named.Count < messages.Count) return new(sequence, [], Missed: true); // a message that names no client: every list reloads
        var ids = named.Select(m => m.Id).Distinct().ToList();
        var entries = await ReadAsync(ids, ct);
        // One change per client, in the order first heard; a creation in the burst is what the list must know.
        var changes = ids.Select(id =>
        {
            var kinds = named.Where(m => m.Id == id).Select(m => m.Kind).ToList();
            var kind = kinds.FirstOrDefault(k => k == nameof(ClientCreated)) ?? kinds.FirstOrDefault(k => k is nameof(ClientMerged) or nameof(ClientArchived)) ?? kinds[^1];
            return new ClientListChange(id, kind, entries.GetValueOrDefault(id));
        }).ToList();
        return new(sequence, changes);
    }

    /// <summary>The rows of these clients, as <see cref="ClientService.ListAsync"/> shows them, with their phones and tags: one command per chunk.</summary>
    internal async Task<Dictionary<Guid, ClientListEntry>> ReadAsync(IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        var found = new Dictionary<Guid, ClientListEntry>();
        await using var db = factory.CreateDbContext();
        foreach (var chunk in ids.Chunk(Chunk))
        {
            var rows = await db.Clients.AsNoTracking().IgnoreAutoIncludes().Where(c => chunk.Contains(c.Id))
                .Select(c => new
                {
                    Row = new ClientRow(c.Id, c.FullName, c.Phone, c.Email, c.StatusId, c.SourceId, c.ResponsibleId, c.BranchId, c.CreatedAt, c.IsArchived, c.SearchKey),
                    Phones = c.Phones.Select(p => p.Number).ToList(),
                    GuardianPhones = c.GuardianPhones.Select(p => p.Number).ToList(),
                    Tags = c.Tags.Select(t => t.TagId).ToList(),
                    Merged = c.MergedIntoId != null,
                })
                .AsSingleQuery().ToListAsync(ct);
            foreach (var r in rows) found[r.Row.Id] = new ClientListEntry(r.Row, [.. r.Phones, .. r.GuardianPhones], r.Tags, r.Merged);
        }
        return found;
    }
}

/// <summary>
/// A list's filters and order in memory, exactly as <see cref="ClientService.ListAsync"/> applies them in the database (the
/// search already resolved: a whole phone number normalised, a piece of one, or text), so an open list can tell whether a
/// changed client belongs in it and where.
/// </summary>
public sealed record ClientMatch(ClientQuery Query, string? Phone, string? Digits, string? Text) : IComparer<ClientRow>
{
    public bool Matches(ClientListEntry e)
    {
        var (q, r) = (Query, e.Row);
        if (e.Merged || r.IsArchived != q.Archived) return false;
        if (Phone is not null && !e.Phones.Contains(Phone)) return false;
        if (Digits is not null && !e.Phones.Any(p => p.Contains(Digits, StringComparison.Ordinal))) return false;
        if (Text is not null && !r.SearchKey.Contains(Text, StringComparison.Ordinal)) return false;
        if (q.BranchId is { } b && r.BranchId != b) return false;
        if (q.StatusId is { } s && r.StatusId != s) return false;
        if (q.SourceId is { } src && r.SourceId != src) return false;
        if (q.ResponsibleId is { } resp && r.ResponsibleId != resp) return false;
        if (q.TagId is { } t && !e.TagIds.Contains(t)) return false;
        if (q.CreatedFrom is { } from && r.CreatedAt < from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)) return false;
        if (q.CreatedTo is { } to && r.CreatedAt >= to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)) return false;
        return true;
    }

    /// <summary>
    /// A page after these changes: the same list instance and total when none concerns it. A shown client that still
    /// matches is swapped (and moved if its place changed; if it now sorts before or after this page it leaves it, the
    /// total unchanged); one that no longer matches leaves the page and the total. A client not shown: a new, restored or
    /// archived one that matches is counted, and put in place when it sorts inside the page (on the first page also before
    /// its first row; on the last page also after its last), the page's last row then moving on to the next page; a client
    /// archived or merged away from another page is taken off the total. An edited client not shown that now sorts inside
    /// the page (renamed into it, or into the filters) is put in place; otherwise an edit elsewhere leaves the page and the
    /// total alone (a client that entered or left the filters by an edit is counted at the next load).
    /// </summary>
    public (IReadOnlyList<ClientRow> Rows, int Total) Apply(IReadOnlyList<ClientRow> rows, int total, int page, int pageSize,
        IReadOnlyList<ClientListChange> changes)
    {
        var list = rows.ToList();
        var count = total;
        foreach (var change in changes)
        {
            var at = IndexOf(list, change.Id);
            var matches = change.Entry is { } e && Matches(e);
            if (at >= 0)
            {
                list.RemoveAt(at);
                if (!matches) { count--; continue; }
                var place = Place(list, change.Entry!.Row, page, pageSize, count, wasAt: at);
                if (place >= 0) list.Insert(place, change.Entry!.Row);
                continue;
            }
            if (!matches)
            {
                if (change.Membership && !change.Created && change.Entry is { } gone && WasIn(change.Kind, gone)) count--; // left from another page
                continue;
            }
            var entered = change.Membership; // created, restored or archived into this list's kind
            if (entered) count++;
            var spot = Place(list, change.Entry!.Row, page, pageSize, count, wasAt: null);
            if (spot < 0) continue; // another page's
            list.Insert(spot, change.Entry!.Row);
            if (list.Count > pageSize) list.RemoveAt(list.Count - 1);
        }
        return (list.Count == rows.Count && list.SequenceEqual(rows, ReferenceEqualityComparer.Instance) ? rows : list, count);
    }

    /// <summary>Whether a client archived, restored or merged away was in this list just before (the same facts, the flag as it was).</summary>
    private bool WasIn(string kind, ClientListEntry e) =>
        Matches(e with { Merged = false, Row = e.Row with { IsArchived = kind == nameof(ClientMerged) ? false : !e.Row.IsArchived } });

    private static int IndexOf(List<ClientRow> rows, Guid id) => rows.FindIndex(r => r.Id == id);

    /// <summary>Where the row goes on this page, or -1 when it belongs on another (<paramref name="wasAt"/>: where it was, if shown).</summary>
    private int Place(List<ClientRow> rows, ClientRow row, int page, int pageSize, int total, int? wasAt)
    {
        var at = 0;
        while (at < rows.Count && Compare(rows[at], row) < 0) at++;
        if (at == 0 && page > 0 && rows.Count > 0 && wasAt != 0) return -1; // an earlier page's
        var lastPage = (long)(page + 1) * pageSize >= total;
        if (at == rows.Count && rows.Count > 0 && !lastPage && wasAt != rows.Count) return -1; // a later page's
        return at;
    }

    /// <summary>The list's order: by name key or creation, then by id (as the database orders ids: their text).</summary>
    public int Compare(ClientRow? x, ClientRow? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        var first = Query.Sort == ClientSort.Created ? x.CreatedAt.CompareTo(y.CreatedAt) : string.CompareOrdinal(x.SearchKey, y.SearchKey);
        if (Query.Descending) first = -first;
        return first != 0 ? first : string.CompareOrdinal(x.Id.ToString(), y.Id.ToString());
    }
}
