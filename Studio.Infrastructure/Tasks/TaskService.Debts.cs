using Microsoft.EntityFrameworkCore;
using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;

namespace Studio.Infrastructure.Tasks;

/// <summary>What "remind to pay" did: the call it made, or the open one already waiting (<paramref name="Made"/> false).</summary>
public sealed record RemindToPay(Guid TaskId, bool Made);

public sealed partial class TaskService
{
    /// <summary>
    /// How a "remind to pay" call is known again: its description starts with this tag (the title is in the words of
    /// whoever asked, and may be edited).
    /// </summary>
    public const string RemindToPayTag = "#debt";

    /// <summary>The open (not finished) "remind to pay" calls.</summary>
    internal static IQueryable<WorkTask> OpenRemindersToPay(StudioDbContext db) =>
        db.Tasks.AsNoTracking().IgnoreAutoIncludes().Where(t => t.Kind == TaskKind.PersonalCall && t.ClientId != null
            && !WorkTask.Finished.Contains(t.Status) && t.Description != null && t.Description.StartsWith(RemindToPayTag));

    /// <summary>
    /// Debtors' one click (issue 17.12): an outgoing call to the client, for their responsible (the asker when there is none
    /// active), due in a day, titled <paramref name="title"/>, with <paramref name="details"/> after the tag. Not twice: with an
    /// open one waiting, that one is returned and nothing is made (serialised per client, so two clicks at once make one).
    /// Who may see clients may ask; a client who owes nothing is refused.
    /// </summary>
    public Task<RemindToPay> RemindToPayAsync(Guid actorId, Guid clientId, string title, string? details, CancellationToken ct = default) =>
        factory.RunInTransactionAsync<RemindToPay>(actorId, Policy.SeeClients, async (db, actor) =>
        {
            var client = await db.Clients.AsNoTracking().IgnoreAutoIncludes().Where(c => c.Id == clientId && c.MergedIntoId == null)
                .Select(c => new { c.Phone, c.ResponsibleId }).SingleOrDefaultAsync(ct) ?? throw new NotFoundException();
            await db.LockAsync([$"remind-to-pay:{clientId:N}"], ct);
            var open = await OpenRemindersToPay(db).Where(t => t.ClientId == clientId).OrderBy(t => t.CreatedAt).Select(t => (Guid?)t.Id).FirstOrDefaultAsync(ct);
            if (open is { } id) return new(id, false);
            if (!await db.LessonParticipants.AnyAsync(p => p.ClientId == clientId && p.Owed, ct)) throw new DomainException("Error.Debt.None");
            var executor = client.ResponsibleId is { } r && await db.Employees.AnyAsync(e => e.Id == r && e.IsActive, ct) ? r : actor.Id;
            var description = string.IsNullOrWhiteSpace(details) ? RemindToPayTag : $"{RemindToPayTag} {details.Trim()}";
            var task = new WorkTask(TaskKind.PersonalCall, null, title, description, actor.Id, [executor], Now, clientId, client.Phone, CallDirection.Outgoing);
            task.Schedule(Now.AddDays(1), null, TaskPriority.Medium, urgent: false);
            db.Tasks.Add(task);
            db.TaskNotices.AddRange(TaskNotice.For(task, NoticeKind.Assigned, actor.Id, Now));
            await db.SaveChangesAsync(ct);
            return new(task.Id, true);
        }, ct);
}
