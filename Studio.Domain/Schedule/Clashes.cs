namespace Studio.Domain.Schedule;

public enum ClashKind { TeacherBusy, RoomBusy, TeacherAbsent, ClientBusy }

/// <summary>One thing in the way of a lesson: who or what, and the lesson or absence that holds the time.</summary>
public sealed record Clash(ClashKind Kind, Guid WhoId, Guid? LessonId, Guid? AbsenceId, DateTime From, DateTime To)
{
    /// <summary>A client at two lessons is worth a warning; a teacher or a room twice is refused.</summary>
    public bool Blocks => Kind != ClashKind.ClientBusy;
}

/// <summary>
/// The schedule's rules across lessons: a teacher is never in two lessons at once nor in one
/// during an absence; a room holds one lesson at a time. Pure: the service feeds it what the
/// database holds around the slot, inside the transaction that saves.
/// </summary>
public static class Clashes
{
    /// <param name="lessonId">The lesson being placed (left out of the comparison), or a new id.</param>
    /// <param name="others">Lessons that may overlap; cancelled ones are ignored.</param>
    public static IReadOnlyList<Clash> Find(Guid lessonId, LessonSlot slot, IReadOnlyCollection<Guid> clientIds,
        IEnumerable<Lesson> others, IEnumerable<StaffAbsence> absences)
    {
        var (start, end) = (slot.StartsAt, slot.EndsAt);
        var teachers = slot.Teachers.ToHashSet();
        var clashes = new List<Clash>();
        foreach (var other in others)
        {
            if (other.Id == lessonId || other.Status == LessonStatus.Cancelled) continue;
            if (!(other.StartsAt < end && start < other.EndsAt)) continue;
            foreach (var t in other.Teachers.Where(teachers.Contains))
                clashes.Add(new(ClashKind.TeacherBusy, t, other.Id, null, other.StartsAt, other.EndsAt));
            if (slot.RoomId is { } room && other.RoomId == room)
                clashes.Add(new(ClashKind.RoomBusy, room, other.Id, null, other.StartsAt, other.EndsAt));
            foreach (var c in other.Participants.Select(p => p.ClientId).Where(clientIds.Contains))
                clashes.Add(new(ClashKind.ClientBusy, c, other.Id, null, other.StartsAt, other.EndsAt));
        }
        foreach (var absence in absences.Where(a => teachers.Contains(a.EmployeeId)))
            foreach (var (f, t) in absence.Within(start, end).Take(1))
                clashes.Add(new(ClashKind.TeacherAbsent, absence.EmployeeId, null, absence.Id, f, t));
        return clashes;
    }
}
