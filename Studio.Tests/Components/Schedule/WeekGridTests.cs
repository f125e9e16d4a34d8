using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Studio.Domain.Schedule;
using Studio.Infrastructure.Schedule;
using Studio.Web.Schedule;
using Xunit;

namespace Studio.Tests.Components.Schedule;

public sealed class WeekGridTests : MudComponentTest
{
    private static readonly DateOnly Wednesday = new(2026, 11, 25);
    private static readonly Guid Branch = Guid.NewGuid(), Olena = Guid.NewGuid(), Taras = Guid.NewGuid(), Hall = Guid.NewGuid(), Type = Guid.NewGuid();
    private static LessonView Lesson(Guid teacher, DateOnly day, int hour, LessonStatus status = LessonStatus.Planned)
    {
        var start = day.ToDateTime(new TimeOnly(hour, 0));
        return new LessonView(Guid.NewGuid(), Guid.NewGuid(), Branch, null, "Stretching", Type, "Stretching", "#66BB6A", LessonKind.Group, false,
            start.AddHours(-2), start.AddHours(-1), day, start, start.AddHours(1), Hall, "Hall", teacher, null, "T", status, null, null, []);
    }

    [Fact]
    public void Render_Week_ChipsInTheirTeachersRowAndDayWithHooks_AbsentDayHatched()
    {
        var monday = new DateOnly(2026, 11, 23);
        var onWednesday = Lesson(Olena, Wednesday, 18, LessonStatus.Held);
        var onSunday = Lesson(Taras, monday.AddDays(6), 10);
        var cancelled = Lesson(Taras, monday, 10, LessonStatus.Cancelled);
        var away = monday.AddDays(1).ToDateTime(new TimeOnly(9, 0));
        var snapshot = new ScheduleSnapshot(Branch, "Podil", "Europe/Kyiv", monday, 7, 3, [onWednesday, onSunday, cancelled],
            [new AbsenceView(Guid.NewGuid(), Taras, AbsenceKind.Temporary, away, away.AddHours(4), away, away.AddHours(4), null)],
            [new ScheduleTeacher(Olena, "Olena", "O"), new ScheduleTeacher(Taras, "Taras", "T")], [new ScheduleRoom(Hall, "Hall", 10)], []);

        var cut = Ctx.Render<WeekGrid>(p => p.Add(c => c.Snapshot, snapshot).Add(c => c.Filter, new ScheduleFilter(Wednesday, ScheduleMode.Week)));

        Assert.Equal(7, cut.FindAll("[data-testid=week-day]").Count);
        Assert.Equal("2026-11-23", cut.Find("[data-testid=week-day]").GetAttribute("data-day"));
        var chip = cut.Find($"[data-testid=week-row][data-column-id='{Olena}'] td[data-day='2026-11-25'] [data-testid=lesson]");
        Assert.Equal(onWednesday.Id.ToString(), chip.GetAttribute("data-lesson-id"));
        Assert.Equal("Held", chip.GetAttribute("data-status"));
        Assert.Contains("lesson-held", chip.ClassName);
        Assert.NotNull(cut.Find($"[data-testid=week-row][data-column-id='{Taras}'] td[data-day='2026-11-29'] [data-lesson-id='{onSunday.Id}']"));
        Assert.Empty(cut.FindAll($"[data-lesson-id='{cancelled.Id}']"));
        Assert.Contains("sched-absent-cell", cut.Find($"[data-testid=week-row][data-column-id='{Taras}'] td[data-day='2026-11-24']").ClassName);
        Assert.DoesNotContain("sched-absent-cell", cut.Find($"[data-testid=week-row][data-column-id='{Olena}'] td[data-day='2026-11-24']").ClassName);
    }

    [Fact]
    public void ClickEmptyPartOfACell_PicksThatTeacherAndDay_AfterTheLastLessonThere_ChipClickOpensInstead()
    {
        var monday = new DateOnly(2026, 11, 23);
        var evening = Lesson(Olena, Wednesday, 18);
        var snapshot = new ScheduleSnapshot(Branch, "Podil", "Europe/Kyiv", monday, 7, 3, [evening], [],
            [new ScheduleTeacher(Olena, "Olena", "O"), new ScheduleTeacher(Taras, "Taras", "T")], [new ScheduleRoom(Hall, "Hall", 10)], []);
        var picks = new List<SlotPick>();
        var opened = new List<Guid>();
        var cut = Ctx.Render<WeekGrid>(p => p.Add(c => c.Snapshot, snapshot).Add(c => c.Filter, new ScheduleFilter(Wednesday, ScheduleMode.Week))
            .Add(c => c.CanEdit, true).Add(c => c.OnSlot, (SlotPick s) => picks.Add(s)).Add(c => c.OnOpen, (Guid id) => opened.Add(id)));

        cut.Find($"[data-testid=week-row][data-column-id='{Olena}'] td[data-day='2026-11-25']").Click();
        cut.Find($"[data-testid=week-row][data-column-id='{Taras}'] td[data-day='2026-11-24']").Click();
        cut.Find($"[data-lesson-id='{evening.Id}']").Click();

        Assert.Equal([(Olena, new DateTime(2026, 11, 25, 19, 0, 0)), (Taras, new DateTime(2026, 11, 24, 10, 0, 0))],
            picks.Select(p => (p.Column.Id ?? Guid.Empty, p.LocalStart)));
        Assert.Equal([evening.Id], opened);
    }
}
