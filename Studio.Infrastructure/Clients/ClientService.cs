using Microsoft.EntityFrameworkCore;
using Studio.Domain.Clients;
using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Pipelines;

namespace Studio.Infrastructure.Clients;

public sealed record ClientHit(Guid Id, string FullName, string? Phone, string? Email);

public enum ClientSort { Name, Created }

/// <summary>The client list's filters; every one is optional. Pages count from 0.</summary>
public sealed record ClientQuery(
    string? Search = null, Guid? BranchId = null, Guid? StatusId = null, Guid? SourceId = null, Guid? TagId = null,
    Guid? ResponsibleId = null, bool Archived = false, DateOnly? CreatedFrom = null, DateOnly? CreatedTo = null,
    ClientSort Sort = ClientSort.Name, bool Descending = false, int Page = 0, int PageSize = 25);

/// <summary>One row of the client list; <see cref="SearchKey"/> is what the list sorts names by.</summary>
public sealed record ClientRow(Guid Id, string FullName, string? Phone, string? Email, Guid? StatusId, Guid? SourceId,
    Guid? ResponsibleId, Guid BranchId, DateTime CreatedAt, bool IsArchived, string SearchKey = "");

/// <summary>One page of the list, its total, and the query's filters and order in memory (to place a changed client).</summary>
public sealed record ClientPage(IReadOnlyList<ClientRow> Rows, int Total)
{
    public ClientMatch? Match { get; init; }
}

/// <summary>What a person typed on the client form; phones in any format.</summary>
public sealed record ClientInput(
    string FullName, IReadOnlyList<string> Phones, string? Email, DateOnly? BirthDate, string? City, Guid? BranchId,
    Guid? SourceId, Guid? ResponsibleId, IReadOnlyList<Guid> TagIds, ContactChannels Channels, string? Notes,
    IReadOnlyDictionary<Guid, string?> CustomFields, IReadOnlyList<Guardian>? Guardians = null);

public sealed record ClientDealView(Guid Id, Guid BoardId, string Board, string Stage, decimal Amount, bool IsOpen, DateTime CreatedAt);

public sealed record ClientCard(
    Guid Id, Guid Version, string FullName, IReadOnlyList<string> Phones, string? Email, DateOnly? BirthDate, string? City,
    Guid BranchId, Guid? SourceId, Guid? ResponsibleId, Guid? StatusId, IReadOnlyList<Guid> TagIds, ContactChannels Channels,
    string? Notes, IReadOnlyDictionary<Guid, string> CustomFields, bool IsArchived, Guid? MergedIntoId, DateTime CreatedAt,
    IReadOnlyList<ClientDealView> Deals)
{
    /// <summary>The parents or guardians (phones E.164).</summary>
    public IReadOnlyList<Guardian> Guardians { get; init; } = [];
    /// <summary>Whom calls and reminders go to instead of the client (<see cref="Guardian.ContactOf"/>), as of the read; null: the client.</summary>
    public Guardian? Contact { get; init; }
}

public sealed record StatusView(Guid Id, string Name, string Colour, int Order, bool ShowInFunnel);
public sealed record FieldView(Guid Id, string Name, CustomFieldKind Kind, IReadOnlyList<string> Choices);

/// <summary>Everything the client screens pick from, in one read.</summary>
public sealed record ClientLookups(IReadOnlyList<NamedView> Branches, IReadOnlyList<NamedView> Sources, IReadOnlyList<NamedView> Tags,
    IReadOnlyList<StatusView> Statuses, IReadOnlyList<PersonView> People, IReadOnlyList<FieldView> Fields)
{
    public string Name(IReadOnlyList<NamedView> list, Guid? id) => id is { } x ? list.FirstOrDefault(v => v.Id == x)?.Name ?? "" : "";

    /// <summary>The archived branches (marked <see cref="NamedView.IsArchived"/>): never offered, only named on a client already in one.</summary>
    public IReadOnlyList<NamedView> ArchivedBranches { get; init; } = [];

    /// <summary>The branches a client's form offers: the open ones, and the client's own (<paramref name="current"/>) even when archived.</summary>
    public IReadOnlyList<NamedView> BranchesFor(Guid? current) =>
        current is { } id && ArchivedBranches.FirstOrDefault(b => b.Id == id) is { } own ? [.. Branches, own] : Branches;
}

/// <summary>Saving would duplicate these clients (same phone or e-mail); the person decides, then saves again saying so.</summary>
public sealed class PossibleDuplicateException(IReadOnlyList<ClientHit> matches) : Exception("Error.PossibleDuplicate")
{
    public IReadOnlyList<ClientHit> Matches { get; } = matches;
}

/// <summary>The clients feature: list, card, create and edit, statuses, notes, archive, merge.</summary>
public sealed class ClientService(IDbContextFactory<StudioDbContext> factory, TimeProvider clock, ClientTimeline timeline, ClientListViews lists, ClientLookupsViews lookups,
    OrganisationSettingsSource settings)
{
    /// <summary>
    /// Starts hearing the node's client changes (one shared read per change, <see cref="ClientListViews"/>): the staff's only,
    /// as the list itself. Each change carries the rows a list may show; the list places them with its page's <see cref="ClientPage.Match"/>.
    /// </summary>
    public async Task<ClientListViews.Watch> WatchListAsync(Guid actorId, Func<ClientListChanges, Task> onChange, CancellationToken ct = default)
    {
        await factory.ActorAsync(actorId, Policy.SeeClients, ct);
        return await lists.WatchAsync(ClientListScope.Studio, onChange, ct);
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private async Task<string> CountryAsync(CancellationToken ct) => (await settings.GetAsync(ct)).Country;

    /// <summary>The pickers of the client screens: branches, sources, tags, statuses, colleagues, custom fields.</summary>
    public Task<ClientLookups> GetLookupsAsync(Guid actorId, CancellationToken ct = default) =>
        factory.ReadAsync<ClientLookups>(actorId, Policy.SeeStudio, async (db, _) =>
        {
            return await ClientLookupsViews.ReadAsync(db, ct);
        }, ct);

    /// <summary>
    /// The same pickers, live: the node reads them once per dictionary change for every open client screen
    /// (<see cref="ClientLookupsViews"/>). Any active employee, as <see cref="GetLookupsAsync"/>.
    /// </summary>
    public async Task<ClientLookupsViews.Watch> WatchLookupsAsync(Guid actorId, Func<ClientLookupsSnapshot, Task> onChange, CancellationToken ct = default)
    {
        await factory.ActorAsync(actorId, Policy.SeeStudio, ct);
        return await lookups.WatchAsync(ClientListScope.Studio, onChange, ct);
    }

    /// <summary>By name (contains), phone (any format, or a piece of it) or email.</summary>
    public async Task<IReadOnlyList<ClientHit>> SearchAsync(Guid actorId, string? text, int take = 20, CancellationToken ct = default)
    {
        var page = await ListAsync(actorId, new ClientQuery(Search: text, PageSize: Math.Clamp(take, 1, 100)), ct);
        return page.Rows.Select(r => new ClientHit(r.Id, r.FullName, r.Phone, r.Email)).ToList();
    }

    /// <summary>One page of clients, filtered, searched and sorted in the database.</summary>
    public Task<ClientPage> ListAsync(Guid actorId, ClientQuery query, CancellationToken ct = default) =>
        factory.ReadAsync<ClientPage>(actorId, Policy.SeeClients, async (db, _) =>
        {
            var (q, match) = await FilterAsync(db, query, await CountryAsync(ct), ct);

            var total = await q.CountAsync(ct);
            q = (query.Sort, query.Descending) switch
            {
                (ClientSort.Created, false) => q.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id),
                (ClientSort.Created, true) => q.OrderByDescending(c => c.CreatedAt).ThenBy(c => c.Id),
                (_, true) => q.OrderByDescending(c => c.SearchKey).ThenBy(c => c.Id),
                _ => q.OrderBy(c => c.SearchKey).ThenBy(c => c.Id),
            };
            var size = Math.Clamp(query.PageSize, 1, 200);
            var rows = await q.Skip(Math.Max(0, query.Page) * size).Take(size)
                .Select(c => new ClientRow(c.Id, c.FullName, c.Phone, c.Email, c.StatusId, c.SourceId, c.ResponsibleId, c.BranchId, c.CreatedAt, c.IsArchived, c.SearchKey))
                .ToListAsync(ct);
            return new ClientPage(rows, total) { Match = match };
        }, ct);

    /// <summary>The clients a query's filters and search match (archived or not as it asks; merged never), unsorted.</summary>
    internal static async Task<IQueryable<Client>> FilteredAsync(StudioDbContext db, ClientQuery query, string country, CancellationToken ct) =>
        (await FilterAsync(db, query, country, ct)).Query;

    /// <summary>The query in the database and the same filters in memory (<see cref="ClientMatch"/>), from one reading of the search.</summary>
    private static async Task<(IQueryable<Client> Query, ClientMatch Match)> FilterAsync(StudioDbContext db, ClientQuery query, string country, CancellationToken ct)
    {
        string? matchPhone = null, matchDigits = null, matchText = null;
        var q = db.Clients.AsNoTracking().IgnoreAutoIncludes().Where(c => c.IsArchived == query.Archived && c.MergedIntoId == null);
        var text = query.Search?.Trim() ?? "";
        if (text.Length > 0)
        {
            var phone = Phones.TryNormalise(text, country);
            if (phone is not null)
            {
                // The few owners of the number first (phone index), then those clients by key: planners cannot get this wrong.
                var owners = await db.Set<ClientPhone>().Where(p => p.Number == phone).Select(p => p.ClientId).Take(200).ToListAsync(ct);
                // A parent's number finds the child.
                owners.AddRange(await db.Set<ClientGuardianPhone>().Where(p => p.Number == phone).Select(p => p.ClientId).Take(200).ToListAsync(ct));
                q = q.Where(c => owners.Contains(c.Id));
                matchPhone = phone;
            }
            else if (Phones.Fragment(text) is { } digits)
            {
                // Part of a number: the digits typed, inside any of the client's stored numbers.
                q = q.Where(c => c.Phones.Any(p => p.Number.Contains(digits)) || c.GuardianPhones.Any(p => p.Number.Contains(digits)));
                matchDigits = digits;
            }
            else
            {
                var lower = text.ToLowerInvariant();
                q = q.Where(c => c.SearchKey.Contains(lower));
                matchText = lower;
            }
        }
        if (query.BranchId is { } b) q = q.Where(c => c.BranchId == b);
        if (query.StatusId is { } s) q = q.Where(c => c.StatusId == s);
        if (query.SourceId is { } src) q = q.Where(c => c.SourceId == src);
        if (query.ResponsibleId is { } r) q = q.Where(c => c.ResponsibleId == r);
        if (query.TagId is { } t) q = q.Where(c => c.Tags.Any(x => x.TagId == t));
        if (query.CreatedFrom is { } from) { var f = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc); q = q.Where(c => c.CreatedAt >= f); }
        if (query.CreatedTo is { } to) { var u = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc); q = q.Where(c => c.CreatedAt < u); }
        return (q, new ClientMatch(query, matchPhone, matchDigits, matchText));
    }

    /// <summary>Clients a new one would duplicate: the same phone (any of them, normalised) or e-mail.</summary>
    public Task<IReadOnlyList<ClientHit>> FindDuplicatesAsync(Guid actorId, string? phone, string? email, CancellationToken ct = default) =>
        factory.ReadAsync(actorId, Policy.SeeClients, (db, _) => DuplicatesAsync(db, string.IsNullOrWhiteSpace(phone) ? [] : [phone], email, null, ct), ct);

    private async Task<IReadOnlyList<ClientHit>> DuplicatesAsync(StudioDbContext db, IReadOnlyList<string> phones, string? email, Guid? except, CancellationToken ct)
    {
        var country = await CountryAsync(ct);
        var numbers = phones.Select(p => Phones.TryNormalise(p, country)).OfType<string>().Distinct().ToList();
        var e = string.IsNullOrWhiteSpace(email) ? null : email.Trim().ToLowerInvariant();
        if (numbers.Count == 0 && e is null) return [];
        var owners = db.Set<ClientPhone>().Where(p => numbers.Contains(p.Number)).Select(p => p.ClientId);
        return await db.Clients.AsNoTracking().IgnoreAutoIncludes()
            .Where(c => c.Id != except && c.MergedIntoId == null && (owners.Contains(c.Id) || (e != null && c.Email == e)))
            .OrderBy(c => c.SearchKey).Take(5).Select(c => new ClientHit(c.Id, c.FullName, c.Phone, c.Email)).ToListAsync(ct);
    }

    /// <summary>
    /// Creates a client. A possible duplicate (same phone or e-mail) is shown first:
    /// unless <paramref name="duplicatesSeen"/>, the save stops with <see cref="PossibleDuplicateException"/>.
    /// </summary>
    public Task<Guid> CreateAsync(Guid actorId, ClientInput input, bool duplicatesSeen = false, CancellationToken ct = default) =>
        factory.RunAsync<Guid>(actorId, Policy.SeeClients, async (db, actor) =>
        {
            var profile = await ProfileAsync(db, input, actor, null, ct);
            if (!duplicatesSeen && await DuplicatesAsync(db, profile.Phones, profile.Email, null, ct) is { Count: > 0 } matches)
                throw new PossibleDuplicateException(matches);
            var client = new Client(profile, Now);
            db.Clients.Add(client);
            if (client.Guardians.Count > 0) db.ClientGuardianChanges.Add(new ClientGuardianChange(client.Id, client.Guardians, actor.Id, Now));
            await FirstStatus.EnterAsync(db, client, actor.Id, Now, ct);
            return client.Id;
        }, ct);

    public Task UpdateAsync(Guid actorId, Guid clientId, Guid expectedVersion, ClientInput input, bool duplicatesSeen = false,
        CancellationToken ct = default) =>
        factory.RunAsync(actorId, Policy.SeeClients, async (db, actor) =>
        {
            var client = await db.Clients.SingleOrDefaultAsync(c => c.Id == clientId, ct) ?? throw new NotFoundException();
            db.ExpectVersion(client, expectedVersion);
            var profile = await ProfileAsync(db, input, actor, client.BranchId, ct);
            var newPhones = profile.Phones.Except(client.Phones.Select(p => p.Number)).ToList();
            var newEmail = profile.Email != client.Email ? profile.Email : null;
            if (!duplicatesSeen && (newPhones.Count > 0 || newEmail is not null)
                && await DuplicatesAsync(db, newPhones, newEmail, clientId, ct) is { Count: > 0 } matches)
                throw new PossibleDuplicateException(matches);
            var guardians = client.Guardians;
            client.Update(profile);
            if (!Guardian.Same(guardians, client.Guardians)) db.ClientGuardianChanges.Add(new ClientGuardianChange(client.Id, client.Guardians, actor.Id, Now));
        }, ct);

    public Task ChangeStatusAsync(Guid actorId, Guid clientId, Guid statusId, CancellationToken ct = default) =>
        factory.RunAsync(actorId, Policy.SeeClients, async (db, actor) =>
        {
            if (!await db.ClientStatuses.AnyAsync(s => s.Id == statusId, ct)) throw new DomainException("Error.Unknown", "Status");
            var client = await db.Clients.SingleOrDefaultAsync(c => c.Id == clientId, ct) ?? throw new NotFoundException();
            if (client.ChangeStatus(statusId, actor.Id, Now) is not { } change) return;
            db.ClientStatusChanges.Add(change);
        }, ct);

    public Task ArchiveAsync(Guid actorId, Guid clientId, bool archived, CancellationToken ct = default) =>
        factory.RunAsync(actorId, Policy.SeeClients, async (db, _) =>
        {
            var client = await db.Clients.SingleOrDefaultAsync(c => c.Id == clientId, ct) ?? throw new NotFoundException();
            client.Archive(archived);
        }, ct);

    public Task AddNoteAsync(Guid actorId, Guid clientId, string text, CancellationToken ct = default) =>
        factory.RunAsync(actorId, Policy.SeeClients, async (db, actor) =>
        {
            var client = await db.Clients.AsNoTracking().IgnoreAutoIncludes().SingleOrDefaultAsync(c => c.Id == clientId, ct) ?? throw new NotFoundException();
            db.Attach(client); // for its event only: a note leaves the client's version alone
            db.ClientNotes.Add(client.AddNote(text, actor.Id, Now));
            await db.SaveChangesAsync(ct);
        }, ct);

    /// <summary>
    /// The owner merges a duplicate into the client kept: deals, notes and status history move
    /// over, phones and e-mail the kept one lacks are added, and the duplicate is archived
    /// pointing at the kept one. One transaction; nothing is lost.
    /// </summary>
    public Task MergeAsync(Guid actorId, Guid keepId, Guid duplicateId, CancellationToken ct = default) =>
        factory.RunInTransactionAsync(actorId, Policy.MergeClients, async (db, _) =>
        {
            if (keepId == duplicateId) throw new DomainException("Error.MergeSelf");
            var keep = await db.Clients.SingleOrDefaultAsync(c => c.Id == keepId, ct) ?? throw new NotFoundException();
            var dup = await db.Clients.SingleOrDefaultAsync(c => c.Id == duplicateId, ct) ?? throw new NotFoundException();
            if (dup.MergedIntoId is not null || keep.MergedIntoId is not null) throw new DomainException("Error.AlreadyMerged");

            foreach (var deal in await db.Deals.Where(d => d.ClientId == duplicateId).ToListAsync(ct)) deal.MoveToClient(keepId);
            foreach (var note in await db.ClientNotes.Where(n => n.ClientId == duplicateId).ToListAsync(ct)) note.MoveTo(keepId);
            foreach (var change in await db.ClientStatusChanges.Where(s => s.ClientId == duplicateId).ToListAsync(ct)) change.MoveTo(keepId);
            foreach (var change in await db.ClientGuardianChanges.Where(s => s.ClientId == duplicateId).ToListAsync(ct)) change.MoveTo(keepId);
            var guardians = keep.Guardians.Concat(dup.Guardians.Where(g => keep.Guardians.All(k => !Names.Same(k.Name, g.Name))))
                .Take(Guardian.Max).ToList();

            var phones = keep.Phones.OrderBy(p => p.Position).Select(p => p.Number)
                .Concat(dup.Phones.OrderBy(p => p.Position).Select(p => p.Number)).Distinct().Take(Client.MaxPhones).ToList();
            var custom = new Dictionary<Guid, string>(dup.CustomFields);
            foreach (var (k, v) in keep.CustomFields) custom[k] = v;
            keep.Update(new ClientProfile(keep.FullName, phones, keep.Email ?? dup.Email, keep.BirthDate ?? dup.BirthDate, keep.City ?? dup.City,
                keep.BranchId, keep.SourceId ?? dup.SourceId, keep.ResponsibleId ?? dup.ResponsibleId,
                keep.Tags.Select(t => t.TagId).Union(dup.Tags.Select(t => t.TagId)).ToList(),
                new ContactChannels(keep.Channels.Instagram ?? dup.Channels.Instagram, keep.Channels.Telegram ?? dup.Channels.Telegram,
                    keep.Channels.Viber ?? dup.Channels.Viber, keep.Channels.Skype ?? dup.Channels.Skype),
                string.Join("\n\n", new[] { keep.Notes, dup.Notes }.Where(n => !string.IsNullOrWhiteSpace(n))) is { Length: > 0 } notes
                    ? notes[..Math.Min(notes.Length, Client.NotesMax)] : null,
                custom, guardians));
            dup.MergeInto(keepId);
        }, ct);

    public Task<ClientCard> GetCardAsync(Guid actorId, Guid clientId, CancellationToken ct = default) =>
        factory.ReadAsync<ClientCard>(actorId, Policy.SeeClients, async (db, actor) =>
        {
            var c = await db.Clients.AsNoTracking().SingleOrDefaultAsync(x => x.Id == clientId, ct) ?? throw new NotFoundException();
            var boards = await db.Boards.AsNoTracking().ToListAsync(ct);
            var visible = boards.Where(b => actor.Can(Policy.SeeBoard, Scope.Of(actor, b))).ToDictionary(b => b.Id);
            var deals = await db.Deals.AsNoTracking().IgnoreAutoIncludes().Where(d => d.ClientId == clientId)
                .OrderByDescending(d => d.CreatedAt).ToListAsync(ct);
            var today = DateOnly.FromDateTime(Now);
            return new ClientCard(c.Id, c.Version, c.FullName, c.Phones.OrderBy(p => p.Position).Select(p => p.Number).ToList(), c.Email,
                c.BirthDate, c.City, c.BranchId, c.SourceId, c.ResponsibleId, c.StatusId, c.Tags.Select(t => t.TagId).ToList(), c.Channels,
                c.Notes, c.CustomFields, c.IsArchived, c.MergedIntoId, c.CreatedAt,
                deals.Where(d => visible.ContainsKey(d.BoardId)).Select(d =>
                {
                    var board = visible[d.BoardId];
                    var stage = board.Stages.FirstOrDefault(s => s.Id == d.StageId);
                    return new ClientDealView(d.Id, d.BoardId, board.Name, stage?.Name ?? "?", d.Amount, d.ClosedAt is null, d.CreatedAt);
                }).ToList())
            { Guardians = c.Guardians, Contact = Guardian.ContactOf(c.Guardians, c.BirthDate, today) };
        }, ct);

    public Task<IReadOnlyList<TimelineEntry>> GetTimelineAsync(Guid actorId, Guid clientId, CancellationToken ct = default) =>
        factory.ReadAsync<IReadOnlyList<TimelineEntry>>(actorId, Policy.SeeClients, async (db, actor) =>
        {
            if (!await db.Clients.AnyAsync(c => c.Id == clientId, ct)) throw new NotFoundException();
            return await timeline.ReadAsync(db, actor, clientId, ct);
        }, ct);

    /// <summary>
    /// The timeline lines of these notes of the client, read as the person (a live patch of the card, <see cref="ClientCardViews"/>);
    /// null when one of them is not the client's (moved by a merge meanwhile).
    /// </summary>
    internal Task<IReadOnlyList<TimelineEntry>?> GetNoteLinesAsync(Guid actorId, Guid clientId, IReadOnlyCollection<Guid> noteIds,
        CancellationToken ct = default) =>
        factory.ReadAsync<IReadOnlyList<TimelineEntry>?>(actorId, Policy.SeeClients, async (db, _) =>
        {
            var lines = await NoteSource.ReadAsync(db, clientId, noteIds, ct);
            return lines.Count == noteIds.Count ? lines : null;
        }, ct);

    private async Task<ClientProfile> ProfileAsync(StudioDbContext db, ClientInput input, Employee actor, Guid? current, CancellationToken ct)
    {
        var country = await CountryAsync(ct);
        var phones = input.Phones.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => Phones.Normalise(p, country)!).Distinct().ToList();
        // A chosen branch must be open, unless the client is already in it; with none chosen, the actor's first open one.
        var branchId = input.BranchId ?? await OpenBranches.FirstAsync(db, actor.Branches.Select(b => b.BranchId), ct);
        await OpenBranches.CheckAsync(db, branchId, current, ct);
        if (input.SourceId is { } s && !await db.LeadSources.AnyAsync(x => x.Id == s, ct)) throw new DomainException("Error.Unknown", "Source");
        if (input.ResponsibleId is { } r && !await db.Employees.AnyAsync(x => x.Id == r && x.IsActive && x.Role != EmployeeRole.Teacher, ct))
            throw new DomainException("Error.Unknown", "Responsible");
        var tags = input.TagIds.Distinct().ToList();
        if (tags.Count > 0 && await db.Tags.CountAsync(t => tags.Contains(t.Id), ct) != tags.Count) throw new DomainException("Error.Unknown", "Tags");
        var definitions = await db.CustomFields.AsNoTracking().ToDictionaryAsync(f => f.Id, ct);
        var custom = new Dictionary<Guid, string>();
        foreach (var (id, raw) in input.CustomFields)
        {
            if (!definitions.TryGetValue(id, out var def)) throw new DomainException("Error.Unknown", "CustomFields");
            if (def.Normalise(raw) is { } value) custom[id] = value;
        }
        // A guardian's phones are normalised as the client's; a blank guardian line (nothing typed) is no guardian.
        var guardians = input.Guardians?.Where(g => !string.IsNullOrWhiteSpace(g.Name) || g.Phones.Any(p => !string.IsNullOrWhiteSpace(p))
                || !string.IsNullOrWhiteSpace(g.Email))
            .Select(g => g with { Phones = g.Phones.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => Phones.Normalise(p, country)!).Distinct().ToList() })
            .ToList();
        return new ClientProfile(input.FullName, phones, input.Email, input.BirthDate, input.City, branchId, input.SourceId,
            input.ResponsibleId, tags, input.Channels, input.Notes, custom, guardians);
    }
}
