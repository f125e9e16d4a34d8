using System.Globalization;
using Studio.Domain.Common;

namespace Studio.Domain.Schedule;

/// <summary>One weekly meeting of a group: a weekday and a local start time.</summary>
public readonly record struct WeeklySlot(DayOfWeek Day, TimeOnly Start)
{
    public override string ToString() => $"{(int)Day}@{Start.ToString("HH:mm", CultureInfo.InvariantCulture)}";

    public static WeeklySlot Parse(string text)
    {
        var parts = text.Split('@');
        return new((DayOfWeek)int.Parse(parts[0], CultureInfo.InvariantCulture), TimeOnly.ParseExact(parts[1], "HH:mm", CultureInfo.InvariantCulture));
    }
}

/// <summary>
/// A group that meets on a weekly pattern (Mon and Wed 18:00) from a date to a date. The series
/// makes its lessons; an edit "this and following" ends it the day before and starts a new one,
/// so lessons already held keep exactly what they were.
/// </summary>
public sealed class LessonSeries : VersionedEntity
{
    public const int NameMax = 120;
    public const int MaxDays = 366;

    private List<string> _pattern = [];
    private List<string> _clients = [];

    private LessonSeries() { Name = ""; TimeZoneId = ""; }

    public LessonSeries(Guid branchId, string? name, LessonType type, IReadOnlyCollection<WeeklySlot> pattern, int durationMinutes,
        Guid? roomId, Guid teacherId, Guid? secondTeacherId, DateOnly firstDay, DateOnly lastDay, string timeZoneId, IEnumerable<Guid> clientIds)
    {
        BranchId = branchId;
        Name = Guard.OptionalText(name, NameMax, "Name") ?? type.Name;
        TimeZoneId = Guard.Text(timeZoneId, 64, "TimeZone");
        Set(type, pattern, durationMinutes, roomId, teacherId, secondTeacherId, firstDay, lastDay);
        _clients = clientIds.Distinct().Select(c => c.ToString()).ToList();
    }

    public Guid BranchId { get; private set; }
    public string Name { get; private set; }
    public Guid TypeId { get; private set; }
    public int DurationMinutes { get; private set; }
    public Guid? RoomId { get; private set; }
    public Guid TeacherId { get; private set; }
    public Guid? SecondTeacherId { get; private set; }
    public DateOnly FirstDay { get; private set; }
    public DateOnly LastDay { get; private set; }
    public string TimeZoneId { get; private set; }

    public IReadOnlyList<WeeklySlot> Pattern => _pattern.Select(WeeklySlot.Parse).OrderBy(s => s.Day).ThenBy(s => s.Start).ToList();
    /// <summary>The group's members: every new lesson of the series starts with them.</summary>
    public IReadOnlyList<Guid> ClientIds => _clients.Select(Guid.Parse).ToList();

    /// <summary>The lessons' local starts, day by day, from <paramref name="from"/> on.</summary>
    public IEnumerable<DateTime> Occurrences(DateOnly from)
    {
        var pattern = Pattern;
        for (var day = from > FirstDay ? from : FirstDay; day <= LastDay; day = day.AddDays(1))
            foreach (var slot in pattern.Where(s => s.Day == day.DayOfWeek))
                yield return day.ToDateTime(slot.Start);
    }

    public LessonSlot SlotAt(DateTime localStart, TimeZoneInfo zone) =>
        LessonSlot.At(localStart, zone, DurationMinutes, RoomId, TeacherId, SecondTeacherId);

    /// <summary>
    /// "This and the following": this series ends the day before <paramref name="from"/>; the returned
    /// series takes over from that day with the new pattern, place and members.
    /// </summary>
    public LessonSeries SplitFrom(DateOnly from, LessonType type, IReadOnlyCollection<WeeklySlot> pattern, int durationMinutes,
        Guid? roomId, Guid teacherId, Guid? secondTeacherId, DateOnly lastDay, IEnumerable<Guid> clientIds, string? name)
    {
        if (from <= FirstDay) throw new DomainException("Error.Series.SplitAtStart");
        if (from > LastDay) throw new DomainException("Error.Series.Ended");
        var next = new LessonSeries(BranchId, name ?? Name, type, pattern, durationMinutes, roomId, teacherId, secondTeacherId, from, lastDay,
            TimeZoneId, clientIds);
        LastDay = from.AddDays(-1);
        return next;
    }

    /// <summary>The whole series from its first day: the same pattern is replaced in place.</summary>
    public void Change(LessonType type, IReadOnlyCollection<WeeklySlot> pattern, int durationMinutes, Guid? roomId, Guid teacherId,
        Guid? secondTeacherId, DateOnly lastDay, IEnumerable<Guid> clientIds, string? name)
    {
        var n = Guard.OptionalText(name, NameMax, "Name") ?? Name;
        Set(type, pattern, durationMinutes, roomId, teacherId, secondTeacherId, FirstDay, lastDay);
        Name = n;
        _clients = clientIds.Distinct().Select(c => c.ToString()).ToList();
    }

    /// <summary>Ends the series early: no lessons after <paramref name="lastDay"/>.</summary>
    public void EndOn(DateOnly lastDay)
    {
        if (lastDay < FirstDay.AddDays(-1)) throw new DomainException("Error.Period");
        LastDay = lastDay < LastDay ? lastDay : LastDay;
    }

    /// <summary>Undo of <see cref="EndOn"/>: the series runs to <paramref name="lastDay"/> again (never past its longest).</summary>
    public void RunUntil(DateOnly lastDay)
    {
        if (lastDay < FirstDay || lastDay.DayNumber - FirstDay.DayNumber + 1 > MaxDays) throw new DomainException("Error.Period");
        LastDay = lastDay;
    }

    public void AddClient(Guid clientId)
    {
        if (!_clients.Contains(clientId.ToString())) _clients.Add(clientId.ToString());
    }

    public void RemoveClient(Guid clientId) => _clients.Remove(clientId.ToString());

    private void Set(LessonType type, IReadOnlyCollection<WeeklySlot> pattern, int durationMinutes, Guid? roomId, Guid teacherId,
        Guid? secondTeacherId, DateOnly firstDay, DateOnly lastDay)
    {
        if (pattern.Count == 0) throw new DomainException("Error.Series.Pattern");
        if (lastDay < firstDay) throw new DomainException("Error.Period");
        if (lastDay.DayNumber - firstDay.DayNumber + 1 > MaxDays) throw new DomainException("Error.Series.TooLong", MaxDays);
        if (secondTeacherId == teacherId) throw new DomainException("Error.Lesson.SameTeacher");
        var d = LessonType.Duration(durationMinutes);
        (TypeId, DurationMinutes, RoomId, TeacherId, SecondTeacherId, FirstDay, LastDay) =
            (type.Id, d, roomId, teacherId, secondTeacherId, firstDay, lastDay);
        _pattern = pattern.Distinct().Select(p => p.ToString()).ToList();
    }
}
