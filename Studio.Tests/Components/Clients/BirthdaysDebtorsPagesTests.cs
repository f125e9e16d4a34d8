using Bunit;
using Microsoft.EntityFrameworkCore;
using Studio.Domain.Clients;
using Studio.Domain.Organisation;
using Studio.Domain.Schedule;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Billing;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Tasks;
using Studio.Tests.Infrastructure;
using Studio.Web.Clients;
using Xunit;

namespace Studio.Tests.Components.Clients;

/// <summary>The birthdays and debtors screens on a real studio, in English and Ukrainian (issue 17.12, 17.16).</summary>
public sealed class BirthdaysDebtorsPagesTests(Databases databases) : MudComponentTest
{
    private TestStudio _studio = default!;
    private Guid _manager, _child, _adult, _debtor;

    public override async ValueTask InitializeAsync()
    {
        _studio = await StartStudioAsync(databases, typeof(BirthdayService), typeof(DebtorService), typeof(TaskService), typeof(ClientService));
        _manager = await _studio.AddEmployeeAsync(EmployeeRole.Manager);
        var owner = await _studio.AddEmployeeAsync(EmployeeRole.Owner);
        var teacher = await _studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var clients = (ClientService)_studio.Services.GetService(typeof(ClientService))!;
        Task<Guid> Add(string name, DateOnly? birth, int n) => clients.CreateAsync(_manager, new ClientInput(name, [$"+38050{3000000 + n}"], null, birth, null,
            _studio.BranchId, null, null, [], ContactChannels.None, null, new Dictionary<Guid, string?>()), duplicatesSeen: true, Ct);
        // The fake clock's Monday 23 November 2026: Marko turns 10 on Wednesday, Olena 36 today.
        _child = await Add("Marko Koval", new(2016, 11, 25), 1);
        _adult = await Add("Olena Bondar", new(1990, 11, 23), 2);
        _debtor = await Add("Taras Melnyk", null, 3);
        var room = await _studio.AddRoomAsync(owner);
        var type = await _studio.AddLessonTypeAsync(owner);
        await _studio.Billing.SavePlanAsync(owner, null, null, "8 visits", 8, 30, 1600m, [type], Ct);
        var lesson = await _studio.BookAsync(_manager, type, teacher, room, 8, 0, 0, _debtor);
        var version = await _studio.ReadAsync(db => db.Lessons.Where(l => l.Id == lesson).Select(l => l.Version).SingleAsync(Ct));
        await _studio.Schedule.MarkHeldAsync(teacher, lesson, version, [new AttendanceMark(_debtor, true, false)], null, Ct);
        SignIn(_manager, EmployeeRole.Manager);
    }

    [Theory]
    [InlineData("en", "turns 10", "child", "today", "Birthdays this week")]
    [InlineData("uk", "виповнюється 10", "дитина", "сьогодні", "Дні народження цього тижня")]
    public void Birthdays_ByDayWithAgeChildAndToday(string culture, string turns, string child, string today, string title)
    {
        UseCulture(culture);
        var cut = Ctx.Render<BirthdaysPage>();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=birthday-row]").Count));
        var rows = cut.FindAll("[data-testid=birthday-row]");
        Assert.Equal([_adult.ToString(), _child.ToString()], rows.Select(r => r.GetAttribute("data-client")));
        Assert.Equal(["2026-11-23", "2026-11-25"], rows.Select(r => r.GetAttribute("data-day")));
        Assert.Contains(today, rows[0].QuerySelector("[data-testid=birthday-today]")!.TextContent);
        Assert.Null(rows[1].QuerySelector("[data-testid=birthday-today]"));
        Assert.Contains(turns, rows[1].TextContent);
        Assert.Contains(child, rows[1].QuerySelector("[data-testid=birthday-child]")!.TextContent);
        Assert.Null(rows[0].QuerySelector("[data-testid=birthday-child]"));
        Assert.Contains(title, cut.Markup);
        Assert.Contains("23.11.2026", cut.Find("[data-testid=birthdays-week]").TextContent);
    }

    [Theory]
    [InlineData("en", "Remind to pay", "Remind to pay: Taras Melnyk", "Reminder call waiting")]
    [InlineData("uk", "Нагадати про оплату", "Нагадати про оплату: Taras Melnyk", "Дзвінок-нагадування чекає")]
    public async Task Debtors_OneClickMakesTheCall_ThenShowsItWaiting(string culture, string button, string taskTitle, string waiting)
    {
        UseCulture(culture);
        var cut = Ctx.Render<DebtorsPage>();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=debtor-row]")));
        var row = cut.Find("[data-testid=debtor-row]");
        Assert.Equal((_debtor.ToString(), "1"), (row.GetAttribute("data-client"), row.GetAttribute("data-visits")));
        Assert.Equal("200 ₴", cut.Find("[data-testid=debtor-amount]").TextContent.Replace('\u00A0', ' ').Replace('\u202F', ' '));
        Assert.Equal(button, cut.Find("[data-testid=debtor-remind]").TextContent.Trim());

        await cut.Find("[data-testid=debtor-remind]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Equal(waiting, cut.Find("[data-testid=debtor-reminder]").TextContent.Trim()));
        Assert.Empty(cut.FindAll("[data-testid=debtor-remind]"));
        var task = Assert.Single(await _studio.ReadAsync(db => db.Tasks.Where(t => t.ClientId == _debtor).ToListAsync(Ct)));
        Assert.Equal((TaskKind.PersonalCall, taskTitle), (task.Kind, task.Title));
        Assert.StartsWith(TaskService.RemindToPayTag, task.Description);
    }
}
