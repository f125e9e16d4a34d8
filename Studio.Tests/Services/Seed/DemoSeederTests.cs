using Studio.Domain.Common;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Studio.Domain.Clients;
using Studio.Domain.Pipelines;
using Studio.Domain.Schedule;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Seed;
using Studio.Tests.Infrastructure;

namespace Studio.Tests.Services.Seed;

public sealed class DemoSeederTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, DatabaseData]
    public async Task SeedAsync_EmptyDatabase_SeedsTheDemoStudioOnlyOnce(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider, empty: true);
        var seeder = studio.Services.GetRequiredService<DemoSeeder>();

        Assert.True(await seeder.SeedAsync(Ct));
        var seeded = await CountAsync(studio);
        Assert.False(await seeder.SeedAsync(Ct));

        Assert.Equal((Employees: 8, Accounts: 8, Boards: 2, Clients: 60, Deals: 150, Branches: 2), seeded);
        Assert.Equal(seeded, await CountAsync(studio));
    }

    [Theory, DatabaseData]
    public async Task SeedAsync_EmptyDatabase_AccountsSignInAndSeeTheirBoards(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider, empty: true);
        await studio.Services.GetRequiredService<DemoSeeder>().SeedAsync(Ct);
        var ownerId = await studio.ReadAsync(db => db.Employees.Where(e => e.Email == "owner@studio.demo").Select(e => e.Id).SingleAsync(Ct));
        var people = (await studio.Organisation.ListEmployeesAsync(ownerId, ct: Ct)).ToDictionary(e => e.Email, e => e.Id);

        using (var scope = studio.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            foreach (var account in DemoSeeder.Accounts)
            {
                var user = await users.FindByEmailAsync(account.Email);
                Assert.NotNull(user);
                Assert.True(await users.CheckPasswordAsync(user, DemoSeeder.Password), $"{account.Email} cannot sign in.");
            }
        }

        async Task<string[]> BoardsOf(string email) =>
            [.. (await studio.Pipelines.ListBoardsAsync(people[email], Ct)).Select(b => b.Name).Order()];
        Assert.Equal(["Онлайн-школа", "Продажі"], await BoardsOf("owner@studio.demo"));
        Assert.Equal(["Продажі"], await BoardsOf("manager1@studio.demo"));
        Assert.Equal(["Онлайн-школа", "Продажі"], await BoardsOf("manager2@studio.demo"));
        Assert.Equal(["Онлайн-школа"], await BoardsOf("manager3@studio.demo"));
        Assert.Empty(await BoardsOf("teacher1@studio.demo"));
    }

    [Theory, DatabaseData]
    public async Task SeedAsync_EmptyDatabase_CallbacksShowEveryColourAndPhonesAreE164(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider, empty: true);
        await studio.Services.GetRequiredService<DemoSeeder>().SeedAsync(Ct);
        var now = studio.Clock.GetUtcNow().UtcDateTime;

        var callbacks = await studio.ReadAsync(db => db.Deals.Where(d => d.ClosedAt == null).Select(d => d.CallbackAt).ToListAsync(Ct));
        var phones = await studio.ReadAsync(db => db.Clients.Select(c => c.Phone).ToListAsync(Ct));

        Assert.Equal(Enum.GetValues<CallbackState>().ToHashSet(), callbacks.Select(c => CallbackColour.At(c, now)).ToHashSet());
        Assert.All(phones, p => Assert.Equal(p, Phones.Normalise(p, "UA")));
    }

    [Theory, DatabaseData]
    public async Task SeedAsync_EmptyDatabase_ClientsHaveStatusesWithAWayThroughTheFunnel(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider, empty: true);
        await studio.Services.GetRequiredService<DemoSeeder>().SeedAsync(Ct);
        var now = studio.Clock.GetUtcNow().UtcDateTime;

        var statuses = await studio.ReadAsync(db => db.ClientStatuses.OrderBy(s => s.Order).ToListAsync(Ct));
        var clients = await studio.ReadAsync(db => db.Clients.AsNoTracking().ToListAsync(Ct));
        var history = (await studio.ReadAsync(db => db.ClientStatusChanges.AsNoTracking().ToListAsync(Ct))).ToLookup(h => h.ClientId);

        Assert.Equal(["ЛІД", "Пробне", "Новий", "Постійний", "Відмова", "Пішов"], statuses.Select(s => s.Name));
        Assert.Equal([true, true, true, true, true, false], statuses.Select(s => s.ShowInFunnel));
        var lead = statuses[0].Id;
        Assert.All(clients, c =>
        {
            var way = history[c.Id].OrderBy(h => h.At).ToList();
            Assert.NotEmpty(way);
            Assert.Equal((null, lead), (way[0].FromStatusId, way[0].ToStatusId));        // everyone starts as a lead
            Assert.Equal(c.StatusId, way[^1].ToStatusId);                               // the card shows where the history ends
            Assert.All(way.Zip(way.Skip(1)), p => Assert.Equal(p.First.ToStatusId, p.Second.FromStatusId));
            Assert.All(way, h => Assert.InRange(h.At, c.CreatedAt, now));
            Assert.All(way, h => Assert.True(h.At >= now.AddDays(-60), "History is of the last weeks."));
        });
        // Every status is reached by someone, and some clients went further than the first step.
        Assert.Equal(statuses.Select(s => s.Id).ToHashSet(), clients.Select(c => c.StatusId!.Value).ToHashSet());
        Assert.InRange(history.Sum(h => h.Count()), 120, 300);
    }

    [Theory, DatabaseData]
    public async Task SeedAsync_EmptyDatabase_SomeClientsHaveValidCustomFieldValues(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider, empty: true);
        await studio.Services.GetRequiredService<DemoSeeder>().SeedAsync(Ct);

        var fields = await studio.ReadAsync(db => db.CustomFields.OrderBy(f => f.Order).ToListAsync(Ct));
        var values = await studio.ReadAsync(db => db.Clients.Select(c => c.CustomFields).ToListAsync(Ct));

        Assert.Equal([("Вік дитини", CustomFieldKind.Number), ("Рівень", CustomFieldKind.Choice)], fields.Select(f => (f.Name, f.Kind)));
        Assert.Equal(["початковий", "середній", "високий"], fields[1].Choices);
        foreach (var field in fields)
        {
            var given = values.Where(v => v.ContainsKey(field.Id)).Select(v => v[field.Id]).ToList();
            Assert.InRange(given.Count, 10, 50);
            Assert.All(given, v => Assert.Equal(v, field.Normalise(v)));
        }
    }

    private static Task<(int Employees, int Accounts, int Boards, int Clients, int Deals, int Branches)> CountAsync(TestStudio studio) =>
        studio.ReadAsync(async db => (
            await db.Employees.CountAsync(Ct), await db.Users.CountAsync(Ct), await db.Boards.CountAsync(Ct),
            await db.Clients.CountAsync(Ct), await db.Deals.CountAsync(Ct), await db.Branches.CountAsync(Ct)));
}

public sealed class DemoScheduleSeedTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, DatabaseData]
    public async Task SeedAsync_TwoWeeksOfScheduleAroundToday_EveryRuleHolds(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider, empty: true);
        await studio.Services.GetRequiredService<DemoSeeder>().SeedAsync(Ct);
        var now = studio.Clock.GetUtcNow().UtcDateTime;

        var (lessons, absences) = await studio.ReadAsync(async db => (await db.Lessons.AsNoTracking().ToListAsync(Ct), await db.StaffAbsences.AsNoTracking().ToListAsync(Ct)));

        Assert.True(lessons.Count > 80, $"{lessons.Count} lessons");
        Assert.Contains(lessons, l => l.SeriesId is not null);
        Assert.Contains(lessons, l => l.Kind == Studio.Domain.Schedule.LessonKind.Individual);
        Assert.All(lessons.Where(l => l.Status == LessonStatus.Held), l => Assert.True(l.EndsAt < now));
        Assert.Contains(lessons, l => l.Status == LessonStatus.Held && l.Participants.Any(p => p.Attendance == Attendance.Present));
        Assert.Contains(lessons, l => l.Status == LessonStatus.Cancelled);
        Assert.Contains(lessons, l => l.Status == LessonStatus.Planned && l.StartsAt > now);
        Assert.Contains(absences, a => a.Kind == AbsenceKind.Weekly);
        Assert.Contains(absences, a => a.Kind == AbsenceKind.Temporary);
        foreach (var lesson in lessons.Where(l => l.Status != LessonStatus.Cancelled))
            Assert.DoesNotContain(Clashes.Find(lesson.Id, lesson.Slot, [], lessons, absences), c => c.Blocks);

        Assert.True(await studio.ReadAsync(db => db.ClientFreezes.AnyAsync(f => f.From <= studio.Today && f.To >= studio.Today, Ct)));
        Assert.True(await studio.ReadAsync(db => db.LessonParticipants.AnyAsync(p => p.Owed, Ct)));
        var passes = await studio.ReadAsync(db => db.Passes.AsNoTracking().ToListAsync(Ct));
        Assert.Contains(passes, p => p.VisitsUsed > 0 && p.VisitsLeft > 0);
        Assert.Contains(passes, p => p.FrozenDays > 0);
        Assert.True(await studio.ReadAsync(db => db.Payments.CountAsync(Ct)) >= passes.Count);
    }
}

public sealed class DemoTasksSeedTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, DatabaseData]
    public async Task SeedAsync_TasksInEveryStatus_ACampaignWithAPool_RemindersWithinTheHour(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider, empty: true);
        await studio.Services.GetRequiredService<DemoSeeder>().SeedAsync(Ct);
        var now = studio.Clock.GetUtcNow().UtcDateTime;

        var tasks = await studio.ReadAsync(db => db.Tasks.AsNoTracking().ToListAsync(Ct));
        Assert.Equal(Enum.GetValues<Studio.Domain.Tasks.TaskState>().Order(), tasks.Select(t => t.Status).Distinct().Order());
        var templates = await studio.ReadAsync(db => db.TaskTemplates.AsNoTracking().ToListAsync(Ct));
        Assert.Equal(Enum.GetValues<Studio.Domain.Tasks.TaskKind>().Order(), templates.Select(t => t.Kind).Distinct().Order());
        Assert.Contains(templates, t => t.Results.Any(r => r.FollowUp == Studio.Domain.Tasks.FollowUp.BookTrial));
        var campaign = Assert.Single(tasks, t => t.Kind == Studio.Domain.Tasks.TaskKind.CallCampaign);
        Assert.True(campaign.ExecutorIds.Count > 1);
        Assert.Contains(tasks, t => t.ParentId == campaign.Id && t.InPool);
        Assert.Contains(tasks, t => t.ParentId == campaign.Id && !t.InPool);
        Assert.Contains(tasks, t => t.RemindAt > now && t.RemindAt <= now.AddHours(1));
        Assert.True(await studio.ReadAsync(db => db.TaskNotices.AnyAsync(n => n.SeenAt == null, Ct)));
        var boards = await studio.ReadAsync(db => db.Boards.AsNoTracking().ToListAsync(Ct));
        Assert.Contains(boards.SelectMany(b => b.Stages), s => s.AutoTaskTemplateId is { } t && templates.Any(x => x.Id == t) && s.AutoTaskDueHours > 0);
    }
}
