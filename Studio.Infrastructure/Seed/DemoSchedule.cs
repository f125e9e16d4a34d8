using Microsoft.EntityFrameworkCore;
using Studio.Domain.Billing;
using Studio.Domain.Schedule;
using Studio.Infrastructure.Persistence;
using Studio.Domain.Common;

namespace Studio.Infrastructure.Seed;

/// <summary>
/// Two weeks of schedule around today for the demo studio: weekly groups in both branches,
/// individual and trial lessons, past ones held with attendance, a few cancelled, teacher absences,
/// a frozen client, passes with visits left and one client owing a visit. Every lesson obeys the
/// rules the service enforces (checked with the same <see cref="Clashes"/>).
/// </summary>
internal static class DemoSchedule
{
    private sealed record Group(string Name, LessonType Type, WeeklySlot[] Pattern, Guid Branch, string Room, int Teacher, int Members);

    public static async Task SeedAsync(StudioDbContext db, DateTime now, Guid podil, Guid obolon, IReadOnlyList<Guid> staff, CancellationToken ct)
    {
        var zone = Zones.Find("Europe/Kyiv");
        var today = Zones.Today(now, zone);
        var rnd = new Random(20261124);
        var owner = staff[0];
        var manager = staff[1];
        var teachers = staff.Skip(4).ToArray(); // teacher1 (Поділ), teacher2 (both), teacher3 (Поділ), teacher4 (both)

        var hipHop = new LessonType("Хіп-хоп", 60, LessonKind.Group, false, "#42A5F5", 1);
        var ballroom = new LessonType("Бальні танці", 60, LessonKind.Group, false, "#AB47BC", 1);
        var yoga = new LessonType("Йога", 90, LessonKind.Group, false, "#66BB6A", 1);
        var solo = new LessonType("Індивідуальне заняття", 60, LessonKind.Individual, false, "#FFA726", 1);
        var vocal = new LessonType("Вокал", 45, LessonKind.Individual, false, "#26A69A", 1);
        var trial = new LessonType("Пробне заняття", 60, LessonKind.Individual, true, "#EC407A", 0);
        db.LessonTypes.AddRange(hipHop, ballroom, yoga, solo, vocal, trial);

        var eight = new PassPlan("8 занять", 8, 30, 1600m, [hipHop.Id, ballroom.Id, yoga.Id]);
        var twelve = new PassPlan("12 занять", 12, 45, 2200m, [hipHop.Id, ballroom.Id, yoga.Id]);
        var unlimited = new PassPlan("Безлім на місяць", null, 30, 2800m, [hipHop.Id, ballroom.Id, yoga.Id]);
        var personal = new PassPlan("Індивідуальні ×4", 4, 30, 2400m, [solo.Id, vocal.Id]);
        db.PassPlans.AddRange(eight, twelve, unlimited, personal);
        var water = new Good("Вода 0,5 л", 25m);
        var shirt = new Good("Футболка студії", 450m);
        var shoes = new Good("Чешки", 380m);
        db.Goods.AddRange(water, shirt, shoes);

        var rooms = await db.Rooms.AsNoTracking().ToDictionaryAsync(r => r.Name, r => r.Id, ct);
        var clientsByBranch = (await db.Clients.AsNoTracking().Where(c => c.MergedIntoId == null).OrderBy(c => c.CreatedAt).Select(c => new { c.Id, c.BranchId }).ToListAsync(ct))
            .GroupBy(c => c.BranchId).ToDictionary(g => g.Key, g => g.Select(c => c.Id).ToList());
        List<Guid> Take(Guid branch, int count) => clientsByBranch[branch].OrderBy(_ => rnd.Next()).Take(count).ToList();

        // Absences first: nothing may be booked into them.
        var absences = new List<StaffAbsence>
        {
            // Mornings only: every teacher has lessons on the day the demo is opened, whatever the weekday.
            StaffAbsence.Weekly(teachers[2], [DayOfWeek.Friday, DayOfWeek.Saturday], 0, 13 * 60, "Не працює зранку у п'ятницю та суботу", zone.Id, now, owner),
            StaffAbsence.Weekly(teachers[3], [DayOfWeek.Monday], 9 * 60, 14 * 60, "Навчання", zone.Id, now, teachers[3]),
            StaffAbsence.Temporary(teachers[0], Zones.ToUtc(today.AddDays(8).ToDateTime(TimeOnly.MinValue), zone),
                Zones.ToUtc(today.AddDays(11).ToDateTime(TimeOnly.MinValue), zone), "Відпустка", zone.Id, now, teachers[0]),
        };
        db.StaffAbsences.AddRange(absences);

        var lessons = new List<Lesson>();
        var (first, last) = (today.AddDays(-7), today.AddDays(14));
        bool Fits(Lesson l) => !Clashes.Find(l.Id, l.Slot, [], lessons, absences).Any(c => c.Blocks);

        var groups = new[]
        {
            new Group("Хіп-хоп Kids 6–8", hipHop, [new(DayOfWeek.Monday, new(17, 0)), new(DayOfWeek.Wednesday, new(17, 0))], podil, "Зал 1", 0, 8),
            new Group("Бальні танці, дорослі", ballroom, [new(DayOfWeek.Tuesday, new(19, 0)), new(DayOfWeek.Thursday, new(19, 0))], podil, "Зал 2", 2, 6),
            new Group("Ранкова йога", yoga, [new(DayOfWeek.Monday, new(9, 0)), new(DayOfWeek.Wednesday, new(9, 0)), new(DayOfWeek.Friday, new(9, 0))], podil, "Зал 2", 1, 7),
            new Group("Хіп-хоп Teens", hipHop, [new(DayOfWeek.Tuesday, new(18, 0)), new(DayOfWeek.Thursday, new(18, 0))], obolon, "Велика зала", 3, 8),
            new Group("Бальні танці, діти", ballroom, [new(DayOfWeek.Saturday, new(11, 0))], obolon, "Мала зала", 1, 6),
            new Group("Контемп", hipHop, [new(DayOfWeek.Monday, new(19, 0)), new(DayOfWeek.Wednesday, new(19, 0))], obolon, "Велика зала", 1, 7),
            new Group("Стретчинг", yoga, [new(DayOfWeek.Tuesday, new(10, 0)), new(DayOfWeek.Thursday, new(10, 0))], podil, "Зал 1", 0, 6),
        };
        var members = new List<Guid>();
        foreach (var g in groups)
        {
            var clients = Take(g.Branch, g.Members);
            members.AddRange(clients);
            var series = new LessonSeries(g.Branch, g.Name, g.Type, g.Pattern, g.Type.DurationMinutes, rooms[g.Room], teachers[g.Teacher], null, first, last, zone.Id, clients);
            db.LessonSeries.Add(series);
            foreach (var local in series.Occurrences(first))
            {
                var lesson = new Lesson(g.Branch, g.Type, series.SlotAt(local, zone), series.Id, now.AddDays(-10), manager);
                foreach (var c in clients) lesson.AddParticipant(c);
                if (Fits(lesson)) lessons.Add(lesson);
                else
                {
                    // The teacher is on holiday: the lesson stays on the schedule, cancelled.
                    lesson.Cancel("Викладач у відпустці", now);
                    lessons.Add(lesson);
                }
            }
        }

        // One-off lessons: individual, vocal and trials on free slots.
        var singles = new List<(Lesson Lesson, bool Trial)>();
        for (var d = first; d <= last; d = d.AddDays(1))
        {
            if (d.DayOfWeek == DayOfWeek.Sunday) continue;
            foreach (var (type, hour, teacher, branch, room) in new[]
                     {
                         (vocal, 15, 3, podil, "Зал 2"), (solo, 14, 1, obolon, "Мала зала"), (trial, 16, 0, podil, "Зал 1"), (trial, 17, 3, obolon, "Мала зала"),
                     })
            {
                if (rnd.Next(3) == 0) continue;
                var lesson = new Lesson(branch, type, LessonSlot.At(d.ToDateTime(new TimeOnly(hour, 0)), zone, type.DurationMinutes, rooms[room], teachers[teacher], null),
                    null, now.AddDays(-10), manager);
                lesson.AddParticipant(Take(branch, 1)[0]);
                if (!Fits(lesson)) continue;
                lessons.Add(lesson);
                singles.Add((lesson, type.IsTrial));
            }
        }

        // Today, whatever the weekday: each teacher has a lesson on now (or the next free hour), still to be marked, so the
        // walk-through "open My day, mark a lesson held" works on the day the demo is seeded. Trials for two of them.
        // No draws from rnd here: what follows stays as it was.
        var nowLocal = Zones.ToLocal(now, zone);
        var hours = Enumerable.Range(nowLocal.Hour, 24 - nowLocal.Hour).Concat(Enumerable.Range(0, nowLocal.Hour).Reverse());
        var branchesOf = new[] { new[] { podil }, [obolon, podil], [podil], [obolon, podil] };
        var roomsOf = new Dictionary<Guid, string[]> { [podil] = ["Зал 1", "Зал 2"], [obolon] = ["Мала зала", "Велика зала"] };
        for (var t = 0; t < teachers.Length; t++)
        {
            var type = t % 2 == 0 ? trial : solo; // an hour long: one started this hour is still on
            var placed = hours.SelectMany(hour => branchesOf[t].SelectMany(branch => roomsOf[branch].Select(room => (hour, branch, room))))
                .Select(x => new Lesson(x.branch, type, LessonSlot.At(today.ToDateTime(new TimeOnly(x.hour, 0)), zone, type.DurationMinutes, rooms[x.room],
                    teachers[t], null), null, now.AddDays(-2), manager))
                .FirstOrDefault(Fits);
            if (placed is null) continue;
            var pupils = clientsByBranch[placed.BranchId];
            placed.AddParticipant(pupils[(t * 7 + 3) % pupils.Count]);
            lessons.Add(placed);
        }

        // Passes: most group members bought one about three weeks ago; the individual pupils a personal one.
        var payments = new List<Payment>();
        var passes = new Dictionary<Guid, List<Pass>>();
        void Sell(Guid client, PassPlan plan, DateOnly starts)
        {
            var soldAt = Zones.ToUtc(starts.ToDateTime(new TimeOnly(10 + rnd.Next(8), rnd.Next(60))), zone);
            var payment = new Payment(client, null, rnd.Next(3) == 0 ? PaymentMethod.Cash : PaymentMethod.Card, soldAt, manager, null);
            var pass = new Pass(client, plan, starts, plan.Price, payment.Id, soldAt, manager);
            payment.AddLine(PaymentLineKind.Pass, plan.Id, plan.Name, 1, plan.Price);
            payments.Add(payment);
            (passes.TryGetValue(client, out var list) ? list : passes[client] = []).Add(pass);
        }
        foreach (var (client, i) in members.Distinct().Select((c, i) => (c, i)))
            Sell(client, (i % 5) switch { 0 => unlimited, 1 or 2 => twelve, _ => eight }, today.AddDays(-20 + i % 10));
        foreach (var client in singles.Where(s => !s.Trial).SelectMany(s => s.Lesson.Participants.Select(p => p.ClientId)).Distinct().Skip(1))
            Sell(client, personal, today.AddDays(-15));
        // The first individual pupil has no pass: their held lesson is owed.

        // A client away for a week around today: not expected, not charged, their pass a week longer.
        var frozen = members[0];
        var freeze = new ClientFreeze(frozen, today.AddDays(-3), today.AddDays(4), "Хворіє", now.AddDays(-3), manager);
        db.ClientFreezes.Add(freeze);
        foreach (var p in passes.GetValueOrDefault(frozen) ?? []) p.Recount([freeze]);

        // The past is held (in order, so the oldest pass pays), a few lessons cancelled.
        var types = new[] { hipHop, ballroom, yoga, solo, vocal, trial }.ToDictionary(t => t.Id);
        foreach (var lesson in lessons.Where(l => l.EndsAt < now && l.Status == LessonStatus.Planned).OrderBy(l => l.StartsAt))
        {
            if (rnd.Next(25) == 0) { lesson.Cancel("Мало учасників", lesson.StartsAt.AddHours(-3)); continue; }
            var day = lesson.Day;
            var frozenNow = freeze.Covers(day) ? new HashSet<Guid> { frozen } : [];
            var marks = lesson.Participants.Select(p => new AttendanceMark(p.ClientId, !frozenNow.Contains(p.ClientId) && rnd.Next(6) != 0, rnd.Next(2) == 0)).ToList();
            var type = types[lesson.TypeId];
            var counted = lesson.MarkHeld(marks, frozenNow, rnd.Next(4) == 0 ? "Відпрацювали зв'язку, наступного разу — повтор" : null,
                lesson.EndsAt.AddMinutes(5), lesson.TeacherId);
            VisitCharging.Charge(counted, type.Id, day, type.VisitsUsed, passes);
        }
        var upcoming = lessons.Where(l => l.StartsAt > now && l.Status == LessonStatus.Planned && l.SeriesId is null).ToList();
        if (upcoming.Count > 3) upcoming[3].Cancel("Клієнт попросив перенести", now.AddHours(-1));

        // Desk sales: water and T-shirts, several goods in one payment.
        for (var i = 0; i < 6; i++)
        {
            var sale = new Payment(members[(i * 3) % members.Count], podil, PaymentMethod.Cash, now.AddDays(-i).AddHours(-2), manager, null);
            sale.AddLine(PaymentLineKind.Good, water.Id, water.Name, 1 + i % 3, water.Price);
            if (i % 2 == 0) sale.AddLine(PaymentLineKind.Good, (i % 4 == 0 ? shirt : shoes).Id, (i % 4 == 0 ? shirt : shoes).Name, 1, (i % 4 == 0 ? shirt : shoes).Price);
            payments.Add(sale);
        }

        db.Payments.AddRange(payments);
        db.Passes.AddRange(passes.Values.SelectMany(p => p));
        db.Lessons.AddRange(lessons);
        await db.SaveChangesAsync(ct);
    }
}
