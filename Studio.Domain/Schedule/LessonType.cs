using Studio.Domain.Common;

namespace Studio.Domain.Schedule;

public enum LessonKind { Individual, Group }

/// <summary>What is taught: name, default length, individual or group, trial, colour, and how many pass visits it uses.</summary>
public sealed class LessonType : VersionedEntity
{
    public const int NameMax = 120;
    public const int MinMinutes = 5;
    public const int MaxMinutes = 600;
    public const int MaxVisits = 10;

    private LessonType() { Name = ""; Colour = "#1E88E5"; }

    public LessonType(string name, int durationMinutes, LessonKind kind, bool isTrial, string colour, int visitsUsed)
    {
        Name = "";
        Colour = "";
        Update(name, durationMinutes, kind, isTrial, colour, visitsUsed); // raises the change: the name was empty
    }

    public string Name { get; private set; }
    public int DurationMinutes { get; private set; }
    public LessonKind Kind { get; private set; }
    public bool IsTrial { get; private set; }
    public string Colour { get; private set; }
    /// <summary>Pass visits one attendance uses (a double lesson uses two; a free trial none).</summary>
    public int VisitsUsed { get; private set; }
    public bool IsArchived { get; private set; }

    public bool IsGroup => Kind == LessonKind.Group;

    /// <summary>Checks everything first: a refused update changes nothing.</summary>
    public void Update(string name, int durationMinutes, LessonKind kind, bool isTrial, string colour, int visitsUsed)
    {
        var n = Guard.Text(name, NameMax, "Name");
        var d = Duration(durationMinutes);
        var c = Common.Colour.Parse(colour);
        if (visitsUsed is < 0 or > MaxVisits) throw new DomainException("Error.Between", "VisitsUsed", 0, MaxVisits);
        if ((n, d, kind, isTrial, c, visitsUsed) == (Name, DurationMinutes, Kind, IsTrial, Colour, VisitsUsed)) return;
        (Name, DurationMinutes, Kind, IsTrial, Colour, VisitsUsed) = (n, d, kind, isTrial, c, visitsUsed);
        Raise(new LessonTypeChanged(Id));
    }

    public void Archive(bool archived)
    {
        if (archived == IsArchived) return;
        IsArchived = archived;
        Raise(new LessonTypeChanged(Id));
    }

    public static int Duration(int minutes) =>
        minutes is < MinMinutes or > MaxMinutes ? throw new DomainException("Error.Between", "Duration", MinMinutes, MaxMinutes) : minutes;
}

/// <summary>A lesson type was added, edited or (un)archived: schedules redraw (names and colours are in their blocks), pickers reload.</summary>
public sealed record LessonTypeChanged(Guid LessonTypeId) : IDomainEvent;
