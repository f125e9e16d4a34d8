using Studio.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Studio.Domain.Clients;
using Studio.Domain.Organisation;
using Studio.Domain.Pipelines;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;

namespace Studio.Infrastructure.Seed;

public sealed record DemoAccount(string Email, string Role, string Name);

/// <summary>
/// A demo studio to try Studio with: two branches, staff, sixty clients, two boards full of
/// deals whose callbacks show every colour, two weeks of schedule with passes and payments, and tasks, calls and a call campaign. Runs only on an empty database and only when asked.
/// </summary>
public sealed class DemoSeeder(IDbContextFactory<StudioDbContext> factory, OrganisationService organisation, TimeProvider clock)
{
    public const string Password = "studio-demo-2026";

    public static readonly IReadOnlyList<DemoAccount> Accounts =
    [
        new("owner@studio.demo", "Owner", "Олена Коваленко"),
        new("manager1@studio.demo", "Manager", "Андрій Шевченко"),
        new("manager2@studio.demo", "Manager", "Марія Бондаренко"),
        new("manager3@studio.demo", "Manager", "Ігор Ткаченко"),
        new("teacher1@studio.demo", "Teacher", "Наталія Кравченко"),
        new("teacher2@studio.demo", "Teacher", "Дмитро Олійник"),
        new("teacher3@studio.demo", "Teacher", "Юлія Мельник"),
        new("teacher4@studio.demo", "Teacher", "Сергій Поліщук"),
    ];

    private static readonly string[] FirstNames =
        ["Оксана", "Тарас", "Ірина", "Богдан", "Софія", "Максим", "Анна", "Олександр", "Вікторія", "Назар",
         "Дарина", "Роман", "Катерина", "Володимир", "Христина", "Остап", "Людмила", "Ярослав", "Поліна", "Євген"];
    private static readonly string[] LastNames =
        ["Петренко", "Іваненко", "Сидоренко", "Гончаренко", "Литвиненко", "Мороз", "Савченко", "Руденко", "Лисенко",
         "Марченко", "Кузьменко", "Павленко", "Захарченко", "Білоус", "Клименко"];
    private static readonly string[] Operators = ["50", "66", "67", "68", "63", "73", "93", "95", "96", "97", "98", "99"];

    public async Task<bool> SeedAsync(CancellationToken ct = default)
    {
        await using (var check = factory.CreateDbContext())
            if (await check.Employees.AnyAsync(ct) || await check.Organisations.AnyAsync(ct)) return false;

        var now = clock.GetUtcNow().UtcDateTime;
        var rnd = new Random(20261122);

        Guid podil, obolon;
        var sources = new List<Guid>();
        var tags = new List<Guid>();
        await using (var db = factory.CreateDbContext())
        {
            db.Organisations.Add(new StudioOrganisation("Студія «Рух»", "UA", "Europe/Kyiv"));
            var b1 = new Branch("Поділ", "вул. Сагайдачного, 25, Київ", "Europe/Kyiv");
            var b2 = new Branch("Оболонь", "просп. Володимира Івасюка, 8, Київ", "Europe/Kyiv");
            db.Branches.AddRange(b1, b2);
            db.Rooms.AddRange(new Room(b1.Id, "Зал 1", 20), new Room(b1.Id, "Зал 2", 12), new Room(b2.Id, "Велика зала", 25), new Room(b2.Id, "Мала зала", 8));
            foreach (var name in new[] { "Сайт", "Instagram", "Facebook", "Радіо", "Рекомендація", "Вивіска" })
            {
                var s = new LeadSource(name);
                db.LeadSources.Add(s);
                sources.Add(s.Id);
            }
            foreach (var (name, colour) in new[] { ("Діти", "#29B6F6"), ("Дорослі", "#7E57C2"), ("VIP", "#FFB300"), ("Знижка", "#66BB6A"), ("Повернення", "#EF5350") })
            {
                var t = new Tag(name, colour);
                db.Tags.Add(t);
                tags.Add(t.Id);
            }
            await db.SaveChangesAsync(ct);
            podil = b1.Id;
            obolon = b2.Id;
        }

        var staff = new List<Guid>();
        foreach (var a in Accounts)
        {
            var role = Enum.Parse<EmployeeRole>(a.Role);
            var branches = role == EmployeeRole.Owner ? new[] { podil, obolon } : staff.Count % 2 == 0 ? new[] { podil } : new[] { obolon, podil };
            staff.Add(await organisation.CreateEmployeeWithAccountAsync(a.Name, a.Email, role, branches, Password, ct));
        }
        var (owner, m1, m2, m3) = (staff[0], staff[1], staff[2], staff[3]);
        var managers = new[] { m1, m2, m3 };

        await using (var db = factory.CreateDbContext())
        {
            var sales = new Board("Продажі", "demo-sales", "Нові", "Успішно", "Відмова");
            foreach (var (name, colour, limit, trial) in new (string, string, int?, bool)[]
                     {
                         ("Необроблені", "#B0BEC5", 2, false), ("Дзвінок", "#4FC3F7", null, false), ("Презентація", "#9575CD", null, true),
                         ("Договір узгоджено", "#FFB74D", 7, false), ("Договір підписано", "#4DB6AC", null, false), ("Оплачено", "#81C784", null, false),
                     })
                sales.AddStage(name, colour, limit, trial);
            foreach (var r in new[] { "Дорого", "Незручний розклад", "Обрали інших", "Не відповідає", "Переїзд" }) sales.AddLossReason(r);
            sales.SetMembers([m1, m2]);

            var online = new Board("Онлайн-школа", "demo-online", "Нові", "Успішно", "Відмова");
            foreach (var (name, colour, limit, trial) in new (string, string, int?, bool)[]
                     {
                         ("Нова заявка", "#B0BEC5", 1, false), ("Кваліфікація", "#90CAF9", null, false), ("Повторний контакт", "#80DEEA", null, false),
                         ("Недозвон", "#EF9A9A", 3, false), ("Потреба виявлена", "#CE93D8", null, false), ("Запрошено на пробний", "#FFCC80", null, true),
                         ("Відвідав пробний", "#FFE082", null, false), ("Готовий до запису", "#C5E1A5", 7, false), ("Курс погоджено", "#A5D6A7", null, false),
                         ("Договір підписано", "#80CBC4", null, false), ("Часткова оплата", "#B39DDB", null, false), ("Завершено", "#9FA8DA", null, false),
                     })
                online.AddStage(name, colour, limit, trial);
            foreach (var r in new[] { "Дорого", "Немає часу", "Не підходить формат", "Не відповідає" }) online.AddLossReason(r);
            online.SetMembers([m2, m3]);
            db.Boards.AddRange(sales, online);

            // Statuses and custom fields draw from their own Random, so the clients and deals below stay exactly as they were.
            var extra = new Random(20261123);
            var statuses = new (string Name, bool Funnel, string Colour)[]
                {
                    ("ЛІД", true, "#90A4AE"), ("Пробне", true, "#FFB74D"), ("Новий", true, "#4FC3F7"),
                    ("Постійний", true, "#66BB6A"), ("Відмова", true, "#E57373"), ("Пішов", false, "#8D6E63"),
                }
                .Select((s, i) => new ClientStatus(s.Name, i, s.Funnel, s.Colour)).ToList();
            db.ClientStatuses.AddRange(statuses);
            var age = new CustomFieldDefinition("Вік дитини", CustomFieldKind.Number, [], 0);
            var level = new CustomFieldDefinition("Рівень", CustomFieldKind.Choice, ["початковий", "середній", "високий"], 1);
            db.CustomFields.AddRange(age, level);

            var clients = new List<Client>();
            for (var i = 0; i < 60; i++)
            {
                var name = $"{LastNames[rnd.Next(LastNames.Length)]} {FirstNames[rnd.Next(FirstNames.Length)]}";
                var phone = $"+380{Operators[rnd.Next(Operators.Length)]}{rnd.Next(1000000, 9999999)}";
                var fields = new Dictionary<Guid, string>();
                if (extra.Next(3) > 0) fields[age.Id] = age.Normalise(extra.Next(4, 15).ToString(System.Globalization.CultureInfo.InvariantCulture))!;
                if (extra.Next(2) == 0) fields[level.Id] = level.Normalise(level.Choices[extra.Next(level.Choices.Count)])!;
                var clientTags = extra.Next(4) == 0 ? new[] { tags[extra.Next(tags.Count)] } : [];
                var c = new Client(new ClientProfile(name, [phone], i % 3 == 0 ? $"client{i + 1}@mail.demo" : null, null, null,
                    i % 2 == 0 ? podil : obolon, sources[rnd.Next(sources.Count)], managers[i % 3], clientTags, ContactChannels.None, null, fields),
                    now.AddDays(-rnd.Next(5, 200)));
                clients.Add(c);
                db.ClientStatusChanges.AddRange(StatusHistory(c, statuses, managers[i % 3], now, extra));
            }
            db.Clients.AddRange(clients);

            for (var i = 0; i < 150; i++)
            {
                var board = i % 5 < 3 ? sales : online;
                var client = clients[i % clients.Count];
                var responsible = board == sales ? (i % 2 == 0 ? m1 : m2) : (i % 2 == 0 ? m2 : m3);
                var created = now.AddDays(-rnd.Next(1, 60)).AddMinutes(-rnd.Next(0, 600));
                var deal = new Deal(board, client.Id, client.BranchId, responsible, client.SourceId,
                    rnd.Next(0, 25) * 500m, null, responsible, created);
                var open = board.OrderedStages.Where(s => s.Kind == StageKind.Open).ToList();
                var target = rnd.Next(10) switch
                {
                    0 => board.Won,
                    1 => board.Lost,
                    _ => rnd.Next(5) == 0 ? board.Start : open[rnd.Next(open.Count)],
                };
                var at = created;
                foreach (var step in open.Where(s => target.Kind != StageKind.Open || s.Order <= target.Order).Take(target.Kind == StageKind.Start ? 0 : rnd.Next(1, 4)))
                {
                    at = at.AddHours(rnd.Next(2, 48));
                    if (at > now) at = now.AddMinutes(-rnd.Next(1, 60));
                    deal.MoveTo(board, step.Id, null, responsible, at);
                }
                if (target.Kind != StageKind.Start && target.Id != deal.StageId)
                {
                    at = at.AddHours(rnd.Next(1, 24));
                    if (at > now) at = now.AddMinutes(-rnd.Next(1, 60));
                    var reason = target.Kind == StageKind.Lost ? board.LossReasons.ElementAt(rnd.Next(board.LossReasons.Count)).Id : (Guid?)null;
                    deal.MoveTo(board, target.Id, reason, responsible, at);
                }
                if (deal.ClosedAt is null)
                {
                    // Every colour: yellow (later today or in days), green (now), red (overdue), none.
                    deal.SetCallback((i % 4) switch
                    {
                        0 => now.AddHours(rnd.Next(2, 72)),
                        1 => now.AddMinutes(rnd.Next(-10, 10)),
                        2 => now.AddHours(-rnd.Next(1, 30)),
                        _ => null,
                    });
                    // Brought in with their history: a callback due within the hour or past counts as reminded (a fresh start
                    // does not pop a stack of old reminders); one set from now on reminds when it comes due.
                    if (deal.CallbackAt <= now.AddHours(1)) deal.CallbackReminded();
                    if (i % 7 == 0) db.DealNotes.Add(deal.AddNote("Просила передзвонити після 18:00", null, responsible, at));
                }
                var dealTags = rnd.Next(3) == 0 ? new[] { tags[rnd.Next(tags.Count)] } : [];
                deal.Update(deal.Amount, null, deal.ResponsibleId, deal.SourceId, deal.BranchId, dealTags, new Dictionary<string, string>());
                db.Deals.Add(deal);
            }
            await db.SaveChangesAsync(ct);
        }
        await using (var db = factory.CreateDbContext())
            await DemoSchedule.SeedAsync(db, now, podil, obolon, staff, ct);
        await using (var db = factory.CreateDbContext())
            await DemoTasks.SeedAsync(db, now, staff, ct);
        return true;
    }

    /// <summary>
    /// A plausible way through LEAD → Trial → New → Regular over the last eight weeks, some stopping
    /// early, some refusing after the lead or the trial, some regulars gone. Never before the client existed.
    /// </summary>
    private static IEnumerable<ClientStatusChange> StatusHistory(Client client, IReadOnlyList<ClientStatus> s, Guid by, DateTime now, Random rnd)
    {
        var (lead, trial, newcomer, regular, refused, gone) = (s[0], s[1], s[2], s[3], s[4], s[5]);
        List<ClientStatus> way = rnd.Next(20) switch
        {
            < 3 => [lead],
            < 6 => [lead, trial],
            < 7 => [lead, refused],
            < 9 => [lead, trial, refused],
            < 13 => [lead, trial, newcomer],
            < 18 => [lead, trial, newcomer, regular],
            _ => [lead, trial, newcomer, regular, gone],
        };
        var start = client.CreatedAt > now.AddDays(-56) ? client.CreatedAt : now.AddDays(-56);
        var at = start.AddHours(rnd.Next(1, 48));
        foreach (var status in way)
        {
            if (at >= now) break;
            if (client.ChangeStatus(status.Id, by, at) is { } change) yield return change;
            at = at.AddDays(rnd.Next(2, 12)).AddHours(rnd.Next(0, 10));
        }
        if (client.StatusId is null && client.ChangeStatus(lead.Id, by, now.AddMinutes(-rnd.Next(5, 600))) is { } first) yield return first;
    }
}
