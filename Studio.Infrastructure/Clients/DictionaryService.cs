using Microsoft.EntityFrameworkCore;
using Studio.Domain.Clients;
using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Live;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Pipelines;
using Studio.Infrastructure.Organisation;

namespace Studio.Infrastructure.Clients;

/// <summary>What every dictionary entry has: the screens edit any of them the same way.</summary>
public interface IDictionaryEntry
{
    Guid Id { get; }
    string Name { get; }
    Guid Version { get; }
}

public sealed record SourceEntry(Guid Id, string Name, Guid Version) : IDictionaryEntry;
public sealed record TagEntry(Guid Id, string Name, string Colour, Guid Version) : IDictionaryEntry;
public sealed record StatusEntry(Guid Id, string Name, int Order, bool ShowInFunnel, string Colour, Guid Version) : IDictionaryEntry;
public sealed record CustomFieldEntry(Guid Id, string Name, CustomFieldKind Kind, IReadOnlyList<string> Choices, int Order, Guid Version) : IDictionaryEntry;

/// <summary>The kinds of message on <see cref="LiveTopics.Dictionaries"/>: which dictionary changed.</summary>
public static class DictionaryKinds
{
    public const string Sources = "Sources";
    public const string Tags = "Tags";
    public const string Statuses = "Statuses";
    public const string CustomFields = "CustomFields";
}

/// <summary>
/// The owner's dictionaries: lead sources, tags, client statuses and the custom fields of a client.
/// Lists are open to every active employee (they fill the pickers); every change is the owner's.
/// Names are unique whatever their case. An entry in use is deleted only when the caller names
/// another to take its place; the move and the delete are one transaction.
/// </summary>
public sealed class DictionaryService(IDbContextFactory<StudioDbContext> factory)
{
    // ---------- lists ----------

    public Task<IReadOnlyList<SourceEntry>> ListSourcesAsync(Guid actorId, CancellationToken ct = default) =>
        factory.ReadAsync<IReadOnlyList<SourceEntry>>(actorId, null, async (db, _) =>
        {
            var list = await db.LeadSources.AsNoTracking().ToListAsync(ct);
            return list.OrderBy(s => s.Name, StringComparer.CurrentCultureIgnoreCase).Select(s => new SourceEntry(s.Id, s.Name, s.Version)).ToList();
        }, ct);

    public Task<IReadOnlyList<TagEntry>> ListTagsAsync(Guid actorId, CancellationToken ct = default) =>
        factory.ReadAsync<IReadOnlyList<TagEntry>>(actorId, null, async (db, _) =>
        {
            var list = await db.Tags.AsNoTracking().ToListAsync(ct);
            return list.OrderBy(t => t.Name, StringComparer.CurrentCultureIgnoreCase).Select(t => new TagEntry(t.Id, t.Name, t.Colour, t.Version)).ToList();
        }, ct);

    /// <summary>In the owner's order: LEAD → Trial → New → Regular…</summary>
    public Task<IReadOnlyList<StatusEntry>> ListStatusesAsync(Guid actorId, CancellationToken ct = default) =>
        factory.ReadAsync<IReadOnlyList<StatusEntry>>(actorId, null, async (db, _) =>
        {
            var list = await db.ClientStatuses.AsNoTracking().ToListAsync(ct);
            return Ordered(list, s => s.Order, s => s.Name).Select(s => new StatusEntry(s.Id, s.Name, s.Order, s.ShowInFunnel, s.Colour, s.Version)).ToList();
        }, ct);

    public Task<IReadOnlyList<CustomFieldEntry>> ListCustomFieldsAsync(Guid actorId, CancellationToken ct = default) =>
        factory.ReadAsync<IReadOnlyList<CustomFieldEntry>>(actorId, null, async (db, _) =>
        {
            var list = await db.CustomFields.AsNoTracking().ToListAsync(ct);
            return Ordered(list, f => f.Order, f => f.Name).Select(ToView).ToList();
        }, ct);

    // ---------- lead sources ----------

    public Task<Guid> CreateSourceAsync(Guid actorId, string name, CancellationToken ct = default) =>
        factory.RunAsync<Guid>(actorId, Policy.Settings, async (db, _) =>
        {
            var source = new LeadSource(name);
            await RefuseDuplicateAsync(db.LeadSources.Select(s => s.Name), source.Name, ct);
            db.LeadSources.Add(source);
            await SaveAsync(db, source.Name, ct);
            return source.Id;
        }, ct);

    public Task RenameSourceAsync(Guid actorId, Guid sourceId, Guid expectedVersion, string name, CancellationToken ct = default) =>
        factory.RunAsync(actorId, Policy.Settings, async (db, _) =>
        {
            var source = await db.LeadSources.SingleOrDefaultAsync(s => s.Id == sourceId, ct) ?? throw new NotFoundException();
            db.ExpectVersion(source, expectedVersion);
            source.Rename(name);
            await RefuseDuplicateAsync(db.LeadSources.Where(s => s.Id != sourceId).Select(s => s.Name), source.Name, ct);
            await SaveAsync(db, source.Name, ct);
        }, ct);

    /// <summary>
    /// Deletes a source. Used by clients or deals, it is refused (Error.InUse, naming how many)
    /// unless <paramref name="replacementId"/> is given: then every client and deal gets that
    /// source instead, in the same transaction. Returns how many clients and deals were moved.
    /// </summary>
    public async Task<int> DeleteSourceAsync(Guid actorId, Guid sourceId, Guid expectedVersion, Guid? replacementId = null,
        CancellationToken ct = default)
    {
        var moved = 0;
        await InTransactionAsync(actorId, async db =>
        {
            var source = await db.LeadSources.SingleOrDefaultAsync(s => s.Id == sourceId, ct) ?? throw new NotFoundException();
            db.ExpectVersion(source, expectedVersion);
            var clients = await db.Clients.CountAsync(c => c.SourceId == sourceId, ct);
            var deals = await db.Deals.CountAsync(d => d.SourceId == sourceId, ct);
            if (clients + deals > 0)
            {
                var to = await ReplacementAsync(db.LeadSources.Select(s => s.Id), sourceId, replacementId,
                    new DomainException("Error.InUse", source.Name, clients, deals), ct);
                foreach (var c in await db.Clients.Where(c => c.SourceId == sourceId).ToListAsync(ct)) c.ReplaceSource(sourceId, to);
                foreach (var d in await db.Deals.Where(d => d.SourceId == sourceId).ToListAsync(ct)) d.ReplaceSource(sourceId, to);
            }
            source.Remove();
            db.LeadSources.Remove(source);
            moved = clients + deals;
        }, ct);
        return moved;
    }

    // ---------- tags ----------

    public Task<Guid> CreateTagAsync(Guid actorId, string name, string colour, CancellationToken ct = default) =>
        factory.RunAsync<Guid>(actorId, Policy.Settings, async (db, _) =>
        {
            var tag = new Tag(name, colour);
            await RefuseDuplicateAsync(db.Tags.Select(t => t.Name), tag.Name, ct);
            db.Tags.Add(tag);
            await SaveAsync(db, tag.Name, ct);
            return tag.Id;
        }, ct);

    /// <summary>Renames and recolours a tag.</summary>
    public Task UpdateTagAsync(Guid actorId, Guid tagId, Guid expectedVersion, string name, string colour, CancellationToken ct = default) =>
        factory.RunAsync(actorId, Policy.Settings, async (db, _) =>
        {
            var tag = await db.Tags.SingleOrDefaultAsync(t => t.Id == tagId, ct) ?? throw new NotFoundException();
            db.ExpectVersion(tag, expectedVersion);
            tag.Update(name, colour);
            await RefuseDuplicateAsync(db.Tags.Where(t => t.Id != tagId).Select(t => t.Name), tag.Name, ct);
            await SaveAsync(db, tag.Name, ct);
        }, ct);

    /// <summary>
    /// Deletes a tag. On clients or deals, it is refused (Error.InUse) unless a replacement is
    /// given: each of them then carries the replacement (once, if it already had both).
    /// Returns how many clients and deals were moved.
    /// </summary>
    public async Task<int> DeleteTagAsync(Guid actorId, Guid tagId, Guid expectedVersion, Guid? replacementId = null,
        CancellationToken ct = default)
    {
        var moved = 0;
        await InTransactionAsync(actorId, async db =>
        {
            var tag = await db.Tags.SingleOrDefaultAsync(t => t.Id == tagId, ct) ?? throw new NotFoundException();
            db.ExpectVersion(tag, expectedVersion);
            var clients = await db.Set<ClientTag>().CountAsync(t => t.TagId == tagId, ct);
            var deals = await db.Set<Domain.Pipelines.DealTag>().CountAsync(t => t.TagId == tagId, ct);
            if (clients + deals > 0)
            {
                var to = await ReplacementAsync(db.Tags.Select(t => t.Id), tagId, replacementId,
                    new DomainException("Error.InUse", tag.Name, clients, deals), ct);
                foreach (var c in await db.Clients.Where(c => c.Tags.Any(t => t.TagId == tagId)).ToListAsync(ct)) c.ReplaceTag(tagId, to);
                foreach (var d in await db.Deals.Where(d => d.Tags.Any(t => t.TagId == tagId)).ToListAsync(ct)) d.ReplaceTag(tagId, to);
            }
            tag.Remove();
            db.Tags.Remove(tag);
            moved = clients + deals;
        }, ct);
        return moved;
    }

    // ---------- client statuses ----------

    /// <summary>A new status goes last; the owner moves it up from there.</summary>
    public Task<Guid> CreateStatusAsync(Guid actorId, string name, bool showInFunnel, string colour, CancellationToken ct = default) =>
        factory.RunAsync<Guid>(actorId, Policy.Settings, async (db, _) =>
        {
            var order = (await db.ClientStatuses.MaxAsync(s => (int?)s.Order, ct) ?? -1) + 1;
            var status = new ClientStatus(name, order, showInFunnel, colour);
            await RefuseDuplicateAsync(db.ClientStatuses.Select(s => s.Name), status.Name, ct);
            db.ClientStatuses.Add(status);
            await SaveAsync(db, status.Name, ct);
            return status.Id;
        }, ct);

    /// <summary>Renames, recolours, shows in or hides from the sales funnel; the order stays.</summary>
    public Task UpdateStatusAsync(Guid actorId, Guid statusId, Guid expectedVersion, string name, bool showInFunnel, string colour,
        CancellationToken ct = default) =>
        factory.RunAsync(actorId, Policy.Settings, async (db, _) =>
        {
            var status = await db.ClientStatuses.SingleOrDefaultAsync(s => s.Id == statusId, ct) ?? throw new NotFoundException();
            db.ExpectVersion(status, expectedVersion);
            status.Update(name, status.Order, showInFunnel, colour);
            await RefuseDuplicateAsync(db.ClientStatuses.Where(s => s.Id != statusId).Select(s => s.Name), status.Name, ct);
            await SaveAsync(db, status.Name, ct);
        }, ct);

    /// <summary>Moves a status one place up (<paramref name="offset"/> -1) or down (+1); the first stays first.</summary>
    public Task MoveStatusAsync(Guid actorId, Guid statusId, Guid expectedVersion, int offset, CancellationToken ct = default) =>
        factory.RunAsync(actorId, Policy.Settings, async (db, _) =>
        {
            var ordered = Ordered(await db.ClientStatuses.ToListAsync(ct), s => s.Order, s => s.Name).ToList();
            var status = ordered.SingleOrDefault(s => s.Id == statusId) ?? throw new NotFoundException();
            db.ExpectVersion(status, expectedVersion);
            if (!Move(ordered, status, offset)) return;
            for (var i = 0; i < ordered.Count; i++)
                if (ordered[i].Order != i) ordered[i].Update(ordered[i].Name, i, ordered[i].ShowInFunnel, ordered[i].Colour);
        }, ct);

    /// <summary>
    /// Deletes a status. The rules, and why:
    /// <list type="bullet">
    /// <item>The funnel reports and the status-transition table are counted from
    /// <see cref="ClientStatusChange"/> rows (from, to, when, by whom). Rewriting those rows to another
    /// status would change figures of periods already reported ("5 refused in October" would
    /// silently become "5 gone"), and deleting them would lose moves. So a status that any history
    /// row mentions, as "from" or as "to", is never deleted (Error.StatusHasHistory): the owner renames
    /// it, or switches "show in sales funnel" off to hide it from the funnel.</item>
    /// <item>A status no history row mentions but that clients hold (clients given it without a
    /// recorded change, e.g. by an import) is refused with the count (Error.StatusInUse) unless a
    /// replacement is named: then only <see cref="Client.StatusId"/> is rewritten, with no history
    /// row, because the owner's edit of the dictionary is not a step of any client's way.</item>
    /// </list>
    /// Returns how many clients were moved.
    /// </summary>
    public async Task<int> DeleteStatusAsync(Guid actorId, Guid statusId, Guid expectedVersion, Guid? replacementId = null,
        CancellationToken ct = default)
    {
        var moved = 0;
        await InTransactionAsync(actorId, async db =>
        {
            var status = await db.ClientStatuses.SingleOrDefaultAsync(s => s.Id == statusId, ct) ?? throw new NotFoundException();
            db.ExpectVersion(status, expectedVersion);
            var history = await db.ClientStatusChanges.CountAsync(h => h.ToStatusId == statusId || h.FromStatusId == statusId, ct);
            if (history > 0) throw new DomainException("Error.StatusHasHistory", status.Name, history);
            var clients = await db.Clients.CountAsync(c => c.StatusId == statusId, ct);
            if (clients > 0)
            {
                var to = await ReplacementAsync(db.ClientStatuses.Select(s => s.Id), statusId, replacementId,
                    new DomainException("Error.StatusInUse", status.Name, clients), ct);
                foreach (var c in await db.Clients.Where(c => c.StatusId == statusId).ToListAsync(ct)) c.ReplaceStatus(statusId, to);
            }
            status.Remove();
            db.ClientStatuses.Remove(status);
            moved = clients;
        }, ct);
        return moved;
    }

    // ---------- custom fields of a client ----------

    /// <summary>A new field goes last. A choice field needs its choices; the kind is fixed once created.</summary>
    public Task<Guid> CreateCustomFieldAsync(Guid actorId, string name, CustomFieldKind kind, IReadOnlyList<string> choices,
        CancellationToken ct = default) =>
        factory.RunAsync<Guid>(actorId, Policy.Settings, async (db, _) =>
        {
            if (!Enum.IsDefined(kind)) throw new DomainException("Error.Unknown", "Kind");
            var order = (await db.CustomFields.MaxAsync(f => (int?)f.Order, ct) ?? -1) + 1;
            var field = new CustomFieldDefinition(name, kind, choices, order);
            await RefuseDuplicateAsync(db.CustomFields.Select(f => f.Name), field.Name, ct);
            db.CustomFields.Add(field);
            await SaveAsync(db, field.Name, ct);
            return field.Id;
        }, ct);

    /// <summary>
    /// Renames a field and, for a choice field, edits its choices. A choice that clients have as
    /// their value cannot be taken away (Error.ChoiceInUse, naming how many); changing its case can.
    /// </summary>
    public Task UpdateCustomFieldAsync(Guid actorId, Guid fieldId, Guid expectedVersion, string name, IReadOnlyList<string> choices,
        CancellationToken ct = default) =>
        factory.RunAsync(actorId, Policy.Settings, async (db, _) =>
        {
            var field = await db.CustomFields.SingleOrDefaultAsync(f => f.Id == fieldId, ct) ?? throw new NotFoundException();
            db.ExpectVersion(field, expectedVersion);
            var before = field.Choices.ToList();
            field.Update(name, choices, field.Order);
            await RefuseDuplicateAsync(db.CustomFields.Where(f => f.Id != fieldId).Select(f => f.Name), field.Name, ct);
            var gone = before.Where(old => !field.Choices.Contains(old, Names.Comparer)).ToList();
            if (gone.Count > 0)
            {
                var values = await ValuesAsync(db, fieldId, ct);
                foreach (var choice in gone)
                {
                    var uses = values.Count(v => Names.Same(v.Value, choice));
                    if (uses > 0) throw new DomainException("Error.ChoiceInUse", choice, uses);
                }
            }
            await SaveAsync(db, field.Name, ct);
        }, ct);

    /// <summary>Moves a field one place up (-1) or down (+1) on the client card.</summary>
    public Task MoveCustomFieldAsync(Guid actorId, Guid fieldId, Guid expectedVersion, int offset, CancellationToken ct = default) =>
        factory.RunAsync(actorId, Policy.Settings, async (db, _) =>
        {
            var ordered = Ordered(await db.CustomFields.ToListAsync(ct), f => f.Order, f => f.Name).ToList();
            var field = ordered.SingleOrDefault(f => f.Id == fieldId) ?? throw new NotFoundException();
            db.ExpectVersion(field, expectedVersion);
            if (!Move(ordered, field, offset)) return;
            for (var i = 0; i < ordered.Count; i++)
                if (ordered[i].Order != i) ordered[i].Update(ordered[i].Name, ordered[i].Choices, i);
        }, ct);

    /// <summary>
    /// Deletes a field. When clients have a value in it, the call is refused (Error.FieldHasValues,
    /// naming how many) unless <paramref name="removeValues"/> says the owner confirmed: then the
    /// values go from every client in the same transaction. Returns how many clients lost a value.
    /// </summary>
    public async Task<int> DeleteCustomFieldAsync(Guid actorId, Guid fieldId, Guid expectedVersion, bool removeValues = false,
        CancellationToken ct = default)
    {
        var cleared = 0;
        await InTransactionAsync(actorId, async db =>
        {
            var field = await db.CustomFields.SingleOrDefaultAsync(f => f.Id == fieldId, ct) ?? throw new NotFoundException();
            db.ExpectVersion(field, expectedVersion);
            var holders = (await ValuesAsync(db, fieldId, ct)).Select(v => v.ClientId).ToList();
            if (holders.Count > 0)
            {
                if (!removeValues) throw new DomainException("Error.FieldHasValues", field.Name, holders.Count);
                foreach (var c in await db.Clients.Where(c => holders.Contains(c.Id)).ToListAsync(ct)) c.RemoveCustomField(fieldId);
            }
            field.Remove();
            db.CustomFields.Remove(field);
            cleared = holders.Count;
        }, ct);
        return cleared;
    }

    // ---------- helpers ----------

    private static CustomFieldEntry ToView(CustomFieldDefinition f) => new(f.Id, f.Name, f.Kind, f.Choices.ToList(), f.Order, f.Version);

    private static IEnumerable<T> Ordered<T>(IEnumerable<T> items, Func<T, int> order, Func<T, string> name) =>
        items.OrderBy(order).ThenBy(name, StringComparer.CurrentCultureIgnoreCase);

    /// <summary>Swaps the item with its neighbour; false when it already is first (or last).</summary>
    private static bool Move<T>(List<T> ordered, T item, int offset)
    {
        if (offset is not (-1 or 1)) throw new DomainException("Error.Range", "Order");
        var from = ordered.IndexOf(item);
        var to = from + offset;
        if (to < 0 || to >= ordered.Count) return false;
        (ordered[from], ordered[to]) = (ordered[to], ordered[from]);
        return true;
    }

    /// <summary>The clients with a value in the field. The values live in a JSON column, so they are read and looked at here.</summary>
    private static async Task<List<(Guid ClientId, string Value)>> ValuesAsync(StudioDbContext db, Guid fieldId, CancellationToken ct)
    {
        var rows = await db.Clients.AsNoTracking().IgnoreAutoIncludes().Select(c => new { c.Id, c.CustomFields }).ToListAsync(ct);
        return rows.Where(r => r.CustomFields.ContainsKey(fieldId)).Select(r => (r.Id, r.CustomFields[fieldId])).ToList();
    }

    /// <summary>Names compare without case in any alphabet ("VIP" and "vip" are one tag): <see cref="UniqueNames"/>.</summary>
    private static Task RefuseDuplicateAsync(IQueryable<string> otherNames, string name, CancellationToken ct) =>
        UniqueNames.RefuseDuplicateAsync(otherNames, name, ct);

    /// <summary>The entry in use may go only when another existing one takes its place.</summary>
    private static async Task<Guid> ReplacementAsync(IQueryable<Guid> ids, Guid goingId, Guid? replacementId, DomainException inUse,
        CancellationToken ct)
    {
        if (replacementId is not { } to) throw inUse;
        if (to == goingId || !await ids.AnyAsync(id => id == to, ct)) throw new DomainException("Error.Replacement");
        return to;
    }

    /// <summary>A save of one entry. The unique index catches a twin saved a moment ago, after our check.</summary>
    private static async Task SaveAsync(StudioDbContext db, string name, CancellationToken ct)
    {
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { throw new ConcurrencyConflictException(); }
        catch (DbUpdateException) { throw new DomainException("Error.Duplicate", name); }
    }

    /// <summary>
    /// The owner's delete through the use-case shell: the check, <paramref name="work"/> and its save in one transaction,
    /// each attempt of the provider's retry strategy from a fresh context. Events of the entry deleted and of the
    /// clients and deals touched are published when it commits.
    /// </summary>
    private Task InTransactionAsync(Guid actorId, Func<StudioDbContext, Task> work, CancellationToken ct) =>
        factory.RunInTransactionAsync(actorId, Policy.Settings, async (db, _) =>
        {
            await work(db);
            try { await db.SaveChangesAsync(ct); }
            catch (DbUpdateConcurrencyException) { throw new ConcurrencyConflictException(); }
            // A client or deal took the entry up between our count and the delete: nothing is saved; look again.
            catch (DbUpdateException) { throw new ConcurrencyConflictException(); }
        }, ct);
}
