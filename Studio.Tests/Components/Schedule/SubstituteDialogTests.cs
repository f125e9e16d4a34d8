using System.Globalization;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Studio.Domain.Organisation;
using Studio.Domain.Schedule;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Schedule;
using Studio.Tests.Infrastructure;
using Studio.Web.Schedule;

namespace Studio.Tests.Components.Schedule;

/// <summary>
/// The substitute dialog over the real services (SQLite): before saving it says which lessons the substitute cannot take and
/// why, in the person's language; the save hands over the free ones only; a lesson changed meanwhile refuses it all, said plainly.
/// </summary>
public sealed class SubstituteDialogTests(Databases databases) : MudComponentTest
{
    private TestStudio _studio = default!;
    private Guid _manager, _olga, _anna, _free, _busy;

    public override async ValueTask InitializeAsync()
    {
        _studio = await StartStudioAsync(databases, typeof(SubstitutionService));
        var owner = await _studio.AddEmployeeAsync(EmployeeRole.Owner);
        _manager = await _studio.AddEmployeeAsync(EmployeeRole.Manager);
        (_olga, _anna) = (await _studio.AddEmployeeAsync(EmployeeRole.Teacher), await _studio.AddEmployeeAsync(EmployeeRole.Teacher));
        var (hall, small) = (await _studio.AddRoomAsync(owner), await _studio.AddRoomAsync(owner));
        var group = await _studio.AddLessonTypeAsync(owner);
        var client = await _studio.AddClientAsync(_manager);
        _free = await _studio.BookAsync(_manager, group, _olga, hall, 10, 0, 1, client);
        _busy = await _studio.BookAsync(_manager, group, _olga, hall, 18, 0, 2);
        await _studio.BookAsync(_manager, group, _anna, small, 18, 0, 2); // Anna ("Teacher Number4" in the database) teaches then herself
    }

    private IReadOnlyList<SubstituteDialog.Person> People => [new(_olga, "Olga"), new(_anna, "Anna")];

    private async Task<IRenderedComponent<MudDialogProvider>> OpenAsync(DialogParameters<SubstituteDialog> parameters)
    {
        var dialogs = Ctx.Render<MudDialogProvider>();
        var service = Ctx.Services.GetRequiredService<IDialogService>();
        await dialogs.InvokeAsync(() => service.ShowAsync<SubstituteDialog>("Substitute", parameters));
        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid=substitute-dialog]"));
        return dialogs;
    }

    private static async Task PickSubstituteAsync(IRenderedComponent<MudDialogProvider> dialogs, Guid id)
    {
        var select = dialogs.FindComponents<MudSelect<Guid?>>().Single(s => Equals(s.Instance.UserAttributes.GetValueOrDefault("data-testid"), "substitute-to"));
        await dialogs.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(id));
    }

    [Theory]
    [InlineData("en", "Number4 teaches “", "1 of 2 lessons will go to Anna; 1 cannot", "Hand over (1)")]
    [InlineData("uk", "Number4 веде «", "1 з 2 занять перейдуть до Anna; 1 — ні", "Передати (1)")]
    public async Task Range_ClashShownBeforeSaving_OnlyTheFreeLessonIsHandedOver(string culture, string clash, string summary, string save)
    {
        UseCulture(culture);
        var dialogs = await OpenAsync(new DialogParameters<SubstituteDialog>
        {
            { d => d.ActorId, _manager }, { d => d.People, People }, { d => d.FromTeacherId, _olga },
            { d => d.FromDay, _studio.Today.AddDays(1) }, { d => d.ToDay, _studio.Today.AddDays(2) },
        });
        dialogs.WaitForAssertion(() => Assert.Equal(2, dialogs.FindAll("[data-testid=substitute-line]").Count));

        await PickSubstituteAsync(dialogs, _anna);
        await dialogs.InvokeAsync(() => dialogs.Find("input[data-testid=substitute-reason]").Change("Olga is ill"));

        dialogs.WaitForAssertion(() =>
        {
            var busy = dialogs.Find($"[data-testid=substitute-line][data-lesson-id='{_busy}']");
            Assert.Equal("false", busy.GetAttribute("data-free"));
            Assert.Contains(clash, busy.TextContent);
            Assert.Equal("true", dialogs.Find($"[data-testid=substitute-line][data-lesson-id='{_free}']").GetAttribute("data-free"));
            Assert.Contains(summary, dialogs.Find("[data-testid=substitute-summary]").TextContent);
            Assert.Contains(save, dialogs.Find("[data-testid=substitute-save]").TextContent);
        });
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=substitute-save]").Click());

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=substitute-dialog]")));
        var teachers = await _studio.ReadAsync(db => db.Lessons.AsNoTracking().IgnoreAutoIncludes().ToDictionaryAsync(l => l.Id, l => l.TeacherId, Ct));
        Assert.Equal((_anna, _olga), (teachers[_free], teachers[_busy]));
        var line = await _studio.ReadAsync(db => db.LessonSubstitutions.AsNoTracking().SingleAsync(Ct));
        Assert.Equal((_free, _olga, _anna, "Olga is ill"), (line.LessonId, line.FromTeacherId, line.ToTeacherId, line.Reason));
        Assert.Equal(1, await _studio.ReadAsync(db => db.LessonParticipants.CountAsync(p => p.LessonId == _free, Ct)));
    }

    [Theory]
    [InlineData("en", "Someone else saved this first")]
    [InlineData("uk", "Хтось інший зберіг це раніше")]
    public async Task OneLesson_ChangedMeanwhile_NothingSaved_TheMessageSaysWhy(string culture, string conflict)
    {
        UseCulture(culture);
        var schedule = _studio.Schedule;
        var lesson = (await schedule.GetLessonAsync(_manager, _free, Ct)).Lesson;
        var dialogs = await OpenAsync(new DialogParameters<SubstituteDialog>
        {
            { d => d.ActorId, _manager }, { d => d.People, People }, { d => d.Lesson, lesson }, { d => d.FromTeacherId, _olga },
        });
        await PickSubstituteAsync(dialogs, _anna);
        dialogs.WaitForAssertion(() => Assert.Equal("true", dialogs.Find("[data-testid=substitute-line]").GetAttribute("data-free")));

        await schedule.SetNotesAsync(_manager, _free, lesson.Version, "Bring mats", Ct); // someone else, meanwhile
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=substitute-save]").Click());

        dialogs.WaitForAssertion(() => Assert.Contains(conflict, dialogs.Find("[data-testid=substitute-dialog]").TextContent));
        Assert.Equal(_olga, await _studio.ReadAsync(db => db.Lessons.AsNoTracking().IgnoreAutoIncludes().Where(l => l.Id == _free).Select(l => l.TeacherId).SingleAsync(Ct)));
        Assert.Empty(await _studio.ReadAsync(db => db.LessonSubstitutions.ToListAsync(Ct)));
    }
}
