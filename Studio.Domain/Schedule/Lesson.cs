using Studio.Domain.Common;

namespace Studio.Domain.Schedule;

public enum LessonStatus { Planned, Held, Cancelled }

public enum Attendance { Expected, Present, Absent }

/// <summary>When and where: the start in UTC, the branch's local day, length, room and one or two teachers.</summary>
public sealed record LessonSlot(DateTime StartsAt, int DurationMinutes, DateOnly Day, Guid? RoomId, Guid TeacherId, Guid? SecondTeacherId)
{
    public DateTime EndsAt => StartsAt.AddMinutes(DurationMinutes);

    public IEnumerable<Guid> Teachers => SecondTeacherId is { } s ? [TeacherId, s] : [TeacherId];

    /// <summary>Puts a local start in the branch's time zone into a slot.</summary>
    public static LessonSlot At(DateTime localStart, TimeZoneInfo zone, int durationMinutes, Guid? roomId, Guid teacherId, Guid? secondTeacherId)
    {
        var utc = Zones.ToUtc(localStart, zone);
        return new(utc, LessonType.Duration(durationMinutes), DateOnly.FromDateTime(localStart), roomId, teacherId,
            secondTeacherId == teacherId ? null : secondTeacherId);
    }
}

/// <summary>How the teacher marked one client when the lesson was held.</summary>
public sealed record AttendanceMark(Guid ClientId, bool Present, bool ChargeIfAbsent);

/// <summary>
/// A lesson on the schedule. Who may be where is checked across lessons (<see cref="Clashes"/>),
/// in the service's transaction; the lesson keeps its own rules: held lessons stay as they were,
/// an individual lesson has one client.
/// </summary>
public sealed class Lesson : VersionedEntity
{
    public const int NotesMax = 2000;
    public const int ReasonMax = 300;
    public const int MaxParticipants = 200;

    private readonly List<LessonParticipant> _participants = [];

    private Lesson() { }

    public Lesson(Guid branchId, LessonType type, LessonSlot slot, Guid? seriesId, DateTime createdAt, Guid createdById)
    {
        BranchId = branchId;
        TypeId = type.Id;
        Kind = type.Kind;
        SeriesId = seriesId;
        CreatedAt = Guard.Utc(createdAt);
        CreatedById = createdById;
        Place(slot);
        Raise(Changed([Day], []));
    }

    public Guid BranchId { get; private set; }
    public Guid TypeId { get; private set; }
    /// <summary>Copied from the type when booked, so renaming a type never turns a group into an individual lesson.</summary>
    public LessonKind Kind { get; private set; }
    public Guid? SeriesId { get; private set; }

    /// <summary>What every change of this lesson raises: its branch's days, its clients, and its group (for that group's journal).</summary>
    private LessonChanged Changed(IReadOnlyList<DateOnly> days, IReadOnlyList<Guid> clientIds) =>
        new(Id, BranchId, days, clientIds) { SeriesId = SeriesId };

    /// <summary>
    /// A planned lesson of a group about to be deleted because the group's pattern changed: its day's screens and its group's
    /// journal hear it go (a deleted row raises nothing by itself).
    /// </summary>
    public void Discard() => Raise(Changed([Day], ClientIds));
    public DateTime StartsAt { get; private set; }
    public DateTime EndsAt { get; private set; }
    public int DurationMinutes { get; private set; }
    /// <summary>The day in the branch's time zone: what the day grid and the live topic are keyed by.</summary>
    public DateOnly Day { get; private set; }
    public Guid? RoomId { get; private set; }
    public Guid TeacherId { get; private set; }
    public Guid? SecondTeacherId { get; private set; }
    public LessonStatus Status { get; private set; }
    public string? CancelReason { get; private set; }
    public DateTime? CancelledAt { get; private set; }
    public string? Notes { get; private set; }
    public DateTime? HeldAt { get; private set; }
    public Guid? HeldById { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public Guid CreatedById { get; private set; }
    public IReadOnlyCollection<LessonParticipant> Participants => _participants;

    public LessonSlot Slot => new(StartsAt, DurationMinutes, Day, RoomId, TeacherId, SecondTeacherId);
    public IEnumerable<Guid> Teachers => Slot.Teachers;
    public bool HasTeacher(Guid employeeId) => TeacherId == employeeId || SecondTeacherId == employeeId;
    private IReadOnlyList<Guid> ClientIds => _participants.Select(p => p.ClientId).ToList();

    /// <summary>Moves the lesson (drag in the grid, or an edit). Only a planned lesson moves.</summary>
    public void Reschedule(LessonSlot slot)
    {
        RequirePlanned();
        var before = Day;
        if (!Place(slot)) return;
        Raise(Changed(before == Day ? [Day] : [before, Day], ClientIds));
    }

    /// <summary>Applies a series edit: the lesson takes the series' type and place but stays where it was if held.</summary>
    public void ChangeType(LessonType type)
    {
        RequirePlanned();
        if (type.Kind == LessonKind.Individual && _participants.Count > 1) throw new DomainException("Error.Lesson.OneClient");
        if ((TypeId, Kind) == (type.Id, type.Kind)) return;
        (TypeId, Kind) = (type.Id, type.Kind);
        Raise(Changed([Day], ClientIds));
    }

    /// <summary>
    /// A substitute takes one teacher's place at this lesson (illness, a day off): the time, room and participants stay as
    /// they are. Only a planned lesson; the substitute must not already teach it. Returns the history line to keep.
    /// Clashes of the substitute with their other lessons and absences are the caller's check (<see cref="Clashes"/>).
    /// </summary>
    public LessonSubstitution Substitute(Guid fromTeacherId, Guid toTeacherId, string? reason, DateTime at, Guid byId)
    {
        RequirePlanned();
        if (!HasTeacher(fromTeacherId)) throw new DomainException("Error.Substitute.NotTeacher");
        if (fromTeacherId == toTeacherId || HasTeacher(toTeacherId)) throw new DomainException("Error.Substitute.AlreadyTeaches");
        var line = new LessonSubstitution(Id, fromTeacherId, toTeacherId, reason, at, byId);
        if (TeacherId == fromTeacherId) TeacherId = toTeacherId;
        else SecondTeacherId = toTeacherId;
        Raise(Changed([Day], ClientIds));
        return line;
    }

    public void AddParticipant(Guid clientId)
    {
        if (Status == LessonStatus.Held) throw new DomainException("Error.Lesson.Held");
        if (_participants.Any(p => p.ClientId == clientId)) return;
        if (Kind == LessonKind.Individual && _participants.Count >= 1) throw new DomainException("Error.Lesson.OneClient");
        if (_participants.Count >= MaxParticipants) throw new DomainException("Error.Lesson.Full", MaxParticipants);
        _participants.Add(new LessonParticipant(Id, clientId));
        Raise(Changed([Day], [clientId]));
    }

    public void RemoveParticipant(Guid clientId)
    {
        if (Status == LessonStatus.Held) throw new DomainException("Error.Lesson.Held");
        if (_participants.RemoveAll(p => p.ClientId == clientId) > 0)
            Raise(Changed([Day], [clientId]));
    }

    public void SetNotes(string? notes)
    {
        var n = Guard.OptionalText(notes, NotesMax, "Notes");
        if (n == Notes) return;
        Notes = n;
        Raise(Changed([Day], []));
    }

    public void Cancel(string reason, DateTime at)
    {
        if (Status == LessonStatus.Held) throw new DomainException("Error.Lesson.Held");
        if (Status == LessonStatus.Cancelled) return;
        CancelReason = Guard.Text(reason, ReasonMax, "Reason");
        (Status, CancelledAt) = (LessonStatus.Cancelled, Guard.Utc(at));
        Raise(Changed([Day], ClientIds));
    }

    /// <summary>Undo of a cancellation. The slot must be free again: the caller checks clashes first.</summary>
    public void Restore()
    {
        if (Status != LessonStatus.Cancelled) return;
        (Status, CancelReason, CancelledAt) = (LessonStatus.Planned, null, null);
        Raise(Changed([Day], ClientIds));
    }

    /// <summary>
    /// "The lesson was held": each participant is present or absent; an absent one is charged
    /// only if asked, and a frozen client is never charged. Which pass pays is decided next,
    /// by <see cref="Billing.VisitCharging"/>; returns the participants whose visit counts.
    /// </summary>
    public IReadOnlyList<LessonParticipant> MarkHeld(IReadOnlyCollection<AttendanceMark> marks, IReadOnlySet<Guid> frozenClients,
        string? notes, DateTime at, Guid byId)
    {
        if (Status == LessonStatus.Cancelled) throw new DomainException("Error.Lesson.Cancelled");
        if (Status == LessonStatus.Held) throw new DomainException("Error.Lesson.AlreadyHeld");
        var byClient = marks.GroupBy(m => m.ClientId).ToDictionary(g => g.Key, g => g.Last());
        var unknown = byClient.Keys.Where(id => _participants.All(p => p.ClientId != id)).ToList();
        if (unknown.Count > 0) throw new DomainException("Error.Lesson.NotParticipant");
        var n = Guard.OptionalText(notes, NotesMax, "Notes");

        var counted = new List<LessonParticipant>();
        foreach (var p in _participants)
        {
            var mark = byClient.GetValueOrDefault(p.ClientId) ?? new AttendanceMark(p.ClientId, Present: false, ChargeIfAbsent: false);
            var frozen = frozenClients.Contains(p.ClientId);
            p.Mark(mark.Present ? Attendance.Present : Attendance.Absent, frozen);
            if (mark.Present || (mark.ChargeIfAbsent && !frozen)) counted.Add(p);
        }
        (Status, Notes, HeldAt, HeldById) = (LessonStatus.Held, n ?? Notes, Guard.Utc(at), byId);
        Raise(Changed([Day], ClientIds) with { Held = true });
        return counted;
    }

    /// <summary>Undo of "held": back to planned; returns the charges to give back to their passes.</summary>
    public IReadOnlyList<(Guid ClientId, Guid? PassId, int Visits)> UndoHeld()
    {
        if (Status != LessonStatus.Held) throw new DomainException("Error.Lesson.NotHeld");
        var refunds = _participants.Where(p => p.Visits > 0 || p.Owed).Select(p => (p.ClientId, p.PassId, p.Visits)).ToList();
        foreach (var p in _participants) p.Reset();
        (Status, HeldAt, HeldById) = (LessonStatus.Planned, null, null);
        Raise(Changed([Day], ClientIds) with { Held = true });
        return refunds;
    }

    /// <summary>Puts the lesson in the slot, all checked first; false when it already is there.</summary>
    private bool Place(LessonSlot slot)
    {
        Guard.Utc(slot.StartsAt);
        if (slot.SecondTeacherId == slot.TeacherId) throw new DomainException("Error.Lesson.SameTeacher");
        if (slot with { DurationMinutes = LessonType.Duration(slot.DurationMinutes) } == Slot) return false;
        (StartsAt, DurationMinutes, EndsAt, Day) = (slot.StartsAt, LessonType.Duration(slot.DurationMinutes), slot.EndsAt, slot.Day);
        (RoomId, TeacherId, SecondTeacherId) = (slot.RoomId, slot.TeacherId, slot.SecondTeacherId);
        return true;
    }

    private void RequirePlanned()
    {
        if (Status == LessonStatus.Held) throw new DomainException("Error.Lesson.Held");
        if (Status == LessonStatus.Cancelled) throw new DomainException("Error.Lesson.Cancelled");
    }
}

/// <summary>A client at a lesson; after "held", whether they came and what it cost.</summary>
public sealed class LessonParticipant
{
    private LessonParticipant() { }

    internal LessonParticipant(Guid lessonId, Guid clientId) { LessonId = lessonId; ClientId = clientId; }

    public Guid LessonId { get; private set; }
    public Guid ClientId { get; private set; }
    public Attendance Attendance { get; private set; }
    /// <summary>Away on a freeze that day: not expected, never charged.</summary>
    public bool Frozen { get; private set; }
    /// <summary>The pass that paid for this visit, if one did.</summary>
    public Guid? PassId { get; private set; }
    public int Visits { get; private set; }
    /// <summary>The visit counted but no valid pass covered it: the client owes it.</summary>
    public bool Owed { get; private set; }
    public DateTime? SettledAt { get; private set; }

    internal void Mark(Attendance attendance, bool frozen) => (Attendance, Frozen) = (attendance, frozen);

    /// <summary>Paid from a pass, or owed when none covered it.</summary>
    public void Charge(Guid? passId, int visits)
    {
        (PassId, Visits, Owed) = passId is null ? (null, visits, visits > 0) : (passId, visits, false);
    }

    /// <summary>An owed visit paid later from a newly bought pass.</summary>
    public void Settle(Guid passId, DateTime at)
    {
        if (!Owed) throw new DomainException("Error.Lesson.NotOwed");
        (PassId, Owed, SettledAt) = (passId, false, Guard.Utc(at));
    }

    internal void Reset() => (Attendance, Frozen, PassId, Visits, Owed, SettledAt) = (Attendance.Expected, false, null, 0, false, null);
}

/// <summary>One line of a lesson's history: who replaced whom as its teacher, why, when and by whom.</summary>
public sealed class LessonSubstitution
{
    public const int ReasonMax = 300;

    private LessonSubstitution() { }

    internal LessonSubstitution(Guid lessonId, Guid fromTeacherId, Guid toTeacherId, string? reason, DateTime at, Guid byId) =>
        (Id, LessonId, FromTeacherId, ToTeacherId, Reason, At, ById) =
        (Guid.CreateVersion7(), lessonId, fromTeacherId, toTeacherId, Guard.OptionalText(reason, ReasonMax, "Reason"), Guard.Utc(at), byId);

    public Guid Id { get; private set; }
    public Guid LessonId { get; private set; }
    public Guid FromTeacherId { get; private set; }
    public Guid ToTeacherId { get; private set; }
    public string? Reason { get; private set; }
    public DateTime At { get; private set; }
    public Guid ById { get; private set; }
}

/// <summary>Something on a lesson changed; the days it touches (both, for a move across days) and the clients on it.</summary>
public sealed record LessonChanged(Guid LessonId, Guid BranchId, IReadOnlyList<DateOnly> Days, IReadOnlyList<Guid> ClientIds) : IDomainEvent
{
    /// <summary>The group the lesson belongs to, if any: an open journal of that group hears it (a lesson added, cancelled, joined).</summary>
    public Guid? SeriesId { get; init; }

    /// <summary>Marked held or unmarked: visits and owed counts changed too.</summary>
    public bool Held { get; init; }
}
