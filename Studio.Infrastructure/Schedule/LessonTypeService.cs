using Microsoft.EntityFrameworkCore;
using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Domain.Schedule;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;

namespace Studio.Infrastructure.Schedule;

/// <summary>The lesson types (a dictionary the owner keeps): what a lesson is, how long, how many visits it takes from a pass.</summary>
public sealed class LessonTypeService(IDbContextFactory<StudioDbContext> factory)
{
    public Task<IReadOnlyList<LessonTypeView>> ListTypesAsync(Guid actorId, bool includeArchived = false, CancellationToken ct = default) =>
        factory.ReadAsync<IReadOnlyList<LessonTypeView>>(actorId, null, async (db, _) =>
        {
            var types = await db.LessonTypes.AsNoTracking().Where(t => includeArchived || !t.IsArchived).ToListAsync(ct);
            return types.OrderBy(t => t.IsArchived).ThenBy(t => t.Name).Select(ScheduleReads.ToView).ToList();
        }, ct);

    public Task<Guid> SaveTypeAsync(Guid actorId, Guid? typeId, Guid? expectedVersion, string name, int durationMinutes, LessonKind kind,
        bool isTrial, string colour, int visitsUsed, CancellationToken ct = default) =>
        factory.RunAsync<Guid>(actorId, Policy.Settings, async (db, _) =>
        {
            LessonType type;
            if (typeId is { } id)
            {
                type = await db.LessonTypes.SingleOrDefaultAsync(t => t.Id == id, ct) ?? throw new NotFoundException();
                if (expectedVersion is { } v) db.ExpectVersion(type, v);
                type.Update(name, durationMinutes, kind, isTrial, colour, visitsUsed);
            }
            else
            {
                type = new LessonType(name, durationMinutes, kind, isTrial, colour, visitsUsed);
                db.LessonTypes.Add(type);
            }
            await UniqueNames.RefuseDuplicateAsync(db.LessonTypes.Where(t => t.Id != type.Id).Select(t => t.Name), type.Name, ct);
            return type.Id;
        }, ct);

    /// <summary>A type with lessons is archived (kept for history, gone from pickers); a type never used is deleted.</summary>
    public Task ArchiveTypeAsync(Guid actorId, Guid typeId, bool archived, CancellationToken ct = default) =>
        factory.RunAsync(actorId, Policy.Settings, async (db, _) =>
        {
            var type = await db.LessonTypes.SingleOrDefaultAsync(t => t.Id == typeId, ct) ?? throw new NotFoundException();
            type.Archive(archived);
            await db.SaveChangesAsync(ct);
        }, ct);

    /// <summary>The kind of message, on <see cref="LiveTopics.ScheduleAll"/> and <see cref="LiveTopics.Dictionaries"/>, of a <see cref="LessonTypeChanged"/>.</summary>
    public const string LessonTypesKind = "LessonTypes";
}
