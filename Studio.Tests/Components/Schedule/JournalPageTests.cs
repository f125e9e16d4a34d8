using System.IO.Compression;
using System.Globalization;
using System.Xml.Linq;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Studio.Domain.Organisation;
using Studio.Domain.Schedule;
using Studio.Infrastructure.Billing;
using Studio.Infrastructure.Live;
using Studio.Infrastructure.Reports;
using Studio.Infrastructure.Schedule;
using Studio.Tests.Infrastructure;
using Studio.Web.Resources;
using Studio.Web.Schedule;

namespace Studio.Tests.Components.Schedule;

/// <summary>
/// The group journal page over the real services (SQLite): a click on a cell saves that mark at once through the attendance use
/// case and the totals follow, in English and Ukrainian; the export's XLSX holds the same marks and totals.
/// </summary>
public sealed class JournalPageTests(Databases databases) : MudComponentTest
{
    private TestStudio _studio = default!;
    private Guid _manager, _teacher, _series, _anna, _bohdan, _room, _group, _owner;

    // The fake clock's today, Monday 23.11.2026; the group meets Mon and Wed at 10:00 from 16.11 to 2.12.
    public override async ValueTask InitializeAsync()
    {
        _studio = await StartStudioAsync(databases, typeof(JournalService), typeof(ScheduleService), typeof(ILiveBus));
        var owner = _owner = await _studio.AddEmployeeAsync(EmployeeRole.Owner);
        _manager = await _studio.AddEmployeeAsync(EmployeeRole.Manager);
        _teacher = await _studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var room = _room = await _studio.AddRoomAsync(owner);
        var group = _group = await _studio.AddLessonTypeAsync(owner);
        (_anna, _bohdan) = (await _studio.AddClientAsync(_manager, "Anna Kid"), await _studio.AddClientAsync(_manager, "Bohdan Kid"));
        _series = await _studio.Series.CreateSeriesAsync(_manager, new SeriesDraft(_studio.BranchId, "Kids", group,
            [new(DayOfWeek.Monday, new TimeOnly(10, 0)), new(DayOfWeek.Wednesday, new TimeOnly(10, 0))], null, room, _teacher, null,
            _studio.Today.AddDays(-7), _studio.Today.AddDays(9), [_anna, _bohdan]), Ct);
        SignIn(_teacher, EmployeeRole.Teacher);
    }

    private Task<Lesson> LessonOnAsync(int day) =>
        _studio.ReadAsync(db => db.Lessons.AsNoTracking().SingleAsync(l => l.SeriesId == _series && l.Day == new DateOnly(2026, 11, day), Ct));

    private static string Cell(Guid client, Guid lesson) => $"[data-testid=journal-row][data-client-id='{client}'] [data-testid=journal-cell][data-lesson-id='{lesson}']";

    [Theory]
    [InlineData("en", "Present", "P", "A")]
    [InlineData("uk", "Присутні", "П", "Н")]
    public async Task ClickACell_SavesThatMarkAtOnce_TotalsFollow(string culture, string present, string p, string a)
    {
        UseCulture(culture);
        var monday = await LessonOnAsync(16);
        var cut = Ctx.Render<JournalPage>(ps => ps.Add(x => x.SeriesId, _series));
        cut.WaitForAssertion(() => Assert.Equal(5, cut.FindAll("[data-testid=journal-date]").Count));
        Assert.Contains(present, cut.Find("[data-testid=journal-table] thead").TextContent);
        // A Wednesday still to come cannot be marked.
        var future = await LessonOnAsync(25);
        Assert.True(cut.Find(Cell(_anna, future.Id) + " button").HasAttribute("disabled"));

        // Bohdan came on Monday: one click marks the lesson held, Bohdan present and Anna absent (not charged).
        await cut.InvokeAsync(() => cut.Find(Cell(_bohdan, monday.Id) + " button").Click());

        cut.WaitForAssertion(() => Assert.Equal("Present", cut.Find(Cell(_bohdan, monday.Id)).GetAttribute("data-mark")));
        Assert.Equal(p, cut.Find(Cell(_bohdan, monday.Id) + " button").TextContent.Trim());
        Assert.Equal(a, cut.Find(Cell(_anna, monday.Id) + " button").TextContent.Trim());
        Assert.Equal("1", cut.Find($"[data-testid=date-present][data-lesson-id='{monday.Id}']").TextContent.Trim());
        Assert.Equal("1", cut.Find($"[data-testid=journal-row][data-client-id='{_anna}'] [data-testid=row-absent]").TextContent.Trim());
        var saved = await LessonOnAsync(16);
        Assert.Equal(LessonStatus.Held, saved.Status);
        Assert.Equal((Attendance.Present, Attendance.Absent),
            (saved.Participants.Single(x => x.ClientId == _bohdan).Attendance, saved.Participants.Single(x => x.ClientId == _anna).Attendance));

        // A second click on Bohdan: absent; the lesson stays held.
        await cut.InvokeAsync(() => cut.Find(Cell(_bohdan, monday.Id) + " button").Click());
        cut.WaitForAssertion(() => Assert.Equal("Absent", cut.Find(Cell(_bohdan, monday.Id)).GetAttribute("data-mark")));
        Assert.Equal(Attendance.Absent, (await LessonOnAsync(16)).Participants.Single(x => x.ClientId == _bohdan).Attendance);
        Assert.Equal("0", cut.Find($"[data-testid=date-present][data-lesson-id='{monday.Id}']").TextContent.Trim());
    }

    /// <summary>
    /// An open journal follows its group live: a lesson added to the group (a day added to its pattern), a lesson cancelled and
    /// a participant joining show without a reload; another lesson of the branch on the journal's days is not read or drawn here.
    /// </summary>
    [Fact]
    public async Task OpenJournal_ShowsALessonAddedCancelledOrJoinedLive_OtherLessonsOfItsDaysCostNothing()
    {
        UseCulture("en");
        var cut = Ctx.Render<JournalPage>(ps => ps.Add(x => x.SeriesId, _series));
        cut.WaitForAssertion(() => Assert.Equal(5, cut.FindAll("[data-testid=journal-date]").Count));

        // Someone else's lesson on Monday 23.11 in the same branch: the journal stays as it is, not even rendered.
        var renders = cut.RenderCount;
        var otherTeacher = await _studio.AddEmployeeAsync(EmployeeRole.Teacher);
        await _studio.BookAsync(_manager, _group, otherTeacher, await _studio.AddRoomAsync(_owner), 14);
        await Task.Delay(700, Ct);
        Assert.Equal(renders, cut.RenderCount);

        // Fridays are added to the group: its new lessons appear as columns at once.
        var series = await _studio.Series.GetSeriesAsync(_manager, _series, Ct);
        await _studio.Series.EditSeriesAsync(_manager, _series, series.Version, series.FirstDay, new SeriesDraft(_studio.BranchId, series.Name, _group,
            [new(DayOfWeek.Monday, new TimeOnly(10, 0)), new(DayOfWeek.Wednesday, new TimeOnly(10, 0)), new(DayOfWeek.Friday, new TimeOnly(10, 0))],
            null, _room, _teacher, null, series.FirstDay, series.LastDay, [_anna, _bohdan]), Ct);
        cut.WaitForAssertion(() => Assert.Equal(["16.11", "18.11", "20.11", "23.11", "25.11", "27.11", "30.11"],
            cut.FindAll("[data-testid=journal-date]").Select(d => d.FirstElementChild!.TextContent.Trim())), TimeSpan.FromSeconds(5));

        // Friday 27.11 is cancelled: struck through here.
        var friday = await LessonOnAsync(27);
        await _studio.Schedule.CancelAsync(_manager, friday.Id, friday.Version, "Holiday", EditScope.ThisLesson, Ct);
        cut.WaitForAssertion(() => Assert.Contains("status-cancelled",
            cut.Find($"[data-testid=journal-date][data-lesson-id='{friday.Id}']").GetAttribute("class")), TimeSpan.FromSeconds(5));

        // Cyril joins the group from Wednesday on: his row appears, marked from that day.
        var cyril = await _studio.AddClientAsync(_manager, "Cyril Kid");
        var wednesday = await LessonOnAsync(25);
        await _studio.Schedule.AddParticipantAsync(_manager, wednesday.Id, cyril, EditScope.ThisAndFollowing, Ct);
        cut.WaitForAssertion(() => Assert.Equal(["Anna Kid", "Bohdan Kid", "Cyril Kid"],
            cut.FindAll("[data-testid=journal-row] .journal-name").Select(n => n.TextContent.Trim())), TimeSpan.FromSeconds(5));
        Assert.Equal("None", cut.Find(Cell(cyril, (await LessonOnAsync(23)).Id)).GetAttribute("data-mark"));
        Assert.Equal("Expected", cut.Find(Cell(cyril, wednesday.Id)).GetAttribute("data-mark"));
    }

    [Fact]
    public async Task Export_Xlsx_HoldsTheMarksAndTheTotals()
    {
        UseCulture("en");
        var monday = await LessonOnAsync(16);
        await _studio.Schedule.MarkHeldAsync(_teacher, monday.Id, monday.Version,
            [new AttendanceMark(_anna, true, false), new AttendanceMark(_bohdan, false, true)], null, Ct);
        var journal = await _studio.Journals.ReadAsync(_manager, _series, new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30), Ct);
        var (headers, rows) = JournalExport.Table(journal, Ctx.Services.GetRequiredService<IStringLocalizer<SharedResource>>());

        using var file = new MemoryStream();
        await TableExport.WriteAsync(headers, rows.ToAsyncEnumerable(), ExportFormat.Xlsx, CultureInfo.GetCultureInfo("en"), file, Ct);

        file.Position = 0;
        using var zip = new ZipArchive(file, ZipArchiveMode.Read);
        await using var sheet = await zip.GetEntry("xl/worksheets/sheet1.xml")!.OpenAsync(Ct);
        XNamespace ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        var table = (await XDocument.LoadAsync(sheet, LoadOptions.None, Ct)).Descendants(ns + "row")
            .Select(r => r.Elements(ns + "c").Select(c => c.Value).ToList()).ToList();
        Assert.Equal(["Participant", "16.11 10:00", "18.11 10:00", "23.11 10:00", "25.11 10:00", "30.11 10:00", "Present", "Absent"], table[0]);
        Assert.Equal(["Anna Kid", "P", "·", "·", "·", "·", "1", "0"], table[1]);
        Assert.Equal(["Bohdan Kid", "A$", "·", "·", "·", "·", "0", "1"], table[2]);
        Assert.Equal(["Present", "1", "0", "0", "0", "0", "1", "1"], table[3]);
    }
}
