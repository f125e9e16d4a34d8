using Microsoft.EntityFrameworkCore;
using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;

namespace Studio.Infrastructure.Tasks;

public sealed partial class TaskService
{
    /// <summary>
    /// Edits a task as its author (or the owner) saw it: title, description, executors, deadline, reminder, priority,
    /// urgency, and for client tasks the client, phone and call direction. The kind and template stay. Nothing goes into
    /// the status history; executors newly on the task are told as if it were given to them. A stale version is a conflict.
    /// </summary>
    public Task UpdateAsync(Guid actorId, Guid taskId, Guid expectedVersion, NewTask input, CancellationToken ct = default) =>
        factory.RunAsync(actorId, null, async (db, actor) =>
        {
            var task = await db.Tasks.AsSingleQuery().SingleOrDefaultAsync(t => t.Id == taskId, ct) ?? throw new NotFoundException();
            actor.Require(Policy.EditTask, Scope.Own(actor, task.AuthorId));
            db.ExpectVersion(task, expectedVersion);
            var executors = input.ExecutorIds.Distinct().ToList();
            var newcomers = executors.Except(task.ExecutorIds).ToList();
            if (newcomers.Count > 0 && await db.Employees.CountAsync(e => newcomers.Contains(e.Id) && e.IsActive, ct) != newcomers.Count)
                throw new DomainException("Error.Task.Executor");
            if (input.ClientId is { } cid && cid != task.ClientId && !await db.Clients.AnyAsync(c => c.Id == cid && c.MergedIntoId == null, ct))
                throw new NotFoundException();
            var phone = await PhoneAsync(input.Phone, ct);
            var title = input.Title;
            if (string.IsNullOrWhiteSpace(title))
            {
                var template = task.TemplateId is { } tid ? await db.TaskTemplates.AsNoTracking().Where(t => t.Id == tid).Select(t => t.Name).SingleOrDefaultAsync(ct) : null;
                title = $"{template ?? task.Kind.ToString()} {task.CreatedAt:dd.MM.yyyy}";
            }
            var added = task.Edit(title, input.Description, executors, input.Deadline, input.RemindAt, input.Priority, input.Urgent,
                input.ClientId, phone, input.Direction);
            db.TaskNotices.AddRange(added.Where(e => e != actor.Id).Select(e => new TaskNotice(e, task.Id, NoticeKind.Assigned, task.Status, actor.Id, Now)));
        }, ct);

    /// <summary>A task's phone as typed, in E.164 by the organisation's country (as clients' phones are).</summary>
    private async Task<string?> PhoneAsync(string? raw, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(raw) ? null : Phones.Normalise(raw, (await settings.GetAsync(ct)).Country);
}
