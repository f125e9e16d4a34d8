using Studio.Domain.Schedule;

namespace Studio.Infrastructure.Schedule;

/// <summary>A new lesson: a trial, a one-off visit, an individual lesson or a single group meeting. Times are the branch's local time.</summary>
public sealed record LessonDraft(Guid BranchId, Guid TypeId, DateTime LocalStart, int? DurationMinutes, Guid? RoomId, Guid TeacherId,
    Guid? SecondTeacherId, IReadOnlyList<Guid> ClientIds, string? Notes = null);

/// <summary>One lesson's place and time, changed (a drag in the grid or the edit dialog).</summary>
public sealed record LessonMove(Guid LessonId, Guid ExpectedVersion, DateTime LocalStart, int DurationMinutes, Guid? RoomId, Guid TeacherId,
    Guid? SecondTeacherId);

/// <summary>A weekly group: pattern, place, people, from a day to a day.</summary>
public sealed record SeriesDraft(Guid BranchId, string? Name, Guid TypeId, IReadOnlyList<WeeklySlot> Pattern, int? DurationMinutes,
    Guid? RoomId, Guid TeacherId, Guid? SecondTeacherId, DateOnly FirstDay, DateOnly LastDay, IReadOnlyList<Guid> ClientIds);

/// <summary>How far an edit of a series lesson reaches.</summary>
public enum EditScope { ThisLesson, ThisAndFollowing }

/// <summary>One lesson a cancellation cancelled, with its version right after.</summary>
public sealed record CancelledLesson(Guid LessonId, Guid Version);

/// <summary>What one cancellation did, for its Undo: the lessons it cancelled and, for "this and following", the series it ended early.</summary>
public sealed record CancellationUndo(IReadOnlyList<CancelledLesson> Lessons, Guid? SeriesId, DateOnly? SeriesLastDay, Guid? SeriesVersion);

public sealed record ClashView(ClashKind Kind, Guid WhoId, string WhoName, Guid? LessonId, string? What, DateTime From, DateTime To)
{
    public bool Blocks => Kind != ClashKind.ClientBusy;
}

/// <summary>What a slot looks like before booking: what is in the way and what else happens then.</summary>
public sealed record SlotCheck(IReadOnlyList<ClashView> Clashes, IReadOnlyList<LessonView> AtThatTime)
{
    public bool IsFree => Clashes.All(c => !c.Blocks);
}

/// <summary>The slot is taken; each clash names who and what. Nothing was saved.</summary>
public sealed class SlotTakenException(IReadOnlyList<ClashView> clashes) : Exception("Error.Schedule.Clash")
{
    public IReadOnlyList<ClashView> Clashes { get; } = clashes;
}

public sealed record ParticipantView(Guid ClientId, string Name, string? Phone, Attendance Attendance, bool Frozen, bool Owed, int Visits, Guid? PassId);

public sealed record LessonView(Guid Id, Guid Version, Guid BranchId, Guid? SeriesId, string? SeriesName, Guid TypeId, string TypeName,
    string Colour, LessonKind Kind, bool IsTrial, DateTime StartsAt, DateTime EndsAt, DateOnly Day, DateTime LocalStart, DateTime LocalEnd,
    Guid? RoomId, string? RoomName, Guid TeacherId, Guid? SecondTeacherId, string TeacherNames, LessonStatus Status, string? CancelReason,
    string? Notes, IReadOnlyList<ParticipantView> Participants)
{
    public int DurationMinutes => (int)(EndsAt - StartsAt).TotalMinutes;
    public bool HasTeacher(Guid id) => TeacherId == id || SecondTeacherId == id;
    /// <summary>What the block in the grid says: the group's name, or the client for an individual lesson.</summary>
    public string Title => SeriesName ?? (Kind == LessonKind.Individual && Participants.Count == 1 ? Participants[0].Name : TypeName);

    /// <summary>
    /// Equal when everything a lesson shows is equal, participants compared one by one: a patch or reload that finds a
    /// lesson unchanged keeps the old instance (<see cref="ScheduleSnapshot.Reuse"/>), so no screen re-renders it.
    /// </summary>
    public bool Equals(LessonView? other) =>
        ReferenceEquals(this, other) || other is not null && Id == other.Id && Version == other.Version && BranchId == other.BranchId &&
        SeriesId == other.SeriesId && SeriesName == other.SeriesName && TypeId == other.TypeId && TypeName == other.TypeName &&
        Colour == other.Colour && Kind == other.Kind && IsTrial == other.IsTrial && StartsAt == other.StartsAt && EndsAt == other.EndsAt &&
        Day == other.Day && LocalStart == other.LocalStart && LocalEnd == other.LocalEnd && RoomId == other.RoomId && RoomName == other.RoomName &&
        TeacherId == other.TeacherId && SecondTeacherId == other.SecondTeacherId && TeacherNames == other.TeacherNames && Status == other.Status &&
        CancelReason == other.CancelReason && Notes == other.Notes && Participants.SequenceEqual(other.Participants);

    public override int GetHashCode() => HashCode.Combine(Id, Version, StartsAt);
}

/// <summary>A stretch of a teacher's absence within the shown range (UTC and local), hatched in the grid.</summary>
public sealed record AbsenceView(Guid Id, Guid EmployeeId, AbsenceKind Kind, DateTime From, DateTime To, DateTime LocalFrom, DateTime LocalTo, string? Reason);

public sealed record ScheduleTeacher(Guid Id, string Name, string Initials);

public sealed record ScheduleRoom(Guid Id, string Name, int Capacity);

public sealed record LessonTypeView(Guid Id, Guid Version, string Name, int DurationMinutes, LessonKind Kind, bool IsTrial, string Colour,
    int VisitsUsed, bool IsArchived);

/// <summary>
/// One branch's schedule over a few days, as every circuit on a node shares it: lessons (with
/// cancelled ones; screens filter), absences within the range, the teachers and rooms to draw columns.
/// </summary>
public sealed record ScheduleSnapshot(Guid BranchId, string BranchName, string TimeZoneId, DateOnly From, int Days, long Sequence,
    IReadOnlyList<LessonView> Lessons, IReadOnlyList<AbsenceView> Absences, IReadOnlyList<ScheduleTeacher> Teachers,
    IReadOnlyList<ScheduleRoom> Rooms, IReadOnlyList<LessonTypeView> Types) : Live.ISequenced
{
    public DateOnly To => From.AddDays(Days - 1);

    /// <summary>
    /// This snapshot with every part that did not change taken from <paramref name="previous"/>: the same lesson,
    /// teacher, room and type instances. Screens compare by reference and re-render only the lessons that are new.
    /// </summary>
    public ScheduleSnapshot Reuse(ScheduleSnapshot? previous)
    {
        if (previous is null || previous.BranchId != BranchId || previous.From != From || previous.Days != Days) return this;
        var old = previous.Lessons.ToDictionary(l => l.Id);
        var lessons = Lessons.Select(l => old.TryGetValue(l.Id, out var o) && o.Equals(l) ? o : l).ToList();
        return this with
        {
            Lessons = lessons.Count == previous.Lessons.Count && lessons.Zip(previous.Lessons).All(p => ReferenceEquals(p.First, p.Second)) ? previous.Lessons : lessons,
            Absences = Same(previous.Absences, Absences),
            Teachers = Same(previous.Teachers, Teachers),
            Rooms = Same(previous.Rooms, Rooms),
            Types = Same(previous.Types, Types),
        };
    }

    private static IReadOnlyList<T> Same<T>(IReadOnlyList<T> previous, IReadOnlyList<T> loaded) => previous.SequenceEqual(loaded) ? previous : loaded;
}

/// <summary>A lesson's full details for its drawer.</summary>
public sealed record LessonDetails(LessonView Lesson, DateTime? HeldAt, string? HeldBy, DateTime CreatedAt, string CreatedBy,
    bool CanEdit, bool CanMark);

/// <summary>
/// An absence as typed. Its times are wall-clock times of the employee's branch (see <see cref="AvailabilityService.AddAbsenceAsync"/>);
/// <paramref name="BranchId"/> is the branch the screen shows (the top bar's), which decides for someone of several branches in different zones.
/// </summary>
public sealed record AbsenceDraft(Guid EmployeeId, AbsenceKind Kind, DateTime? LocalFrom, DateTime? LocalTo,
    IReadOnlyList<DayOfWeek> Days, TimeOnly? StartTime, TimeOnly? EndTime, string? Reason, Guid? BranchId = null);

public sealed record AbsenceEntry(Guid Id, Guid EmployeeId, string EmployeeName, AbsenceKind Kind, DateTime? From, DateTime? To,
    IReadOnlyList<DayOfWeek> Days, int StartMinute, int EndMinute, string? Reason, string TimeZoneId);

