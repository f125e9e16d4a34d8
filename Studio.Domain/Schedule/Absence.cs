using Studio.Domain.Common;

namespace Studio.Domain.Schedule;

public enum AbsenceKind { Temporary, Weekly }

/// <summary>
/// When a teacher is not there: a temporary absence from–to (holiday, sick leave), or weekly
/// days and hours they never work. Drawn hatched; no lesson can be put there.
/// </summary>
public sealed class StaffAbsence : Entity
{
    public const int ReasonMax = 300;
    public const int MinutesPerDay = 24 * 60;

    private StaffAbsence() { TimeZoneId = ""; }

    private StaffAbsence(Guid employeeId, AbsenceKind kind, string? reason, string timeZoneId, DateTime createdAt, Guid createdById)
    {
        EmployeeId = employeeId;
        Kind = kind;
        Reason = Guard.OptionalText(reason, ReasonMax, "Reason");
        TimeZoneId = Guard.Text(timeZoneId, 64, "TimeZone");
        CreatedAt = Guard.Utc(createdAt);
        CreatedById = createdById;
        Raise(new AbsenceChanged(Id, employeeId));
    }

    /// <summary>Away from one moment to another (UTC), e.g. a holiday.</summary>
    public static StaffAbsence Temporary(Guid employeeId, DateTime from, DateTime to, string? reason, string timeZoneId, DateTime createdAt, Guid createdById)
    {
        if (Guard.Utc(to) <= Guard.Utc(from)) throw new DomainException("Error.Period");
        if ((to - from).TotalDays > 366) throw new DomainException("Error.Absence.TooLong");
        return new(employeeId, AbsenceKind.Temporary, reason, timeZoneId, createdAt, createdById) { From = from, To = to };
    }

    /// <summary>Never works on these weekdays between these minutes of the day (local time of <paramref name="timeZoneId"/>).</summary>
    public static StaffAbsence Weekly(Guid employeeId, IReadOnlyCollection<DayOfWeek> days, int startMinute, int endMinute, string? reason,
        string timeZoneId, DateTime createdAt, Guid createdById)
    {
        if (days.Count == 0) throw new DomainException("Error.Absence.Days");
        if (startMinute < 0 || endMinute > MinutesPerDay || endMinute <= startMinute) throw new DomainException("Error.Period");
        var mask = days.Aggregate(0, (m, d) => m | (1 << (int)d));
        return new(employeeId, AbsenceKind.Weekly, reason, timeZoneId, createdAt, createdById)
            { WeekDays = mask, StartMinute = startMinute, EndMinute = endMinute };
    }

    public Guid EmployeeId { get; private set; }
    public AbsenceKind Kind { get; private set; }
    public DateTime? From { get; private set; }
    public DateTime? To { get; private set; }
    /// <summary>Bit n set = <see cref="DayOfWeek"/> n.</summary>
    public int WeekDays { get; private set; }
    public int StartMinute { get; private set; }
    public int EndMinute { get; private set; }
    public string? Reason { get; private set; }
    public string TimeZoneId { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public Guid CreatedById { get; private set; }

    public IReadOnlyList<DayOfWeek> Days => Enum.GetValues<DayOfWeek>().Where(d => (WeekDays & (1 << (int)d)) != 0).ToList();

    public bool Overlaps(DateTime start, DateTime end) => Within(start, end).Any();

    /// <summary>The stretches (UTC) of this absence that fall between two moments: what the grid hatches.</summary>
    public IEnumerable<(DateTime From, DateTime To)> Within(DateTime start, DateTime end)
    {
        if (Kind == AbsenceKind.Temporary)
        {
            var (f, t) = (From!.Value > start ? From.Value : start, To!.Value < end ? To.Value : end);
            if (f < t) yield return (f, t);
            yield break;
        }
        var zone = Zones.Find(TimeZoneId);
        var firstDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(start, zone)).AddDays(-1);
        var lastDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(end, zone));
        for (var day = firstDay; day <= lastDay; day = day.AddDays(1))
        {
            if ((WeekDays & (1 << (int)day.DayOfWeek)) == 0) continue;
            var localStart = day.ToDateTime(TimeOnly.MinValue).AddMinutes(StartMinute);
            var localEnd = day.ToDateTime(TimeOnly.MinValue).AddMinutes(EndMinute);
            var (f0, t0) = (Zones.ToUtc(localStart, zone), Zones.ToUtc(localEnd, zone));
            var (f, t) = (f0 > start ? f0 : start, t0 < end ? t0 : end);
            if (f < t) yield return (f, t);
        }
    }

    /// <summary>Marks the absence as removed so the schedule redraws.</summary>
    public void Remove() => Raise(new AbsenceChanged(Id, EmployeeId));
}

public sealed record AbsenceChanged(Guid AbsenceId, Guid EmployeeId) : IDomainEvent;
