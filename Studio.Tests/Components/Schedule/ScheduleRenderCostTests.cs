using Bunit;
using Studio.Domain.Schedule;
using Studio.Infrastructure.Schedule;
using Studio.Web.Schedule;
using Xunit;

namespace Studio.Tests.Components.Schedule;

/// <summary>
/// A change costs the change (ADR-008), on the schedule too: a snapshot with one changed lesson re-renders that lesson's
/// block and no other; a clock tick within the minute renders nothing; a new minute moves the "now" line alone.
/// Counted with bUnit's render counts.
/// </summary>
public sealed class ScheduleRenderCostTests : MudComponentTest
{
    private static readonly DateOnly Day = new(2026, 11, 23); // a Monday
    private static readonly Guid Branch = Guid.NewGuid(), Olena = Guid.NewGuid(), Taras = Guid.NewGuid(), Hall = Guid.NewGuid(), Group = Guid.NewGuid();

    private static LessonView Lesson(Guid teacher, DateOnly day, int hour)
    {
        var start = day.ToDateTime(new TimeOnly(hour, 0));
        return new LessonView(Guid.NewGuid(), Guid.NewGuid(), Branch, null, null, Group, "Hip-hop", "#42A5F5", LessonKind.Group, false,
            start.AddHours(-2), start.AddHours(-1), day, start, start.AddHours(1), Hall, "Hall", teacher, null, "Teacher", LessonStatus.Planned,
            null, null, [new ParticipantView(Guid.NewGuid(), "Anna", null, Attendance.Expected, false, false, 0, null)]);
    }

    private static readonly Guid TypeVersion = Guid.NewGuid();

    /// <summary>A week as read from the database: every list and view a new instance.</summary>
    private static ScheduleSnapshot Week(IReadOnlyList<LessonView> lessons, long sequence = 1) =>
        new(Branch, "Podil", "Europe/Kyiv", Day, 7, sequence, lessons, [],
            [new ScheduleTeacher(Olena, "Olena Koval", "OK"), new ScheduleTeacher(Taras, "Taras Bondar", "TB")],
            [new ScheduleRoom(Hall, "Hall", 20)], [new LessonTypeView(Group, TypeVersion, "Hip-hop", 60, LessonKind.Group, false, "#42A5F5", 1, false)]);

    private static List<LessonView> Lessons() =>
        [.. Enumerable.Range(0, 12).Select(i => Lesson(i % 2 == 0 ? Olena : Taras, Day.AddDays(i % 3), 9 + i))];

    /// <summary>The next snapshot as the node's feed makes it: read again (new, equal instances), one lesson changed, then <see cref="ScheduleSnapshot.Reuse"/>.</summary>
    private static ScheduleSnapshot Next(ScheduleSnapshot shown, Guid changed, Func<LessonView, LessonView> change) =>
        Week([.. shown.Lessons.Select(l => l.Id == changed ? change(l with { }) : l with { })], shown.Sequence + 1).Reuse(shown);

    private static Dictionary<Guid, int> DayCounts(IRenderedComponent<DayGrid> cut) =>
        cut.FindComponents<DayLesson>().ToDictionary(c => c.Instance.Placed.Lesson.Id, c => c.RenderCount);

    [Fact]
    public void Reuse_AReadThatFindsLessonsUnchanged_KeepsTheirInstances()
    {
        var before = Week(Lessons());
        var moved = before.Lessons[3];

        var after = Next(before, moved.Id, l => l with { Version = Guid.NewGuid(), Status = LessonStatus.Cancelled });

        Assert.All(after.Lessons.Where(l => l.Id != moved.Id), l => Assert.Same(before.Lessons.Single(b => b.Id == l.Id), l));
        Assert.NotSame(moved, after.Lessons.Single(l => l.Id == moved.Id));
        Assert.Same(before.Teachers, after.Teachers);
        Assert.Same(before.Types, after.Types);
        var unchanged = Next(before, moved.Id, l => l);
        Assert.Same(before.Lessons, unchanged.Lessons); // nothing changed: not even the list is new
    }

    [Fact]
    public void DayGrid_OneLessonChanged_RendersThatLessonOnly()
    {
        var shown = Week(Lessons());
        var filter = new ScheduleFilter(Day, ShowCancelled: true);
        var cut = Ctx.Render<DayGrid>(p => p.Add(c => c.Snapshot, shown).Add(c => c.Filter, filter).Add(c => c.CanEdit, true));
        var changed = shown.Lessons.First(l => l.Day == Day);
        Assert.True(DayCounts(cut).Count >= 3);
        Assert.All(DayCounts(cut).Values, n => Assert.Equal(1, n));

        // Straight to the grid (the page's path for a lesson change) …
        var next = Next(shown, changed.Id, l => l with { Version = Guid.NewGuid(), Status = LessonStatus.Cancelled, CancelReason = "Ill" });
        cut.InvokeAsync(() => cut.Instance.Show(next, next.Lessons));
        var counts = DayCounts(cut);
        Assert.Equal(2, counts[changed.Id]);
        Assert.All(counts.Where(c => c.Key != changed.Id), c => Assert.Equal(1, c.Value));
        Assert.Equal("Cancelled", cut.Find($"[data-lesson-id='{changed.Id}']").GetAttribute("data-status"));

        // … or through the page re-rendering it: the same, only what changed renders.
        var again = Next(next, changed.Id, l => l with { Version = Guid.NewGuid(), Notes = "Back", Status = LessonStatus.Planned });
        cut.Render(p => p.Add(c => c.Snapshot, again).Add(c => c.Lessons, again.Lessons));
        counts = DayCounts(cut);
        Assert.Equal(3, counts[changed.Id]);
        Assert.All(counts.Where(c => c.Key != changed.Id), c => Assert.Equal(1, c.Value));
    }

    [Fact]
    public void DayGrid_ALessonOfAnotherDayChanged_RendersNothing()
    {
        var shown = Week(Lessons());
        var cut = Ctx.Render<DayGrid>(p => p.Add(c => c.Snapshot, shown).Add(c => c.Filter, new ScheduleFilter(Day)));
        var elsewhere = shown.Lessons.First(l => l.Day != Day);

        var next = Next(shown, elsewhere.Id, l => l with { Version = Guid.NewGuid(), Status = LessonStatus.Cancelled });
        cut.InvokeAsync(() => cut.Instance.Show(next, next.Lessons));

        Assert.Equal(1, cut.RenderCount); // the grid, with its lessons and line, did not render at all
        Assert.All(DayCounts(cut).Values, n => Assert.Equal(1, n));
    }

    [Fact]
    public void DayGrid_ClockTick_RendersNothingWithinTheMinuteAndOnlyTheNowLineOnANewOne()
    {
        var shown = Week(Lessons());
        var now = Day.ToDateTime(new TimeOnly(14, 30, 5));
        var cut = Ctx.Render<DayGrid>(p => p.Add(c => c.Snapshot, shown).Add(c => c.Filter, new ScheduleFilter(Day)).Add(c => c.NowLocal, now));
        var line = cut.FindComponent<NowLine>();
        // bUnit counts a component's render and its children's: the grid's count moving with the line's alone means only the line rendered.
        Assert.Equal((1, 1), (cut.RenderCount, line.RenderCount));

        cut.InvokeAsync(() => cut.Instance.ShowNow(now.AddSeconds(45)));
        Assert.Equal((1, 1), (cut.RenderCount, line.RenderCount));
        Assert.All(DayCounts(cut).Values, n => Assert.Equal(1, n));

        cut.InvokeAsync(() => cut.Instance.ShowNow(now.AddSeconds(60)));
        Assert.Equal(2, line.RenderCount);
        Assert.Same(line.Instance, cut.FindComponent<NowLine>().Instance);
        Assert.All(DayCounts(cut).Values, n => Assert.Equal(1, n));
        Assert.Contains("top:391px", cut.Find("[data-testid=now-line]").GetAttribute("style")); // 14:31 is 391 minutes after 08:00
    }

    [Fact]
    public void WeekGrid_OneLessonChanged_RendersThatChipOnly()
    {
        var shown = Week(Lessons());
        var cut = Ctx.Render<WeekGrid>(p => p.Add(c => c.Snapshot, shown).Add(c => c.Filter, new ScheduleFilter(Day, ScheduleMode.Week)).Add(c => c.Today, Day));
        var changed = shown.Lessons[5];

        var next = Next(shown, changed.Id, l => l with { Version = Guid.NewGuid(), Status = LessonStatus.Held });
        cut.InvokeAsync(() => cut.Instance.Show(next, next.Lessons));

        var counts = cut.FindComponents<WeekLesson>().ToDictionary(c => c.Instance.Lesson.Id, c => c.RenderCount);
        Assert.Equal(12, counts.Count);
        Assert.Equal(2, counts[changed.Id]);
        Assert.All(counts.Where(c => c.Key != changed.Id), c => Assert.Equal(1, c.Value));
        Assert.Equal("Held", cut.Find($"[data-lesson-id='{changed.Id}']").GetAttribute("data-status"));
    }
}
