using System.Collections.Concurrent;

namespace Studio.Infrastructure.Live;

public sealed record PresentPerson(Guid EmployeeId, string Name, string Initials);

/// <summary>
/// Who has what open, kept per node: each circuit joins a topic and leaves when it closes.
/// A change is announced on the bus as presence:{topic}.
/// </summary>
public sealed class PresenceTracker(ILiveBus bus)
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Guid, PresentPerson>> _topics = new();

    public IDisposable Join(string topic, PresentPerson person)
    {
        var key = Guid.NewGuid();
        _topics.GetOrAdd(topic, _ => new())[key] = person;
        _ = bus.PublishAsync(new LiveMessage(LiveTopics.Presence(topic), "Joined", person.EmployeeId));
        return new Subscription(() =>
        {
            if (_topics.TryGetValue(topic, out var people)) people.TryRemove(key, out _);
            _ = bus.PublishAsync(new LiveMessage(LiveTopics.Presence(topic), "Left", person.EmployeeId));
        });
    }

    /// <summary>Everyone on the topic, each person once however many tabs they have open.</summary>
    public IReadOnlyList<PresentPerson> Who(string topic) =>
        _topics.TryGetValue(topic, out var people)
            ? people.Values.DistinctBy(p => p.EmployeeId).OrderBy(p => p.Name).ToList()
            : [];
}
