using Microsoft.EntityFrameworkCore;
using Studio.Domain.Organisation;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Pipelines;

namespace Studio.Infrastructure.Tasks;

public sealed record TaskTemplateOption(Guid Id, string Name, TaskKind Kind, bool IsArchived);

/// <summary>What the task lists' filters and the campaign dialog pick from, in one read each.</summary>
public sealed record TaskLookups(IReadOnlyList<TaskTemplateOption> Templates, IReadOnlyList<PersonView> People, IReadOnlyList<NamedView> Campaigns)
{
    public string? PersonName(Guid? id) => id is { } x ? People.FirstOrDefault(p => p.Id == x)?.Name : null;
    public string? TemplateName(Guid? id) => id is { } x ? Templates.FirstOrDefault(t => t.Id == x)?.Name : null;
    public string? CampaignTitle(Guid? id) => id is { } x ? Campaigns.FirstOrDefault(c => c.Id == x)?.Name : null;
}

public sealed partial class TaskService
{
    /// <summary>Templates (archived too: old tasks still name them), active people, and the latest campaigns the actor may list.</summary>
    public Task<TaskLookups> GetTaskLookupsAsync(Guid actorId, Guid? campaignId = null, CancellationToken ct = default) =>
        factory.ReadAsync<TaskLookups>(actorId, null, async (db, actor) =>
        {
            var templates = await db.TaskTemplates.AsNoTracking().IgnoreAutoIncludes().OrderBy(t => t.Name)
                .Select(t => new TaskTemplateOption(t.Id, t.Name, t.Kind, t.IsArchived)).ToListAsync(ct);
            var people = (await db.Employees.AsNoTracking().IgnoreAutoIncludes().Where(e => e.IsActive).OrderBy(e => e.FullName)
                    .Select(e => new { e.Id, e.FullName, e.Role }).ToListAsync(ct))
                .Select(e => new PersonView(e.Id, e.FullName, Employee.InitialsOf(e.FullName), e.Role)).ToList();
            var campaigns = db.Tasks.AsNoTracking().IgnoreAutoIncludes().Where(t => t.Kind == TaskKind.CallCampaign);
            if (!actor.Can(Policy.SeeAllTasks))
                campaigns = campaigns.Where(t => t.AuthorId == actor.Id || t.Executors.Any(e => e.EmployeeId == actor.Id));
            var latest = await campaigns.Where(t => !WorkTask.Finished.Contains(t.Status) || t.Id == campaignId)
                .OrderByDescending(t => t.CreatedAt).Take(100).Select(t => new NamedView(t.Id, t.Title, null)).ToListAsync(ct);
            return new(templates, people, latest);
        }, ct);
}
