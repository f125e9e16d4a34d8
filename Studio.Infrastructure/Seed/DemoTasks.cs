using Microsoft.EntityFrameworkCore;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Persistence;

namespace Studio.Infrastructure.Seed;

/// <summary>
/// Tasks for the demo studio: templates of all four kinds with results, tasks in every status between
/// the staff (with the notices that light their indicators), a running call campaign with a shared
/// pool, and reminders due within the next hour.
/// </summary>
internal static class DemoTasks
{
    public static async Task SeedAsync(StudioDbContext db, DateTime now, IReadOnlyList<Guid> staff, CancellationToken ct)
    {
        var (owner, m1, m2, m3) = (staff[0], staff[1], staff[2], staff[3]);
        var teacher = staff[4];

        var internalTask = new TaskTemplate("Внутрішня задача", TaskKind.Internal);
        var clientTask = new TaskTemplate("Задача по клієнту", TaskKind.Client);
        var call = new TaskTemplate("Дзвінок клієнту", TaskKind.PersonalCall);
        call.AddResult("Думає", ResultField.None, followUp: FollowUp.PersonalCall);
        call.AddResult("Записався на пробне", ResultField.Date, followUp: FollowUp.BookTrial);
        call.AddResult("Умовна відмова", ResultField.Choice, ["Дорого", "Незручний розклад", "Далеко", "Дитина не хоче"]);
        call.AddResult("Не відповідає", ResultField.None);
        var campaign = new TaskTemplate("Обдзвін", TaskKind.CallCampaign);
        campaign.AddResult("Продовжить абонемент", ResultField.None);
        campaign.AddResult("Думає", ResultField.None, followUp: FollowUp.PersonalCall);
        campaign.AddResult("Умовна відмова", ResultField.Choice, ["Дорого", "Переїзд", "Канікули"]);
        db.TaskTemplates.AddRange(internalTask, clientTask, call, campaign);
        // Stage automation on the sales board: a card entering "Дзвінок" gives its responsible a call due in two hours.
        if (await db.Boards.SingleOrDefaultAsync(b => b.FormKey == "demo-sales", ct) is { } sales
            && sales.Stages.FirstOrDefault(x => x.Name == "Дзвінок") is { } callStage)
            sales.AutomateStage(callStage.Id, call.Id, 2);

        var clients = await db.Clients.AsNoTracking().Where(c => c.MergedIntoId == null).OrderBy(c => c.CreatedAt)
            .Select(c => new { c.Id, c.FullName, c.Phone }).Take(20).ToListAsync(ct);
        var tasks = new List<WorkTask>();
        var notices = new List<TaskNotice>();
        var at = now.AddDays(-2);

        WorkTask Give(string title, Guid author, Guid executor, TaskTemplate template, int client = -1)
        {
            var c = client >= 0 ? clients[client] : null;
            var t = new WorkTask(template.Kind, template.Id, title, null, author, [executor], at, c?.Id, c?.Phone,
                template.Kind == TaskKind.PersonalCall ? CallDirection.Outgoing : null);
            t.Schedule(now.AddDays(1), null, TaskPriority.Medium, false);
            notices.AddRange(TaskNotice.For(t, NoticeKind.Assigned, author, at));
            tasks.Add(t);
            return t;
        }

        void Move(WorkTask t, Guid by, TaskState to, string? note = null, TaskTemplate? template = null, Guid? result = null, string? value = null)
        {
            at = at.AddMinutes(37);
            t.SetStatus(t.RoleOf(by), to, note, by, at, template, result, value);
            notices.AddRange(TaskNotice.For(t, NoticeKind.StatusChanged, by, at));
        }

        // Every status, between the demo staff.
        Give("Замовити нові килимки для йоги", owner, m1, internalTask);
        var read = Give("Оновити розклад на сайті", owner, m2, internalTask);
        read.MarkRead(m2, at.AddMinutes(5));
        var working = Give("Передзвонити щодо групи для дорослих", m1, m2, call, 0);
        Move(working, m2, TaskState.InProgress);
        var done = Give("Підготувати сертифікати на звітний концерт", owner, m3, internalTask);
        Move(done, m3, TaskState.InProgress);
        Move(done, m3, TaskState.Done, "Надруковано 40 шт.");
        var question = Give("Уточнити розмір форми", m2, teacher, clientTask, 1);
        Move(question, teacher, TaskState.Clarification, "Для якої групи — старшої чи молодшої?");
        var rejected = Give("Зібрати відгуки батьків", owner, m2, internalTask);
        Move(rejected, m2, TaskState.Done, "Зібрано 5 відгуків");
        Move(rejected, owner, TaskState.NotAccepted, "Потрібно щонайменше 10, і з фото");
        var closed = Give("Продзвонити пробні за тиждень", m1, m3, call, 2);
        Move(closed, m3, TaskState.InProgress);
        Move(closed, m3, TaskState.Done, null, call, call.Results.First(r => r.FollowUp == FollowUp.BookTrial).Id, DateOnly.FromDateTime(now.AddDays(3)).ToString("yyyy-MM-dd"));
        Move(closed, m1, TaskState.Closed, "Дякую!");
        var cancelled = Give("Домовитися про фотосесію", m1, m2, internalTask);
        Move(cancelled, m1, TaskState.Cancelled, "Фотограф захворів");
        // The demo manager's current calls: two in progress, with the clients' details on "Current".
        foreach (var (i, title) in new[] { (3, "Перший дзвінок після пробного"), (4, "Запросити на відкрите заняття") })
        {
            var current = Give(title, owner, m1, call, i);
            current.MarkRead(m1, at);
            Move(current, m1, TaskState.InProgress);
        }
        // The author does it themself: Read from the start.
        Give("Перевірити каси за місяць", owner, owner, internalTask);

        // Reminders due within the next hour.
        for (var i = 0; i < 3; i++)
        {
            var t = Give($"Нагадати про оплату: {clients[5 + i].FullName}", m1, m1, call, 5 + i);
            t.Schedule(now.AddHours(4), now.AddMinutes(10 + 15 * i), i == 0 ? TaskPriority.High : TaskPriority.Medium, i == 0);
        }

        // A running campaign shared by two managers: some calls taken, the rest in the pool.
        var run = new WorkTask(TaskKind.CallCampaign, campaign.Id, "Обдзвін: абонемент закінчується", "Клієнти, у кого абонемент закінчується цього тижня",
            m1, [m2, m3], now.AddDays(-1));
        tasks.Add(run);
        notices.AddRange(TaskNotice.For(run, NoticeKind.Assigned, m1, now.AddDays(-1)));
        foreach (var (c, i) in clients.Skip(8).Take(10).Select((c, i) => (c, i)))
        {
            var sub = new WorkTask(TaskKind.PersonalCall, campaign.Id, $"Обдзвін: {c.FullName}", null, m1, [], now.AddDays(-1), c.Id, c.Phone,
                CallDirection.Outgoing, run.Id);
            if (i < 2) sub.Take(i == 0 ? m2 : m3, now.AddHours(-3));
            tasks.Add(sub);
        }

        db.Tasks.AddRange(tasks);
        db.TaskNotices.AddRange(notices);
        await db.SaveChangesAsync(ct);
    }
}
