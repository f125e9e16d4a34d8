using Microsoft.Extensions.Logging;
using Studio.Infrastructure.Live;

namespace Studio.Infrastructure.Tasks;

/// <summary>What a person's top-bar task indicator shows: the unseen count and the newest unseen notices.</summary>
public sealed record TaskBadge(long Sequence, int Unseen, IReadOnlyList<NoticeView> Recent) : ISequenced;

/// <summary>
/// The node's live read model of task indicators, one per person: however many tabs a person has open,
/// a change to their tasks costs one read on this node, not one per tab (ADR-008).
/// </summary>
public sealed class TaskBadges(TaskService tasks, ILiveBus bus, ILogger<TaskBadges> logger) : SharedFeeds<Guid, TaskBadge>(bus, logger)
{
    /// <summary>How many unseen notices the badge carries (the reminders and the panel take theirs from these).</summary>
    public const int Recent = 50;

    protected override IEnumerable<string> TopicsOf(Guid employeeId) => [LiveTopics.Tasks(employeeId)];

    protected override async Task<TaskBadge?> LoadAsync(Guid employeeId, long sequence, CancellationToken ct) =>
        new(sequence, await tasks.UnseenCountAsync(employeeId, ct), await tasks.UnseenAsync(employeeId, Recent, ct));

    /// <summary>A person watches their own badge only: the key is the person.</summary>
    public Task<Watch> WatchOwnAsync(Guid actorId, Func<TaskBadge, Task> onChange, CancellationToken ct = default) =>
        WatchAsync(actorId, onChange, ct);
}
