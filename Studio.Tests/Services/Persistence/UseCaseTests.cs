using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Studio.Infrastructure;
using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Live;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Tests.Infrastructure;
using Studio.Domain.Clients;

namespace Studio.Tests.Services.Persistence;

/// <summary>
/// The use-case shell (ADR-014): the actor fresh and active, the named policy, the work, save or conflict; in a
/// transaction, whole or nothing, and each retried attempt from a fresh context.
/// </summary>
public sealed class UseCaseTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, DatabaseData]
    public async Task ADisabledActor_IsRefused_BeforeTheWorkRuns(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        await studio.DisableAsync(owner, manager);
        var factory = Factory(studio);
        var ran = 0;

        await Assert.ThrowsAsync<AccessDeniedException>(() => factory.ReadAsync(manager, null, (_, _) => Task.FromResult(++ran), Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => factory.RunAsync(manager, Policy.SeeClients, (_, _) => Task.FromResult(++ran), Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => factory.RunInTransactionAsync(manager, null, (_, _) => Task.FromResult(++ran), Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => factory.RunAsync(Guid.NewGuid(), null, (_, _) => Task.FromResult(++ran), Ct));
        Assert.Equal(0, ran);
        Assert.Equal(1, await factory.ReadAsync(owner, Policy.Settings, (_, _) => Task.FromResult(++ran), Ct));
    }

    [Theory, DatabaseData]
    public async Task APolicyTheTableRefuses_IsRefused_BeforeTheWorkRuns_AndTheWorkGetsTheActor(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var teacher = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var factory = Factory(studio);
        var ran = 0;

        await Assert.ThrowsAsync<AccessDeniedException>(() => factory.ReadAsync(teacher, Policy.SeeClients, (_, _) => Task.FromResult(++ran), Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => factory.RunAsync(manager, Policy.Settings, (_, _) => Task.FromResult(++ran), Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => factory.RunInTransactionAsync(manager, Policy.ManageStaff, (_, _) => Task.FromResult(++ran), Ct));
        Assert.Equal(0, ran);

        var seen = await factory.ReadAsync(manager, Policy.SeeClients, (_, actor) => Task.FromResult(actor), Ct);
        Assert.Equal((manager, EmployeeRole.Manager, true), (seen.Id, seen.Role, seen.IsActive));
    }

    [Theory, DatabaseData]
    public async Task ARead_TracksNothing(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var factory = Factory(studio);
        await factory.RunAsync(owner, Policy.Settings, (db, _) => { db.Tags.Add(new Tag("VIP", "#FF0000")); return Task.CompletedTask; }, Ct);

        var tracked = await factory.ReadAsync(owner, null, async (db, _) =>
        {
            Assert.Single(await db.Tags.ToListAsync(Ct));
            return db.ChangeTracker.Entries().Count();
        }, Ct);

        Assert.Equal(0, tracked);
    }

    [Theory, DatabaseData]
    public async Task ARowSomeoneElseChangedMeanwhile_IsAConflict_NothingOverwritten(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var factory = Factory(studio);
        var tagId = await factory.RunAsync(owner, Policy.Settings, (db, _) =>
        {
            var tag = new Tag("VIP", "#FF0000");
            db.Tags.Add(tag);
            return Task.FromResult(tag.Id);
        }, Ct);

        // Another manager saves between our read and our save.
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => factory.RunAsync(owner, Policy.Settings, async (db, _) =>
        {
            var tag = await db.Tags.SingleAsync(t => t.Id == tagId, Ct);
            await factory.RunAsync(owner, Policy.Settings, async (other, _) =>
                (await other.Tags.SingleAsync(t => t.Id == tagId, Ct)).Update("Theirs", "#00FF00"), Ct);
            tag.Update("Ours", "#0000FF");
        }, Ct));
        Assert.Equal("Theirs", await studio.ReadAsync(db => db.Tags.Where(t => t.Id == tagId).Select(t => t.Name).SingleAsync(Ct)));

        // The drawer was opened on the version before theirs.
        var opened = await studio.ReadAsync(db => db.Tags.Where(t => t.Id == tagId).Select(t => t.Version).SingleAsync(Ct));
        await factory.RunAsync(owner, Policy.Settings, async (db, _) => (await db.Tags.SingleAsync(t => t.Id == tagId, Ct)).Update("Theirs again", "#00FF00"), Ct);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => factory.RunInTransactionAsync(owner, Policy.Settings, async (db, _) =>
        {
            var tag = await db.Tags.SingleAsync(t => t.Id == tagId, Ct);
            db.ExpectVersion(tag, opened);
            tag.Update("Ours", "#0000FF");
        }, Ct));
        Assert.Equal("Theirs again", await studio.ReadAsync(db => db.Tags.Where(t => t.Id == tagId).Select(t => t.Name).SingleAsync(Ct)));
    }

    [Theory, DatabaseData]
    public async Task ATransactionThatFailsHalfway_LeavesNothingSaved_AndPublishesNothing(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var factory = Factory(studio);
        var bus = (InProcessLiveBus)studio.Services.GetRequiredService<ILiveBus>();
        var published = bus.Published;

        await Assert.ThrowsAsync<DomainException>(() => factory.RunInTransactionAsync(owner, Policy.Settings, async (db, _) =>
        {
            db.Tags.Add(new Tag("First", "#FF0000"));
            await db.SaveChangesAsync(Ct); // saved inside the transaction
            db.Tags.Add(new Tag("Second", "#00FF00"));
            throw new DomainException("Error.Halfway");
        }, Ct));

        Assert.Equal(0, await studio.ReadAsync(db => db.Tags.CountAsync(Ct)));
        Assert.Equal(published, bus.Published);
    }

    [Theory, DatabaseData]
    public async Task ARetriedAttempt_StartsFromAFreshContext_AndAFreshActor(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var factory = RetryingFactory(studio);
        var contexts = new List<StudioDbContext>();
        var trackedAtStart = new List<int>();

        var id = await factory.RunInTransactionAsync(owner, Policy.Settings, async (db, _) =>
        {
            contexts.Add(db);
            trackedAtStart.Add(db.ChangeTracker.Entries().Count());
            var tag = new Tag($"Attempt {contexts.Count}", "#FF0000");
            db.Tags.Add(tag);
            await db.SaveChangesAsync(Ct);
            if (contexts.Count == 1) throw new Flaky();
            return tag.Id;
        }, Ct);

        Assert.Equal(2, contexts.Count);
        Assert.NotSame(contexts[0], contexts[1]);
        Assert.Equal([0, 0], trackedAtStart);
        Assert.Equal(["Attempt 2"], await studio.ReadAsync(db => db.Tags.Select(t => t.Name).ToListAsync(Ct)));
        Assert.Equal(id, await studio.ReadAsync(db => db.Tags.Select(t => t.Id).SingleAsync(Ct)));

        // The actor is read again for each attempt: switched off between two, the retry is refused.
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var attempts = 0;
        var switchingOff = RetryingFactory(studio, onRetry: () => studio.DisableAsync(owner, manager).GetAwaiter().GetResult());
        await Assert.ThrowsAsync<AccessDeniedException>(() => switchingOff.RunInTransactionAsync(manager, Policy.SeeClients, (_, _) =>
            ++attempts > 1 ? Task.FromResult(true) : throw new Flaky(), Ct));
        Assert.Equal(1, attempts);
    }

    /// <summary>
    /// The defect the shell's fresh context per attempt fixes: an employee's account was made in a service-locator scope
    /// whose one context every retried attempt reused, so the user a failed attempt had saved (then rolled back) was
    /// still tracked and the retry failed on it. Now a transient failure after the account is saved costs one retry.
    /// </summary>
    [Theory, DatabaseData]
    public async Task AnEmployeeAndTheirAccount_AfterATransientFailure_AreMadeOnce_FromAFreshContext(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var flaky = new FlakyOnEmployee();
        var factory = RetryingFactory(studio, interceptor: flaky);
        var collection = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(studio.Clock)
            .AddStudioInfrastructure(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = provider.ToString(),
                ["ConnectionStrings:Studio"] = studio.ConnectionString,
            }).Build());
        collection.AddIdentityCore<AppUser>(o => // the app's account rules, as TestStudio's
            {
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = o.Password.RequireLowercase = o.Password.RequireUppercase = o.Password.RequireNonAlphanumeric = false;
                o.User.RequireUniqueEmail = true;
            }).AddEntityFrameworkStores<StudioDbContext>();
        collection.AddScoped(_ => factory.CreateDbContext()); // Identity's scoped context: the retrying one too
        await using var services = collection.BuildServiceProvider();
        var organisation = new OrganisationService(factory, services, services.GetRequiredService<OrganisationSettingsSource>());

        var id = await organisation.CreateEmployeeWithAccountAsync("Olena Retry", "olena@studio.test", EmployeeRole.Manager, [studio.BranchId],
            TestStudio.Password, Ct);

        Assert.Equal(1, flaky.Thrown);
        Assert.Equal([id], await studio.ReadAsync(db => db.Employees.Where(e => e.Email == "olena@studio.test").Select(e => e.Id).ToListAsync(Ct)));
        Assert.Equal([id], await studio.ReadAsync(db => db.Users.Where(u => u.Email == "olena@studio.test").Select(u => u.Id).ToListAsync(Ct)));
    }

    /// <summary>Fails the first save that adds an employee (their account is saved by then), as a dropped connection would.</summary>
    private sealed class FlakyOnEmployee : SaveChangesInterceptor
    {
        public int Thrown { get; private set; }

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            if (Thrown == 0 && eventData.Context!.ChangeTracker.Entries<Employee>().Any(e => e.State == EntityState.Added))
            {
                Thrown++;
                throw new Flaky();
            }
            return base.SavingChangesAsync(eventData, result, cancellationToken);
        }
    }

    private static IDbContextFactory<StudioDbContext> Factory(TestStudio studio) =>
        studio.Services.GetRequiredService<IDbContextFactory<StudioDbContext>>();

    /// <summary>The app's contexts, with a retry strategy that retries <see cref="Flaky"/> once, on any provider.</summary>
    private static IDbContextFactory<StudioDbContext> RetryingFactory(TestStudio studio, Action? onRetry = null, IInterceptor? interceptor = null)
    {
        IInterceptor[] publisher = interceptor is null
            ? [studio.Services.GetRequiredService<DomainEventPublisher>()]
            : [studio.Services.GetRequiredService<DomainEventPublisher>(), interceptor];
        return studio.Provider switch
        {
            DatabaseProvider.Sqlite => new Retrying<SqliteStudioDbContext>(o => o.UseSqlite(studio.ConnectionString,
                x => x.ExecutionStrategy(d => new RetryFlakyOnce(d, onRetry))).AddInterceptors(publisher), o => new SqliteStudioDbContext(o)),
            DatabaseProvider.Postgres => new Retrying<PostgresStudioDbContext>(o => o.UseNpgsql(studio.ConnectionString,
                x => x.ExecutionStrategy(d => new RetryFlakyOnce(d, onRetry))).AddInterceptors(publisher), o => new PostgresStudioDbContext(o)),
            _ => new Retrying<SqlServerStudioDbContext>(o => o.UseSqlServer(studio.ConnectionString,
                x => x.ExecutionStrategy(d => new RetryFlakyOnce(d, onRetry))).AddInterceptors(publisher), o => new SqlServerStudioDbContext(o)),
        };
    }

    private sealed class Retrying<T>(Action<DbContextOptionsBuilder<T>> configure, Func<DbContextOptions<T>, T> create)
        : IDbContextFactory<StudioDbContext> where T : StudioDbContext
    {
        private readonly DbContextOptions<T> _options = Build(configure);

        private static DbContextOptions<T> Build(Action<DbContextOptionsBuilder<T>> configure)
        {
            var builder = new DbContextOptionsBuilder<T>();
            configure(builder);
            return builder.Options;
        }

        public StudioDbContext CreateDbContext() => create(_options);
    }

    private sealed class Flaky() : Exception("A transient failure, for the test.");

    private sealed class RetryFlakyOnce(ExecutionStrategyDependencies dependencies, Action? onRetry) : ExecutionStrategy(dependencies, 1, TimeSpan.Zero)
    {
        protected override bool ShouldRetryOn(Exception exception) => exception is Flaky;

        /// <summary>Between the failed attempt (its transaction rolled back) and the next.</summary>
        protected override void OnRetry() => onRetry?.Invoke();
    }
}
