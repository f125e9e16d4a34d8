using Microsoft.EntityFrameworkCore;
using Studio.Domain.Tasks;

namespace Studio.Infrastructure.Tasks;

/// <summary>A template to pick from (stage automation, new tasks).</summary>
public sealed record TemplateOption(Guid Id, string Name, TaskKind Kind);

public sealed partial class TaskService
{
    /// <summary>The active templates, by name.</summary>
    public async Task<IReadOnlyList<TemplateOption>> TemplateOptionsAsync(CancellationToken ct = default)
    {
        await using var db = factory.CreateDbContext();
        var rows = await db.TaskTemplates.AsNoTracking().IgnoreAutoIncludes().Where(t => !t.IsArchived)
            .Select(t => new TemplateOption(t.Id, t.Name, t.Kind)).ToListAsync(ct);
        return rows.OrderBy(t => t.Name, StringComparer.CurrentCultureIgnoreCase).ToList();
    }
}
