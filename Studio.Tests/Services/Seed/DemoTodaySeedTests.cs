using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Studio.Domain.Schedule;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Seed;
using Studio.Tests.Infrastructure;
using Studio.Domain.Common;

namespace Studio.Tests.Services.Seed;

/// <summary>
/// The README's walk-through (a teacher opens My day and marks a lesson held) works whatever day the demo is seeded on:
/// every demo teacher has lessons today, one of them still to be marked, and a trial among them.
/// </summary>
public sealed class DemoTodaySeedTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, DatabaseData]
    public async Task SeedAsync_OnEachDayOfTheWeek_EveryTeacherHasALessonTodayStillToMark(DatabaseProvider provider)
    {
        var kyiv = Zones.Find("Europe/Kyiv");
        var failures = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            await using var studio = await databases.StartAsync(provider, empty: true);
            // Seven days in a row after the clock's start (every weekday), each at another time of day: from early morning to just before midnight (Kyiv).
            var local = TestStudio.StartTime.UtcDateTime.Date.AddDays(i + 1).AddHours(new[] { 7, 10, 13, 16, 19, 22, 23 }[i]).AddMinutes(35);
            studio.Clock.SetUtcNow(new DateTimeOffset(Zones.ToUtc(local, kyiv), TimeSpan.Zero));
            Assert.True(await studio.Services.GetRequiredService<DemoSeeder>().SeedAsync(Ct));
            var now = studio.Clock.GetUtcNow().UtcDateTime;
            var today = Zones.Today(now, kyiv);

            var (lessons, absences, teachers, trials) = await studio.ReadAsync(async db => (
                await db.Lessons.AsNoTracking().ToListAsync(Ct), await db.StaffAbsences.AsNoTracking().ToListAsync(Ct),
                await db.Employees.AsNoTracking().Where(e => e.Email.StartsWith("teacher")).ToDictionaryAsync(e => e.Email, e => e.Id, Ct),
                await db.LessonTypes.AsNoTracking().Where(t => t.IsTrial).Select(t => t.Id).ToListAsync(Ct)));
            Assert.Equal(4, teachers.Count);
            foreach (var (email, id) in teachers.OrderBy(t => t.Key))
            {
                var mine = lessons.Where(l => l.Day == today && l.HasTeacher(id) && l.Status != LessonStatus.Cancelled).ToList();
                if (mine.Count == 0) failures.Add($"{today:ddd dd.MM} {local:HH:mm}: {email} has no lesson today");
                else if (!mine.Any(l => l.Status == LessonStatus.Planned))
                    failures.Add($"{today:ddd dd.MM} {local:HH:mm}: {email} has nothing left to mark today");
            }
            if (!lessons.Any(l => l.Day == today && trials.Contains(l.TypeId) && l.Status != LessonStatus.Cancelled))
                failures.Add($"{today:ddd dd.MM} {local:HH:mm}: no trial today");
            // Still every rule the service enforces.
            foreach (var lesson in lessons.Where(l => l.Status != LessonStatus.Cancelled))
                if (Clashes.Find(lesson.Id, lesson.Slot, [], lessons, absences).Any(c => c.Blocks))
                    failures.Add($"{today:ddd dd.MM}: lesson at {lesson.Slot} clashes");
            Assert.All(lessons.Where(l => l.Status == LessonStatus.Held), l => Assert.True(l.EndsAt < now));
        }
        Assert.Empty(failures);
    }
}
