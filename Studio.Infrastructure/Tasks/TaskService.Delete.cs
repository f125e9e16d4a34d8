using Microsoft.EntityFrameworkCore;
using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;

namespace Studio.Infrastructure.Tasks;

/// <summary>A deleted task as it was, whole (status, executors, history), kept by the screen that deleted it for its Undo.</summary>
public sealed class DeletedTask
{
    internal DeletedTask(WorkTask task) => Task = task;

    internal WorkTask Task { get; }

    public Guid Id => Task.Id;
    public string Title => Task.Title;
}

public sealed partial class TaskService
{
    /// <summary>Only its author or the owner may delete a task (or bring it back).</summary>
    private static void RequireMayDelete(Employee actor, WorkTask task)
    {
        if (task.AuthorId != actor.Id && actor.Role != EmployeeRole.Owner) throw new AccessDeniedException();
    }

    /// <summary>
    /// Deletes a task (its author or the owner); a campaign is not deleted this way, its calls hang on it. Returns the task
    /// as it was, for <see cref="RestoreDeletedAsync"/>. Its unseen notices go with it.
    /// </summary>
    public Task<DeletedTask> DeleteAsync(Guid actorId, Guid taskId, CancellationToken ct = default) =>
        factory.RunAsync(actorId, null, async (db, actor) =>
        {
            var task = await db.Tasks.AsSingleQuery().SingleOrDefaultAsync(t => t.Id == taskId, ct) ?? throw new NotFoundException();
            RequireMayDelete(actor, task);
            if (task.Kind == TaskKind.CallCampaign) throw new DomainException("Error.Task.DeleteCampaign");
            var kept = await db.Tasks.AsNoTracking().AsSingleQuery().SingleAsync(t => t.Id == taskId, ct);
            task.Delete();
            db.Tasks.Remove(task);
            return new DeletedTask(kept);
        }, ct);

    /// <summary>Undo of <see cref="DeleteAsync"/>: the task comes back as it was (same id, status, executors and history).</summary>
    public Task RestoreDeletedAsync(Guid actorId, DeletedTask deleted, CancellationToken ct = default) =>
        factory.RunAsync(actorId, null, async (db, actor) =>
        {
            var task = deleted.Task;
            RequireMayDelete(actor, task);
            if (await db.Tasks.AnyAsync(t => t.Id == task.Id, ct)) return; // already back
            if (task.ClientId is { } clientId && !await db.Clients.AnyAsync(c => c.Id == clientId, ct)) throw new NotFoundException();
            task.Restore();
            db.Tasks.Add(task);
        }, ct);
}
