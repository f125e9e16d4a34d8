using System.Collections.Concurrent;

namespace Studio.Infrastructure.Live;

/// <summary>Someone with a screen open; <see cref="Editing"/> is the item they have open in it, if any.</summary>
public sealed record PresentPerson(Guid EmployeeId, string Name, string Initials, Guid? Editing = null);

/// <summary>One topic's presence at one moment: everyone once, and who has which item open. Shared by every screen on the topic.</summary>
public sealed record PresenceView(IReadOnlyList<PresentPerson> Who, IReadOnlyDictionary<Guid, IReadOnlyList<PresentPerson>> Editing)
{
    public static readonly PresenceView Empty = new([], new Dictionary<Guid, IReadOnlyList<PresentPerson>>());
}

/// <summary>
/// Who has what open, kept per node: each circuit joins a topic and leaves when it closes.
/// A change is announced on the bus as presence:{topic}; a burst of changes once.
/// </summary>
public sealed class PresenceTracker(ILiveBus bus)
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Guid, PresentPerson>> _topics = new();
    // Computed once per change, not once per watching screen: a board with hundreds of screens open reads it hundreds of times per join.
    private readonly ConcurrentDictionary<string, PresenceView> _views = new();
    private readonly Lock _gate = new();

    public Handle Join(string topic, PresentPerson person)
    {
        var handle = new Handle(this, topic, Guid.NewGuid());
        handle.Set(person);
        return handle;
    }

    /// <summary>Everyone on the topic, each person once however many tabs they have open.</summary>
    public IReadOnlyList<PresentPerson> Who(string topic) => View(topic).Who;

    /// <summary>The topic's presence now; the same instance until someone joins, leaves or opens another item.</summary>
    public PresenceView View(string topic)
    {
        if (_views.TryGetValue(topic, out var view)) return view;
        lock (_gate)
        {
            if (_views.TryGetValue(topic, out view)) return view;
            var entries = Entries(topic).ToList();
            view = entries.Count == 0 ? PresenceView.Empty : new PresenceView(
                entries.DistinctBy(p => p.EmployeeId).OrderBy(p => p.Name).ToList(),
                entries.Where(p => p.Editing is not null).DistinctBy(p => (p.EmployeeId, p.Editing)).GroupBy(p => p.Editing!.Value)
                    .ToDictionary(g => g.Key, g => (IReadOnlyList<PresentPerson>)g.ToList()));
            _views[topic] = view;
            return view;
        }
    }

    private void Put(string topic, Guid key, PresentPerson? person)
    {
        lock (_gate)
        {
            if (person is not null) _topics.GetOrAdd(topic, _ => new())[key] = person;
            else if (_topics.TryGetValue(topic, out var people)) people.TryRemove(key, out _);
            _views.TryRemove(topic, out _);
        }
    }

    /// <summary>Who has the given item open on the topic.</summary>
    public IReadOnlyList<PresentPerson> Editing(string topic, Guid item) =>
        Entries(topic).Where(p => p.Editing == item).DistinctBy(p => p.EmployeeId).ToList();

    private IEnumerable<PresentPerson> Entries(string topic) =>
        _topics.TryGetValue(topic, out var people) ? people.Values : [];

    /// <summary>
    /// Joins, leaves and opened items within this long are announced once: a board that hundreds of screens open
    /// at once hears a few announcements, not one per screen (each screen reads <see cref="View"/> when it hears).
    /// A pace of the screen, not business time, so it runs on the real clock.
    /// </summary>
    public static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(250);

    private readonly ConcurrentDictionary<string, byte> _announcing = new();

    private void Announce(string topic, string kind, Guid employeeId)
    {
        if (!_announcing.TryAdd(topic, 0)) return;
        _ = Task.Run(async () =>
        {
            await Task.Delay(Coalesce);
            _announcing.TryRemove(topic, out _);
            await bus.PublishAsync(new LiveMessage(LiveTopics.Presence(topic), kind, employeeId));
        });
    }

    public sealed class Handle : IDisposable
    {
        private readonly PresenceTracker _tracker;
        private readonly string _topic;
        private readonly Guid _key;
        private PresentPerson? _person;

        internal Handle(PresenceTracker tracker, string topic, Guid key)
        {
            _tracker = tracker;
            _topic = topic;
            _key = key;
        }

        internal void Set(PresentPerson person)
        {
            _person = person;
            _tracker.Put(_topic, _key, person);
            _tracker.Announce(_topic, "Joined", person.EmployeeId);
        }

        private bool _away;

        /// <summary>
        /// The browser's connection dropped (or came back): someone whose screen is not connected
        /// is not shown as present, even while the server keeps their circuit for a reconnect.
        /// </summary>
        public void SetConnected(bool connected)
        {
            if (_person is not { } person || _away == !connected) return;
            _away = !connected;
            if (connected) Set(person);
            else
            {
                _tracker.Put(_topic, _key, null);
                _tracker.Announce(_topic, "Left", person.EmployeeId);
            }
        }

        /// <summary>Says which item this screen has open now (null: none).</summary>
        public void SetEditing(Guid? item)
        {
            if (_person is null || _person.Editing == item) return;
            if (_away) _person = _person with { Editing = item };
            else Set(_person with { Editing = item });
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _person, null) is not { } person) return;
            _tracker.Put(_topic, _key, null);
            _tracker.Announce(_topic, "Left", person.EmployeeId);
        }
    }
}
