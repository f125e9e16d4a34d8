using Studio.Domain.Billing;
using Studio.Domain.Clients;
using Studio.Domain.Common;
using Studio.Domain.Pipelines;
using Studio.Domain.Schedule;
using Studio.Domain.Tasks;

namespace Studio.Tests.Domain.Common;

/// <summary>
/// Every aggregate mutator, as a table: given the values it already has, it changes nothing and raises nothing (so a save
/// leaves the version alone and nobody hears of it); given a new value, it raises exactly one event. The second table
/// is what shows the first can fail.
/// </summary>
public sealed class NothingChangedTests
{
    private static readonly DateTime T0 = new(2026, 11, 23, 9, 0, 0, DateTimeKind.Utc);
    private static readonly TimeZoneInfo Kyiv = Zones.Find("Europe/Kyiv");
    private static readonly Guid Manager = Guid.NewGuid(), Other = Guid.NewGuid(), Branch = Guid.NewGuid(), TagA = Guid.NewGuid(), TagB = Guid.NewGuid();

    private static readonly LessonType Group = new("Hip-hop", 60, LessonKind.Group, false, "#42A5F5", 1);
    private static readonly LessonType Solo = new("Vocal", 45, LessonKind.Individual, false, "#AB47BC", 1);

    /// <summary>Each case: the mutator with its current values (same = true) or with a new one (same = false).</summary>
    private static readonly Dictionary<string, Func<bool, IHasDomainEvents>> Cases = new()
    {
        ["Board.Rename"] = same => Act(Board(), b => b.Rename(same ? " Sales " : "Sales 2")),
        ["Board.RotateKey"] = same => Act(Board(), b => b.RotateKey(same ? "form-key" : "new-key")),
        ["Board.UpdateStage"] = same => Act(Board(), b =>
        {
            var call = b.Stages.Single(s => s.Name == "Call");
            b.UpdateStage(call.Id, "Call", "#4fc3f7", 3, countsAsTrial: !same);
        }),
        ["Board.UpdateStage (built-in asks for trial)"] = same => Act(Board(), b => b.UpdateStage(b.Start.Id, same ? "Start" : "New", "#90A4AE", null, true)),
        ["Board.AutomateStage"] = same => Act(Board(), b => b.AutomateStage(b.Stages.Single(s => s.Name == "Call").Id, same ? null : Guid.NewGuid(), 24)),
        ["Board.ReorderStages"] = same => Act(Board(), b =>
        {
            var open = b.OrderedStages.Where(s => s.Kind == StageKind.Open).Select(s => s.Id).ToList();
            b.ReorderStages(same ? open : [.. open.AsEnumerable().Reverse()]);
        }),
        ["Board.SetMembers"] = same => Act(Board(), b => b.SetMembers(same ? [Other, Manager, Manager] : [Manager])),
        ["Board.SetAllowedOrigins"] = same => Act(Board(), b => b.SetAllowedOrigins(same ? ["HTTPS://studio.example/"] : ["https://other.example"])),
        ["Board.Archive"] = same => Act(Board(), b => b.Archive(!same)),
        ["Deal.Update"] = same => Act(Deal(), d => d.Update(same ? 1000.00m : 1001m, " Guitar ", Manager, null, Branch, [TagB, TagA, TagA],
            new Dictionary<string, string> { ["Age"] = "12", ["Level"] = " Beginner ", ["Empty"] = " " })),
        ["Deal.Update (tags)"] = same => Act(Deal(), d => d.Update(1000m, "Guitar", Manager, null, Branch, same ? [TagA, TagB] : [TagA],
            new Dictionary<string, string> { ["Level"] = "Beginner", ["Age"] = "12" })),
        ["Deal.Update (custom fields)"] = same => Act(Deal(), d => d.Update(1000m, "Guitar", Manager, null, Branch, [TagA, TagB],
            new Dictionary<string, string> { ["Level"] = "Beginner", ["Age"] = same ? "12" : "13" })),
        ["Deal.SetCallback"] = same => Act(Deal(), d => d.SetCallback(same ? null : T0.AddDays(1))),
        ["Deal.MoveTo (closes a deal with a callback)"] = same =>
        {
            var board = Board();
            var deal = Deal(board);
            deal.SetCallback(T0.AddDays(1));
            return Act(deal, d => d.MoveTo(board, same ? d.StageId : board.Stages.Single(s => s.Kind == StageKind.Won).Id, null, Manager, T0.AddHours(1)));
        },
        ["Deal.Reassign"] = same => Act(Deal(), d => d.Reassign(same ? Manager : Other)),
        ["Client.Update"] = same => Act(Client(), c => c.Update(Profile(same ? " Olena Koval " : "Olena Kovalenko"))),
        ["Client.Update (phones in another order)"] = same => Act(Client(), c => c.Update(Profile("Olena Koval") with
        {
            Phones = same ? ["+380671234567", "+380501112233"] : ["+380501112233", "+380671234567"],
        })),
        ["Client.Archive"] = same => Act(Client(), c => c.Archive(!same)),
        ["Client.MergeInto"] = same => Act(Merged(), c => c.MergeInto(same ? Other : Manager)),
        ["Lesson.Reschedule"] = same => Act(Lesson(), l => l.Reschedule(Slot(same ? 18 : 19))),
        ["Lesson.ChangeType"] = same => Act(Lesson(), l => l.ChangeType(same ? Group : Solo)),
        ["Lesson.SetNotes"] = same => Act(Lesson(), l => l.SetNotes(same ? " Bring shoes " : "Bring water")),
        ["Pass.Use"] = same => Act(Pass(), p => p.Use(same ? 0 : 1)),
        ["Pass.GiveBack"] = same => Act(Pass(), p => p.GiveBack(same ? 0 : 1)),
        ["WorkTask.Schedule"] = same => Act(Task(), t => t.Schedule(T0.AddDays(2), same ? T0.AddDays(1) : T0.AddHours(30), TaskPriority.High, true)),
        ["WorkTask.Edit"] = same => Act(Task(), t => t.Edit(same ? "Call back" : "Call again", null, [Manager], T0.AddDays(2), T0.AddDays(1),
            TaskPriority.High, true, Branch, null, null)),
        ["WorkTask.Edit (executors)"] = same => Act(Task(), t => t.Edit("Call back", null, same ? [Manager, Manager] : [Manager, Other],
            T0.AddDays(2), T0.AddDays(1), TaskPriority.High, true, Branch, null, null)),
        ["WorkTask.Snooze"] = same => Act(Task(), t => t.Snooze(same ? T0.AddDays(1) : T0.AddDays(3), T0)),
    };

    public static TheoryData<string> Mutators => [.. Cases.Keys];

    [Theory, MemberData(nameof(Mutators))]
    public void Mutator_SameValuesAgain_RaisesNothing(string mutator) =>
        Assert.Empty(Cases[mutator](true).DomainEvents);

    [Theory, MemberData(nameof(Mutators))]
    public void Mutator_NewValue_RaisesOneEvent(string mutator) =>
        Assert.Single(Cases[mutator](false).DomainEvents);

    [Fact]
    public void DealUpdate_SameValuesAgain_LeavesEveryFactAsItWas()
    {
        var deal = Deal();
        var before = (deal.Amount, deal.Title, deal.ResponsibleId, deal.BranchId, deal.CustomFields, Tags: TagIds(deal));

        deal.Update(1000m, "Guitar", Manager, null, Branch, [TagB, TagA], new Dictionary<string, string> { ["Level"] = "Beginner", ["Age"] = "12" });

        // The very same dictionary: nothing was replaced, so the change tracker has nothing to see either.
        Assert.Equal(before, (deal.Amount, deal.Title, deal.ResponsibleId, deal.BranchId, deal.CustomFields, Tags: TagIds(deal)));
    }

    private static string TagIds(Deal deal) => string.Join(",", deal.Tags.Select(t => t.TagId).Order());

    [Fact]
    public void DealUpdate_BadFieldAfterGoodOnes_ThrowsAndChangesNothing()
    {
        var deal = Deal();
        deal.ClearDomainEvents();

        var ex = Assert.Throws<DomainException>(() => deal.Update(5m, "Drums", Other, null, Branch, [],
            new Dictionary<string, string> { ["Level"] = new string('x', Studio.Domain.Pipelines.Deal.CustomValueMax + 1) }));

        Assert.Equal("Error.TooLong", ex.Code);
        Assert.Equal((1000m, "Guitar", (Guid?)Manager, 2), (deal.Amount, deal.Title, deal.ResponsibleId, deal.Tags.Count));
        Assert.Empty(deal.DomainEvents);
    }

    // ---------- the aggregates, as they are before the act ----------

    private static T Act<T>(T entity, Action<T> act) where T : IHasDomainEvents
    {
        entity.ClearDomainEvents();
        act(entity);
        return entity;
    }

    private static Board Board()
    {
        var board = new Board("Sales", "form-key");
        board.AddStage("Call", "#4FC3F7", 3);
        board.AddStage("Trial", "#9575CD", null);
        board.SetMembers([Manager, Other]);
        board.SetAllowedOrigins(["https://studio.example"]);
        return board;
    }

    private static Deal Deal(Board? board = null)
    {
        var deal = new Deal(board ?? Board(), Guid.NewGuid(), Branch, Manager, null, 1000m, "Guitar", Manager, T0);
        deal.Update(1000m, "Guitar", Manager, null, Branch, [TagA, TagB], new Dictionary<string, string> { ["Age"] = "12", ["Level"] = "Beginner" });
        return deal;
    }

    private static ClientProfile Profile(string name) => new(name, ["+380671234567", "+380501112233"], "olena@mail.test", null, "Kyiv", Branch,
        null, Manager, [TagA], new ContactChannels(Telegram: "@olena"), null, new Dictionary<Guid, string> { [TagB] = "A1" });

    private static Client Client() => new(Profile("Olena Koval"), T0);

    private static Client Merged()
    {
        var client = Client();
        client.MergeInto(Other);
        return client;
    }

    private static LessonSlot Slot(int hour) => LessonSlot.At(new DateTime(2026, 11, 24, hour, 0, 0), Kyiv, 60, null, Manager, null);

    private static Lesson Lesson()
    {
        var lesson = new Lesson(Branch, Group, Slot(18), null, T0, Manager);
        lesson.SetNotes("Bring shoes");
        return lesson;
    }

    private static Pass Pass()
    {
        var pass = new Pass(Guid.NewGuid(), new PassPlan("8 visits", 8, 30, 1200m, [Group.Id]), new DateOnly(2026, 11, 23), 1200m,
            Guid.NewGuid(), T0, Manager);
        pass.Use(2);
        return pass;
    }

    private static WorkTask Task()
    {
        var task = new WorkTask(TaskKind.Client, null, "Call back", null, Other, [Manager], T0, clientId: Branch);
        task.Schedule(T0.AddDays(2), T0.AddDays(1), TaskPriority.High, true);
        return task;
    }
}
