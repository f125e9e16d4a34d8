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
public sealed class ScheduleViews(ScheduleReads reads, ILiveBus bus, ILogger<ScheduleViews> logger)
    : SharedFeeds<ScheduleRange, ScheduleSnapshot>(bus, logger)
{
    protected override IEnumerable<string> TopicsOf(ScheduleRange key) =>
        [.. Enumerable.Range(0, key.Days).Select(i => LiveTopics.Schedule(key.BranchId, key.From.AddDays(i))), LiveTopics.ScheduleAll];

    protected override Task<ScheduleSnapshot?> LoadAsync(ScheduleRange key, long sequence, CancellationToken ct) =>
        reads.LoadRangeAsync(key.BranchId, key.From, key.Days, sequence, ct);
}
