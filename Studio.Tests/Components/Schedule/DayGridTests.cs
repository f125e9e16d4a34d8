using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Studio.Domain.Schedule;
using Studio.Infrastructure.Schedule;
using Studio.Web.Schedule;
using Xunit;

namespace Studio.Tests.Components.Schedule;

public sealed class DayGridTests : MudComponentTest
{
    private static readonly DateOnly Day = new(2026, 11, 23);
    private static readonly Guid Branch = Guid.NewGuid(), Olena = Guid.NewGuid(), Taras = Guid.NewGuid(), Hall = Guid.NewGuid(), Small = Guid.NewGuid();
    private static readonly Guid Group = Guid.NewGuid();
    private static LessonView Lesson(Guid teacher, int hour, int minute, int minutes, LessonStatus status = LessonStatus.Planned, Guid? room = null,
        string title = "Hip-hop", int participants = 0)
    {
        var start = Day.ToDateTime(new TimeOnly(hour, minute));
        var people = Enumerable.Range(0, participants)
            .Select(i => new ParticipantView(Guid.NewGuid(), $"Client {i}", null, Attendance.Expected, false, false, 0, null)).ToList();
        return new LessonView(Guid.NewGuid(), Guid.NewGuid(), Branch, null, title, Group, "Hip-hop", "#42A5F5", LessonKind.Group, false,
            start.AddHours(-2), start.AddHours(-2).AddMinutes(minutes), Day, start, start.AddMinutes(minutes), room ?? Hall, room == Small ? "Small" : "Hall",
            teacher, null, teacher == Olena ? "Olena Koval" : "Taras Bondar", status, status == LessonStatus.Cancelled ? "Ill" : null, null, people);
    }

    private static ScheduleSnapshot Snapshot(IReadOnlyList<LessonView> lessons, params AbsenceView[] absences) =>
        new(Branch, "Podil", "Europe/Kyiv", Day, 1, 1, lessons, absences,
            [new ScheduleTeacher(Olena, "Olena Koval", "OK"), new ScheduleTeacher(Taras, "Taras Bondar", "TB")],
            [new ScheduleRoom(Hall, "Hall", 20), new ScheduleRoom(Small, "Small", 6)],
            [new LessonTypeView(Group, Guid.NewGuid(), "Hip-hop", 60, LessonKind.Group, false, "#42A5F5", 1, false)]);

    private IRenderedComponent<DayGrid> Render(ScheduleSnapshot s, ScheduleFilter? filter = null, DateTime? now = null) =>
        Ctx.Render<DayGrid>(p => p
            .Add(c => c.Snapshot, s)
            .Add(c => c.Filter, filter ?? new ScheduleFilter(Day))
            .Add(c => c.NowLocal, now)
            .Add(c => c.CanEdit, true));

    private static string Column(Guid id) => $"[data-testid=grid-column][data-column-id='{id}']";

    [Fact]
    public void Render_Lessons_BlocksSitInTheirTeachersColumnPlacedByTime()
    {
        var ten = Lesson(Olena, 10, 0, 60, participants: 3);
        var half = Lesson(Taras, 17, 30, 45);
        var cut = Render(Snapshot([ten, half]));

        var block = cut.Find($"{Column(Olena)} [data-lesson-id='{ten.Id}']");
        var style = block.GetAttribute("style")!;
        // 08:00 is the top: 10:00 is 120 minutes down, one pixel a minute.
        Assert.Contains("top:120px", style);
        Assert.Contains("height:60px", style);
        Assert.Contains("10:00–11:00", block.TextContent);
        Assert.Contains("Hip-hop", block.TextContent);
        Assert.Contains("Hall", block.TextContent);
        Assert.Contains("3", block.QuerySelector(".sched-count")!.TextContent);
        Assert.Contains("top:570px", cut.Find($"{Column(Taras)} [data-lesson-id='{half.Id}']").GetAttribute("style"));
        Assert.Empty(cut.FindAll($"{Column(Taras)} [data-lesson-id='{ten.Id}']"));
    }

    [Fact]
    public void Render_HeldAndCancelled_StyledAndMarkedByStatus()
    {
        var planned = Lesson(Olena, 9, 0, 60);
        var held = Lesson(Olena, 11, 0, 60, LessonStatus.Held);
        var cancelled = Lesson(Taras, 12, 0, 60, LessonStatus.Cancelled);
        var cut = Render(Snapshot([planned, held, cancelled]), new ScheduleFilter(Day, ShowCancelled: true));

        Assert.Equal("Planned", cut.Find($"[data-lesson-id='{planned.Id}']").GetAttribute("data-status"));
        var heldBlock = cut.Find($"[data-lesson-id='{held.Id}']");
        Assert.Equal("Held", heldBlock.GetAttribute("data-status"));
        Assert.Contains("lesson-held", heldBlock.ClassName);
        Assert.NotNull(heldBlock.QuerySelector(".sched-held-mark"));
        var cancelledBlock = cut.Find($"[data-lesson-id='{cancelled.Id}']");
        Assert.Equal("Cancelled", cancelledBlock.GetAttribute("data-status"));
        Assert.Contains("lesson-cancelled", cancelledBlock.ClassName);
        Assert.DoesNotContain("lesson-held", cut.Find($"[data-lesson-id='{planned.Id}']").ClassName);
        // Only planned lessons drag.
        Assert.Equal("true", cut.Find($"[data-lesson-id='{planned.Id}']").GetAttribute("draggable"));
        Assert.Equal("false", heldBlock.GetAttribute("draggable"));
    }

    [Fact]
    public void Render_Cancelled_HiddenUnlessTheFilterIsOn()
    {
        var planned = Lesson(Olena, 9, 0, 60);
        var cancelled = Lesson(Olena, 9, 0, 60, LessonStatus.Cancelled);
        var snapshot = Snapshot([planned, cancelled]);

        var hidden = Render(snapshot);
        Assert.Single(hidden.FindAll("[data-testid=lesson]"));
        Assert.Empty(hidden.FindAll($"[data-lesson-id='{cancelled.Id}']"));

        var shown = Render(snapshot, new ScheduleFilter(Day, ShowCancelled: true));
        Assert.Equal(2, shown.FindAll("[data-testid=lesson]").Count);
        // The cancelled one and its replacement share the time: side by side, half the width each.
        Assert.Contains("width:calc(100% / 2)", shown.Find($"[data-lesson-id='{planned.Id}']").GetAttribute("style"));
    }

    [Fact]
    public void Render_Absence_HatchedInThatTeachersColumnOnly()
    {
        var from = Day.ToDateTime(new TimeOnly(13, 0));
        var absence = new AbsenceView(Guid.NewGuid(), Taras, AbsenceKind.Temporary, from.AddHours(-2), from.AddHours(1), from, from.AddHours(3), "Doctor");
        var cut = Render(Snapshot([], absence));

        var hatched = cut.Find($"{Column(Taras)} [data-testid=absence]");
        Assert.Equal(Taras.ToString(), hatched.GetAttribute("data-employee-id"));
        Assert.Contains("top:300px", hatched.GetAttribute("style"));
        Assert.Contains("height:180px", hatched.GetAttribute("style"));
        Assert.Empty(cut.FindAll($"{Column(Olena)} [data-testid=absence]"));
    }

    [Fact]
    public void Render_ByRooms_ColumnsAreRoomsAndFiltersNarrowThem()
    {
        var inSmall = Lesson(Olena, 10, 0, 60, room: Small);
        var inHall = Lesson(Taras, 10, 0, 60, room: Hall);
        var cut = Render(Snapshot([inSmall, inHall]), new ScheduleFilter(Day, By: ScheduleBy.Rooms));

        Assert.NotNull(cut.Find($"{Column(Small)} [data-lesson-id='{inSmall.Id}']"));
        Assert.NotNull(cut.Find($"{Column(Hall)} [data-lesson-id='{inHall.Id}']"));
        Assert.Contains("Olena Koval", cut.Find($"[data-lesson-id='{inSmall.Id}']").TextContent);

        var olenaOnly = Render(Snapshot([inSmall, inHall]), new ScheduleFilter(Day, TeacherId: Olena));
        Assert.Single(olenaOnly.FindAll("[data-testid=grid-column]"));
        Assert.Single(olenaOnly.FindAll("[data-testid=lesson]"));
    }

    [Fact]
    public void Render_Today_RedLineAtNow()
    {
        var cut = Render(Snapshot([]), now: Day.ToDateTime(new TimeOnly(14, 30)));
        Assert.Contains("top:390px", cut.Find("[data-testid=now-line]").GetAttribute("style"));

        var tomorrow = Render(Snapshot([]), now: Day.AddDays(-1).ToDateTime(new TimeOnly(14, 30)));
        Assert.Empty(tomorrow.FindAll("[data-testid=now-line]"));
    }

    [Fact]
    public async Task ClickEmptySlot_ReportsColumnAndTimeSnappedTo15Minutes()
    {
        SlotPick? picked = null;
        var cut = Ctx.Render<DayGrid>(p => p
            .Add(c => c.Snapshot, Snapshot([]))
            .Add(c => c.Filter, new ScheduleFilter(Day))
            .Add(c => c.CanEdit, true)
            .Add(c => c.OnSlot, (SlotPick s) => picked = s));

        await cut.Find(Column(Taras)).ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs { OffsetY = 607 });

        Assert.NotNull(picked);
        Assert.Equal(Taras, picked.Column.Id);
        Assert.Equal(Day.ToDateTime(new TimeOnly(18, 0)), picked.LocalStart);
    }

    [Fact]
    public void Place_OverlappingLessons_GetLanesAndLaterOnesStartOver()
    {
        var a = Lesson(Olena, 10, 0, 60);
        var b = Lesson(Olena, 10, 30, 60);
        var c = Lesson(Olena, 12, 0, 60);
        var placed = GridGeometry.Place([a, b, c], Day, 8).ToDictionary(p => p.Lesson.Id);

        Assert.Equal((0, 2), (placed[a.Id].Lane, placed[a.Id].Lanes));
        Assert.Equal((1, 2), (placed[b.Id].Lane, placed[b.Id].Lanes));
        Assert.Equal((0, 1), (placed[c.Id].Lane, placed[c.Id].Lanes));
    }
}
