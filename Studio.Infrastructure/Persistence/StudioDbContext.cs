using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Studio.Domain.Billing;
using Studio.Domain.Clients;
using Studio.Domain.Organisation;
using Studio.Domain.Pipelines;
using Studio.Domain.Schedule;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Organisation;

namespace Studio.Infrastructure.Persistence;

/// <summary>
/// The one context. Provider-neutral: each provider has a subclass only so that its migrations
/// live apart (Persistence/Migrations/{Sqlite,Postgres,SqlServer}).
/// </summary>
public abstract class StudioDbContext(DbContextOptions options)
    : IdentityDbContext<AppUser, IdentityRole<Guid>, Guid>(options)
{
    public DbSet<StudioOrganisation> Organisations => Set<StudioOrganisation>();
    public DbSet<Branch> Branches => Set<Branch>();
    public DbSet<Room> Rooms => Set<Room>();
    public DbSet<Employee> Employees => Set<Employee>();
    public DbSet<LeadSource> LeadSources => Set<LeadSource>();
    public DbSet<Tag> Tags => Set<Tag>();
    public DbSet<Client> Clients => Set<Client>();
    public DbSet<Board> Boards => Set<Board>();
    public DbSet<Stage> Stages => Set<Stage>();
    public DbSet<Deal> Deals => Set<Deal>();
    public DbSet<DealMove> DealMoves => Set<DealMove>();
    public DbSet<DealNote> DealNotes => Set<DealNote>();
    public DbSet<DealFieldChange> DealFieldChanges => Set<DealFieldChange>();
    public DbSet<ClientStatus> ClientStatuses => Set<ClientStatus>();
    public DbSet<ClientStatusChange> ClientStatusChanges => Set<ClientStatusChange>();
    public DbSet<ClientNote> ClientNotes => Set<ClientNote>();
    public DbSet<CallbackNotice> CallbackNotices => Set<CallbackNotice>();
    public DbSet<ClientGuardianChange> ClientGuardianChanges => Set<ClientGuardianChange>();
    public DbSet<CustomFieldDefinition> CustomFields => Set<CustomFieldDefinition>();
    public DbSet<LeadReceipt> LeadReceipts => Set<LeadReceipt>();
    public DbSet<LessonType> LessonTypes => Set<LessonType>();
    public DbSet<Lesson> Lessons => Set<Lesson>();
    public DbSet<LessonParticipant> LessonParticipants => Set<LessonParticipant>();
    public DbSet<LessonSeries> LessonSeries => Set<LessonSeries>();
    public DbSet<LessonSubstitution> LessonSubstitutions => Set<LessonSubstitution>();
    public DbSet<StaffAbsence> StaffAbsences => Set<StaffAbsence>();
    public DbSet<ClientFreeze> ClientFreezes => Set<ClientFreeze>();
    public DbSet<PassPlan> PassPlans => Set<PassPlan>();
    public DbSet<Pass> Passes => Set<Pass>();
    public DbSet<Payment> Payments => Set<Payment>();
    public DbSet<PaymentLine> PaymentLines => Set<PaymentLine>();
    public DbSet<Good> Goods => Set<Good>();
    public DbSet<TaskTemplate> TaskTemplates => Set<TaskTemplate>();
    public DbSet<WorkTask> Tasks => Set<WorkTask>();
    public DbSet<TaskChange> TaskChanges => Set<TaskChange>();
    public DbSet<TaskNotice> TaskNotices => Set<TaskNotice>();
    public DbSet<Reassignment> Reassignments => Set<Reassignment>();

    /// <summary>Events of saves inside an explicit transaction, published when it commits.</summary>
    internal List<Domain.Common.IDomainEvent> PendingEvents { get; } = [];

    /// <summary>The entities with events as a save starts: a deleted one is gone from the change tracker once saved, its events are not.</summary>
    internal List<Domain.Common.IHasDomainEvents> Raising { get; } = [];

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(StudioDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        // Every time is UTC; SQLite gives back unspecified kinds, so say it once here.
        builder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        builder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
        builder.Properties<decimal>().HavePrecision(18, 2);
    }
}

internal sealed class UtcDateTimeConverter()
    : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : DateTime.SpecifyKind(v, DateTimeKind.Utc),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

public sealed class SqliteStudioDbContext(DbContextOptions<SqliteStudioDbContext> options) : StudioDbContext(options);

public sealed class PostgresStudioDbContext(DbContextOptions<PostgresStudioDbContext> options) : StudioDbContext(options);

public sealed class SqlServerStudioDbContext(DbContextOptions<SqlServerStudioDbContext> options) : StudioDbContext(options);
