using System.Globalization;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Studio.Domain.Schedule;
using Studio.Infrastructure.Schedule;
using Studio.Web.Schedule;

namespace Studio.Tests.Components.Schedule;

/// <summary>The attendance list on the teacher's tablet: one tap a name, charging the absent, frozen clients never charged.</summary>
public sealed class MyDayAttendanceTests : MudComponentTest
{
    private static readonly Guid Ivan = Guid.NewGuid(), Maria = Guid.NewGuid(), Frozen = Guid.NewGuid();

    private static LessonView Lesson(LessonStatus status = LessonStatus.Planned, params ParticipantView[] people)
    {
        var start = new DateTime(2026, 11, 23, 16, 0, 0, DateTimeKind.Utc);
        if (people.Length == 0)
            people =
            [
                new(Ivan, "Ivan Petrenko", null, Attendance.Expected, false, false, 0, null),
                new(Maria, "Maria Koval", null, Attendance.Expected, false, false, 0, null),
                new(Frozen, "Oksana Frozen", null, Attendance.Expected, true, false, 0, null),
            ];
        return new LessonView(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), null, null, Guid.NewGuid(), "Hip-hop", "#42A5F5", LessonKind.Group,
            false, start, start.AddHours(1), new DateOnly(2026, 11, 23), start.AddHours(2), start.AddHours(3), null, "Hall 1", Guid.NewGuid(), null,
            "Olena", status, null, null, people);
    }

    private IRenderedComponent<MyDayAttendance> Render(LessonView lesson, Action<MyDayHeld>? onHeld = null) =>
        Ctx.Render<MyDayAttendance>(p => p
            .Add(c => c.Lesson, lesson)
            .Add(c => c.OnHeld, EventCallback.Factory.Create<MyDayHeld>(this, h => onHeld?.Invoke(h))));

    private static string? Present(IRenderedComponent<MyDayAttendance> cut, Guid client) =>
        cut.Find($"[data-testid=attendee][data-client-id='{client}']").GetAttribute("data-present");

    private static void Tap(IRenderedComponent<MyDayAttendance> cut, Guid client, string what = "attendee-toggle") =>
        cut.Find($"[data-testid=attendee][data-client-id='{client}'] [data-testid={what}]").Click();

    [Fact]
    public void TapName_OnceThenAgain_PresentThenAbsent()
    {
        var cut = Render(Lesson());
        Assert.Equal("false", Present(cut, Ivan));

        Tap(cut, Ivan);

        Assert.Equal("true", Present(cut, Ivan));
        Assert.Equal("false", Present(cut, Maria));
        Assert.Equal("true", cut.Find($"[data-client-id='{Ivan}'] [data-testid=attendee-toggle]").GetAttribute("aria-checked"));
        Assert.Contains("1/3", cut.Find("[data-testid=lesson-held]").TextContent);

        Tap(cut, Ivan);

        Assert.Equal("false", Present(cut, Ivan));
    }

    [Fact]
    public void TicksKeptInTheBrowserTab_NewCircuit_GivesThemBack_AndEachTapIsKept()
    {
        var lesson = Lesson();
        var key = $"attendance:{lesson.Id}";
        Ctx.JSInterop.Setup<string?>("studioDrafts.get", key).SetResult($$"""{"present":["{{Maria}}"],"charged":["{{Ivan}}"],"notes":"Late"}""");

        var cut = Render(lesson);

        cut.WaitForAssertion(() => Assert.Equal("true", Present(cut, Maria)));
        Assert.Equal("false", Present(cut, Ivan));
        Assert.Equal("true", cut.Find($"[data-client-id='{Ivan}'] [data-testid=attendee-charge]").GetAttribute("aria-pressed"));
        Tap(cut, Ivan);
        var kept = Ctx.JSInterop.Invocations["studioDrafts.set"].Last().Arguments;
        Assert.Equal(key, kept[0]);
        Assert.Contains(Ivan.ToString(), (string)kept[1]!);
        Assert.Contains("\"notes\":\"Late\"", (string)kept[1]!);
    }

    [Fact]
    public void AbsentClient_ChargeToggle_OnlyWhileAbsentAndNeverForTheFrozen()
    {
        var cut = Render(Lesson());

        Assert.Single(cut.FindAll($"[data-client-id='{Maria}'] [data-testid=attendee-charge]"));
        Assert.Empty(cut.FindAll($"[data-client-id='{Frozen}'] [data-testid=attendee-charge]"));
        Assert.Single(cut.FindAll($"[data-client-id='{Frozen}'] [data-testid=frozen]"));
        Assert.Single(cut.FindAll($"[data-client-id='{Frozen}'] [data-testid=not-chargeable]"));

        Tap(cut, Maria);

        Assert.Empty(cut.FindAll($"[data-client-id='{Maria}'] [data-testid=attendee-charge]"));
    }

    [Fact]
    public void LessonHeld_PresentChargedAndFrozen_MarksSayWhoCameAndWhoIsCharged()
    {
        MyDayHeld? sent = null;
        var lesson = Lesson();
        var cut = Render(lesson, h => sent = h);

        Tap(cut, Ivan);
        Tap(cut, Maria, "attendee-charge");
        Tap(cut, Frozen);
        Tap(cut, Frozen);
        cut.Find("textarea[data-testid=notes]").Input("Good energy");
        cut.Find("[data-testid=lesson-held]").Click();

        Assert.NotNull(sent);
        Assert.Equal((lesson.Id, lesson.Version, "Good energy"), (sent.LessonId, sent.Version, sent.Notes));
        Assert.Equal(
            [new AttendanceMark(Ivan, true, false), new AttendanceMark(Maria, false, true), new AttendanceMark(Frozen, false, false)],
            sent.Marks.OrderBy(m => m.ClientId == Ivan ? 0 : m.ClientId == Maria ? 1 : 2));
    }

    [Fact]
    public void HeldLesson_ShowsWhatWasSavedReadOnlyWithUndo()
    {
        var lesson = Lesson(LessonStatus.Held,
            new(Ivan, "Ivan Petrenko", null, Attendance.Present, false, false, 1, Guid.NewGuid()),
            new(Maria, "Maria Koval", null, Attendance.Absent, false, true, 1, null),
            new(Frozen, "Oksana Frozen", null, Attendance.Absent, true, false, 0, null));

        var cut = Render(lesson);

        Assert.Equal(("true", "false"), (Present(cut, Ivan), Present(cut, Maria)));
        Assert.True(cut.Find($"[data-client-id='{Ivan}'] [data-testid=attendee-toggle]").HasAttribute("disabled"));
        Assert.Empty(cut.FindAll("[data-testid=attendee-charge]"));
        Assert.Equal("true", cut.Find($"[data-client-id='{Maria}'] [data-testid=attendee-charged]").GetAttribute("data-charged"));
        Assert.Single(cut.FindAll($"[data-client-id='{Frozen}'] [data-testid=not-chargeable]"));
        Assert.Single(cut.FindAll($"[data-client-id='{Maria}'] [data-testid=owed]"));
        Assert.Empty(cut.FindAll("[data-testid=lesson-held]"));
        Assert.Single(cut.FindAll("[data-testid=lesson-undo-held]"));
    }

    [Fact]
    public void MarkedElsewhere_LessonTurnsHeld_LocalTicksGiveWayToTheSavedState()
    {
        var lesson = Lesson();
        var cut = Render(lesson);
        Tap(cut, Maria);

        var held = lesson with
        {
            Version = Guid.NewGuid(), Status = LessonStatus.Held,
            Participants = [.. lesson.Participants.Select(p => p with { Attendance = p.ClientId == Ivan ? Attendance.Present : Attendance.Absent })],
        };
        cut.Render(p => p.Add(c => c.Lesson, held));

        Assert.Equal(("true", "false"), (Present(cut, Ivan), Present(cut, Maria)));
        Assert.Empty(cut.FindAll("[data-testid=lesson-held]"));
    }

    [Fact]
    public void Refused_ErrorGiven_ShownInTheCardAndTheTicksStay()
    {
        var lesson = Lesson();
        var cut = Render(lesson);
        Tap(cut, Ivan);

        cut.Render(p => p.Add(c => c.Lesson, lesson with { Version = Guid.NewGuid() }).Add(c => c.Error, "Someone else saved this first."));

        Assert.Contains("Someone else saved this first.", cut.Find("[data-testid=lesson-error]").TextContent);
        Assert.Equal("true", Present(cut, Ivan));
    }

    [Fact]
    public void FutureLesson_NoHeldButtonButAHint()
    {
        var cut = Ctx.Render<MyDayAttendance>(p => p.Add(c => c.Lesson, Lesson()).Add(c => c.Future, true));

        Assert.Empty(cut.FindAll("[data-testid=lesson-held]"));
        Assert.Single(cut.FindAll("[data-testid=lesson-future]"));
    }
}
