using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Studio.Domain.Organisation;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Live;
using Studio.Infrastructure.Pipelines;
using Studio.Infrastructure.Tasks;
using Studio.Tests.Infrastructure;
using Studio.Web.Components.Layout;
using Xunit;

namespace Studio.Tests.Components.Tasks;

/// <summary>
/// A deal's due callback pops the task reminders' card for its responsible (issue 17.5), in English and Ukrainian: the deal's
/// title and client, "Open deal", and the same snooze buttons, which hide it until its time.
/// </summary>
public sealed class CallbackReminderPopupTests(Databases databases) : MudComponentTest
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10); // the feed answers on the bus's thread; a busy machine is slow
    private TestStudio _studio = default!;

    public override async ValueTask InitializeAsync() =>
        _studio = await StartStudioAsync(databases, typeof(TaskService), typeof(TaskBadges), typeof(ILiveBus));

    [Theory]
    [InlineData("en", "Time to call back", "Open deal")]
    [InlineData("uk", "Час передзвонити", "Відкрити угоду")]
    public async Task DueCallback_PopsWithTheDealAndOpenDeal_AndSnoozingAnHourHidesIt(string culture, string head, string open)
    {
        UseCulture(culture);
        var owner = await _studio.AddEmployeeAsync(EmployeeRole.Owner);
        var me = await _studio.AddEmployeeAsync(EmployeeRole.Manager);
        SignIn(me, EmployeeRole.Manager);
        var board = await _studio.AddBoardAsync(owner, me);
        var now = Clock.GetUtcNow().UtcDateTime;
        var deal = await _studio.Pipelines.CreateDealAsync(owner, new NewDeal(board.Id, null, "Олена Коваль", "+380671234567", null, null, me, null, 500m,
            "Пробне заняття", now.AddMinutes(10)), Ct);
        var cut = Ctx.Render<TaskIndicator>();
        cut.WaitForAssertion(() => Assert.Equal("0", cut.Find("[data-testid=task-indicator]").GetAttribute("data-unread")));

        Clock.Advance(TimeSpan.FromMinutes(10));
        await _studio.Services.GetRequiredService<Reminders>().RunAsync(Ct);

        cut.WaitForAssertion(() =>
        {
            var card = cut.Find($"[data-testid=reminder][data-deal-id='{deal}']");
            Assert.Contains(head, card.TextContent);
            Assert.Contains("Олена Коваль", card.TextContent);
            Assert.Equal("Пробне заняття", cut.Find("[data-testid=reminder-title]").TextContent.Trim());
            var link = cut.Find("[data-testid=reminder-open-deal]");
            Assert.Equal(open, link.TextContent.Trim());
            Assert.Equal($"/boards/{board.Id}?deal={deal}", link.GetAttribute("href"));
            Assert.Equal("1", cut.Find("[data-testid=task-indicator]").GetAttribute("data-unread"));
        }, Patience);

        await cut.InvokeAsync(() => cut.Find("[data-testid=snooze-60]").Click());

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=reminder]")), Patience);
        Assert.Equal(0, await _studio.Services.GetRequiredService<TaskService>().UnseenCountAsync(me, Ct));
        Clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(0, await _studio.Services.GetRequiredService<Reminders>().RunAsync(Ct));
        Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await _studio.Services.GetRequiredService<Reminders>().RunAsync(Ct));
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll($"[data-testid=reminder][data-deal-id='{deal}']")), Patience);
    }

    [Theory]
    [InlineData("en", "2 more reminders: open the list")]
    [InlineData("uk", "Ще нагадувань: 2 — відкрити список")]
    public async Task FiveCallbacksDueAtOnce_ThreeCardsShow_TheRestCountedUnderThem(string culture, string more)
    {
        UseCulture(culture);
        var owner = await _studio.AddEmployeeAsync(EmployeeRole.Owner);
        var me = await _studio.AddEmployeeAsync(EmployeeRole.Manager);
        SignIn(me, EmployeeRole.Manager);
        var board = await _studio.AddBoardAsync(owner, me);
        var now = Clock.GetUtcNow().UtcDateTime;
        for (var i = 0; i < 5; i++)
            await _studio.Pipelines.CreateDealAsync(owner, new NewDeal(board.Id, null, $"Client {i}", $"+38067123450{i}", null, null, me, null, 100m,
                $"Deal {i}", now.AddMinutes(5)), Ct);
        var cut = Ctx.Render<TaskIndicator>();

        Clock.Advance(TimeSpan.FromMinutes(5));
        await _studio.Services.GetRequiredService<Reminders>().RunAsync(Ct);

        cut.WaitForAssertion(() =>
        {
            Assert.Equal(TaskIndicator.MaxShown, cut.FindAll("[data-testid=reminder]").Count);
            Assert.Equal(more, cut.Find("[data-testid=reminder-more]").TextContent.Trim());
            Assert.Equal("5", cut.Find("[data-testid=task-indicator]").GetAttribute("data-unread"));
        }, Patience);
    }
}
