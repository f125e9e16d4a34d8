using System.Globalization;
using Studio.Domain.Schedule;
using Studio.Infrastructure.Schedule;

namespace Studio.Web.Schedule;

public enum ScheduleMode { Day, Week }

public enum ScheduleBy { Teachers, Rooms }

/// <summary>What the schedule page shows: the day (or its week), columns by teacher or room, and the filters. All of it lives in the URL.</summary>
public sealed record ScheduleFilter(DateOnly Date, ScheduleMode Mode = ScheduleMode.Day, ScheduleBy By = ScheduleBy.Teachers,
    Guid? TeacherId = null, Guid? RoomId = null, Guid? TypeId = null, bool ShowCancelled = false)
{
    /// <summary>Monday of the week holding <see cref="Date"/>.</summary>
    public DateOnly Monday => Date.AddDays(-(((int)Date.DayOfWeek + 6) % 7));

    public DateOnly From => Mode == ScheduleMode.Day ? Date : Monday;
    public int Days => Mode == ScheduleMode.Day ? 1 : 7;

    /// <summary>The week is watched in both modes: the day grid, the week view and teachers' tablets share one feed per node.</summary>
    public ScheduleRange Range(Guid branchId) => ScheduleRange.WeekOf(branchId, Date);

    public bool HasFilters => TeacherId is not null || RoomId is not null || TypeId is not null || ShowCancelled;

    /// <summary>
    /// Cancelled lessons stay hidden unless asked for, or unless they were cancelled while on this
    /// screen (<paramref name="keep"/>): those stay struck through until the page is reloaded.
    /// </summary>
    public bool Matches(LessonView l, IReadOnlySet<Guid>? keep = null) =>
        (ShowCancelled || l.Status != LessonStatus.Cancelled || keep?.Contains(l.Id) == true)
        && (TeacherId is not { } t || l.HasTeacher(t))
        && (RoomId is not { } r || l.RoomId == r)
        && (TypeId is not { } ty || l.TypeId == ty);

    /// <summary>The columns (day) or rows (week): the branch's teachers or rooms, narrowed by the teacher or room filter.</summary>
    public IReadOnlyList<GridColumn> Columns(ScheduleSnapshot s, IEnumerable<LessonView> shown)
    {
        if (By == ScheduleBy.Teachers)
            return s.Teachers.Where(t => TeacherId is null || t.Id == TeacherId).Select(t => new GridColumn(t.Id, t.Name, t.Initials)).ToList();
        var rooms = s.Rooms.Where(r => RoomId is null || r.Id == RoomId).Select(r => new GridColumn(r.Id, r.Name, null)).ToList();
        if (RoomId is null && shown.Any(l => l.RoomId is null)) rooms.Add(new GridColumn(null, "—", null));
        return rooms;
    }

    /// <summary>Whether a lesson sits in a column.</summary>
    public bool InColumn(LessonView l, GridColumn c) => By == ScheduleBy.Teachers ? c.Id is { } id && l.HasTeacher(id) : l.RoomId == c.Id;

    public static ScheduleFilter Parse(string? date, string? view, string? by, Guid? teacher, Guid? room, Guid? type, string? cancelled, DateOnly today) =>
        new(Reports.ReportQuery.Day(date) ?? today,
            string.Equals(view, "week", StringComparison.OrdinalIgnoreCase) ? ScheduleMode.Week : ScheduleMode.Day,
            string.Equals(by, "rooms", StringComparison.OrdinalIgnoreCase) ? ScheduleBy.Rooms : ScheduleBy.Teachers,
            teacher, room, type, cancelled is "1" or "true");

    /// <summary>The query string of this filter (defaults left out, so a plain /schedule stays plain).</summary>
    public Dictionary<string, object?> ToQuery(DateOnly today) => new()
    {
        ["date"] = Date == today ? null : Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["view"] = Mode == ScheduleMode.Week ? "week" : null,
        ["by"] = By == ScheduleBy.Rooms ? "rooms" : null,
        ["teacher"] = TeacherId,
        ["room"] = RoomId,
        ["type"] = TypeId,
        ["cancelled"] = ShowCancelled ? "1" : null,
    };
}

/// <summary>A column of the day grid (a row of the week view): a teacher or a room; a null id is "no room".</summary>
public sealed record GridColumn(Guid? Id, string Name, string? Initials)
{
    public string Key => Id?.ToString() ?? "none";
}

/// <summary>A lesson placed in a column: its lane among lessons that overlap it.</summary>
public sealed record PlacedLesson(LessonView Lesson, int Top, int Height, int Lane, int Lanes);

/// <summary>The day grid's geometry: one pixel per minute, from the first hour shown.</summary>
public static class GridGeometry
{
    public const int DefaultStartHour = 8;
    public const int DefaultEndHour = 22;
    public const int SnapMinutes = 15;
    public const int MinBlockPx = 18;

    /// <summary>08:00–22:00, stretched to take in any lesson earlier or later that day.</summary>
    public static (int StartHour, int EndHour) Hours(DateOnly day, IEnumerable<LessonView> lessons)
    {
        var (start, end) = (DefaultStartHour, DefaultEndHour);
        foreach (var l in lessons)
        {
            if (DateOnly.FromDateTime(l.LocalStart) == day) start = Math.Min(start, l.LocalStart.Hour);
            var endMinute = DateOnly.FromDateTime(l.LocalEnd) == day ? l.LocalEnd.Hour * 60 + l.LocalEnd.Minute : 24 * 60;
            end = Math.Max(end, (endMinute + 59) / 60);
        }
        return (start, Math.Min(24, end));
    }

    /// <summary>Minutes since midnight of <paramref name="day"/>, clipped to the day.</summary>
    public static int MinuteOfDay(DateTime local, DateOnly day)
    {
        var d = DateOnly.FromDateTime(local);
        if (d < day) return 0;
        if (d > day) return 24 * 60;
        return local.Hour * 60 + local.Minute;
    }

    /// <summary>Blocks with their lanes: overlapping lessons share the column's width.</summary>
    public static IReadOnlyList<PlacedLesson> Place(IEnumerable<LessonView> lessons, DateOnly day, int startHour)
    {
        var list = lessons.OrderBy(l => l.LocalStart).ThenBy(l => l.Status == LessonStatus.Cancelled).ThenBy(l => l.Id).ToList();
        var origin = startHour * 60;
        var result = new List<PlacedLesson>();
        var cluster = new List<(LessonView L, int Lane)>();
        var clusterEnd = DateTime.MinValue;
        void Flush()
        {
            var lanes = cluster.Count == 0 ? 1 : cluster.Max(c => c.Lane) + 1;
            foreach (var (l, lane) in cluster)
            {
                var top = MinuteOfDay(l.LocalStart, day) - origin;
                var height = Math.Max(MinBlockPx, MinuteOfDay(l.LocalEnd, day) - origin - top);
                result.Add(new PlacedLesson(l, top, height, lane, lanes));
            }
            cluster.Clear();
        }
        var laneEnds = new List<DateTime>();
        foreach (var l in list)
        {
            if (cluster.Count > 0 && l.LocalStart >= clusterEnd)
            {
                Flush();
                laneEnds.Clear();
            }
            var lane = laneEnds.FindIndex(e => e <= l.LocalStart);
            if (lane < 0) { lane = laneEnds.Count; laneEnds.Add(l.LocalEnd); }
            else laneEnds[lane] = l.LocalEnd;
            cluster.Add((l, lane));
            clusterEnd = cluster.Count == 1 ? l.LocalEnd : (l.LocalEnd > clusterEnd ? l.LocalEnd : clusterEnd);
        }
        Flush();
        return result;
    }

    /// <summary>A pointer's offset in a column body as a local start, snapped to 15 minutes.</summary>
    public static DateTime At(DateOnly day, int startHour, double offsetY, bool nearest = false)
    {
        var steps = Math.Max(0, offsetY) / SnapMinutes;
        var minutes = startHour * 60 + (int)(nearest ? Math.Round(steps) : Math.Floor(steps)) * SnapMinutes;
        minutes = Math.Clamp(minutes, 0, 24 * 60 - SnapMinutes);
        return day.ToDateTime(TimeOnly.MinValue).AddMinutes(minutes);
    }
}

/// <summary>A click on an empty slot: the column and the local start under the pointer.</summary>
public sealed record SlotPick(GridColumn Column, DateTime LocalStart);

/// <summary>A lesson dropped somewhere: from which column to which, and the new local start.</summary>
public sealed record LessonDrop(Guid LessonId, GridColumn From, GridColumn To, DateTime LocalStart);

/// <summary>What the series form starts with: a draft and the clients' names for the picker.</summary>
public sealed record SeriesPrefill(SeriesDraft Draft, IReadOnlyList<Studio.Infrastructure.Clients.ClientHit> Clients);
