using Microsoft.EntityFrameworkCore;
using Studio.Domain.Organisation;
using Studio.Domain.Pipelines;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Persistence;

namespace Studio.Infrastructure.Tasks;

/// <summary>
/// Automation on stage entry: a stage with a task template makes a task of it for the deal's responsible (or the
/// client's; with neither, the board's members share it), due so many hours after the card entered. It is added to
/// the same unit of work as the move, so a refused move makes no task.
/// </summary>
internal static class StageTasks
{
    /// <returns>The task made, or null when the stage makes none.</returns>
    /// <param name="byId">Who moved the card; the web form's actor for a lead from the site (the owner then sets the task).</param>
    public static async Task<WorkTask?> AddAsync(StudioDbContext db, Board board, Deal deal, Guid byId, DateTime now, CancellationToken ct)
    {
        var stage = board.StageById(deal.StageId);
        if (stage.AutoTaskTemplateId is not { } templateId) return null;
        var template = await db.TaskTemplates.AsNoTracking().SingleOrDefaultAsync(t => t.Id == templateId && !t.IsArchived, ct);
        if (template is null) return null;
        // A client the same unit of work made (a new lead) is not in the database yet.
        var client = db.Clients.Local.Where(c => c.Id == deal.ClientId).Select(c => new { c.FullName, c.Phone, c.ResponsibleId }).SingleOrDefault()
            ?? await db.Clients.AsNoTracking().IgnoreAutoIncludes().Where(c => c.Id == deal.ClientId)
                .Select(c => new { c.FullName, c.Phone, c.ResponsibleId }).SingleAsync(ct);
        IReadOnlyList<Guid> executors = (deal.ResponsibleId ?? client.ResponsibleId) is { } one ? [one] : board.Members.Select(m => m.EmployeeId).ToList();
        executors = await db.Employees.Where(e => executors.Contains(e.Id) && e.IsActive).Select(e => e.Id).ToListAsync(ct);
        var authorId = WebForm.IsWebForm(byId)
            ? await db.Employees.Where(e => e.Role == EmployeeRole.Owner && e.IsActive).OrderBy(e => e.FullName).Select(e => e.Id).FirstOrDefaultAsync(ct)
            : byId;
        if (authorId == Guid.Empty) return null;
        if (executors.Count == 0) executors = [authorId];
        // A campaign cannot be made from a card; its template then stands for a call to this client.
        var kind = template.Kind == TaskKind.CallCampaign ? TaskKind.PersonalCall : template.Kind;
        var task = new WorkTask(kind, template.Id, $"{template.Name}: {client.FullName}", $"{board.Name} → {stage.Name}", authorId, executors, now,
            kind == TaskKind.Internal ? null : deal.ClientId, client.Phone, CallDirection.Outgoing, deal: new DealLink(deal.Id, board.Id, deal.ClientId));
        task.Schedule(now.AddHours(stage.AutoTaskDueHours ?? 0), null, TaskPriority.Medium, urgent: false);
        db.Tasks.Add(task);
        db.TaskNotices.AddRange(TaskNotice.For(task, NoticeKind.Assigned, WebForm.IsWebForm(byId) ? null : byId, now));
        return task;
    }

    /// <summary>
    /// Undo of the move that made <paramref name="taskId"/>: the task goes, but only while it is still open and as it was
    /// made (<paramref name="version"/>); once someone opened, edited or finished it, it is theirs and stays.
    /// </summary>
    public static async Task TakeBackAsync(StudioDbContext db, Guid taskId, Guid version, CancellationToken ct)
    {
        var task = await db.Tasks.AsSingleQuery().SingleOrDefaultAsync(t => t.Id == taskId, ct);
        if (task is null || !task.IsOpen || task.Version != version) return;
        db.ExpectVersion(task, version);
        task.Delete();
        db.Tasks.Remove(task);
    }
}
