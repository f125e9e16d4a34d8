using System.Collections.Concurrent;

namespace Studio.Infrastructure.Live;

/// <summary>Someone with a screen open; <see cref="Editing"/> is the item they have open in it, if any.</summary>
public sealed record PresentPerson(Guid EmployeeId, string Name, string Initials, Guid? Editing = null);

/// <summary>
/// Who has what open, kept per node: each circuit joins a topic and leaves when it closes.
/// A change is announced on the bus as presence:{topic}.
/// </summary>
public sealed class PresenceTracker(ILiveBus bus)
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Guid, PresentPerson>> _topics = new();

    public Handle Join(string topic, PresentPerson person)
    {
        var handle = new Handle(this, topic, Guid.NewGuid());
        handle.Set(person);
        return handle;
    }

    /// <summary>Everyone on the topic, each person once however many tabs they have open.</summary>
    public IReadOnlyList<PresentPerson> Who(string topic) =>
        Entries(topic).DistinctBy(p => p.EmployeeId).OrderBy(p => p.Name).ToList();

    /// <summary>Who has the given item open on the topic.</summary>
    public IReadOnlyList<PresentPerson> Editing(string topic, Guid item) =>
        Entries(topic).Where(p => p.Editing == item).DistinctBy(p => p.EmployeeId).ToList();

    private IEnumerable<PresentPerson> Entries(string topic) =>
        _topics.TryGetValue(topic, out var people) ? people.Values : [];

    private void Announce(string topic, string kind, Guid employeeId) =>
        _ = bus.PublishAsync(new LiveMessage(LiveTopics.Presence(topic), kind, employeeId));

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
            _tracker._topics.GetOrAdd(_topic, _ => new())[_key] = person;
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
                if (_tracker._topics.TryGetValue(_topic, out var people)) people.TryRemove(_key, out _);
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
            if (_tracker._topics.TryGetValue(_topic, out var people)) people.TryRemove(_key, out _);
            _tracker.Announce(_topic, "Left", person.EmployeeId);
        }
    }
}
