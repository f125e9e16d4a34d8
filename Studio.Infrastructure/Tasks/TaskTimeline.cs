using Microsoft.EntityFrameworkCore;
using Studio.Domain.Organisation;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;

namespace Studio.Infrastructure.Tasks;

/// <summary>
/// The client's tasks and calls on their timeline: when one was set (with its deadline), and when it was done (with its
/// result) or cancelled. Live: a task about a client is heard on the client's topic (<see cref="TaskChanged.ClientId"/>).
/// </summary>
internal sealed class TaskTimelineSource(OrganisationSettingsSource settings) : ITimelineSource
{
    private static readonly TaskState[] Ends = [TaskState.Done, TaskState.Cancelled];

    public async Task<IEnumerable<TimelineEntry>> ReadAsync(StudioDbContext db, Employee actor, Guid clientId, IReadOnlyDictionary<Guid, string> people, CancellationToken ct)
    {
        var tasks = await db.Tasks.AsNoTracking().IgnoreAutoIncludes().Where(t => t.ClientId == clientId)
            .OrderByDescending(t => t.CreatedAt).Take(ClientTimeline.Max / 2)
            .Select(t => new { t.Id, t.Kind, t.Title, t.Deadline, t.AuthorId, t.CreatedAt, t.ResultValue }).ToListAsync(ct);
        if (tasks.Count == 0) return [];
        var byId = tasks.ToDictionary(t => t.Id);
        var ids = byId.Keys.ToList();
        var ends = await db.TaskChanges.AsNoTracking().Where(c => ids.Contains(c.TaskId) && Ends.Contains(c.To))
            .Select(c => new { c.TaskId, c.To, c.Note, c.ById, c.At }).ToListAsync(ct);
        var org = await settings.GetAsync(ct);

        var entries = new List<TimelineEntry>();
        foreach (var t in tasks)
        {
            var call = t.Kind == TaskKind.PersonalCall;
            entries.Add(new TimelineEntry(t.CreatedAt, call ? TimelineKind.CallSet : TimelineKind.TaskSet,
                t.Deadline is { } d ? $"{t.Title} · {org.When(d)}" : t.Title, people.GetValueOrDefault(t.AuthorId)));
        }
        foreach (var e in ends)
        {
            var t = byId[e.TaskId];
            var kind = e.To == TaskState.Cancelled ? TimelineKind.TaskCancelled : t.Kind == TaskKind.PersonalCall ? TimelineKind.CallDone : TimelineKind.TaskDone;
            var said = string.Join(" · ", new[] { t.Title, e.To == TaskState.Done ? t.ResultValue : null, e.Note }.Where(s => !string.IsNullOrWhiteSpace(s)));
            entries.Add(new TimelineEntry(e.At, kind, said, people.GetValueOrDefault(e.ById)));
        }
        return entries;
    }
}
