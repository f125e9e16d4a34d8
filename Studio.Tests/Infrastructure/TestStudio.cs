using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Studio.Domain.Organisation;
using Studio.Domain.Pipelines;
using Studio.Infrastructure;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Pipelines;
using Studio.Infrastructure.Schedule;
using Studio.Infrastructure.Billing;
using Studio.Infrastructure.Clients;
using Studio.Domain.Schedule;
using Studio.Domain.Clients;
using Studio.Domain.Common;

namespace Studio.Tests.Infrastructure;

/// <summary>
/// One test's studio: its own fresh database, the app's services built the way the app builds
/// them (hosted services are registered but never started), a fake clock, and quick ways to
/// arrange people, boards and deals through the real services.
/// </summary>
public sealed class TestStudio : IAsyncDisposable
{
    public static readonly DateTimeOffset StartTime = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    public const string Password = "test-password-2026";

    private readonly Func<Task> _drop;
    private readonly string _connectionString;
    private int _people, _boards, _clients, _rooms, _types;

    private TestStudio(DatabaseProvider provider, ServiceProvider services, FakeTimeProvider clock, string connectionString,
        Guid branchId, Func<Task> drop)
    {
        Provider = provider;
        Services = services;
        Clock = clock;
        BranchId = branchId;
        _connectionString = connectionString;
        _drop = drop;
    }

    public DatabaseProvider Provider { get; }
    /// <summary>The database's connection string, for a second "node" on the same database.</summary>
    public string ConnectionString => _connectionString;
    public ServiceProvider Services { get; }
    public FakeTimeProvider Clock { get; }
    /// <summary>The studio's one branch; every employee but the owner works in it. Not saved in an empty studio.</summary>
    public Guid BranchId { get; }

    public PipelineService Pipelines => Services.GetRequiredService<PipelineService>();
    public OrganisationService Organisation => Services.GetRequiredService<OrganisationService>();
    public BoardViews BoardViews => Services.GetRequiredService<BoardViews>();
    public ScheduleService Schedule => Services.GetRequiredService<ScheduleService>();
    public SeriesService Series => Services.GetRequiredService<SeriesService>();
    public AvailabilityService Availability => Services.GetRequiredService<AvailabilityService>();
    public SubstitutionService Substitutions => Services.GetRequiredService<SubstitutionService>();
    public JournalService Journals => Services.GetRequiredService<JournalService>();
    public LessonTypeService LessonTypes => Services.GetRequiredService<LessonTypeService>();
    public FreezeService Freezes => Services.GetRequiredService<FreezeService>();
    public ScheduleViews ScheduleViews => Services.GetRequiredService<ScheduleViews>();
    public BillingService Billing => Services.GetRequiredService<BillingService>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The composition the app uses for everything below the web layer.</summary>
    internal static ServiceProvider BuildServices(DatabaseProvider provider, string connectionString, TimeProvider clock)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider.ToString(),
            ["ConnectionStrings:Studio"] = connectionString,
        }).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(clock)
            .AddStudioInfrastructure(config);
        // The account rules of ARCHITECTURE.md: length 12, no composition rules, unique e-mail.
        services.AddIdentityCore<AppUser>(o =>
            {
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.User.RequireUniqueEmail = true;
            })
            .AddEntityFrameworkStores<StudioDbContext>();
        // One departure from the app's settings: hashing a password 100 000 times per account made arranging
        // people the slowest part of a test. Hashes stay PBKDF2 and sign-in works the same.
        services.Configure<PasswordHasherOptions>(o => o.IterationCount = 1000);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    internal static async Task<TestStudio> StartAsync(DatabaseProvider provider, string connectionString, bool empty, Func<Task> drop)
    {
        var clock = new FakeTimeProvider(StartTime);
        var services = BuildServices(provider, connectionString, clock);
        try
        {
            await using var db = services.GetRequiredService<IDbContextFactory<StudioDbContext>>().CreateDbContext();
            var branch = new Branch("Main", null, "Europe/Kyiv");
            if (!empty)
            {
                db.Organisations.Add(new StudioOrganisation("Test studio", "UA", "Europe/Kyiv"));
                db.Branches.Add(branch);
                await db.SaveChangesAsync(Ct);
            }
            return new TestStudio(provider, services, clock, db.Database.GetConnectionString()!, branch.Id, drop);
        }
        catch
        {
            await services.DisposeAsync();
            throw;
        }
    }

    /// <summary>An employee with a sign-in account, made the way the owner's screen and the demo seed make them.</summary>
    public Task<Guid> AddEmployeeAsync(EmployeeRole role)
    {
        var n = Interlocked.Increment(ref _people);
        return Organisation.CreateEmployeeWithAccountAsync($"{role} Number{n}", $"{role}{n}@studio.test".ToLowerInvariant(), role,
            role == EmployeeRole.Owner ? [] : [BranchId], Password, Ct);
    }

    /// <summary>The owner switches the employee off, as on the staff screen.</summary>
    public async Task DisableAsync(Guid ownerId, Guid employeeId)
    {
        var e = await Organisation.FindEmployeeAsync(ownerId, employeeId, Ct) ?? throw new InvalidOperationException("No such employee.");
        await Organisation.UpdateEmployeeAsync(ownerId, e.Id, e.Version, e.FullName, e.Role, e.BranchIds, isActive: false, Ct);
    }

    /// <summary>A board with the stages Call, Trial (7 days, counts as trial), Contract and two loss reasons.</summary>
    public async Task<TestBoard> AddBoardAsync(Guid ownerId, params Guid[] memberIds)
    {
        var n = Interlocked.Increment(ref _boards);
        var id = await Pipelines.CreateBoardAsync(ownerId, $"Board {n}",
            [
                new StageInput(null, "Call", "#4FC3F7", null, false),
                new StageInput(null, "Trial", "#9575CD", 7, true),
                new StageInput(null, "Contract", "#FFB74D", null, false),
            ],
            ["Too expensive", "No time"], memberIds, ct: Ct);
        return new TestBoard(await Pipelines.GetSettingsAsync(ownerId, id, Ct));
    }

    /// <summary>A deal for a new client with a valid Ukrainian mobile number.</summary>
    public Task<Guid> AddDealAsync(Guid actorId, TestBoard board, decimal amount = 1000m)
    {
        var n = Interlocked.Increment(ref _clients);
        return Pipelines.CreateDealAsync(actorId,
            new NewDeal(board.Id, null, $"Client {n}", $"+38067{1000000 + n}", null, null, null, null, amount, null), Ct);
    }

    /// <summary>A client of the branch with a valid Ukrainian mobile number.</summary>
    public Task<Guid> AddClientAsync(Guid actorId, string? name = null)
    {
        var n = Interlocked.Increment(ref _clients);
        return Services.GetRequiredService<ClientService>().CreateAsync(actorId, new ClientInput(name ?? $"Client {n}", [$"+38067{1000000 + n}"],
            null, null, null, BranchId, null, null, [], ContactChannels.None, null, new Dictionary<Guid, string?>()), duplicatesSeen: true, Ct);
    }

    /// <summary>A room of the branch, as the owner's organisation screen adds it.</summary>
    public Task<Guid> AddRoomAsync(Guid ownerId, string name = "Hall")
    {
        var n = Interlocked.Increment(ref _rooms);
        return Organisation.SaveRoomAsync(ownerId, BranchId, null, Guid.Empty, $"{name} {n}", 20, Ct);
    }

    /// <summary>A lesson type: group by default, 60 minutes, one visit.</summary>
    public Task<Guid> AddLessonTypeAsync(Guid ownerId, LessonKind kind = LessonKind.Group, int minutes = 60, int visits = 1, bool trial = false)
    {
        var n = Interlocked.Increment(ref _types);
        return LessonTypes.SaveTypeAsync(ownerId, null, null, $"Type {n}", minutes, kind, trial, "#42A5F5", visits, Ct);
    }

    /// <summary>A lesson today (the fake clock's day, Kyiv time) at the given local hour.</summary>
    public Task<Guid> BookAsync(Guid actorId, Guid typeId, Guid teacherId, Guid? roomId, int hour, int minute = 0, int dayOffset = 0, params Guid[] clients) =>
        Schedule.BookAsync(actorId, new LessonDraft(BranchId, typeId, Today.AddDays(dayOffset).ToDateTime(new TimeOnly(hour, minute)), null, roomId,
            teacherId, null, clients), Ct);

    /// <summary>The fake clock's local day in the branch (Kyiv).</summary>
    public DateOnly Today => Zones.Today(Clock.GetUtcNow().UtcDateTime, Zones.Find("Europe/Kyiv"));

    /// <summary>Reads the database directly, past the services' rights checks.</summary>
    public async Task<T> ReadAsync<T>(Func<StudioDbContext, Task<T>> query)
    {
        await using var db = Services.GetRequiredService<IDbContextFactory<StudioDbContext>>().CreateDbContext();
        return await query(db);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        if (Provider == DatabaseProvider.Sqlite)
            SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
        await _drop();
    }
}

/// <summary>A board as its owner's settings screen shows it, with stages and reasons found by name.</summary>
public sealed record TestBoard(BoardSettings Settings)
{
    public Guid Id => Settings.Id;
    public Guid Start => Settings.Stages.Single(s => s.Kind == StageKind.Start).Id;
    public Guid Won => Settings.Stages.Single(s => s.Kind == StageKind.Won).Id;
    public Guid Lost => Settings.Stages.Single(s => s.Kind == StageKind.Lost).Id;
    public Guid Stage(string name) => Settings.Stages.Single(s => s.Name == name).Id;
    public Guid Reason(string name) => Settings.LossReasons.Single(r => r.Name == name).Id;
}
