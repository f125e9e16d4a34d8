using Microsoft.Extensions.DependencyInjection;
using Studio.Domain.Clients;
using Studio.Domain.Organisation;
using Studio.Domain.Dashboard;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Dashboard;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Pipelines;
using Studio.Infrastructure.Schedule;
using Studio.Infrastructure.Tasks;
using Studio.Tests.Infrastructure;

namespace Studio.Tests.Services.Dashboard;

/// <summary>
/// The dashboard follows the top bar's branch (issue 17.10), on every database: a branch's dashboard counts only its rows and
/// its "today" is the branch's own day; the whole studio keeps the organisation's day. Two branches, Kyiv and New York, at an
/// instant when Kyiv is already on the next day.
/// </summary>
public sealed class DashboardBranchTests(Databases databases)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DashboardService Dashboards(TestStudio studio) => studio.Services.GetRequiredService<DashboardService>();
    private static DateTime Now(TestStudio studio) => studio.Clock.GetUtcNow().UtcDateTime;

    /// <summary>Monday 23 November 2026: Kyiv's day begins at 22:00 UTC, New York's at 05:00 UTC.</summary>
    private static readonly DateOnly Monday = new(2026, 11, 23);

    private sealed record TwoBranches(TestStudio Studio, Guid Owner, Guid Manager, Guid TeacherA, Guid TeacherB, Guid BranchB, TestBoard Board,
        Guid ClientA, Guid ClientB, Guid TypeId, Guid RoomA, Guid RoomB);

    /// <summary>
    /// Main (Kyiv, the organisation's zone) and Brooklyn (New York). At 14:00 UTC two leads open in Brooklyn; the clock then goes
    /// to 23:00 UTC: 01:00 on Tuesday in Kyiv, 18:00 on Monday in New York.
    /// </summary>
    private static async Task<TwoBranches> ArrangeAsync(TestStudio studio)
    {
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var teacherA = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var branchB = await studio.Organisation.SaveBranchAsync(owner, null, Guid.Empty, "Brooklyn", null, "America/New_York", Ct);
        var teacherB = await studio.Organisation.CreateEmployeeWithAccountAsync("Brooklyn Teacher", "brooklyn@studio.test", EmployeeRole.Teacher,
            [branchB], TestStudio.Password, Ct);
        var board = await studio.AddBoardAsync(owner, manager);
        var clients = studio.Services.GetRequiredService<ClientService>();
        Task<Guid> Client(string name, Guid branch, DateOnly birth, string phone) => clients.CreateAsync(owner, new ClientInput(name, [phone], null, birth, null,
            branch, null, null, [], ContactChannels.None, null, new Dictionary<Guid, string?>()), duplicatesSeen: true, Ct);
        var clientA = await Client("Kyiv Client", studio.BranchId, new DateOnly(1990, 11, 25), "+380671110001");
        var clientB = await Client("Brooklyn Client", branchB, new DateOnly(1991, 11, 26), "+380671110002");
        var type = await studio.AddLessonTypeAsync(owner);
        var roomA = await studio.AddRoomAsync(owner);
        var roomB = await studio.Organisation.SaveRoomAsync(owner, branchB, null, Guid.Empty, "Brooklyn hall", 20, Ct);

        studio.Clock.Advance(new DateTime(2026, 11, 23, 14, 0, 0, DateTimeKind.Utc) - Now(studio));
        for (var i = 0; i < 2; i++)
            await studio.Pipelines.CreateDealAsync(owner, new NewDeal(board.Id, null, $"Brooklyn lead {i}", $"+38067222000{i}", null, branchB, null, null, 500m, null), Ct);
        studio.Clock.Advance(new DateTime(2026, 11, 23, 23, 0, 0, DateTimeKind.Utc) - Now(studio));
        return new(studio, owner, manager, teacherA, teacherB, branchB, board, clientA, clientB, type, roomA, roomB);
    }

    private static Task<Guid> CallAsync(TwoBranches s, Guid executor, Guid client, DateTime deadline) =>
        s.Studio.Services.GetRequiredService<TaskService>().CreateAsync(s.Owner,
            new NewTask(TaskKind.PersonalCall, null, "Call back", null, [executor], deadline, ClientId: client), Ct);

    private static Task<Guid> BookAsync(TwoBranches s, Guid branch, DateOnly day, int hour, params Guid[] clients) =>
        s.Studio.Schedule.BookAsync(s.Owner, new LessonDraft(branch, s.TypeId, day.ToDateTime(new TimeOnly(hour, 0)), null,
            branch == s.BranchB ? s.RoomB : s.RoomA, branch == s.BranchB ? s.TeacherB : s.TeacherA, null, clients), Ct);

    [Theory, DatabaseData]
    public async Task GetAsync_ABranch_CountsOnlyItsRows_OnItsOwnDay(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var s = await ArrangeAsync(studio);
        var tuesday = Monday.AddDays(1);

        // Main: a lead now (01:00 Tuesday in Kyiv), a lesson on its Monday (yesterday there) and one on its Tuesday, an overdue call.
        await studio.AddDealAsync(s.Manager, s.Board);
        await BookAsync(s, studio.BranchId, Monday, 18);
        await BookAsync(s, studio.BranchId, tuesday, 10);
        await CallAsync(s, s.Manager, s.ClientA, Now(studio).AddHours(-1));
        // Brooklyn: a lesson held this morning (a visit owed) and one tonight, both on its Monday; one on its Tuesday; two overdue calls.
        var held = await BookAsync(s, s.BranchB, Monday, 10, s.ClientB);
        await studio.Schedule.MarkHeldAsync(s.Owner, held, (await studio.Schedule.GetLessonAsync(s.Owner, held, Ct)).Lesson.Version,
            [new(s.ClientB, true, false)], null, Ct);
        await BookAsync(s, s.BranchB, Monday, 20);
        await BookAsync(s, s.BranchB, tuesday, 10);
        await CallAsync(s, s.TeacherB, s.ClientB, Now(studio).AddHours(-2));
        await CallAsync(s, s.TeacherB, s.ClientB, Now(studio).AddMinutes(-5));

        var brooklyn = await Dashboards(studio).GetAsync(s.Owner, s.BranchB, Ct);
        var main = await Dashboards(studio).GetAsync(s.Owner, studio.BranchId, Ct);
        var whole = await Dashboards(studio).GetAsync(s.Owner, Ct);

        // Brooklyn's today is still Monday: its two leads of 14:00 UTC, its Monday's lessons; not Main's lead, lesson or call.
        Assert.Equal(Monday, brooklyn.Day);
        Assert.Equal((2, 0, 2), (brooklyn.NewLeads, brooklyn.Wins, brooklyn.OverdueCalls));
        Assert.Equal(new LessonsToday(1, 1, 0), brooklyn.Lessons);
        Assert.Equal([2], brooklyn.Boards.Select(b => b.NewLeads));
        Assert.Equal([(s.TeacherB, 2, 2)], brooklyn.Staff.Select(x => (x.Id, x.Lessons, x.OpenTasks)));   // only who works there
        Assert.Equal((1, 1), (brooklyn.Birthdays, brooklyn.Debtors));
        Assert.Equal(new DateTime(2026, 11, 24, 5, 0, 0), brooklyn.NextChangeAt);   // New York's midnight

        // Main's today is Tuesday, Kyiv's: its lead and lesson only.
        Assert.Equal(tuesday, main.Day);
        Assert.Equal((1, 1), (main.NewLeads, main.OverdueCalls));
        Assert.Equal(new LessonsToday(1, 0, 0), main.Lessons);
        Assert.Equal((1, 0), (main.Birthdays, main.Debtors));
        Assert.DoesNotContain(main.Staff, x => x.Id == s.TeacherB);

        // The whole studio keeps the organisation's day (Kyiv's Tuesday) across branches.
        Assert.Equal(tuesday, whole.Day);
        Assert.Equal((1, 3), (whole.NewLeads, whole.OverdueCalls));
        Assert.Equal(new LessonsToday(2, 0, 0), whole.Lessons);   // Tuesday's lessons of both branches
        Assert.Equal((2, 1), (whole.Birthdays, whole.Debtors));
        Assert.Contains(whole.Staff, x => x.Id == s.TeacherB);
    }

    [Theory, DatabaseData]
    public async Task Watch_AChangeInOneBranch_MovesThatBranchAndTheStudio_NotTheOtherBranch(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var s = await ArrangeAsync(studio);
        var views = studio.Services.GetRequiredService<DashboardViews>();
        var keys = new[] { DashboardScope.Studio, DashboardScope.Of(studio.BranchId), DashboardScope.Of(s.BranchB) };
        var latest = new DashboardSnapshot?[keys.Length * 2];
        // Two owners' screens on each key.
        var watches = new List<DashboardViews.Watch>();
        for (var i = 0; i < latest.Length; i++)
        {
            var at = i;
            watches.Add(await Dashboards(studio).WatchAsync(s.Owner, keys[i % keys.Length].BranchId, x =>
            {
                Volatile.Write(ref latest[at], x);
                return Task.CompletedTask;
            }, Ct));
        }
        try
        {
            Assert.Equal(3, views.Loads);   // one snapshot per key, shared by the screens on it
            Assert.All(keys, k => Assert.Equal(2, views.Watchers(k)));
            Assert.Same(watches[2].Current, watches[5].Current);
            var mainBefore = watches[1].Current!;
            Assert.Equal((2, 0, 0), (watches[2].Current!.NewLeads, watches[0].Current!.NewLeads, mainBefore.NewLeads));

            // A lead in Brooklyn now (18:00 Monday there, 01:00 Tuesday in Kyiv): Brooklyn and the studio count it, Main does not.
            await studio.Pipelines.CreateDealAsync(s.Owner, new NewDeal(s.Board.Id, null, "Evening lead", "+380672220009", null, s.BranchB, null, null, 500m, null), Ct);
            await Eventually.TrueAsync(() => Current(2).NewLeads == 3 && Current(0).NewLeads == 1, "Brooklyn and the studio seeing the lead", Patience);
            // An overdue call in Brooklyn: its tasks move; the studio's too.
            await CallAsync(s, s.TeacherB, s.ClientB, Now(studio).AddMinutes(-1));
            await Eventually.TrueAsync(() => Current(2).OverdueCalls == 1 && Current(0).OverdueCalls == 1, "Brooklyn and the studio seeing the call", Patience);
            await Task.Delay(300, Ct);

            Assert.True(mainBefore.SameFigures(watches[1].Current!), "Main's figures did not move");
            Assert.Equal((0, 0), (watches[1].Current!.NewLeads, watches[1].Current!.OverdueCalls));
            // What each screen shows is what a fresh read of its key says (the patches read their own branch).
            var reads = studio.Services.GetRequiredService<DashboardReads>();
            foreach (var (key, i) in keys.Select((k, i) => (k, i)))
                Assert.True((await reads.LoadAsync(key, long.MaxValue, Ct)).SameFigures(watches[i].Current!), $"{key} as a fresh read");
            Assert.Same(watches[2].Current, watches[5].Current);
        }
        finally
        {
            foreach (var w in watches) w.Dispose();
        }

        DashboardSnapshot Current(int i) => watches[i].Current!;
    }

    [Theory, DatabaseData]
    public async Task Watch_ADealOrAClientMovedToAnotherBranch_LeavesTheOldBranchsFiguresAndJoinsTheNewOnes(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var s = await ArrangeAsync(studio);
        // A lead in Brooklyn now: 18:00 on Monday there, 01:00 on Tuesday in Kyiv, so it is "today" in either branch.
        var lead = await studio.Pipelines.CreateDealAsync(s.Owner, new NewDeal(s.Board.Id, null, "Evening lead", "+380672220009", null, s.BranchB, null, null, 500m, null), Ct);
        var main = await Dashboards(studio).WatchAsync(s.Owner, studio.BranchId, _ => Task.CompletedTask, Ct);
        var brooklyn = await Dashboards(studio).WatchAsync(s.Owner, s.BranchB, _ => Task.CompletedTask, Ct);
        try
        {
            Assert.Equal((0, 3), (main.Current!.NewLeads, brooklyn.Current!.NewLeads));
            Assert.Equal((1, 1), (main.Current.Birthdays, brooklyn.Current.Birthdays));

            // A manager puts one of Brooklyn's leads in Main: both branches' screens move, without a reload.
            var d = await studio.Pipelines.GetDealAsync(s.Owner, lead, Ct);
            await studio.Pipelines.UpdateDealAsync(s.Owner, new DealEdit(d.Id, d.Version, d.Amount, d.Title, d.ResponsibleId, d.SourceId,
                studio.BranchId, d.TagIds, d.CustomFields, d.CallbackAt), Ct);
            await Eventually.TrueAsync(() => main.Current!.NewLeads == 1 && brooklyn.Current!.NewLeads == 2, "the lead counted in its new branch only", Patience);

            // Brooklyn's client (a birthday this week) moves to Main: the birthday goes with them.
            var clients = studio.Services.GetRequiredService<ClientService>();
            var c = await clients.GetCardAsync(s.Owner, s.ClientB, Ct);
            await clients.UpdateAsync(s.Owner, c.Id, c.Version, new ClientInput(c.FullName, c.Phones, c.Email, c.BirthDate, c.City, studio.BranchId,
                c.SourceId, c.ResponsibleId, c.TagIds, c.Channels, c.Notes, c.CustomFields.ToDictionary(x => x.Key, x => (string?)x.Value), c.Guardians),
                duplicatesSeen: true, Ct);
            await Eventually.TrueAsync(() => main.Current!.Birthdays == 2 && brooklyn.Current!.Birthdays == 0, "the birthday counted in the client's new branch", Patience);
        }
        finally
        {
            main.Dispose();
            brooklyn.Dispose();
        }
    }
}
