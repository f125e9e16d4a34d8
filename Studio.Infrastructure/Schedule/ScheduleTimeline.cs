using Studio.Infrastructure.Organisation;
using Microsoft.EntityFrameworkCore;
using Studio.Domain.Organisation;
using Studio.Domain.Schedule;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Persistence;

namespace Studio.Infrastructure.Schedule;

/// <summary>
/// The client's lessons on the timeline: booked (when it was booked), then held — present or
/// absent — or cancelled (at the lesson's time). The text is what and when, in the branch's time.
/// </summary>
internal sealed class LessonTimelineSource(OrganisationSettingsSource settings) : ITimelineSource
{
    public async Task<IEnumerable<TimelineEntry>> ReadAsync(StudioDbContext db, Employee actor, Guid clientId, IReadOnlyDictionary<Guid, string> people, CancellationToken ct)
    {
        var rows = await db.LessonParticipants.AsNoTracking()
            .Join(db.Lessons.AsNoTracking().IgnoreAutoIncludes(), p => p.LessonId, l => l.Id, (p, l) => new { p, l })
            .Where(x => x.p.ClientId == clientId)
            .OrderByDescending(x => x.l.StartsAt).Take(ClientTimeline.Max / 2).ToListAsync(ct);
        if (rows.Count == 0) return [];
        var typeIds = rows.Select(r => r.l.TypeId).Distinct().ToList();
        var types = await db.LessonTypes.AsNoTracking().Where(t => typeIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Name, ct);
        var seriesIds = rows.Where(r => r.l.SeriesId != null).Select(r => r.l.SeriesId!.Value).Distinct().ToList();
        var series = await db.LessonSeries.AsNoTracking().Where(s => seriesIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        var org = await settings.GetAsync(ct);

        var entries = new List<TimelineEntry>();
        foreach (var (p, l) in rows.Select(r => (r.p, r.l)))
        {
            var what = l.SeriesId is { } s && series.TryGetValue(s, out var n) ? n : types.GetValueOrDefault(l.TypeId) ?? "";
            var text = $"{what} · {org.When(l.StartsAt, l.BranchId)}";
            // A group's lessons come with membership; only a one-off booking is news on the timeline.
            if (l.SeriesId is null)
                entries.Add(new TimelineEntry(l.CreatedAt, TimelineKind.LessonBooked, text, people.GetValueOrDefault(l.CreatedById)));
            if (l.Status == LessonStatus.Held)
                entries.Add(new TimelineEntry(l.HeldAt ?? l.EndsAt, p.Attendance == Attendance.Absent ? TimelineKind.LessonAbsent : TimelineKind.LessonPresent,
                    text, l.HeldById is { } h ? people.GetValueOrDefault(h) : null));
            else if (l.Status == LessonStatus.Cancelled)
                entries.Add(new TimelineEntry(l.CancelledAt ?? l.StartsAt, TimelineKind.LessonCancelled,
                    string.IsNullOrWhiteSpace(l.CancelReason) ? text : $"{text} — {l.CancelReason}", null));
        }
        return entries;
    }
}
