using Studio.Domain.Billing;
using Studio.Domain.Common;
using Studio.Domain.Schedule;

namespace Studio.Tests.Domain.Schedule;

/// <summary>The schedule's rules, pure: clashes, absences, charging, freezes, series.</summary>
public sealed class ScheduleRulesTests
{
    private static readonly TimeZoneInfo Kyiv = Zones.Find("Europe/Kyiv");
    private static readonly DateTime Created = new(2026, 11, 23, 9, 0, 0, DateTimeKind.Utc);
    private static readonly Guid Branch = Guid.NewGuid(), Anna = Guid.NewGuid(), Oleh = Guid.NewGuid(), HallA = Guid.NewGuid(), HallB = Guid.NewGuid();
    private static readonly LessonType Group = new("Hip-hop", 60, LessonKind.Group, false, "#42A5F5", 1);
    private static readonly LessonType Solo = new("Vocal", 45, LessonKind.Individual, false, "#AB47BC", 1);

    private static LessonSlot Slot(int hour, int minute = 0, int minutes = 60, Guid? room = null, Guid? teacher = null, Guid? second = null, int day = 23) =>
        LessonSlot.At(new DateTime(2026, 11, day, hour, minute, 0), Kyiv, minutes, room ?? HallA, teacher ?? Anna, second);

    private static Lesson Booked(LessonSlot slot, LessonType? type = null, params Guid[] clients)
    {
        var lesson = new Lesson(Branch, type ?? Group, slot, null, Created, Oleh);
        foreach (var c in clients) lesson.AddParticipant(c);
        return lesson;
    }

    [Theory]
    [InlineData(18, 0, 60, true)]    // the same hour
    [InlineData(18, 30, 60, true)]   // starts inside
    [InlineData(17, 30, 45, true)]   // ends inside
    [InlineData(17, 0, 180, true)]   // covers it
    [InlineData(19, 0, 60, false)]   // back to back after
    [InlineData(17, 0, 60, false)]   // back to back before
    public void Find_TeacherOverlap_OnlyWhenTimesIntersect(int hour, int minute, int minutes, bool clash)
    {
        var existing = Booked(Slot(18));
        var slot = Slot(hour, minute, minutes, room: HallB);

        var clashes = Clashes.Find(Guid.NewGuid(), slot, [], [existing], []);

        Assert.Equal(clash, clashes.Any(c => c.Kind == ClashKind.TeacherBusy && c.WhoId == Anna && c.Blocks));
    }

    [Fact]
    public void Find_SameRoomOtherTeacher_RoomBusy_SecondTeacherCountsToo()
    {
        var existing = Booked(Slot(18, second: Oleh));

        var room = Clashes.Find(Guid.NewGuid(), Slot(18, teacher: Guid.NewGuid()), [], [existing], []);
        var second = Clashes.Find(Guid.NewGuid(), Slot(18, room: HallB, teacher: Oleh), [], [existing], []);

        Assert.Equal(ClashKind.RoomBusy, Assert.Single(room).Kind);
        Assert.Equal((ClashKind.TeacherBusy, Oleh), (Assert.Single(second).Kind, second[0].WhoId));
    }

    [Fact]
    public void Find_CancelledLessonAndTheLessonItself_NeverClash_ClientOnlyWarns()
    {
        var client = Guid.NewGuid();
        var cancelled = Booked(Slot(18));
        cancelled.Cancel("Holiday", Created);
        var other = Booked(Slot(18, teacher: Oleh, room: HallB), Group, client);
        var self = Booked(Slot(20));

        var clashes = Clashes.Find(self.Id, Slot(18, room: Guid.NewGuid()), [client], [cancelled, other, self], []);

        var warning = Assert.Single(clashes);
        Assert.Equal((ClashKind.ClientBusy, false), (warning.Kind, warning.Blocks));
    }

    [Fact]
    public void Find_TemporaryAbsence_BlocksOnlyInsideIt()
    {
        var holiday = StaffAbsence.Temporary(Anna, new DateTime(2026, 11, 23, 14, 0, 0, DateTimeKind.Utc), new DateTime(2026, 11, 23, 16, 0, 0, DateTimeKind.Utc),
            "Dentist", "Europe/Kyiv", Created, Anna);

        Assert.Contains(Clashes.Find(Guid.NewGuid(), Slot(17), [], [], [holiday]), c => c.Kind == ClashKind.TeacherAbsent); // 15:00Z
        Assert.Empty(Clashes.Find(Guid.NewGuid(), Slot(18), [], [], [holiday])); // 16:00Z, as it ends
        Assert.Empty(Clashes.Find(Guid.NewGuid(), Slot(17, teacher: Oleh), [], [], [holiday]));
    }

    [Fact]
    public void Within_WeeklyAbsence_LocalHoursOnItsWeekdaysOnly()
    {
        // Mondays 09:00–13:00 Kyiv (UTC+2 in November).
        var mornings = StaffAbsence.Weekly(Anna, [DayOfWeek.Monday], 9 * 60, 13 * 60, null, "Europe/Kyiv", Created, Anna);
        var monday = new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc);

        var stretches = mornings.Within(monday.AddDays(-1), monday.AddDays(8)).ToList();

        Assert.Equal([(monday.AddHours(7), monday.AddHours(11)), (monday.AddDays(7).AddHours(7), monday.AddDays(7).AddHours(11))], stretches);
        Assert.True(mornings.Overlaps(monday.AddHours(10.5), monday.AddHours(12)));
        Assert.False(mornings.Overlaps(monday.AddDays(1).AddHours(8), monday.AddDays(1).AddHours(9))); // Tuesday
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(600, 600)]
    [InlineData(1440, 600)]
    public void Weekly_BadHours_Refused(int start, int end)
    {
        var ex = Assert.Throws<DomainException>(() => StaffAbsence.Weekly(Anna, [DayOfWeek.Monday], start == 1440 ? 1441 : start, end, null, "Europe/Kyiv", Created, Anna));
        Assert.Equal("Error.Period", ex.Code);
    }

    [Fact]
    public void At_LocalTimeInKyiv_KeepsLocalDayAndConvertsToUtcAcrossClockChange()
    {
        var winter = LessonSlot.At(new DateTime(2026, 11, 23, 0, 30, 0), Kyiv, 60, null, Anna, null);
        var summer = LessonSlot.At(new DateTime(2026, 7, 1, 18, 0, 0), Kyiv, 60, null, Anna, null);

        Assert.Equal((new DateOnly(2026, 11, 23), new DateTime(2026, 11, 22, 22, 30, 0, DateTimeKind.Utc)), (winter.Day, winter.StartsAt));
        Assert.Equal(new DateTime(2026, 7, 1, 15, 0, 0, DateTimeKind.Utc), summer.StartsAt);
    }

    [Fact]
    public void AddParticipant_IndividualLesson_HoldsOneClient()
    {
        var lesson = Booked(Slot(18, minutes: 45), Solo, Guid.NewGuid());

        var ex = Assert.Throws<DomainException>(() => lesson.AddParticipant(Guid.NewGuid()));

        Assert.Equal("Error.Lesson.OneClient", ex.Code);
        Assert.Single(lesson.Participants);
    }

    /// <summary>A pass sold on 1 December for 30 days (to 30 December) with 8 visits, looked at with "3 days" set.</summary>
    [Theory]
    [InlineData("2026-11-30", 0, false)] // not started
    [InlineData("2026-12-01", 0, false)]
    [InlineData("2026-12-26", 0, false)] // four days left
    [InlineData("2026-12-27", 0, true)]  // three days left
    [InlineData("2026-12-30", 0, true)]  // the last day
    [InlineData("2026-12-31", 0, false)] // over: nobody to call about it
    [InlineData("2026-12-10", 7, true)]  // one visit left
    [InlineData("2026-12-10", 8, true)]  // none left, still valid
    [InlineData("2026-12-10", 6, false)]
    public void IsEnding_LastVisitOrWithinTheDays_WhileValid(string today, int used, bool ending)
    {
        var pass = Pass(Guid.NewGuid(), new DateOnly(2026, 12, 1));
        pass.Use(used);

        Assert.Equal(ending, pass.IsEnding(DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture), 3));
    }

    private static Pass Pass(Guid client, DateOnly starts, int? visits = 8, int days = 30, params Guid[] types)
    {
        var plan = new PassPlan($"{visits} visits", visits, days, 1200m, types.Length == 0 ? [Group.Id] : types);
        return new Pass(client, plan, starts, plan.Price, Guid.NewGuid(), Created, Oleh);
    }

    [Fact]
    public void MarkHeld_PresentAndChargedAbsent_UseOldestValidCoveringPass_NotChargedAndFrozenUseNothing()
    {
        var (came, absentCharged, absentFree, frozen) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var lesson = Booked(Slot(18), Group, came, absentCharged, absentFree, frozen);
        var day = lesson.Day;
        var older = Pass(came, day.AddDays(-20));
        var newer = Pass(came, day.AddDays(-1));
        var otherType = Pass(absentCharged, day.AddDays(-1), types: Solo.Id);
        var frozenPass = Pass(frozen, day.AddDays(-3));
        var passes = new Dictionary<Guid, List<Pass>> { [came] = [newer, older], [absentCharged] = [otherType], [frozen] = [frozenPass] };

        var counted = lesson.MarkHeld(
            [new(came, true, false), new(absentCharged, false, true), new(absentFree, false, false), new(frozen, false, true)],
            new HashSet<Guid> { frozen }, "Good class", Created, Anna);
        VisitCharging.Charge(counted, Group.Id, day, Group.VisitsUsed, passes);

        Assert.Equal(LessonStatus.Held, lesson.Status);
        Assert.Equal((1, 0), (older.VisitsUsed, newer.VisitsUsed));
        var byClient = lesson.Participants.ToDictionary(p => p.ClientId);
        Assert.Equal((Attendance.Present, older.Id, false), (byClient[came].Attendance, byClient[came].PassId, byClient[came].Owed));
        Assert.Equal((null, true, 1), (byClient[absentCharged].PassId, byClient[absentCharged].Owed, byClient[absentCharged].Visits)); // no pass covers the type
        Assert.Equal((Attendance.Absent, false, 0), (byClient[absentFree].Attendance, byClient[absentFree].Owed, byClient[absentFree].Visits));
        Assert.Equal((true, false, 0), (byClient[frozen].Frozen, byClient[frozen].Owed, frozenPass.VisitsUsed));
    }

    [Fact]
    public void PassFor_ExpiredUsedUpOrNotYetStarted_Skipped_UnlimitedAlwaysCovers()
    {
        var client = Guid.NewGuid();
        var day = new DateOnly(2026, 11, 23);
        var expired = Pass(client, day.AddDays(-40), days: 30);
        var usedUp = Pass(client, day.AddDays(-5), visits: 1);
        usedUp.Use(1);
        var future = Pass(client, day.AddDays(1));
        var unlimited = Pass(client, day.AddDays(-2), visits: null);

        Assert.Same(unlimited, VisitCharging.PassFor([expired, usedUp, future, unlimited], Group.Id, day, 1));
        Assert.Null(VisitCharging.PassFor([expired, usedUp, future], Group.Id, day, 1));
    }

    [Fact]
    public void UndoHeld_GivesBackExactlyWhatWasCharged()
    {
        var client = Guid.NewGuid();
        var lesson = Booked(Slot(18), Group, client);
        var pass = Pass(client, lesson.Day.AddDays(-1));
        VisitCharging.Charge(lesson.MarkHeld([new(client, true, false)], new HashSet<Guid>(), null, Created, Anna), Group.Id, lesson.Day, 1,
            new Dictionary<Guid, List<Pass>> { [client] = [pass] });

        var refunds = lesson.UndoHeld();
        foreach (var r in refunds) pass.GiveBack(r.Visits);

        Assert.Equal((LessonStatus.Planned, 0, Attendance.Expected), (lesson.Status, pass.VisitsUsed, lesson.Participants.Single().Attendance));
        Assert.Throws<DomainException>(() => lesson.UndoHeld());
    }

    [Fact]
    public void HeldLesson_CannotBeMovedCancelledOrMarkedAgain()
    {
        var lesson = Booked(Slot(18));
        lesson.MarkHeld([], new HashSet<Guid>(), null, Created, Anna);

        Assert.Equal("Error.Lesson.Held", Assert.Throws<DomainException>(() => lesson.Reschedule(Slot(19))).Code);
        Assert.Equal("Error.Lesson.Held", Assert.Throws<DomainException>(() => lesson.Cancel("x", Created)).Code);
        Assert.Equal("Error.Lesson.AlreadyHeld", Assert.Throws<DomainException>(() => lesson.MarkHeld([], new HashSet<Guid>(), null, Created, Anna)).Code);
    }

    [Fact]
    public void Recount_FreezeInsideThePass_ExtendsValidityByTheOverlap_RemovingItTakesItBack()
    {
        var client = Guid.NewGuid();
        var pass = Pass(client, new DateOnly(2026, 11, 1), days: 30); // 1–30 November
        var freeze = new ClientFreeze(client, new DateOnly(2026, 11, 25), new DateOnly(2026, 12, 4), "Trip", Created, Oleh); // 6 days inside

        pass.Recount([freeze]);
        Assert.Equal((6, new DateOnly(2026, 12, 6)), (pass.FrozenDays, pass.ValidUntil));
        Assert.True(pass.Covers(Group.Id, new DateOnly(2026, 12, 5), 1));

        pass.Recount([]);
        Assert.Equal(new DateOnly(2026, 11, 30), pass.ValidUntil);
    }

    [Fact]
    public void Freeze_EndBeforeStartOrTooLong_Refused()
    {
        Assert.Equal("Error.Period", Assert.Throws<DomainException>(() => new ClientFreeze(Guid.NewGuid(), new DateOnly(2026, 11, 5), new DateOnly(2026, 11, 4), null, Created, Oleh)).Code);
        Assert.Equal("Error.Freeze.TooLong", Assert.Throws<DomainException>(() => new ClientFreeze(Guid.NewGuid(), new DateOnly(2026, 1, 1), new DateOnly(2027, 1, 2), null, Created, Oleh)).Code);
    }

    [Fact]
    public void Occurrences_MonAndWed_FromFirstToLastDay()
    {
        var series = new LessonSeries(Branch, "Kids", Group, [new(DayOfWeek.Monday, new TimeOnly(18, 0)), new(DayOfWeek.Wednesday, new TimeOnly(18, 30))], 60,
            HallA, Anna, null, new DateOnly(2026, 11, 23), new DateOnly(2026, 12, 2), "Europe/Kyiv", []);

        Assert.Equal([new DateTime(2026, 11, 23, 18, 0, 0), new DateTime(2026, 11, 25, 18, 30, 0), new DateTime(2026, 11, 30, 18, 0, 0), new DateTime(2026, 12, 2, 18, 30, 0)],
            series.Occurrences(new DateOnly(2026, 11, 1)).ToList());
        Assert.Equal([new DateTime(2026, 12, 2, 18, 30, 0)], series.Occurrences(new DateOnly(2026, 12, 1)).ToList());
    }

    [Fact]
    public void SplitFrom_EndsTheOldSeriesTheDayBefore_NewOneTakesOver()
    {
        var series = new LessonSeries(Branch, "Kids", Group, [new(DayOfWeek.Monday, new TimeOnly(18, 0))], 60, HallA, Anna, null,
            new DateOnly(2026, 11, 2), new DateOnly(2026, 12, 28), "Europe/Kyiv", []);

        var next = series.SplitFrom(new DateOnly(2026, 11, 30), Group, [new(DayOfWeek.Tuesday, new TimeOnly(19, 0))], 90, HallB, Oleh, null,
            new DateOnly(2026, 12, 28), [], null);

        Assert.Equal(new DateOnly(2026, 11, 29), series.LastDay);
        Assert.Equal((new DateOnly(2026, 11, 30), "Kids", 90, Oleh), (next.FirstDay, next.Name, next.DurationMinutes, next.TeacherId));
        Assert.Equal(new DateTime(2026, 12, 1, 19, 0, 0), next.Occurrences(next.FirstDay).First());
        Assert.Equal("Error.Series.SplitAtStart", Assert.Throws<DomainException>(() => series.SplitFrom(new DateOnly(2026, 11, 2), Group, [new(DayOfWeek.Monday, new TimeOnly(18, 0))], 60, HallA, Anna, null, new DateOnly(2026, 12, 28), [], null)).Code);
    }

    [Fact]
    public void Series_NoPatternOrTooLong_Refused()
    {
        Assert.Equal("Error.Series.Pattern", Assert.Throws<DomainException>(() => new LessonSeries(Branch, null, Group, [], 60, HallA, Anna, null,
            new DateOnly(2026, 11, 2), new DateOnly(2026, 12, 28), "Europe/Kyiv", [])).Code);
        Assert.Equal("Error.Series.TooLong", Assert.Throws<DomainException>(() => new LessonSeries(Branch, null, Group, [new(DayOfWeek.Monday, new TimeOnly(18, 0))], 60, HallA, Anna, null,
            new DateOnly(2026, 1, 1), new DateOnly(2027, 6, 1), "Europe/Kyiv", [])).Code);
    }

    [Fact]
    public void WeeklySlot_RoundTripsThroughItsText()
    {
        var slot = new WeeklySlot(DayOfWeek.Saturday, new TimeOnly(9, 5));
        Assert.Equal(slot, WeeklySlot.Parse(slot.ToString()));
    }
}
