using Studio.Domain.Schedule;

namespace Studio.Web.Schedule;

/// <summary>What the teacher sends with "Lesson held": the lesson as they saw it, the ticks and the notes.</summary>
public sealed record MyDayHeld(Guid LessonId, Guid Version, IReadOnlyList<AttendanceMark> Marks, string? Notes);
