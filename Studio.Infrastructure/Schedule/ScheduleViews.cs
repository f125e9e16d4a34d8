using Microsoft.Extensions.Logging;
using Studio.Infrastructure.Live;

namespace Studio.Infrastructure.Schedule;

/// <summary>A branch's schedule from a day for a number of days (1 for a day grid, 7 for a week).</summary>
public readonly record struct ScheduleRange(Guid BranchId, DateOnly From, int Days)
{
    /// <summary>
    /// The Monday-to-Sunday week holding <paramref name="day"/>. Every screen (day grid, week view, a
    /// teacher's day) watches whole weeks and picks its day, so one change costs one load per node however
    /// many kinds of schedule screen are open.
    /// </summary>
    public static ScheduleRange WeekOf(Guid branchId, DateOnly day) => new(branchId, day.AddDays(-(((int)day.DayOfWeek + 6) % 7)), 7);
}

/// <summary>
/// The node's live read model of schedules: every open day grid, week view and teacher's tablet of
/// a branch and range shares one snapshot, reloaded once per change on this node.
/// </summary>
public sealed class ScheduleViews(ScheduleReads reads, ScheduleService schedule, ILiveBus bus, ILogger<ScheduleViews> logger)
    : SharedFeeds<ScheduleRange, ScheduleSnapshot>(bus, logger)
{
    /// <summary>A person starts watching a branch's days: refused unless they work in that branch (the owner works in all).</summary>
    public async Task<Watch> WatchRangeAsync(Guid actorId, ScheduleRange range, Func<ScheduleSnapshot, Task> onChange, CancellationToken ct = default)
    {
        await schedule.EnsureCanViewAsync(actorId, range.BranchId, ct);
        return await WatchAsync(range, onChange, ct);
    }

    protected override IEnumerable<string> TopicsOf(ScheduleRange key) =>
        [.. Enumerable.Range(0, key.Days).Select(i => LiveTopics.Schedule(key.BranchId, key.From.AddDays(i))), LiveTopics.ScheduleAll];

    /// <summary>Messages that name one lesson (booked, moved, cancelled, marked, its people changed) patch the snapshot from that lesson's rows (ADR-008).</summary>
    private static readonly string LessonKind = nameof(Domain.Schedule.LessonChanged);

    /// <summary>More lessons than this in one burst (a series edited): one full load is cheaper than their patches.</summary>
    public const int PatchLimit = 50;

    private long _patches;

    /// <summary>How many of <see cref="SharedFeeds{TKey, TSnapshot}.Loads"/> were patches rather than whole loads.</summary>
    public long Patches => Interlocked.Read(ref _patches);

    /// <summary>A lesson message patches; anything on the branch-wide topic (absences, freezes, lesson types) or a big burst reloads whole.</summary>
    protected override async Task<ScheduleSnapshot?> NextAsync(ScheduleRange key, ScheduleSnapshot current, IReadOnlyList<LiveMessage> messages, long sequence, CancellationToken ct)
    {
        var lessonIds = messages.Select(m => m.Id).Distinct().ToList();
        if (messages.Any(m => m.Topic == LiveTopics.ScheduleAll || m.Kind != LessonKind || m.Id == Guid.Empty) || lessonIds.Count > PatchLimit)
            return await LoadAsync(key, sequence, ct);
        var patched = await reads.PatchRangeAsync(current, lessonIds, sequence, ct);
        if (patched is null) return await LoadAsync(key, sequence, ct);
        Interlocked.Increment(ref _patches);
        return patched;
    }

    protected override ScheduleSnapshot Reuse(ScheduleSnapshot? previous, ScheduleSnapshot loaded) => loaded.Reuse(previous);

    protected override Task<ScheduleSnapshot?> LoadAsync(ScheduleRange key, long sequence, CancellationToken ct) =>
        reads.LoadRangeAsync(key.BranchId, key.From, key.Days, sequence, ct);
}
