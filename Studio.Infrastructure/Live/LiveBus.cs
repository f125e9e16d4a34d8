using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Studio.Infrastructure.Live;

/// <summary>A small message: a topic and the ids of what changed, never an entity.</summary>
public sealed record LiveMessage(string Topic, string Kind, Guid Id = default);

/// <summary>
/// Tells every interested screen that something was committed. In-process now; a Redis
/// implementation publishes the same messages to every node.
/// </summary>
public interface ILiveBus
{
    Task PublishAsync(LiveMessage message);

    /// <summary>
    /// Handlers run off the publisher's thread, in the subscriber's culture (<see cref="SubscriberCulture"/>), never the
    /// publisher's; dispose the result to stop.
    /// </summary>
    IDisposable Subscribe(string topic, Func<LiveMessage, Task> handler);
}

public sealed class InProcessLiveBus(ILogger<InProcessLiveBus> logger) : ILiveBus
{
    private readonly ConcurrentDictionary<string, ImmutableHandlers> _topics = new();

    public long Published => Interlocked.Read(ref _published);
    private long _published;

    public Task PublishAsync(LiveMessage message)
    {
        Interlocked.Increment(ref _published);
        if (!_topics.TryGetValue(message.Topic, out var handlers)) return Task.CompletedTask;
        foreach (var handler in handlers.Items)
            _ = Task.Run(async () =>
            {
                try { await handler(message); }
                catch (Exception ex) { logger.LogError(ex, "Live handler for {Topic} failed", message.Topic); }
            });
        return Task.CompletedTask;
    }

    public IDisposable Subscribe(string topic, Func<LiveMessage, Task> handler) => Add(topic, SubscriberCulture.Keep(handler));

    private Subscription Add(string topic, Func<LiveMessage, Task> handler)
    {
        _topics.AddOrUpdate(topic, _ => new([handler]), (_, h) => new([.. h.Items, handler]));
        return new Subscription(() =>
        {
            while (_topics.TryGetValue(topic, out var current))
            {
                var rest = current.Items.Where(h => h != handler).ToArray();
                if (rest.Length == 0 ? _topics.TryRemove(new(topic, current)) : _topics.TryUpdate(topic, new(rest), current)) break;
            }
        });
    }

    private sealed record ImmutableHandlers(Func<LiveMessage, Task>[] Items);
}

internal sealed class Subscription(Action dispose) : IDisposable
{
    private Action? _dispose = dispose;
    public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
}

public static class LiveTopics
{
    public const string Clock = "clock";
    public const string Boards = "boards";
    public const string Clients = "clients";
    /// <summary>Lead sources, tags, client statuses, custom fields: the message's kind names which one changed.</summary>
    public const string Dictionaries = "dictionaries";
    public static string Board(Guid id) => $"board:{id}";
    public static string Deal(Guid id) => $"deal:{id}";
    public static string Client(Guid id) => $"client:{id}";
    public static string Presence(string topic) => $"presence:{topic}";
    public const string Dashboard = "dashboard";
    /// <summary>A branch's lessons on one local day: what a day or week grid and a teacher's day listen to.</summary>
    public static string Schedule(Guid branchId, DateOnly day) => $"schedule:{branchId:N}:{day:yyyy-MM-dd}";
    /// <summary>Changes every open schedule may draw: absences, freezes, lesson types.</summary>
    public const string ScheduleAll = "schedule";
    public static string Lesson(Guid id) => $"lesson:{id}";
    /// <summary>A group's (weekly series') lessons: what its open journal listens to.</summary>
    public static string Series(Guid id) => $"series:{id}";
    public const string Payments = "payments";
    /// <summary>An employee's tasks: what their top-bar indicator and lists listen to.</summary>
    public static string Tasks(Guid employeeId) => $"tasks:{employeeId}";
    /// <summary>The organisation's settings or a branch's zone changed (<see cref="Studio.Infrastructure.Organisation.OrganisationSettingsSource"/> listens).</summary>
    public const string Organisation = "organisation";
}
