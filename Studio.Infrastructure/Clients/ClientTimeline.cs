using Microsoft.EntityFrameworkCore;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;

namespace Studio.Infrastructure.Clients;

/// <summary>New kinds go at the end (entries at the same moment sort by kind, newest kind first).</summary>
public enum TimelineKind
{
    Created, Status, DealMove, DealNote, Note,
    LessonBooked, LessonPresent, LessonAbsent, LessonCancelled, PassBought, GoodsBought, Freeze,
    TaskSet, TaskDone, CallSet, CallDone, TaskCancelled,
    /// <summary>The client's responsible changed in a handover: "from → to".</summary>
    Handover,
    /// <summary>The parents and guardians as an edit left them.</summary>
    Guardians,
    Refund, PaymentVoided,
}

/// <summary>One line of a client's history. <see cref="Kind"/> picks the icon; <see cref="Text"/> is ready to show.</summary>
public sealed record TimelineEntry(DateTime At, TimelineKind Kind, string Text, string? By, Guid? DealId = null);

/// <summary>
/// One source of timeline lines (status changes, deal moves, notes…). A new kind of entry —
/// lessons, payments, tasks — is one more class registered with <c>AddTimelineSource</c>.
/// </summary>
public interface ITimelineSource
{
    Task<IEnumerable<TimelineEntry>> ReadAsync(StudioDbContext db, Employee actor, Guid clientId, IReadOnlyDictionary<Guid, string> people, CancellationToken ct);
}

/// <summary>The client's one timeline: every registered source, newest first.</summary>
public sealed class ClientTimeline(IEnumerable<ITimelineSource> sources)
{
    public const int Max = 500;

    public async Task<IReadOnlyList<TimelineEntry>> ReadAsync(StudioDbContext db, Employee actor, Guid clientId, CancellationToken ct)
    {
        var people = await db.Employees.AsNoTracking().IgnoreAutoIncludes().ToDictionaryAsync(e => e.Id, e => e.FullName, ct);
        var all = new List<TimelineEntry>();
        foreach (var source in sources) all.AddRange(await source.ReadAsync(db, actor, clientId, people, ct));
        return all.OrderByDescending(e => e.At).ThenByDescending(e => e.Kind).Take(Max).ToList();
    }

    /// <summary>
    /// <paramref name="timeline"/> with new <paramref name="lines"/> in place, ordered as <see cref="ReadAsync"/> orders them
    /// (a live patch, <see cref="ClientCardViews"/>). Null when that order is not sure: the timeline is full (a line would
    /// leave), or a line shares its instant and kind with another (between those, the database's order decides; it may also be
    /// the same line, already read).
    /// </summary>
    public static IReadOnlyList<TimelineEntry>? With(IReadOnlyList<TimelineEntry> timeline, IReadOnlyList<TimelineEntry> lines)
    {
        if (timeline.Count + lines.Count > Max) return null;
        var taken = timeline.Select(e => (e.At, e.Kind)).ToHashSet();
        if (lines.Any(l => !taken.Add((l.At, l.Kind)))) return null;
        return timeline.Concat(lines).OrderByDescending(e => e.At).ThenByDescending(e => e.Kind).ToList(); // stable: the lines kept keep their order
    }
}

internal sealed class CreatedSource : ITimelineSource
{
    public async Task<IEnumerable<TimelineEntry>> ReadAsync(StudioDbContext db, Employee actor, Guid clientId, IReadOnlyDictionary<Guid, string> people, CancellationToken ct)
    {
        var created = await db.Clients.Where(c => c.Id == clientId).Select(c => c.CreatedAt).SingleAsync(ct);
        return [new TimelineEntry(created, TimelineKind.Created, "", null)];
    }
}

internal sealed class StatusSource : ITimelineSource
{
    public async Task<IEnumerable<TimelineEntry>> ReadAsync(StudioDbContext db, Employee actor, Guid clientId, IReadOnlyDictionary<Guid, string> people, CancellationToken ct)
    {
        var names = await db.ClientStatuses.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        var changes = await db.ClientStatusChanges.AsNoTracking().Where(s => s.ClientId == clientId).OrderByDescending(s => s.At).Take(ClientTimeline.Max).ToListAsync(ct);
        return changes.Select(c => new TimelineEntry(c.At, TimelineKind.Status,
            $"{(c.FromStatusId is { } f ? names.GetValueOrDefault(f, "?") : "—")} → {names.GetValueOrDefault(c.ToStatusId, "?")}",
            people.GetValueOrDefault(c.ById)));
    }
}

internal sealed class DealSource : ITimelineSource
{
    public async Task<IEnumerable<TimelineEntry>> ReadAsync(StudioDbContext db, Employee actor, Guid clientId, IReadOnlyDictionary<Guid, string> people, CancellationToken ct)
    {
        var boards = (await db.Boards.AsNoTracking().ToListAsync(ct)).Where(b => actor.Can(Policy.SeeBoard, Scope.Of(actor, b))).ToList();
        var stages = boards.SelectMany(b => b.Stages.Select(s => (s.Id, Name: $"{b.Name}: {s.Name}"))).ToDictionary(x => x.Id, x => x.Name);
        var boardIds = boards.Select(b => b.Id).ToList();
        var deals = await db.Deals.AsNoTracking().IgnoreAutoIncludes().Where(d => d.ClientId == clientId && boardIds.Contains(d.BoardId))
            .Select(d => d.Id).ToListAsync(ct);
        var moves = await db.DealMoves.AsNoTracking().Where(m => deals.Contains(m.DealId)).OrderByDescending(m => m.At).Take(ClientTimeline.Max).ToListAsync(ct);
        var notes = await db.DealNotes.AsNoTracking().Where(n => deals.Contains(n.DealId)).OrderByDescending(n => n.At).Take(ClientTimeline.Max).ToListAsync(ct);
        return moves.Select(m => new TimelineEntry(m.At, TimelineKind.DealMove,
                m.FromStageId is { } f ? $"{stages.GetValueOrDefault(f, "?")} → {stages.GetValueOrDefault(m.ToStageId, "?")}" : stages.GetValueOrDefault(m.ToStageId, "?"),
                people.GetValueOrDefault(m.ById), m.DealId))
            .Concat(notes.Select(n => new TimelineEntry(n.At, TimelineKind.DealNote, n.Text, people.GetValueOrDefault(n.ById), n.DealId)));
    }
}

internal sealed class NoteSource : ITimelineSource
{
    public async Task<IEnumerable<TimelineEntry>> ReadAsync(StudioDbContext db, Employee actor, Guid clientId, IReadOnlyDictionary<Guid, string> people, CancellationToken ct)
    {
        var notes = await db.ClientNotes.AsNoTracking().Where(n => n.ClientId == clientId).OrderByDescending(n => n.At).Take(ClientTimeline.Max).ToListAsync(ct);
        return notes.Select(n => Line(n.At, n.Text, people.GetValueOrDefault(n.ById)));
    }

    /// <summary>These notes of the client as timeline lines, in one read (a live patch); a note not the client's is left out.</summary>
    public static async Task<IReadOnlyList<TimelineEntry>> ReadAsync(StudioDbContext db, Guid clientId, IReadOnlyCollection<Guid> noteIds, CancellationToken ct)
    {
        var ids = noteIds.ToList();
        var notes = await db.ClientNotes.AsNoTracking().Where(n => n.ClientId == clientId && ids.Contains(n.Id))
            .Select(n => new { n.At, n.Text, By = db.Employees.Where(e => e.Id == n.ById).Select(e => e.FullName).FirstOrDefault() })
            .ToListAsync(ct);
        return notes.Select(n => Line(n.At, n.Text, n.By)).ToList();
    }

    private static TimelineEntry Line(DateTime at, string text, string? by) => new(at, TimelineKind.Note, text, by);
}

/// <summary>The client handed over to another responsible (<see cref="HandoverService"/>): from whom to whom, by whom.</summary>
internal sealed class HandoverSource : ITimelineSource
{
    public async Task<IEnumerable<TimelineEntry>> ReadAsync(StudioDbContext db, Employee actor, Guid clientId, IReadOnlyDictionary<Guid, string> people, CancellationToken ct)
    {
        var rows = await db.Reassignments.AsNoTracking().Where(r => r.ItemId == clientId && r.Item == HandoverItem.Client)
            .OrderByDescending(r => r.At).Take(ClientTimeline.Max).ToListAsync(ct);
        return rows.Select(r => new TimelineEntry(r.At, TimelineKind.Handover,
            $"{people.GetValueOrDefault(r.FromId, "?")} → {people.GetValueOrDefault(r.ToId, "?")}", people.GetValueOrDefault(r.ById)));
    }
}

/// <summary>The guardians as each edit left them (names and phones).</summary>
internal sealed class GuardianSource : ITimelineSource
{
    public async Task<IEnumerable<TimelineEntry>> ReadAsync(StudioDbContext db, Employee actor, Guid clientId, IReadOnlyDictionary<Guid, string> people, CancellationToken ct)
    {
        var changes = await db.ClientGuardianChanges.AsNoTracking().Where(g => g.ClientId == clientId).OrderByDescending(g => g.At).Take(ClientTimeline.Max).ToListAsync(ct);
        return changes.Select(g => new TimelineEntry(g.At, TimelineKind.Guardians, g.Text, people.GetValueOrDefault(g.ById)));
    }
}
