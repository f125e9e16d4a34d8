using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Studio.Domain.Clients;
using Studio.Domain.Organisation;
using Studio.Domain.Schedule;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Schedule;

namespace Studio.Tests.Web.Schedule;

/// <summary>
/// The app over HTTP on its own SQLite file with a teacher who has a lesson tomorrow (with notes and
/// two clients) and a cancelled one, and the teacher's calendar key. The feed allows
/// <see cref="PerMinute"/> requests a minute per address; X-Test-Address says where a request comes from.
/// </summary>
public sealed class CalendarFeedApp : IAsyncLifetime
{
    public const int PerMinute = 20;
    public const string AddressHeader = TestRemoteAddress.Header;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "studio-calendar-" + Guid.NewGuid().ToString("N"));
    private WebApplicationFactory<Program> _factory = default!;

    public HttpClient Client { get; private set; } = default!;
    public IServiceProvider Services => _factory.Services;
    public Guid OwnerId { get; private set; }
    public Guid TeacherId { get; private set; }
    public Guid LessonId { get; private set; }
    public Guid CancelledId { get; private set; }
    public string Key { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Development");
            b.UseSetting("Database:Provider", "Sqlite");
            b.UseSetting("ConnectionStrings:Studio", $"Data Source={Path.Combine(_dir, "studio.db")}");
            b.UseSetting("Demo:Seed", "false");
            b.UseSetting("RateLimits:CalendarPerIpPerMinute", PerMinute.ToString(CultureInfo.InvariantCulture));
            b.UseTestLogging();
            b.ConfigureTestServices(s => s.AddSingleton<IStartupFilter, TestRemoteAddress>());
        });
        Client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var branch = new Branch("Main", null, "Europe/Kyiv");
        await using (var db = Services.GetRequiredService<IDbContextFactory<StudioDbContext>>().CreateDbContext())
        {
            db.Organisations.Add(new StudioOrganisation("Test studio", "UA", "Europe/Kyiv"));
            db.Branches.Add(branch);
            await db.SaveChangesAsync();
        }
        var organisation = Services.GetRequiredService<OrganisationService>();
        var schedule = Services.GetRequiredService<ScheduleService>();
        var clients = Services.GetRequiredService<ClientService>();
        OwnerId = await organisation.CreateEmployeeWithAccountAsync("Owner Feed", "owner@feed.test", EmployeeRole.Owner, [], "feed-password-2026");
        TeacherId = await organisation.CreateEmployeeWithAccountAsync("Olena Feed", "olena@feed.test", EmployeeRole.Teacher, [branch.Id], "feed-password-2026");
        var room = await organisation.SaveRoomAsync(OwnerId, branch.Id, null, Guid.Empty, "Hall, blue", 20);
        var type = await Services.GetRequiredService<LessonTypeService>().SaveTypeAsync(OwnerId, null, null, "Hip-hop", 60, LessonKind.Group, false, "#42A5F5", 1);
        var people = new List<Guid>();
        foreach (var (name, phone) in new[] { ("Ivan Petrenko", "+380671110001"), ("Maria Koval", "+380671110002") })
            people.Add(await clients.CreateAsync(OwnerId, new ClientInput(name, [phone], null, null, null, branch.Id, null, null, [],
                ContactChannels.None, null, new Dictionary<Guid, string?>()), duplicatesSeen: true));
        var tomorrow = (await schedule.TodayAsync(branch.Id)).AddDays(1);
        LessonId = await schedule.BookAsync(OwnerId, new LessonDraft(branch.Id, type, tomorrow.ToDateTime(new TimeOnly(10, 0)), null, room,
            TeacherId, null, people, "Bring water, mats; be on time"));
        CancelledId = await schedule.BookAsync(OwnerId, new LessonDraft(branch.Id, type, tomorrow.ToDateTime(new TimeOnly(12, 0)), null, room,
            TeacherId, null, []));
        var cancelled = await schedule.GetLessonAsync(OwnerId, CancelledId);
        await schedule.CancelAsync(OwnerId, CancelledId, cancelled.Lesson.Version, "Hall flooded");
        Key = await schedule.CalendarKeyAsync(TeacherId, TeacherId);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

}

/// <summary>GET /calendar/{key}.ics: the teacher's lessons as iCalendar; unknown and replaced keys are 404; floods are 429.</summary>
public sealed class CalendarEndpointTests(CalendarFeedApp app) : IClassFixture<CalendarFeedApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<HttpResponseMessage> GetAsync(string path, string address)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(CalendarFeedApp.AddressHeader, address);
        return app.Client.SendAsync(request, Ct);
    }

    [Fact]
    public async Task Get_TeachersKey_200CalendarWithTheLessonAndTheCancelledOne()
    {
        var response = await GetAsync($"/calendar/{app.Key}.ics", "10.0.0.1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        var ics = await response.Content.ReadAsStringAsync(Ct);
        Assert.StartsWith("BEGIN:VCALENDAR\r\n", ics);
        Assert.EndsWith("END:VCALENDAR\r\n", ics);
        var lines = ics.Replace("\r\n ", "").Split("\r\n");
        Assert.Contains("X-WR-CALNAME:Studio · Olena Feed", lines);
        Assert.Equal(2, lines.Count(l => l == "BEGIN:VEVENT"));

        var lesson = await app.Services.GetRequiredService<ScheduleService>().GetLessonAsync(app.OwnerId, app.LessonId, Ct);
        var held = Event(lines, app.LessonId);
        Assert.Contains("DTSTART:" + lesson.Lesson.StartsAt.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture), held);
        Assert.Contains("DTEND:" + lesson.Lesson.EndsAt.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture), held);
        Assert.Contains("SUMMARY:Hip-hop", held);
        Assert.Contains(@"LOCATION:Hall\, blue", held);
        Assert.Contains(@"DESCRIPTION:Participants: 2\nBring water\, mats\; be on time", held);
        Assert.Contains("STATUS:CONFIRMED", held);
        Assert.Contains(held, l => l.StartsWith("DTSTAMP:", StringComparison.Ordinal) && l.EndsWith('Z'));
        Assert.Contains("STATUS:CANCELLED", Event(lines, app.CancelledId));
    }

    [Fact]
    public async Task Get_UnknownKey_404()
    {
        var response = await GetAsync("/calendar/no-such-key.ics", "10.0.0.2");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Get_KeyOfAnotherEmployeeRotated_OldAddress404NewAddress200()
    {
        var schedule = app.Services.GetRequiredService<ScheduleService>();
        var organisation = app.Services.GetRequiredService<OrganisationService>();
        var branch = (await organisation.ListBranchesAsync(app.OwnerId, Ct))[0].Id;
        var other = await organisation.CreateEmployeeWithAccountAsync("Taras Feed", "taras@feed.test", EmployeeRole.Teacher, [branch],
            "feed-password-2026", Ct);
        var old = await schedule.CalendarKeyAsync(other, other, ct: Ct);

        var fresh = await schedule.CalendarKeyAsync(other, other, rotate: true, Ct);

        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync($"/calendar/{old}.ics", "10.0.0.3")).StatusCode);
        var response = await GetAsync($"/calendar/{fresh}.ics", "10.0.0.3");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("BEGIN:VEVENT", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Get_TooManyFromOneAddress_429WithRetryAfterOthersStillServed()
    {
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < CalendarFeedApp.PerMinute + 2; i++)
            codes.Add((await GetAsync($"/calendar/guess-{i}.ics", "10.0.0.99")).StatusCode);

        Assert.All(codes.Take(CalendarFeedApp.PerMinute), c => Assert.Equal(HttpStatusCode.NotFound, c));
        Assert.All(codes.Skip(CalendarFeedApp.PerMinute), c => Assert.Equal(HttpStatusCode.TooManyRequests, c));
        var refused = await GetAsync($"/calendar/{app.Key}.ics", "10.0.0.99");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter is not null);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync($"/calendar/{app.Key}.ics", "10.0.0.100")).StatusCode);
    }

    /// <summary>The lines of the event with the lesson's UID.</summary>
    /// <summary>The feed speaks the language its address names (a phone fetches it without the teacher's cookie), else the request's.</summary>
    [Theory]
    [InlineData("?lang=uk", null, @"DESCRIPTION:Учасників: 2\nBring water", "Скасовано: Hall flooded")]
    [InlineData("?lang=en", "uk", @"DESCRIPTION:Participants: 2\nBring water", "Cancelled: Hall flooded")]
    [InlineData("", "uk-UA,uk;q=0.9", @"DESCRIPTION:Учасників: 2\nBring water", "Скасовано: Hall flooded")]
    [InlineData("", null, @"DESCRIPTION:Participants: 2\nBring water", "Cancelled: Hall flooded")]
    public async Task Get_InALanguage_ParticipantsAndCancelledInIt(string query, string? acceptLanguage, string participants, string cancelled)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/calendar/{app.Key}.ics{query}");
        request.Headers.Add(CalendarFeedApp.AddressHeader, "10.0.1." + Random.Shared.Next(1, 250));
        if (acceptLanguage is not null) request.Headers.AcceptLanguage.ParseAdd(acceptLanguage);

        var response = await app.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lines = (await response.Content.ReadAsStringAsync(Ct)).Replace("\r\n ", "").Split("\r\n");
        Assert.Contains(Event(lines, app.LessonId), l => l.StartsWith(participants, StringComparison.Ordinal));
        Assert.Contains(Event(lines, app.CancelledId), l => l.Contains(cancelled, StringComparison.Ordinal));
    }

    private static List<string> Event(string[] lines, Guid lessonId)
    {
        var start = Array.IndexOf(lines, $"UID:{lessonId}@studio");
        Assert.True(start > 0, $"no event for {lessonId}");
        var from = Array.LastIndexOf(lines, "BEGIN:VEVENT", start);
        var to = Array.IndexOf(lines, "END:VEVENT", start);
        return lines[from..to].ToList();
    }
}
