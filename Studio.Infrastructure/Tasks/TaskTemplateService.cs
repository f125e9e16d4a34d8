using Microsoft.EntityFrameworkCore;
using Studio.Domain.Common;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Live;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;

namespace Studio.Infrastructure.Tasks;

/// <summary>A result as typed: its name, the extra field it asks for (and the choices of a choice), and what it starts.</summary>
public sealed record ResultInput(string Name, ResultField Field = ResultField.None, IReadOnlyList<string>? Choices = null, FollowUp FollowUp = FollowUp.None);

/// <summary>A template's result with how many tasks ended with it (a used result cannot be removed).</summary>
public sealed record TemplateResultView(Guid Id, string Name, ResultField Field, IReadOnlyList<string> Choices, FollowUp FollowUp, int Used);

public sealed record TaskTemplateView(Guid Id, string Name, TaskKind Kind, bool IsArchived, Guid Version, IReadOnlyList<TemplateResultView> Results)
{
    public bool NeedsClient => Kind != TaskKind.Internal;
}

/// <summary>
/// The task templates dictionary: the kinds of task the owner defines and the results a task of each must end with.
/// Everyone may list them (the task dialog's picker); every change is the owner's and carries the version seen.
/// A result tasks already ended with stays: removing it is refused. Names are unique whatever their case.
/// </summary>
public sealed class TaskTemplateService(IDbContextFactory<StudioDbContext> factory)
{
    /// <summary>The kind of message on <see cref="LiveTopics.Dictionaries"/> when a template changes (<see cref="TaskTemplateChanged"/>).</summary>
    public const string Kind = "TaskTemplates";

    public Task<IReadOnlyList<TaskTemplateView>> ListAsync(Guid actorId, bool includeArchived = true, CancellationToken ct = default) =>
        factory.ReadAsync<IReadOnlyList<TaskTemplateView>>(actorId, null, async (db, _) =>
        {
            var list = await db.TaskTemplates.AsNoTracking().Where(t => includeArchived || !t.IsArchived).ToListAsync(ct);
            var used = await db.Tasks.Where(t => t.ResultId != null).GroupBy(t => t.ResultId!.Value)
                .Select(g => new { Id = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Id, g => g.Count, ct);
            return list.OrderBy(t => t.IsArchived).ThenBy(t => t.Name, StringComparer.CurrentCultureIgnoreCase)
                .Select(t => new TaskTemplateView(t.Id, t.Name, t.Kind, t.IsArchived, t.Version,
                    t.Results.OrderBy(r => r.Order).Select(r => new TemplateResultView(r.Id, r.Name, r.Field, r.Choices, r.FollowUp, used.GetValueOrDefault(r.Id))).ToList()))
                .ToList();
        }, ct);

    /// <summary>A new template, with its first results if any (one save).</summary>
    public Task<Guid> CreateAsync(Guid actorId, string name, TaskKind kind, IReadOnlyList<ResultInput>? results = null, CancellationToken ct = default) =>
        factory.RunAsync<Guid>(actorId, Policy.Settings, async (db, _) =>
        {
            var template = new TaskTemplate(name, kind);
            foreach (var r in results ?? []) template.AddResult(r.Name, r.Field, r.Choices, r.FollowUp);
            await RequireUniqueAsync(db, template, ct);
            db.TaskTemplates.Add(template);
            await db.SaveChangesAsync(ct);
            return template.Id;
        }, ct);

    /// <summary>
    /// The edit dialog's save, on the version the owner saw: the name, the results taken off (refused for any a task
    /// ended with) and the results added, all or nothing.
    /// </summary>
    public Task UpdateAsync(Guid actorId, Guid templateId, Guid expectedVersion, string name, IReadOnlyList<Guid> removedResults,
        IReadOnlyList<ResultInput> addedResults, CancellationToken ct = default) =>
        factory.RunAsync(actorId, Policy.Settings, async (db, _) =>
        {
            var template = await db.TaskTemplates.SingleOrDefaultAsync(t => t.Id == templateId, ct) ?? throw new NotFoundException();
            db.ExpectVersion(template, expectedVersion);
            template.Rename(name);
            foreach (var id in removedResults.Distinct())
            {
                var result = template.Results.FirstOrDefault(r => r.Id == id) ?? throw new NotFoundException();
                var used = await db.Tasks.CountAsync(t => t.ResultId == id, ct);
                if (used > 0) throw new DomainException("Error.Task.ResultInUse", result.Name, used);
                template.RemoveResult(id);
            }
            foreach (var r in addedResults) template.AddResult(r.Name, r.Field, r.Choices, r.FollowUp);
            await RequireUniqueAsync(db, template, ct);
            // Results are rows of their own: a template that raised a change moves on to a new version even when its own row is the same.
        }, ct);

    public Task RenameAsync(Guid actorId, Guid templateId, Guid expectedVersion, string name, CancellationToken ct = default) =>
        UpdateAsync(actorId, templateId, expectedVersion, name, [], [], ct);

    /// <summary>Adds one result; returns its id.</summary>
    public async Task<Guid> AddResultAsync(Guid actorId, Guid templateId, Guid expectedVersion, ResultInput result, CancellationToken ct = default)
    {
        var name = await NameAsync(templateId, ct);
        await UpdateAsync(actorId, templateId, expectedVersion, name, [], [result], ct);
        await using var db = factory.CreateDbContext();
        var n = result.Name.Trim();
        return (await db.TaskTemplates.AsNoTracking().SingleAsync(t => t.Id == templateId, ct)).Results.First(r => r.Name == n).Id;
    }

    /// <summary>Removes a result no task ended with; one a task ended with is refused, saying how many.</summary>
    public async Task RemoveResultAsync(Guid actorId, Guid templateId, Guid expectedVersion, Guid resultId, CancellationToken ct = default) =>
        await UpdateAsync(actorId, templateId, expectedVersion, await NameAsync(templateId, ct), [resultId], [], ct);

    /// <summary>An archived template is gone from the task dialog's picker; its tasks keep it.</summary>
    public Task ArchiveAsync(Guid actorId, Guid templateId, bool archived, CancellationToken ct = default) =>
        factory.RunAsync(actorId, Policy.Settings, async (db, _) =>
        {
            var template = await db.TaskTemplates.SingleOrDefaultAsync(t => t.Id == templateId, ct) ?? throw new NotFoundException();
            template.Archive(archived);
            await db.SaveChangesAsync(ct);
        }, ct);

    private async Task<string> NameAsync(Guid templateId, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        return await db.TaskTemplates.AsNoTracking().Where(t => t.Id == templateId).Select(t => t.Name).SingleOrDefaultAsync(ct) ?? throw new NotFoundException();
    }

    private static Task RequireUniqueAsync(StudioDbContext db, TaskTemplate template, CancellationToken ct) =>
        UniqueNames.RefuseDuplicateAsync(db.TaskTemplates.Where(t => t.Id != template.Id).Select(t => t.Name), template.Name, ct);
}
