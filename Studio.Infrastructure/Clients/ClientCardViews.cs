using Microsoft.Extensions.Logging;
using Studio.Domain.Clients;
using Studio.Infrastructure.Live;

namespace Studio.Infrastructure.Clients;

/// <summary>A client's card and timeline as one person sees them (their boards' deals only).</summary>
public sealed record ClientCardSnapshot(long Sequence, ClientCard Card, IReadOnlyList<TimelineEntry> Timeline) : ISequenced
{
    /// <summary>
    /// This snapshot made to share the unchanged parts of <paramref name="previous"/>: the same card instance while nothing
    /// on it changed, the same entry instances for the same timeline lines (and the same list when all are), so a screen
    /// compares by reference and renders only what changed.
    /// </summary>
    public ClientCardSnapshot Reuse(ClientCardSnapshot? previous)
    {
        if (previous is null) return this;
        var card = SameCard(previous.Card, Card) ? previous.Card : Card;
        var old = previous.Timeline.GroupBy(e => e).ToDictionary(g => g.Key, g => g.First());
        var timeline = Timeline.Select(e => old.GetValueOrDefault(e) ?? e).ToList();
        var list = timeline.Count == previous.Timeline.Count && timeline.SequenceEqual(previous.Timeline, ReferenceEqualityComparer.Instance)
            ? previous.Timeline : timeline;
        return this with { Card = card, Timeline = list };
    }

    private static bool SameCard(ClientCard a, ClientCard b) =>
        a with { Phones = null!, TagIds = null!, Deals = null!, CustomFields = null!, Guardians = null! } == b with { Phones = null!, TagIds = null!, Deals = null!, CustomFields = null!, Guardians = null! }
        && Guardian.Same(a.Guardians, b.Guardians)
        && a.Phones.SequenceEqual(b.Phones) && a.TagIds.SequenceEqual(b.TagIds) && a.Deals.SequenceEqual(b.Deals)
        && a.CustomFields.Count == b.CustomFields.Count && a.CustomFields.All(kv => b.CustomFields.TryGetValue(kv.Key, out var v) && v == kv.Value);
}

/// <summary>What a burst of messages on a client's topic may have changed on the card.</summary>
[Flags]
public enum ClientCardParts
{
    None = 0,
    /// <summary>The client's own fields (an edit, an archive): the card is read again, the timeline kept.</summary>
    Profile = 1,
    /// <summary>Notes added: their lines are read and put in place, the card kept.</summary>
    Notes = 2,
}

/// <summary>A card as one person sees it: the client and the person (the deals and their timeline lines depend on the person's boards).</summary>
public readonly record struct ClientCardKey(Guid ClientId, Guid ActorId);

/// <summary>
/// The node's live read model of client cards (issue 14): however many tabs show one client to one person — or to several
/// people with the same rights, each keyed apart because deals follow boards — a change to the client costs one read of the
/// card and timeline on this node, not one per tab; unchanged parts keep their instances (<see cref="ClientCardSnapshot.Reuse"/>).
/// </summary>
public sealed class ClientCardViews(ClientService clients, ILiveBus bus, ILogger<ClientCardViews> logger)
    : SharedFeeds<ClientCardKey, ClientCardSnapshot>(bus, logger)
{
    protected override IEnumerable<string> TopicsOf(ClientCardKey key) => [LiveTopics.Client(key.ClientId)];

    protected override ClientCardSnapshot Reuse(ClientCardSnapshot? previous, ClientCardSnapshot loaded) => loaded.Reuse(previous);

    /// <summary>
    /// A person starts watching a client's card. The key is the person, and the card is read through
    /// <see cref="ClientService"/> as them, so their rights are checked by the read itself (a teacher is refused, a board they
    /// are not on is left out) on the first load and every reload.
    /// </summary>
    public Task<Watch> WatchCardAsync(Guid actorId, Guid clientId, Func<ClientCardSnapshot, Task> onChange, CancellationToken ct = default) =>
        WatchAsync(new ClientCardKey(clientId, actorId), onChange, ct);

    protected override async Task<ClientCardSnapshot?> LoadAsync(ClientCardKey key, long sequence, CancellationToken ct) =>
        new(sequence, await clients.GetCardAsync(key.ActorId, key.ClientId, ct), await clients.GetTimelineAsync(key.ActorId, key.ClientId, ct));

    protected override async Task<ClientCardSnapshot?> NextAsync(ClientCardKey key, ClientCardSnapshot current, IReadOnlyList<LiveMessage> messages,
        long sequence, CancellationToken ct) =>
        await PatchAsync(key, current, messages, sequence, ct) ?? await LoadAsync(key, sequence, ct);

    /// <summary>
    /// What these messages can have changed, or null when a whole read is needed (a status, a deal, a lesson, a payment, a
    /// merge, a message of another shape): only an edit or archive of the client (<see cref="ClientCardParts.Profile"/>,
    /// which no timeline line shows) and notes that the message names (<see cref="ClientCardParts.Notes"/>) are patched.
    /// </summary>
    public static ClientCardParts? PartsMovedBy(Guid clientId, IReadOnlyList<LiveMessage> messages)
    {
        var parts = ClientCardParts.None;
        foreach (var m in messages)
        {
            if (m.Kind is nameof(ClientUpdated) or nameof(ClientArchived)) parts |= ClientCardParts.Profile;
            else if (m.Kind == nameof(ClientNoteAdded) && m.Id != Guid.Empty && m.Id != clientId) parts |= ClientCardParts.Notes; // names the note
            else return null;
        }
        return parts;
    }

    /// <summary>
    /// The snapshot after these messages, read in part (ADR-008 §4): a profile change reads the card again (its deals with
    /// it, not one timeline source); notes read their own lines and put them in place. Null when unsure: read it whole.
    /// </summary>
    internal async Task<ClientCardSnapshot?> PatchAsync(ClientCardKey key, ClientCardSnapshot current, IReadOnlyList<LiveMessage> messages,
        long sequence, CancellationToken ct)
    {
        if (PartsMovedBy(key.ClientId, messages) is not { } parts || parts == ClientCardParts.None) return null;
        var card = current.Card;
        var timeline = current.Timeline;
        if (parts.HasFlag(ClientCardParts.Notes))
        {
            var ids = messages.Where(m => m.Kind == nameof(ClientNoteAdded)).Select(m => m.Id).Distinct().ToList();
            if (await clients.GetNoteLinesAsync(key.ActorId, key.ClientId, ids, ct) is not { } lines
                || ClientTimeline.With(current.Timeline, lines) is not { } patched) return null;
            timeline = patched;
        }
        if (parts.HasFlag(ClientCardParts.Profile)) card = await clients.GetCardAsync(key.ActorId, key.ClientId, ct);
        return new(sequence, card, timeline);
    }
}
